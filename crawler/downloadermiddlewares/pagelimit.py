"""``--max-pages N`` (``OGI_MAX_PAGES``): at most N responses, exactly N when the portal has that many.

What N counts: responses that come back from the network and are archived — robots.txt, every redirect hop
and every retried attempt included (each is a capture; ``summary.pages``).

Scrapy's ``CLOSESPIDER_PAGECOUNT`` closes the spider once N responses are counted, but the downloader already
holds up to ``CONCURRENT_REQUESTS`` more requests in its queues and a closing spider still sends them: 25 gave
40.  This downloader middleware sits last before the downloader (order 960, after ArchiveMiddleware's 950) and
gives each request a place as it is handed to the downloader: once N places are taken no further request is
sent (it is dropped and counted under ``ogi/skipped/max pages reached``); a download that fails gives its place
back; the N-th response closes the spider (reason ``closespider_pagecount``, so the run's listings count as incomplete).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from crawler import stats as keys
from crawler.context import CrawlContext
from crawler.discovery import LISTING_KINDS

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

PLACE = "ogi_page_place"  # request.meta: this request holds one of the N places
SKIPPED = "max pages reached"
CLOSE_REASON = "closespider_pagecount"


class PageLimitMiddleware:
    def __init__(self, crawler: Crawler, context: CrawlContext, limit: int) -> None:
        self.crawler = crawler
        self.context = context
        self.stats: StatsCollector = crawler.stats
        self.limit = limit
        self.taken = 0  # places held by requests in the downloader or answered
        self.answered = 0  # responses received
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageLimitMiddleware:
        limit = crawler.settings.getint("OGI_MAX_PAGES")
        if limit <= 0:
            raise NotConfigured("OGI_MAX_PAGES is 0: no limit")
        return cls(crawler, CrawlContext.of(crawler), limit)

    def process_request(self, request: Request) -> None:
        if self.taken >= self.limit:
            keys.skip(self.stats, SKIPPED)
            if request.meta.get("ogi_kind") in LISTING_KINDS:
                self.context.incomplete_listings.add(request.meta.get("ogi_portal") or "")
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
