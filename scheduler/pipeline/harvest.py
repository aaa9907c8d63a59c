"""One harvest: the whole pipeline (:mod:`scheduler.pipeline.pipeline`) with the crawl in a child process.

Every harvest is a row in ``runs`` (kind ``harvest``) with its counters and the path of its log; the crawl
child writes its own ``crawl`` run, referenced from the harvest's stats (``crawl_run_id``).  Used by
``ogi schedule run-now``, the nightly job (:mod:`scheduler.service`) and the demo.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive import Archive, ArchiveLockedError
from scheduler.pipeline.crawl import ChildCrawl
from scheduler.pipeline.pipeline import HARVEST, Pipeline
from scheduler.settings import Settings

logger = logging.getLogger(__name__)


@dataclass
class HarvestResult:
    run_id: str
    status: str  # ok | failed | interrupted
    crawl_run_id: str | None = None
    crawl_returncode: int | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    log_path: Path | None = None


def harvest(archive_dir: Path, settings: Settings, *, trigger: str = "manual", progress: str = "off") -> HarvestResult:
    """Run one full harvest and record it; never raises for a failed crawl (the run row says so).

    ``progress`` (``auto|rich|plain|off``, :mod:`scheduler.progress`) shows the pages the crawl archived so
    far, then the documents parsed, on stderr.
    """
    archive = Archive.open(archive_dir, create=True)
    try:
        run_id = archive.runs.start("harvest", {"trigger": trigger, "settings_file": settings.source})
        log_dir = archive.path / "logs"
        log_dir.mkdir(exist_ok=True)
        log_path = log_dir / f"{run_id}.log"
        run = archive.runs.get(run_id)
        assert run is not None
        crawl = ChildCrawl(settings, log_path, progress=progress, started_since=run["started_at"])
        pipeline = Pipeline(
            archive, run_id, stages=HARVEST, crawl=crawl, removal_runs=settings.harvest.removal_runs, progress=progress
        )
        try:
            done = pipeline.run()
        except ArchiveLockedError as exc:
            archive.runs.finish(run_id, "failed", {"errors": 1, "error": str(exc), "log_path": str(log_path)})
            return HarvestResult(run_id, "failed", stats={"error": str(exc)}, log_path=log_path)
        assert done.crawl is not None
        crawled = done.crawl.stats
        stats: dict[str, Any] = {
            "crawl_run_id": done.crawl.run_id,
            "crawl_status": done.crawl.status,
            "crawl_returncode": done.crawl.returncode,
            "pages": crawled.get("pages", archive.captures.count_of_run(done.crawl.run_id) if done.crawl.run_id else 0),
            "blocked_hosts": crawled.get("blocked_hosts", []),
            "errors": int(crawled.get("errors", 0)) + (1 if done.crawl.status != "ok" else 0),
            "log_path": str(log_path),
            **done.stats(),
        }
        if done.ingest is not None and done.crawl_runs:
            stats.update(
                new_reports=done.ingest.new_reports,
                new_versions=done.ingest.new_versions,
                removals=done.ingest.removals,
                ingest=done.ingest.as_dict(),
            )
            stats["errors"] += done.ingest.failed
        archive.runs.finish(run_id, done.crawl.status, stats)
        return HarvestResult(run_id, done.crawl.status, done.crawl.run_id, done.crawl.returncode, stats, log_path)
    finally:
        archive.close()
