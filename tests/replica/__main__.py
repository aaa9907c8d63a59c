"""Run the replica portal: ``python -m tests.replica [--site demo|corpus] [--log FILE] [--crawl-delay S] [--slow S]``.

Binds 127.0.0.1 on a free port and prints its URL as the first line of stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tests.corpus.score import load_reports
from tests.replica.app import make_server
from tests.replica.corpus_site import build_corpus_site
from tests.replica.site import build_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.replica", description=__doc__)
    parser.add_argument("--log", type=Path, help="append one JSON line per request served to this file")
    parser.add_argument("--crawl-delay", type=float, default=1.0, help="Crawl-delay in robots.txt (0: none)")
    parser.add_argument("--slow", type=float, default=2.0, help="seconds the slow page takes")
    parser.add_argument(
        "--site",
        choices=("demo", "corpus"),
        default="demo",
        help="demo: the CMS patterns (default); corpus: the labelled corpus reports as pages, PDF, DOCX",
    )
    parser.add_argument("--port", type=int, default=0, help="port to bind on 127.0.0.1 (default: any free port)")
    args = parser.parse_args(argv)
    if args.site == "corpus":
        site = build_corpus_site(load_reports())
        site.crawl_delay = args.crawl_delay
    else:
        site = build_site(crawl_delay=args.crawl_delay, slow_seconds=args.slow)
    server = make_server(site, log_path=args.log, port=args.port)
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
