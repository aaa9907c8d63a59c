"""Allowed hosts only (checked again after every redirect), the SSRF guard, hosts that keep challenging us (order 50).

Counts ``ogi/skipped/off-site``, ``ogi/skipped/host keeps answering with challenges``,
``ogi/skipped/unsafe address (SSRF guard)`` and the error ``unsafe-host``; reads ``ogi/blocked/<host>``
(counted by the archive middleware).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from crawler import stats as keys
from crawler.context import CrawlContext
from crawler.urls import host_of

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class HostGuardMiddleware:
    def __init__(self, crawler: Crawler, context: CrawlContext) -> None:
        self.context = context
        self.stats: StatsCollector = crawler.stats
        self.blocked_limit = crawler.settings.getint("OGI_BLOCKED_HOST_LIMIT")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostGuardMiddleware:
        return cls(crawler, CrawlContext.of(crawler))

    def process_request(self, request: Request) -> None:
        context = self.context
        portal_id = request.meta.get("ogi_portal")
        url = request.url
        if not context.host_allowed(url, portal_id):
            keys.skip(self.stats, "off-site")
            raise IgnoreRequest(f"off-site host {host_of(url)}")
        if self.blocked_limit and self.stats.get_value(keys.BLOCKED + host_of(url), 0) >= self.blocked_limit:
            keys.skip(self.stats, "host keeps answering with challenges")
            raise IgnoreRequest(f"{host_of(url)} answered {self.blocked_limit} challenges; not asking again this run")
        host = urlsplit(url).hostname or ""
        refusal = context.guard.refusal(host, allow_private=context.private_allowed(url, portal_id))
        if refusal:
            keys.skip(self.stats, "unsafe address (SSRF guard)")
            keys.record_error(self.stats, "unsafe-host", f"{url}: {refusal}")
            raise IgnoreRequest(refusal)
