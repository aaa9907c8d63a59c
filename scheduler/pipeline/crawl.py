"""The crawl stage: a crawl run that archives pages, in a child process (harvests) or in this one (`ogi crawl`).

A Twisted reactor cannot be restarted, so a long-lived scheduler spawns ``python -m crawler`` for every
harvest; `ogi crawl` runs one crawl in its own process.  Either way the crawl writes its own ``crawl`` run
with its counters (``runs.stats``); the later stages read what they need from there, not from the child.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive import Archive
from scheduler.progress import WorkProgress
from scheduler.settings import Settings

if TYPE_CHECKING:
    from crawler.summary import CrawlSummary

logger = logging.getLogger(__name__)

POLL_SECONDS = 1.0  # how often a waiting harvest counts the pages its crawl archived


@dataclass
class CrawlOutcome:
    """What the crawl stage hands on: its run, how it ended, and the counters it recorded."""

    run_id: str | None
    status: str  # ok | failed | interrupted
    returncode: int | None = None  # child process only; None when killed after the timeout
    stats: dict[str, Any] = field(default_factory=dict)


#: a crawl stage: given the open archive (not locked), run one crawl and say how it went
CrawlStage = Callable[[Archive], CrawlOutcome]


def crawl_command(archive_dir: Path, settings: Settings) -> list[str]:
    harvest = settings.harvest
    cmd = [sys.executable, "-m", "crawler", "--archive", str(archive_dir)]
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


class ChildCrawl:
    """``python -m crawler`` in a child process, killed after ``harvest.crawl_timeout_minutes``; output to
    ``log_path``."""

    def __init__(self, settings: Settings, log_path: Path, *, progress: str = "off", started_since: str) -> None:
        self.settings = settings
        self.log_path = log_path
        self.progress = progress
        self.started_since = started_since  # the crawl run is the newest started at or after this time

    def __call__(self, archive: Archive) -> CrawlOutcome:
        cmd = crawl_command(archive.path, self.settings)
        logger.info("crawl: %s", " ".join(cmd))
        last_id = archive.captures.last_id()
        with open(self.log_path, "ab") as log:
            child = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
            timeout = self.settings.harvest.crawl_timeout_minutes * 60
            returncode = _wait(child, timeout, lambda: archive.captures.count_after(last_id), self.progress)
            if returncode is None:
                log.write(b"\nogi: crawl killed after the timeout (harvest.crawl_timeout_minutes)\n")
        run_id = archive.runs.latest("crawl", started_since=self.started_since)
        status = "ok" if returncode == 0 else "interrupted" if returncode is None else "failed"
        return CrawlOutcome(run_id, status, returncode, archive.runs.stats(run_id) if run_id else {})


class InProcessCrawl:
    """One crawl in this process (`ogi crawl`): ``run`` calls :func:`crawler.run.crawl` and returns its summary."""

    def __init__(self, run: Callable[[], CrawlSummary]) -> None:
        self.run = run
        self.summary: CrawlSummary | None = None

    def __call__(self, archive: Archive | None) -> CrawlOutcome:
        self.summary = self.run()
        return CrawlOutcome(self.summary.run_id, self.summary.status, stats=self.summary.as_stats())
