"""`make demo`: serve the bundled replica portal and run the main job end to end on it, twice.

    python -m scheduler.demo --archive demo-data

1. starts the replica portal (tests/replica) on 127.0.0.1, port chosen by the system;
2. harvest 1: crawl (child process) -> WARC + catalog -> parse -> change detection -> Atom feed;
3. the replica's government "quietly" edits one report, deletes another and moves a third;
4. harvest 2: the edit, the removal (after the configured runs) and the move show up as events;
5. prints where to look next.

The replica lives in the tests tree (it is test infrastructure), so the demo runs from a source checkout.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from archive import Archive
from archive.verify import verify
from scheduler.diff import DiffError, diff_versions, render_text_diff
from scheduler.pipeline.feed import EVENT_TITLES, recent_events
from scheduler.pipeline.harvest import HarvestResult, harvest
from scheduler.settings import Settings

EDIT = ("trs-2021", "更正说明：本报告第二部分数据已于发布后更正。")
REMOVE = "plain-2011"
MOVE = ("plain-2010", "/plain/detail/2010-moved.html")
#: the replica is ours and local: no politeness floor (robots.txt Crawl-delay still applies)
LOCAL_REPLICA_CRAWL_ARGS = (
    "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_START_DELAY=0", "--set", "OGI_BACKOFF_BASE=0.05",
)  # fmt: skip


def _print_harvest(label: str, result: HarvestResult) -> None:
    s = result.stats
    print(
        f"{label}: {result.status} - {s.get('pages', 0)} pages, {s.get('new_reports', 0)} new reports, "
        f"{s.get('new_versions', 0)} new versions, {s.get('removals', 0)} removals, "
        f"blocked hosts {s.get('blocked_hosts') or '-'}; log {result.log_path}"
    )


def run_demo(archive_dir: Path) -> int:
    try:
        from tests.replica.server import ReplicaServer
    except ImportError:
        print(
            "the demo needs the replica portal from the source tree (tests/replica); run it from a checkout",
            file=sys.stderr,
        )
        return 2
    if archive_dir.exists():
        if any(archive_dir.iterdir()) and not (archive_dir / "catalog.sqlite").exists():
            print(f"{archive_dir} exists and is not an archive; choose another --archive for the demo", file=sys.stderr)
            return 2
        shutil.rmtree(archive_dir)  # the demo archive is rebuilt each time
    with ReplicaServer(crawl_delay=0.0, slow=0.2) as replica:
        print(f"replica portal serving at {replica.url}")
        settings = Settings(source="demo")
        settings.harvest.urls = [replica.url + "/"]
        settings.harvest.allow_private = True  # the replica is on loopback; never set this for real portals
        settings.harvest.crawl_timeout_minutes = 10
        settings.harvest.removal_runs = 1
        # the second harvest follows the first within seconds: ask every known report again (nightly harvests
        # recheck a known report daily while it is new and weekly once stable; docs/crawler.md)
        settings.harvest.recheck_min_hours = settings.harvest.recheck_max_days = 0.0
        settings.harvest.crawl_args = list(LOCAL_REPLICA_CRAWL_ARGS)
        first = harvest(archive_dir, settings, trigger="demo")
        _print_harvest("harvest 1", first)
        replica.edit(*EDIT)
        replica.remove(REMOVE)
        replica.move(*MOVE)
        print(f"replica: edited {EDIT[0]}, removed {REMOVE}, moved {MOVE[0]} to {MOVE[1]}")
        second = harvest(archive_dir, settings, trigger="demo")
        _print_harvest("harvest 2", second)
    with Archive.open(archive_dir) as archive:
        stats = archive.stats()["counts"]
        print(
            f"\narchive {archive_dir}: {stats['captures']} captures, {stats['documents']} documents, "
            f"{stats['reports']} reports, {stats['report_versions']} versions, {stats['observations']} "
            f"observations, {stats['checks']} checks, {stats['events']} events"
        )
        failing = archive.reports.failing_checks()
        print(f"checks failing (real inconsistencies in the reports, kept as found): {failing}")
        integrity = verify(archive)
        print(
            f"archive verify: {'OK' if integrity.ok else f'{len(integrity.problems)} problems'} "
            f"({integrity.records} WARC records)"
        )
        print("\nchanges seen by harvest 2:")
        for event in recent_events(archive, kinds=["new_version", "removed", "moved", "reappeared"]):
            print(f"  {EVENT_TITLES[event['kind']]}: {event['agency']} {event['report_year']} {event['url']}")
        edited = next((e for e in recent_events(archive, kinds=["new_version"]) if e["report_id"] is not None), None)
        if edited is not None:
            try:
                diff = diff_versions(archive, str(edited["report_id"]))
                print(
                    f"\nwhat changed in report {edited['report_id']} ({diff.chars_inserted} characters inserted, "
                    f"{diff.chars_deleted} deleted):"
                )
                print("  " + render_text_diff(diff.text_ops, context=20).replace("\n", "\n  "))
            except DiffError as exc:
                print(f"(no diff: {exc})")
    print(
        f"\nnext: ogi reports --archive {archive_dir} | ogi series requests.received --archive {archive_dir}\n"
        f"      ogi changes --archive {archive_dir} | ogi diff REPORT_ID --archive {archive_dir}\n"
        f"      ogi serve --archive {archive_dir}   (Datasette on 127.0.0.1)   feed: {archive_dir}/changes.atom"
    )
    return 0 if first.status == "ok" and second.status == "ok" and integrity.ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scheduler.demo", description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, default=Path("demo-data"), help="demo archive (rebuilt)")
    args = parser.parse_args(argv)
    return run_demo(args.archive)


if __name__ == "__main__":
    sys.exit(main())
