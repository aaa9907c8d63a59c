"""The one spider: start from the portals' start URLs and follow what :mod:`crawler.discovery` finds.

Thin by design.  Archiving and classification already happened in
:class:`~crawler.downloadermiddlewares.archive.ArchiveMiddleware`; the spider only turns the analysis of each
page (an :class:`~crawler.response.AnalysedResponse`) into the next requests, with depth, pagination and trap
limits.  Counts ``ogi/skipped/trap: …``, ``ogi/skipped/max depth``, ``ogi/skipped/pagination limit``,
``ogi/skipped/pagination with nothing new`` and failed downloads as errors (by exception name).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

from archive.history import Listed
from crawler import discovery
from crawler import stats as keys
from crawler.response import AnalysedResponse
from crawler.urls import canonical_url, host_allowed, trap_reason

if TYPE_CHECKING:
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector
    from twisted.python.failure import Failure

    from archive.history import UrlHistory
    from crawler.context import CrawlContext

logger = logging.getLogger(__name__)

PRIORITY = {
    discovery.ATTACHMENT: 30,
    discovery.IMAGE: 30,
    discovery.REPORT_CANDIDATE: 20,
    discovery.DATAPROXY: 10,
    discovery.PAGINATION: 10,
    discovery.COLUMN: 5,
    discovery.HUB: 0,
}
CHAINED = (discovery.PAGINATION, discovery.DATAPROXY)


class PortalSpider(Spider):
    name = "ogi-portal"
    # a 304 of an unchanged report page reaches parse() with the links its earlier capture recorded
    handle_httpstatus_list = [304]  # noqa: RUF012 (Scrapy's own attribute)

    max_depth: int  # OGI_MAX_DEPTH, OGI_HUB_DEPTH, OGI_MAX_PAGINATION (from_crawler)
    hub_depth: int
    max_chain: int

    def __init__(self, context: CrawlContext, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.context = context
        self.seen: set[str] = set()  # requested (or decided against) this run
        self.linked: set[str] = set()  # linked from a page read this run (pagination chains stop when nothing is new)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PortalSpider:
        spider: PortalSpider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.max_depth = settings.getint("OGI_MAX_DEPTH")
        spider.hub_depth = settings.getint("OGI_HUB_DEPTH")
        spider.max_chain = settings.getint("OGI_MAX_PAGINATION")
        return spider

    @property
    def stats(self) -> StatsCollector:
        stats: StatsCollector = self.crawler.stats
        return stats

    async def start(self) -> AsyncIterator[Request]:
        for portal in self.context.portals.values():
            for url in portal.start_urls:
                request = self._request(url, portal.id, depth=0, kind="seed", text="", referrer=None)
                if request is not None:
                    request.meta["ogi_seed"] = True
                    yield request
        for known, portal_id in self._known_leaves():
            # ask again for every known report and attachment that is due (crawler.recheck), even when no
            # list links it any more: that is how a report deleted (404), moved away or silently edited, or
            # an attachment replaced under the same URL, is noticed
            is_attachment = known.classification == "attachment"
            request = self._request(
                known.url,
                portal_id,
                depth=min(known.depth, self.max_depth),
                kind=discovery.ATTACHMENT if is_attachment else discovery.REPORT_CANDIDATE,
                text=known.link_text or "",
                referrer=known.referrer,
                referrer_kind="report" if is_attachment else None,
            )
            if request is not None:
                yield request

    def _known_leaves(self) -> list[tuple[UrlHistory, str]]:
        """Known reports and attachments on this crawl's portals, reports first."""
        out = []
        portals = self.context.portals
        for known in self.context.history.values():
            own = portals.get(known.portal_id or "")
            if own is not None and host_allowed(known.url, own.allowed_hosts):
                out.append((known, own.id))
                continue
            other = next((p for p in portals.values() if host_allowed(known.url, p.allowed_hosts)), None)
            if other is not None:
                out.append((known, other.id))
        out.sort(key=lambda item: item[0].classification != "report")
        return out

    def _request(
        self,
        url: str,
        portal_id: str,
        *,
        depth: int,
        kind: str,
        text: str,
        referrer: str | None,
        referrer_kind: str | None = None,
        chain: int = 0,
    ) -> Request | None:
        url = canonical_url(url)
        if url in self.seen:
            return None
        context = self.context
        trap = trap_reason(url)
        if trap:
            keys.skip(self.stats, f"trap: {trap}")
            return None
        if depth > self.max_depth:
            keys.skip(self.stats, "max depth")
            if kind in discovery.LISTING_KINDS:
                context.incomplete_listings.add(portal_id)
            return None
        if chain > self.max_chain:
            keys.skip(self.stats, "pagination limit")
            context.incomplete_listings.add(portal_id)
            return None
        self.seen.add(url)
        known = context.history.get(url)
        if known is not None and kind != "seed" and not context.recheck_due(known):
            context.not_rechecked.add(url)
            return None
        meta = {
            "ogi_portal": portal_id,
            "ogi_depth": depth,
            "ogi_kind": kind,
            "ogi_link_text": text[:500] or None,
            "ogi_referrer": referrer,
            "ogi_referrer_kind": referrer_kind,
            "ogi_chain": chain,
        }
        return Request(
            url,
            callback=self.parse,
            errback=self.errback,
            meta=meta,
            priority=PRIORITY.get(kind, 0) - depth,
        )

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Request]:
        if not isinstance(response, AnalysedResponse) or response.analysis.blocked:
            return
        analysis = response.analysis
        meta = response.meta
        depth = int(meta.get("ogi_depth", 0))
        chain = int(meta.get("ogi_chain", 0))
        portal_id = meta.get("ogi_portal") or ""
        if analysis.candidates is not None:
            candidates = analysis.candidates
        elif analysis.page is not None:
            candidates = discovery.discover(
                analysis.page, analysis.classification, depth=depth, hub_depth=self.hub_depth
            )
        elif analysis.records is not None:
            candidates = discovery.discover_dataproxy(analysis.records)
        else:
            return
        chained = meta.get("ogi_kind") in CHAINED
        # a report page links attachments, not a listing's items: it need not feed the chain guard below
        listing = chained or analysis.classification != "report"
        targets = {canonical_url(c.url) for c in candidates if c.kind not in CHAINED} if listing else set()
        if chained:
            # "new" means not linked from a page read before in this run; URLs known from the archive and asked
            # (or not due) from the start do not count, or an unchanged listing would stop at its first page
            fresh = targets - self.linked
            if not fresh:
                # a page of a pagination chain with nothing new: the chain has ended or loops (trap guard)
                dropped = sum(1 for c in candidates if c.kind in CHAINED)
                if dropped:
                    keys.skip(self.stats, "pagination with nothing new", dropped)
                candidates = [c for c in candidates if c.kind not in CHAINED]
        self.linked |= targets
        if analysis.classification == "list":
            for candidate in candidates:
                if candidate.kind == discovery.REPORT_CANDIDATE:
                    self.context.listed[canonical_url(candidate.url)] = Listed(portal_id, response.url, candidate.text)
        for candidate in candidates:
            request = self._request(
                candidate.url,
                portal_id,
                depth=depth + 1,
                kind=candidate.kind,
                text=candidate.text,
                referrer=response.url,
                referrer_kind=analysis.classification,
                chain=chain + 1 if candidate.kind in CHAINED else 0,
            )
            if request is not None:
                yield request

    def errback(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(IgnoreRequest):
            return  # counted where it was raised (off-site, robots.txt, SSRF guard, blocked host)
        if failure.check(HttpError):
            return  # archived already (404, 500 …) by ArchiveMiddleware
        kind = failure.type.__name__ if failure.type else "error"
        keys.record_error(self.stats, kind, f"{request.url}: {failure.getErrorMessage()}")
        if request.meta.get("ogi_kind") in discovery.LISTING_KINDS:
            self.context.incomplete_listings.add(request.meta.get("ogi_portal") or "")
        logger.warning("failed %s: %s", request.url, failure.getErrorMessage())
