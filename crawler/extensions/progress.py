"""Live progress while crawling: a rich panel on a terminal, plain log lines otherwise.

``OGI_PROGRESS``: ``auto`` (rich when stderr is a terminal), ``rich``, ``plain`` or ``off`` (``NotConfigured``).
Reads the crawl's counters from ``crawler.stats`` (:mod:`crawler.stats`); counts nothing itself.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler.context import CrawlContext
from crawler.summary import CrawlSummary

if TYPE_CHECKING:
    from rich.live import Live
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def progress_line(summary: CrawlSummary, elapsed: float) -> str:
    errors = sum(summary.errors.values())
    return (
        f"{summary.pages} pages ({summary.new_bodies} new, {summary.not_modified} not modified, "
        f"{summary.revisits} unchanged), {summary.reports} reports, {summary.attachments} attachments, "
        f"{summary.not_rechecked} not due, {sum(summary.blocked.values())} blocked, {errors} errors, "
        f"{elapsed:.0f} s"
    )


class Progress:
    def __init__(self, crawler: Crawler, context: CrawlContext, mode: str, interval: float) -> None:
        self.crawler = crawler
        self.context = context
        self.mode = mode
        self.interval = interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        self.live: Live | None = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        mode = str(crawler.settings.get("OGI_PROGRESS")).lower()
        if mode == "auto":
            mode = "rich" if sys.stderr.isatty() else "plain"
        if mode == "off":
            raise NotConfigured("OGI_PROGRESS is off")
        return cls(crawler, CrawlContext.of(crawler), mode, crawler.settings.getfloat("OGI_PROGRESS_INTERVAL"))

    def _summary(self) -> CrawlSummary:
        summary = CrawlSummary(not_rechecked=len(self.context.not_rechecked))
        if self.crawler.stats is not None:
            summary.read_stats(self.crawler.stats.get_stats())
        return summary

    def opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        if self.mode == "rich":
            from rich.console import Console
            from rich.live import Live

            self.live = Live("starting…", console=Console(stderr=True), refresh_per_second=4, transient=True)
            self.live.start()
            self.loop = task.LoopingCall(self.tick)
            self.loop.start(0.5, now=False)
        else:
            self.loop = task.LoopingCall(self.tick)
            self.loop.start(self.interval, now=False)

    def tick(self) -> None:
        line = progress_line(self._summary(), time.monotonic() - self.started)
        if self.live is not None:
            from rich.text import Text

            self.live.update(Text("crawling: " + line, style="bold"))
        else:
            sys.stderr.write(f"progress: {line}\n")
            sys.stderr.flush()

    def closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.live is not None:
            self.live.stop()
            self.live = None
