"""The pipeline every entry point runs: recover -> crawl -> ingest -> detect changes -> publish.

=========  ===================================================================  =============================
stage      what it does                                                         module
=========  ===================================================================  =============================
recover    mark dead ``running`` runs interrupted, repair and reindex their WARC  :mod:`.recovery`
crawl      one crawl run (child process for harvests, in process for ogi crawl)  :mod:`.crawl`
ingest     parse the captures of every crawl not taken in yet (+ unread docs)    :mod:`.ingest`
changes    listing events (delisted / relisted) of those crawls                  :mod:`.changes`
publish    the Atom feed ``<archive>/changes.atom``                              :mod:`.feed`
=========  ===================================================================  =============================

Which entry point runs which stages (:data:`HARVEST`, :data:`CRAWL`, :data:`PARSE`):

* a harvest (``ogi schedule run-now``, the nightly job, the demo) runs them all;
* ``ogi crawl`` runs recover and crawl; its crawl run stays *pending* (:meth:`archive.runs.Runs.pending_crawls`)
* ``ogi parse --all`` runs recover, ingest, changes and publish: it takes in every pending crawl, in the order
  they ran, exactly as a harvest takes in its own, then reads every document this parser version has not read.

So ``ogi crawl`` followed by ``ogi parse --all`` writes the same events as one harvest
(``tests/scheduler/test_pipeline.py``).  The crawl stage runs without the writer lock (the crawl takes it);
the other stages hold it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive import Archive
from archive.reports import REMOVAL_RUNS
from scheduler.pipeline.changes import detect_listing_changes
from scheduler.pipeline.crawl import CrawlOutcome, CrawlStage
from scheduler.pipeline.feed import write_feed
from scheduler.pipeline.ingest import IngestSummary, ingest_crawls
from scheduler.pipeline.recovery import Recovery, recover
from scheduler.progress import WorkProgress

logger = logging.getLogger(__name__)

STAGES = ("recover", "crawl", "ingest", "changes", "publish")
HARVEST = STAGES
CRAWL = ("recover", "crawl")
PARSE = ("recover", "ingest", "changes", "publish")
_LOCKED_STAGES = ("ingest", "changes", "publish")


@dataclass
class PipelineResult:
    recovery: Recovery = field(default_factory=Recovery)
    crawl: CrawlOutcome | None = None
    crawl_runs: list[str] = field(default_factory=list)  # the crawl runs ingest and changes took in
    ingest: IngestSummary | None = None
    listing_events: int = 0
    feed: Path | None = None

    def stats(self) -> dict[str, Any]:
        """Counters for the run row of the harvest or parse that ran the pipeline."""
        return {
            "crawl_runs": self.crawl_runs,
            "listing_events": self.listing_events,
            "recovered": self.recovery.__dict__,
        }


class Pipeline:
    """One pass of ``stages`` (a subsequence of :data:`STAGES`) over an archive, for run ``run_id``.

    ``archive`` may be None only for :data:`CRAWL` on a directory that is no archive yet (nothing to recover).
    Raises ArchiveLockedError when another process writes the archive.
    """

    def __init__(
        self,
        archive: Archive | None,
        run_id: str | None,
        *,
        stages: tuple[str, ...] = HARVEST,
        crawl: CrawlStage | None = None,
        removal_runs: int = REMOVAL_RUNS,
        reparse: bool = False,
        progress: str = "off",
    ) -> None:
        unknown = set(stages) - set(STAGES)
        if unknown or ("crawl" in stages and crawl is None):
            raise ValueError(f"bad pipeline stages {stages} (known: {STAGES}; crawl needs a crawl stage)")
        if archive is None and set(stages) - {"recover", "crawl"}:
            raise ValueError("only recover and crawl can run without an archive")
        self.archive = archive
        self.run_id = run_id
        self.stages = stages
        self.crawl = crawl
        self.removal_runs = removal_runs
        self.reparse = reparse
        self.progress = progress

    def run(self) -> PipelineResult:
        result = PipelineResult()
        archive = self.archive
        purpose = self.run_id or "pipeline"
        if "recover" in self.stages and archive is not None:
            with archive.lock(f"{purpose} recovery"):
                result.recovery = recover(archive)
        if "crawl" in self.stages:
            assert self.crawl is not None
            result.crawl = self.crawl(archive)  # type: ignore[arg-type]  # InProcessCrawl takes None
            if archive is not None and result.crawl.run_id and _still_running(archive, result.crawl.run_id):
                with archive.lock(f"{purpose} recovery"):  # the crawl was killed: consistent again before reading
                    recover(archive)
        if archive is not None and set(self.stages) & set(_LOCKED_STAGES):
            with archive.lock(f"{purpose} parse"):
                self._take_in(archive, result)
        return result

    def _take_in(self, archive: Archive, result: PipelineResult) -> None:
        result.crawl_runs = [row["id"] for row in archive.runs.pending_crawls(current_run_id=self.run_id)]
        if "ingest" in self.stages:
            with WorkProgress("parsed", self.progress, unit="documents") as bar:
                result.ingest = ingest_crawls(
                    archive, run_id=self.run_id, crawl_run_ids=result.crawl_runs, unread=self.reparse,
                    removal_threshold=self.removal_runs, progress=bar.update,
                )  # fmt: skip
        if "changes" in self.stages:
            result.listing_events = detect_listing_changes(archive, run_id=self.run_id, crawl_run_ids=result.crawl_runs)
        if "publish" in self.stages:
            result.feed = write_feed(archive)


def _still_running(archive: Archive, run_id: str) -> bool:
    row = archive.runs.get(run_id)
    return row is not None and row["status"] == "running"
