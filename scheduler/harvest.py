"""One harvest: crawl (in a child process, with a timeout) -> parse what is new -> change detection -> feed.

Every harvest is a row in ``runs`` (kind ``harvest``) with its counters and the path of its log; the crawl
child writes its own ``crawl`` run, referenced from the harvest's stats.  A crawl cannot run in this
process: a Twisted reactor cannot be restarted, so a long-lived scheduler spawns ``python -m crawler``.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive import Archive, ArchiveLockedError
from scheduler.feed import write_feed
from scheduler.ingest import ingest
from scheduler.progress import WorkProgress
from scheduler.recovery import recover
from scheduler.settings import Settings

logger = logging.getLogger(__name__)

POLL_SECONDS = 1.0  # how often a waiting harvest counts the pages its crawl archived


@dataclass
class HarvestResult:
    run_id: str
    status: str  # ok | failed | interrupted
    crawl_run_id: str | None = None
    crawl_returncode: int | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    log_path: Path | None = None


def crawl_command(archive_dir: Path, settings: Settings, summary_path: Path) -> list[str]:
    harvest = settings.harvest
    cmd = [sys.executable, "-m", "crawler", "--archive", str(archive_dir), "--summary-json", str(summary_path)]
    for portal in harvest.portals:
        cmd += ["--portal", portal]
    for url in harvest.urls:
        cmd += ["--url", url]
    if not harvest.portals and not harvest.urls:
        cmd.append("--all")
    if harvest.max_pages:
        cmd += ["--max-pages", str(harvest.max_pages)]
    if harvest.max_depth:
        cmd += ["--max-depth", str(harvest.max_depth)]
    if harvest.allow_private:
        cmd.append("--allow-private")
    cmd += ["--set", f"OGI_RECHECK_MIN_HOURS={harvest.recheck_min_hours}"]
    cmd += ["--set", f"OGI_RECHECK_MAX_DAYS={harvest.recheck_max_days}"]
    cmd += ["--set", f"OGI_RECHECK_FACTOR={harvest.recheck_factor}"]
    cmd += ["--set", f"OGI_DELIST_RUNS={harvest.removal_runs}"]
    return cmd + list(harvest.crawl_args)


def _wait(child: subprocess.Popen[bytes], timeout: float, pages: Callable[[], int], progress: str) -> int | None:
    """Wait for the crawl child, showing the pages it archived so far; None when killed after ``timeout``."""
    deadline = time.monotonic() + timeout
    with WorkProgress("crawled", progress, unit="pages") as bar:
        while True:
            try:
                returncode = child.wait(timeout=POLL_SECONDS)
            except subprocess.TimeoutExpired:
                if progress != "off":
                    bar.update(pages())
                if time.monotonic() > deadline:
                    child.kill()
                    child.wait()
                    return None
                continue
            if progress != "off":
                bar.update(pages())
            return returncode


def _run_crawl(
    archive: Archive, settings: Settings, log_path: Path, progress: str = "off"
) -> tuple[int | None, dict[str, Any]]:
    summary_path = log_path.with_suffix(".summary.json")
    cmd = crawl_command(archive.path, settings, summary_path)
    logger.info("crawl: %s", " ".join(cmd))
    last_id = archive.captures.last_id()

    def pages() -> int:
        return archive.captures.count_after(last_id)

    with open(log_path, "ab") as log:
        child = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        returncode = _wait(child, settings.harvest.crawl_timeout_minutes * 60, pages, progress)
        if returncode is None:
            log.write(b"\nogi: crawl killed after the timeout (harvest.crawl_timeout_minutes)\n")
    summary: dict[str, Any] = {}
    if summary_path.exists():
        try:
            summary = json.loads(summary_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            logger.warning("crawl summary %s is not JSON", summary_path)
    return returncode, summary


def harvest(archive_dir: Path, settings: Settings, *, trigger: str = "manual", progress: str = "off") -> HarvestResult:
    """Run one full harvest and record it; never raises for a failed crawl (the run row says so).

    ``progress`` (``auto|rich|plain|off``, :mod:`scheduler.progress`) shows the pages the crawl archived so
    far, then the documents parsed, on stderr.
    """
    archive = Archive.open(archive_dir, create=True)
    try:
        run_id = archive.start_run("harvest", {"trigger": trigger, "settings_file": settings.source})
        log_dir = archive.path / "logs"
        log_dir.mkdir(exist_ok=True)
        log_path = log_dir / f"{run_id}.log"
        result = HarvestResult(run_id=run_id, status="ok", log_path=log_path)
        try:
            with archive.lock(f"harvest {run_id} recovery"):
                recovery = recover(archive)
        except ArchiveLockedError as exc:
            archive.finish_run(run_id, "failed", {"errors": 1, "error": str(exc), "log_path": str(log_path)})
            return HarvestResult(run_id, "failed", stats={"error": str(exc)}, log_path=log_path)
        returncode, summary = _run_crawl(archive, settings, log_path, progress)
        result.crawl_returncode = returncode
        result.crawl_run_id = summary.get("run_id") or _latest_crawl_run(archive, run_id)
        crawl_status = "ok" if returncode == 0 else "interrupted" if returncode is None else "failed"
        if returncode is None:  # killed: make the archive consistent again before reading it
            with archive.lock(f"harvest {run_id} recovery"):
                recover(archive)
        with archive.lock(f"harvest {run_id} parse"):
            with WorkProgress("parsed", progress, unit="documents") as bar:
                summary_ingest = (
                    ingest(
                        archive,
                        run_id=run_id,
                        crawl_run_id=result.crawl_run_id,
                        removal_threshold=settings.harvest.removal_runs,
                        progress=bar.update,
                    )
                    if result.crawl_run_id
                    else None
                )
            listing_events = archive.events.record_listing_changes(
                    delisted=list(summary.get("delisted", [])), relisted=list(summary.get("relisted", [])),
                    run_id=run_id, occurred_at=archive.clock().isoformat(),
                )  # fmt: skip
            write_feed(archive)
        stats: dict[str, Any] = {
            "crawl_run_id": result.crawl_run_id,
            "crawl_status": crawl_status,
            "crawl_returncode": returncode,
            "pages": summary.get("pages", _count_captures(archive, result.crawl_run_id)),
            "blocked_hosts": summary.get("blocked_hosts", []),
            "errors": int(summary.get("errors", 0)) + (1 if crawl_status != "ok" else 0),
            "log_path": str(log_path),
            "recovered": recovery.__dict__,
            "listing_events": listing_events,
        }
        if summary_ingest is not None:
            stats.update(
                new_reports=summary_ingest.new_reports,
                new_versions=summary_ingest.new_versions,
                removals=summary_ingest.removals,
                ingest=summary_ingest.as_dict(),
            )
            stats["errors"] += summary_ingest.failed
        result.status = "ok" if crawl_status == "ok" else crawl_status
        result.stats = stats
        archive.finish_run(run_id, result.status, stats)
        return result
    finally:
        archive.close()


def _latest_crawl_run(archive: Archive, harvest_run_id: str) -> str | None:
    harvest_run = archive.runs.get(harvest_run_id)
    return archive.runs.latest("crawl", started_since=harvest_run["started_at"]) if harvest_run else None


def _count_captures(archive: Archive, run_id: str | None) -> int:
    if not run_id:
        return 0
    return archive.captures.count_of_run(run_id)
