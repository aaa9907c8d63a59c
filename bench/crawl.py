"""Crawl throughput: our full harvest (crawl + WARC + catalog) against a bare Scrapy spider, on nginx.

    .venv/bin/python bench/crawl.py [--columns 50] [--reports 100] [--concurrency 16] [--repeat 3] [--json out.json]

Generates a static replica (``tests/replica/static.py``: TRS-style GBK columns, ≥ 5,000 pages), serves it
with nginx-light on 127.0.0.1, then runs in this order, each in its own process:

1. ``--repeat`` times (default 3), alternately: bare, a Scrapy spider that fetches every URL of the site
   (robots.txt obeyed) and discards the bodies; and full, ``python -m crawler`` harvesting the site from its
   home page into a fresh archive.  The ratio compares the medians (the shared machine drifts; alternating
   lets the drift hit both sides), and each pair's ratio is reported too;
2. re-crawl: the last full harvest again, into its archive (nothing changed on the server), with the default
   recheck policy (list pages asked; known reports and attachments, just checked, not due: skipped);
3. re-crawl asking everything: the same with ``--recheck-all`` (every known URL revalidated, 304s).

Same concurrency for both (``CONCURRENT_REQUESTS`` = per-domain = ``--concurrency``), politeness relaxed for
both (no delay, no AutoThrottle).  Reports pages/s, the ratio full/bare (target ≥ 0.75), the share of re-crawl
requests answered 304 or skipped (target ≥ 95 %), new bodies in the re-crawl (target 0), re-crawl wall time
against the first crawl (target ≤ 40 %), the same for the re-crawl asking everything, and each process's
peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NGINX_CONF = """
worker_processes 1;
daemon off;
user {user};
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    default_type text/html;
    types {{ text/html html; text/plain txt; image/png png; application/pdf pdf; }}
    sendfile on;
    keepalive_requests 100000;
    gzip on;
    gzip_types text/plain;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fcgi;
    uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html;
    }}
}}
"""

RELAXED = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "ROBOTSTXT_OBEY": True,
    "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": False,
    "REMOTE_CONTROL_ENABLED": False,
    "COOKIES_ENABLED": False,
    "CONCURRENT_ITEMS": 4,  # ours (crawler/settings.py); the baseline gets it too
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_nginx(root: Path, tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    for _ in range(5):
        port = free_port()
        user = "root root" if os.geteuid() == 0 else os.environ.get("USER", "nobody")
        conf = tmp / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, root=root, user=user))
        process = subprocess.Popen(["nginx", "-p", str(tmp), "-c", str(conf)], stderr=subprocess.DEVNULL)
        for _ in range(50):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return process, f"http://127.0.0.1:{port}"
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.1)
        process.kill()
        process.wait()
    raise RuntimeError(f"nginx did not start; see {tmp / 'error.log'}")


def run_child(command: list[str], tmp: Path) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in KiB, stdout) of one child process.

    Peak RSS is the child's VmHWM, polled from /proc (``ru_maxrss`` would include the memory of this
    parent at fork time, which holds the generated site).
    """
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    out, err = tmp / "child.out", tmp / "child.err"
    peak = 0
    started = time.monotonic()
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
        status = Path(f"/proc/{process.pid}/status")
        while process.poll() is None:
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
            except (OSError, ValueError):
                pass
            time.sleep(0.05)
    wall = time.monotonic() - started
    if process.returncode != 0:
        sys.stderr.write(err.read_text()[-3000:])
        raise SystemExit(f"{command[:4]} failed with exit status {process.returncode}")
    return wall, peak, out.read_text()


def recrawl_figures(summary: dict[str, Any], wall: float, first_wall: float) -> dict[str, Any]:
    """A re-crawl's counters: URLs skipped as not due count as requests saved, like 304s."""
    skipped = summary["not_rechecked"]
    return {
        "pages": summary["pages"], "not_modified": summary["not_modified"], "not_due_skipped": skipped,
        "revisits": summary["revisits"], "new_bodies": summary["new_versions"],
        "share_304_or_skipped": round((summary["not_modified"] + skipped) / max(1, summary["pages"] + skipped), 4),
        "wall_s": round(wall, 2), "wall_vs_first": round(wall / first_wall, 3),
    }  # fmt: skip


