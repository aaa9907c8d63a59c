"""``python -m crawler``: one crawl in this process (the scheduler runs it as a child process).

Prints the one-screen summary on stdout; ``--summary-json FILE`` also writes the counters as JSON.
Exit statuses: :mod:`crawler.exits` (0 finished, 2 usage error, 3 archive locked, 4 failed, 130 interrupted).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from crawler import exits
from crawler.errors import NothingToCrawlError
from crawler.registry import Registry
from crawler.run import crawl, select_portals
from crawler.settings import SettingOverrideError, parse_override
from crawler.summary import format_summary


def parse_setting(text: str) -> tuple[str, Any]:
    try:
        return parse_override(text)
    except SettingOverrideError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler", description="Harvest portals into an ogi archive.")
    parser.add_argument("--archive", required=True, type=Path, help="archive directory (created when missing)")
    parser.add_argument("--portal", action="append", default=[], metavar="ID", help="portal id (repeatable)")
    parser.add_argument("--all", action="store_true", help="every portal in the registry")
    parser.add_argument("--url", action="append", default=[], metavar="URL", help="ad-hoc start URL (repeatable)")
    parser.add_argument("--portals", action="append", default=[], metavar="FILE", help="extra registry file")
    parser.add_argument("--max-pages", type=int, default=0)
    parser.add_argument("--max-depth", type=int, default=None)
    parser.add_argument("--allow-private", action="store_true", help="allow loopback/private addresses")
    parser.add_argument("--recheck-all", action="store_true", help="ask again for every known report and attachment")
    parser.add_argument("--set", action="append", default=[], type=parse_setting, metavar="KEY=VALUE",
                        help="override a Scrapy or OGI_* setting (value parsed as JSON when possible)")  # fmt: skip
    parser.add_argument("--summary-json", type=Path, help="write the summary counters here")
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = dict(args.set)
    settings.setdefault("LOG_LEVEL", args.log_level.upper())
    try:
        try:
            portals = select_portals(Registry.load(args.portals), args.portal, all_portals=args.all)
        except NothingToCrawlError:
            portals = []  # --url alone: crawl() says so when there is nothing at all
        summary = crawl(
            args.archive, portals, args.url, max_pages=args.max_pages, max_depth=args.max_depth,
            allow_private=args.allow_private, recheck_all=args.recheck_all, settings=settings,
        )  # fmt: skip
    except exits.CRAWL_START_ERRORS as exc:
        code, message = exits.start_error(exc)
        print(f"error: {message}", file=sys.stderr)
        return code
    print(format_summary(summary))
    if args.summary_json:
        args.summary_json.write_text(
            json.dumps({"run_id": summary.run_id, "status": summary.status, **summary.as_stats()}, ensure_ascii=False),
            encoding="utf-8",
        )
    return exits.finished(summary)


if __name__ == "__main__":
    sys.exit(main())
