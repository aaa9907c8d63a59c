"""``--max-pages N`` (``OGI_MAX_PAGES``): at most N responses, exactly N when the portal has that many.

What N counts: responses that come back from the network and are archived — robots.txt, every redirect hop
and every retried attempt included (each is a capture; ``summary.pages``).

Scrapy's ``CLOSESPIDER_PAGECOUNT`` closes the spider once N responses are counted, but the downloader already
holds up to ``CONCURRENT_REQUESTS`` more requests in its queues and a closing spider still sends them: 25 gave
40.  This downloader middleware sits last before the downloader (order 960, after ArchiveMiddleware's 950) and
gives each request a place as it is handed to the downloader: once N places are taken no further request is
sent (it is dropped and counted under ``not fetched``); a download that fails gives its place back; the N-th
response closes the spider (reason ``closespider_pagecount``, so the run's listings count as incomplete).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from crawler.discovery import LISTING_KINDS

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

PLACE = "ogi_page_place"  # request.meta: this request holds one of the N places
SKIPPED = "max pages reached"
CLOSE_REASON = "closespider_pagecount"


class PageLimitMiddleware:
    def __init__(self, crawler: Crawler, limit: int) -> None:
        self.crawler = crawler
        self.limit = limit
        self.taken = 0  # places held by requests in the downloader or answered
        self.answered = 0  # responses received
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageLimitMiddleware:
        limit = crawler.settings.getint("OGI_MAX_PAGES", 0)
        if limit <= 0:
            raise NotConfigured
        return cls(crawler, limit)

    def process_request(self, request: Request) -> None:
        if self.taken >= self.limit:
            summary = self._summary()
            if summary is not None:
                summary.skipped[SKIPPED] += 1
                if request.meta.get("ogi_kind") in LISTING_KINDS:
                    summary.incomplete_listings.add(request.meta.get("ogi_portal") or "")
            raise IgnoreRequest(f"--max-pages {self.limit} reached")
        self.taken += 1
        request.meta[PLACE] = True

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.pop(PLACE, False):
            self.answered += 1
            if self.answered >= self.limit and not self.closing:
                self.closing = True
                logger.info("%d responses: --max-pages reached, closing", self.answered)
                engine = self.crawler.engine
                if engine is not None:
                    deferred_from_coro(engine.close_spider_async(reason=CLOSE_REASON))
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if request.meta.pop(PLACE, False):
            self.taken -= 1  # no response: the place goes to the next request (a retry, say)

    def _summary(self) -> Any:
        context = getattr(self.crawler.spider, "context", None)
        return getattr(context, "summary", None)