def bare_child(url_file: Path, concurrency: int) -> None:
    """The baseline: fetch every URL, discard the body (runs in a child process)."""
    from scrapy import Request, Spider
    from scrapy.crawler import CrawlerProcess

    urls = url_file.read_text().split()

    class Bare(Spider):
        name = "bare"
        pages = 0

        async def start(self) -> Any:
            for url in urls:
                yield Request(url, callback=self.parse)

        def parse(self, response: Any) -> None:
            Bare.pages += 1

    settings = {**RELAXED, "CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency}
    process = CrawlerProcess(settings)
    started = time.monotonic()
    process.crawl(Bare)
    process.start()
    print(json.dumps({"pages": Bare.pages, "elapsed": time.monotonic() - started}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--columns", type=int, default=50)
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3, help="bare/full pairs to run (medians are compared)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--bare-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_child:
        bare_child(args.bare_child, args.concurrency)
        return 0
    if not shutil.which("nginx"):
        raise SystemExit("nginx not found: apt-get install nginx-light (or `make setup`)")
    from tests.replica.static import bench_site, export_static

    tmp = Path(tempfile.mkdtemp(prefix="ogi-bench-crawl-"))
    os.chmod(tmp, 0o755)
    site_dir = tmp / "site"
    generated = time.monotonic()
    paths = export_static(bench_site(args.columns, args.reports), site_dir)
    print(f"generated {len(paths)} pages in {time.monotonic() - generated:.1f} s under {site_dir}")
    nginx, base = start_nginx(site_dir, tmp)
    results: dict[str, Any] = {"pages_on_site": len(paths), "concurrency": args.concurrency}
    try:
        url_file = tmp / "urls.txt"
        url_file.write_text("\n".join(base + p for p in paths if p != "/robots.txt"))
        sets = [f"{k}={json.dumps(v)}" for k, v in {
            **RELAXED, "CONCURRENT_REQUESTS": args.concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
            "OGI_PROGRESS": "off", "OGI_MAX_DEPTH": 20,
        }.items()]  # fmt: skip
        crawl_args = ["--url", base + "/", "--allow-private", "--log-level", "WARNING"]
        crawl_args += [a for s in sets for a in ("--set", s)]
        bare_cmd = [sys.executable, str(Path(__file__)), "--bare-child", str(url_file), "--concurrency",
                    str(args.concurrency)]  # fmt: skip

        def full_crawl(archive: Path, name: str, *extra: str) -> tuple[float, int, dict[str, Any]]:
            summary = tmp / f"{name}.json"
            cmd = [sys.executable, "-m", "crawler", "--archive", str(archive), *crawl_args, *extra]
            wall, rss, _ = run_child([*cmd, "--summary-json", str(summary)], tmp)
            return wall, rss, json.loads(summary.read_text())

        # bare and full alternate, each --repeat times: the machine's drift hits both, the medians compare
        bare_walls: list[float] = []
        full_walls: list[float] = []
        bare_rss = full_rss = 0
        bare_pages = 0
        full: dict[str, Any] = {}
        for i in range(args.repeat):
            wall, bare_rss, out = run_child(bare_cmd, tmp)
            bare_walls.append(wall)
            bare_pages = json.loads(out.strip().splitlines()[-1])["pages"] + 1  # + robots.txt
            wall, full_rss, full = full_crawl(tmp / f"archive-{i}", f"full-{i}")
            full_walls.append(wall)
        archive = tmp / f"archive-{args.repeat - 1}"
        re_wall, re_rss, again = full_crawl(archive, "recrawl")
        all_wall, all_rss, everything = full_crawl(archive, "all", "--recheck-all")
        bare_rate = bare_pages / statistics.median(bare_walls)
        full_wall = statistics.median(full_walls)
        full_rate = full["pages"] / full_wall
        results.update(
            {
                "bare": {"pages": bare_pages, "wall_s": [round(w, 2) for w in bare_walls],
                         "pages_per_s": round(bare_rate, 1)},
                "full": {"pages": full["pages"], "reports": full["reports"],
                         "wall_s": [round(w, 2) for w in full_walls], "pages_per_s": round(full_rate, 1),
                         "new_bodies": full["new_versions"]},
                "ratio_full_to_bare": round(full_rate / bare_rate, 3),
                "ratios_per_pair": [round(b / f, 3) for b, f in zip(bare_walls, full_walls, strict=True)],
                "recrawl": recrawl_figures(again, re_wall, full_walls[-1]),
                "recrawl_all": recrawl_figures(everything, all_wall, full_walls[-1]),
                "peak_rss_mib": {"bare": round(bare_rss / 1024), "full": round(full_rss / 1024),
                                 "recrawl": round(re_rss / 1024), "recrawl_all": round(all_rss / 1024)},
                "archive_bytes": sum(f.stat().st_size for f in archive.rglob("*") if f.is_file()),
            }
        )  # fmt: skip
    finally:
        nginx.terminate()
        nginx.wait()
    print(json.dumps(results, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
