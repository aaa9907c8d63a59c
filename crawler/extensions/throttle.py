"""Per-host politeness: AutoThrottle plus robots.txt Crawl-delay floors and a 304-aware delay.

Scrapy ignores Crawl-delay; its AutoThrottle never lowers a delay on non-200 answers, so a revalidation
crawl where everything is 304 stays at the start delay (platform-notes.md §2).  :class:`PoliteThrottle`
replaces Scrapy's extension (``EXTENSIONS``) and keeps its settings (``AUTOTHROTTLE_*``, ``DOWNLOAD_DELAY``
as the floor), adding: a per-host floor from Crawl-delay (capped by ``OGI_CRAWL_DELAY_CAP``), applied
before the first page request of that host is sent; and 304 treated like 200 for lowering the delay.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.extensions.throttle import AutoThrottle

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.core.downloader import Slot
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


class PoliteThrottle(AutoThrottle):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.floors: dict[str, float] = {}  # slot key (host name) -> Crawl-delay
        self.cap = crawler.settings.getfloat("OGI_CRAWL_DELAY_CAP")
        crawler.signals.connect(self._robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(self._reached_downloader, signal=signals.request_reached_downloader)

    def _robots_parsed(self, robotparser: Any, request: Request) -> None:
        agent = self.crawler.settings.get("ROBOTSTXT_USER_AGENT") or self.crawler.settings.get("USER_AGENT")
        delay = robotparser.crawl_delay(agent)
        if not delay:
            return
        key = self.crawler.engine.downloader.get_slot_key(request)
        floor = min(float(delay), self.cap)
        self.floors[key] = floor
        logger.info("robots.txt of %s asks for Crawl-delay %s s; honouring %.2f s", key, delay, floor)
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is not None:
            slot.delay = max(slot.delay, floor)

    def _reached_downloader(self, request: Request, spider: Spider) -> None:
        key = request.meta.get("download_slot")
        floor = self.floors.get(key or "")
        if floor:
            slot = self.crawler.engine.downloader.slots.get(key or "")
            if slot is not None and slot.delay < floor:
                slot.delay = floor

    def floor_for(self, key: str) -> float:
        return max(self.mindelay, self.floors.get(key, 0.0))

    def _adjust_delay(self, slot: Slot, latency: float, response: Response) -> None:
        target = latency / self.target_concurrency
        new_delay = max(target, (slot.delay + target) / 2.0)
        key = next((k for k, s in self.crawler.engine.downloader.slots.items() if s is slot), "")
        new_delay = min(max(self.floor_for(key), new_delay), max(self.maxdelay, self.floors.get(key, 0.0)))
        # error pages and redirects are small and fast: only let them raise the delay, never lower it
        # (as Scrapy does), but a 304 is the normal answer of a revalidation crawl
        if response.status not in (200, 304) and new_delay <= slot.delay:
            return
        slot.delay = new_delay
