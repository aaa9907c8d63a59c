"""Live progress while crawling: a rich panel on a terminal, plain log lines otherwise.

``OGI_PROGRESS``: ``auto`` (rich when stderr is a terminal), ``rich``, ``plain`` or ``off``.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

if TYPE_CHECKING:
    from rich.live import Live
    from scrapy import Spider
    from scrapy.crawler import Crawler

    from crawler.context import CrawlSummary

logger = logging.getLogger(__name__)


def progress_line(summary: CrawlSummary, elapsed: float) -> str:
    errors = sum(summary.errors.values())
    return (
        f"{summary.pages} pages ({summary.new_bodies} new, {summary.not_modified} not modified, "
        f"{summary.revisits} unchanged), {len(summary.reports)} reports, {len(summary.attachments)} attachments, "
        f"{len(summary.not_rechecked)} not due, {sum(summary.blocked.values())} blocked, {errors} errors, "
        f"{elapsed:.0f} s"
    )


class Progress:
    def __init__(self, crawler: Crawler, mode: str, interval: float) -> None:
        self.crawler = crawler
        self.mode = mode
        self.interval = interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        self.live: Live | None = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        mode = str(crawler.settings.get("OGI_PROGRESS", "auto")).lower()
        if mode == "auto":
            mode = "rich" if sys.stderr.isatty() else "plain"
        if mode == "off":
            raise NotConfigured
        return cls(crawler, mode, crawler.settings.getfloat("OGI_PROGRESS_INTERVAL", 10.0))

    def _summary(self) -> CrawlSummary | None:
        context: Any = getattr(self.crawler.spider, "context", None)
        return context.summary if context is not None else None

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
        summary = self._summary()
        if summary is None:
            return
        line = progress_line(summary, time.monotonic() - self.started)
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


def format_summary(summary: CrawlSummary) -> str:
    """The one-screen summary printed at the end of ``ogi crawl``."""
    lines = [
        f"crawl {summary.run_id}: {summary.status} ({summary.finish_reason or 'finished'}) in {summary.elapsed:.1f} s",
        f"  portals      {', '.join(summary.portals[:8])}{' …' if len(summary.portals) > 8 else ''}",
        f"  pages        {summary.pages} archived: {summary.new_bodies} new bodies, "
        f"{summary.not_modified} not modified (304), {summary.revisits} unchanged (identical payload)",
        f"  reports      {len(summary.reports)} found, {len(summary.new_reports)} new or changed",
        f"  attachments  {len(summary.attachments)}",
        f"  list pages   {summary.lists}",
    ]
    listing = f"  listings     {summary.listed} report links on list pages"
    if summary.delisted or summary.relisted:
        listing += f"; taken off: {len(summary.delisted)}, back on: {len(summary.relisted)}"
    if summary.incomplete_listings:
        listing += f"; incomplete (no misses counted): {', '.join(sorted(summary.incomplete_listings)[:5])}"
    lines.append(listing)
    if summary.not_rechecked:
        lines.append(
            f"  not due      {len(summary.not_rechecked)} known reports and attachments checked recently "
            "(asked again when due; --recheck-all asks now)"
        )
    if summary.blocked:
        hosts = ", ".join(f"{host} ({n})" for host, n in summary.blocked.most_common(6))
        lines.append(f"  blocked      {sum(summary.blocked.values())} challenge answers from {hosts}")
    else:
        lines.append("  blocked      none")
    if summary.skipped:
        skipped = ", ".join(f"{reason} {n}" for reason, n in summary.skipped.most_common(6))
        lines.append(f"  not fetched  {skipped}")
    errors = sum(summary.errors.values())
    if errors:
        kinds = ", ".join(f"{kind} {n}" for kind, n in summary.errors.most_common(5))
        lines.append(f"  errors       {errors}: {kinds}")
        lines += [f"    {sample[:150]}" for sample in summary.error_samples[:5]]
    else:
        lines.append("  errors       none")
    return "\n".join(lines)
