"""Benchmark: records/s writing responses through our archive (WARC + catalog) vs a bare warcio loop.

    .venv/bin/python bench/archive_write.py [--records 5000] [--size 50000]

Both sides write the same three records per capture (request, response, metadata), gzip per record,
WARC/1.1, to a fresh directory on the same disk, in the same run.  Target: ours >= 0.7 x bare.
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive import Archive, Exchange

WORDS = "政府信息公开工作年度报告主动公开依申请公开行政复议行政诉讼收费人员培训总体情况存在问题改进措施"


def make_bodies(n: int, size: int) -> list[bytes]:
    rng = random.Random(7)
    bodies = []
    for i in range(n):
        chars = [WORDS[rng.randrange(len(WORDS))] for _ in range(size // 6)]
        table = "<table><tr><td>123</td></tr></table>"
        text = f"<html><body><h1>{i}</h1><p>" + "".join(chars) + "</p>" + table + "</body></html>"
        data = text.encode("utf-8")
        bodies.append(data[:size] if len(data) > size else data + b" " * (size - len(data)))
    return bodies


def exchange(i: int, body: bytes) -> Exchange:
    return Exchange(
        url=f"http://gov.example.cn/zfxxgk/ndbg/2025/t2025031{i % 10}_{i}.html",
        status=200,
        reason="OK",
        response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
        response_body=body,
        fetched_at=datetime.now(UTC),
        request_headers=[("Host", "gov.example.cn"), ("User-Agent", "ogi-archive bench")],
        ip_address="127.0.0.1",
        referrer="http://gov.example.cn/zfxxgk/ndbg/index.html",
        link_text="年度报告",
        depth=1,
        classification="report",
    )


def bare_loop(directory: Path, bodies: list[bytes]) -> float:
    start = time.perf_counter()
    with open(directory / "bare.warc.gz", "wb") as handle:
        writer = WARCWriter(handle, gzip=True, warc_version="1.1")
        for i, body in enumerate(bodies):
            ex = exchange(i, body)
            headers = StatusAndHeaders("200 OK", ex.response_headers, protocol="HTTP/1.1")
            response = writer.create_warc_record(
                ex.url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            request = writer.create_warc_record(
                ex.url,
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=StatusAndHeaders(f"GET {ex.url} HTTP/1.1", ex.request_headers, is_http_request=True),
            )
            meta = b"via: %s\r\nlinkText: x\r\nhopsFromSeed: 1\r\n" % ex.referrer.encode()  # type: ignore[union-attr]
            metadata = writer.create_warc_record(
                ex.url,
                "metadata",
                payload=io.BytesIO(meta),
                length=len(meta),
                warc_content_type="application/warc-fields",
            )
            writer.write_record(request)
            writer.write_record(response)
            writer.write_record(metadata)
    return time.perf_counter() - start


def ours(directory: Path, bodies: list[bytes]) -> float:
    archive = Archive.open(directory / "archive", create=True)
    run_id = archive.start_run("bench", {})
    start = time.perf_counter()
    with archive.writer(run_id) as writer:
        for i, body in enumerate(bodies):
            writer.record(exchange(i, body))
    elapsed = time.perf_counter() - start
    archive.finish_run(run_id, "ok", {})
    archive.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    bodies = make_bodies(args.records, args.size)
    results = []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as tmp:
            bare = bare_loop(Path(tmp), bodies)
        with tempfile.TemporaryDirectory() as tmp:
            mine = ours(Path(tmp), bodies)
        results.append((bare, mine))
    bare, mine = min(r[0] for r in results), min(r[1] for r in results)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"records: {args.records} x {args.size} bytes, best of {args.rounds}")
    print(f"bare warcio loop : {args.records / bare:8.1f} records/s ({bare:.2f} s)")
    print(f"ogi archive      : {args.records / mine:8.1f} records/s ({mine:.2f} s)")
    print(f"ratio ours/bare  : {bare / mine:.2f} (target >= 0.70)")
    print(f"peak RSS         : {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
