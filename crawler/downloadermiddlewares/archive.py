"""Conditional requests from the archive's validators; every network response archived as it came (order 950).

``process_request`` runs in increasing order, ``process_response`` in decreasing order, so this middleware at 950
(next to the downloader, after HttpCompression 590) sees the raw, still content-encoded body and real 304s, and is
the last to add request headers (the validators).

A 304 is archived (the archive writes a server-not-modified revisit).  For a list or any other page that leads
somewhere it is then replaced, for the spider, by the archived body, so list pages still yield their links and
robots.txt still parses.  A report page's capture records the attachments and images it links to; a 304 of it
leads to those without re-reading the page (one captured before links were recorded is re-read,
``OGI_FOLLOW_UNCHANGED_REPORTS``), so attachments a stopped crawl never reached are followed.  A 304 of an
attachment keeps the previous classification and is never read again.

Counts in ``crawler.stats`` (:mod:`crawler.stats`): ``ogi/pages``, ``ogi/new_bodies``, ``ogi/revisits``,
``ogi/not_modified``, ``ogi/status/*``, ``ogi/lists``, ``ogi/reports``, ``ogi/new_reports``, ``ogi/attachments``,
``ogi/blocked/<host>``; errors ``unsafe-host``, ``archive-read``, ``too-large``, ``archive-write``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from archive import ArchiveError, Outlink, Validators
from crawler import stats as keys
from crawler.analysis import Analysis, analyse
from crawler.context import CrawlContext
from crawler.discovery import ATTACHMENT, IMAGE, LISTING_KINDS, Candidate, discover
from crawler.exchange import exchange_of, is_robots_request, response_headers
from crawler.extensions.bodycap import STOPPED
from crawler.response import AnalysedResponse
from crawler.safety import address_refusal
from crawler.signals import response_analysed
from crawler.urls import host_of

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from archive import CaptureResult

logger = logging.getLogger(__name__)

OUTLINK_KINDS = (ATTACHMENT, IMAGE)  # the links of a report page its capture records
Headers = list[tuple[str, str]]


@dataclass
class Fetched:
    """One network response on its way through :meth:`ArchiveMiddleware.process_response`."""

    request: Request
    response: Response
    headers: Headers
    portal_id: str | None
    ip_address: str | None
    robots: bool
    stopped: str | None  # why OGI_MAX_BODY_BYTES cut the body (crawler.extensions.bodycap)
    truncated: str | None  # WARC-Truncated: length | disconnect
    old_body: bytes | None = None  # the archived body of a 304 that is read again
    old_type: str = ""  # its Content-Type

    @property
    def url(self) -> str:
        return self.response.url


class ArchiveMiddleware:
    def __init__(self, crawler: Crawler, context: CrawlContext) -> None:
        self.crawler = crawler
        self.context = context
        self.stats: StatsCollector = crawler.stats
        settings = crawler.settings
        self.revalidate = settings.getbool("OGI_REVALIDATE")
        self.follow_unchanged = settings.getbool("OGI_FOLLOW_UNCHANGED_REPORTS")
        self.hub_depth = settings.getint("OGI_HUB_DEPTH")
        self.reports: set[str] = set()  # distinct URLs counted under ogi/reports …
        self.new_reports: set[str] = set()
        self.attachments: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveMiddleware:
        return cls(crawler, CrawlContext.of(crawler))

    # requests: validators of what the archive holds

    def process_request(self, request: Request) -> None:
        context = self.context
        if request.meta.get("redirect_urls"):
            # a redirect to a known report or attachment that is not due (the spider checks the links it follows)
            known = context.history.get(request.url)
            if known is not None and not context.recheck_due(known):
                context.not_rechecked.add(request.url)
                raise IgnoreRequest(f"{request.url} was checked recently (redirect target)")
        if not self.revalidate or request.meta.get("ogi_validators") is not None:
            return
        try:
            validators = context.archive.validators(request.url)
        except ArchiveError as exc:
            logger.warning("no validators for %s: %s", request.url, exc)
            return
        if validators is None:
            return
        request.meta["ogi_validators"] = validators
        if validators.etag:
            request.headers[b"If-None-Match"] = validators.etag.encode("latin-1", "replace")
        if validators.last_modified:
            request.headers[b"If-Modified-Since"] = validators.last_modified.encode("latin-1", "replace")

    # responses: analyse, archive, hand on

    def process_response(self, request: Request, response: Response) -> Response:
        if "cached" in response.flags:
            return response
        fetched = self._fetched(request, response)
        analysis = self._analyse(fetched)
        self._check_truncation(fetched, analysis)
        outlinks = self._report_links(fetched, analysis)
        self._record(fetched, analysis, outlinks)
        if analysis.blocked:
            logger.warning("blocked: %s (%s)", fetched.url, analysis.reason)
        self.crawler.signals.send_catch_log(
            signal=response_analysed, request=request, response=response, analysis=analysis
        )
        return self._for_spider(fetched, analysis)

    def _fetched(self, request: Request, response: Response) -> Fetched:
        """The response's facts; refuses an answer from an address the SSRF guard does not allow."""
        context = self.context
        url = response.url
        portal_id = request.meta.get("ogi_portal") or getattr(context.portal_for_url(url), "id", None)
        ip_address = str(response.ip_address) if response.ip_address is not None else None
        if ip_address and not context.private_allowed(url, portal_id):
            refusal = address_refusal(ip_address)
            if refusal:
                keys.record_error(self.stats, "unsafe-host", f"{url}: answered from {refusal}")
                raise IgnoreRequest(f"{url} answered from {refusal}")
        stopped = request.meta.get(STOPPED) if "download_stopped" in response.flags else None
        truncated = "length" if stopped else "disconnect" if "dataloss" in response.flags else None
        return Fetched(
            request, response, response_headers(response), portal_id, ip_address,
            is_robots_request(request), stopped, truncated,
        )  # fmt: skip

    def _analyse(self, fetched: Fetched) -> Analysis:
        """The verdict on the body; for a 304, on the archived body or the earlier capture's verdict."""
        meta = fetched.request.meta
        common: dict[str, Any] = {
            "link_text": meta.get("ogi_link_text"),
            "referrer_kind": meta.get("ogi_referrer_kind"),
            "is_seed": bool(meta.get("ogi_seed")),
            "is_robots": fetched.robots,
            "truncated": fetched.truncated is not None,
        }
        response = fetched.response
        analysis = analyse(fetched.url, response.status, fetched.headers, response.body, **common)
        validators: Validators | None = meta.get("ogi_validators")
        if response.status != 304 or validators is None:
            return analysis
        try:
            previous = self.context.archive.capture(validators.capture_id)
            fetched.old_type = previous.get("content_type") or ""
            unchanged = self._unchanged_verdict(fetched.url, previous)
            if unchanged is not None:
                return unchanged
            fetched.old_body = self.context.archive.payload(validators.capture_id)
        except ArchiveError as exc:
            keys.record_error(self.stats, "archive-read", f"{fetched.url}: {exc}")
        if fetched.old_body is None:
            return analysis
        old_headers = [("Content-Type", fetched.old_type)] if fetched.old_type else []
        analysis = analyse(fetched.url, 200, old_headers, fetched.old_body, **common)
        analysis.notes.append("not modified; analysed the archived body")
        return analysis

    def _unchanged_verdict(self, url: str, previous: dict[str, Any]) -> Analysis | None:
        """The verdict of an unchanged (304) attachment or report page without re-reading it; None: re-read it.

        A report page leads to the attachments its earlier capture recorded; one captured before links were
        recorded is re-read (``OGI_FOLLOW_UNCHANGED_REPORTS``), so a stopped crawl's missing attachments are found.
        """
        kind = previous.get("classification")
        archive = self.context.archive
        links = archive.recorded_outlinks(url, previous.get("document_sha256")) if kind == "report" else None
        if kind != "attachment" and links is None and (kind != "report" or self.follow_unchanged):
            return None
        return Analysis(
            str(kind),
            f"not modified since capture {previous['id']}: {previous.get('classification_reason')}",
            declared_charset=previous.get("declared_charset"),
            detected_charset=previous.get("detected_charset"),
            candidates=[
                Candidate(link.url, link.kind, link.text, "recorded link of an unchanged report")
                for link in links or []
            ],
        )

    def _check_truncation(self, fetched: Fetched, analysis: Analysis) -> None:
        """A body cut short is no report; a list page that failed or was cut leaves its portal's listing incomplete."""
        if fetched.truncated and analysis.classification != "list":
            why = fetched.stopped or f"connection lost after {len(fetched.response.body)} bytes"
            analysis.reason = f"truncated ({why}); looked like {analysis.classification}: {analysis.reason}"
            analysis.classification = "other"
        if fetched.stopped:
            detail = f"{fetched.url}: {fetched.stopped}; raise OGI_MAX_BODY_BYTES to keep it whole"
            keys.record_error(self.stats, "too-large", detail)
        failed = fetched.response.status >= 400 or analysis.blocked or fetched.truncated
        if fetched.request.meta.get("ogi_kind") in LISTING_KINDS and failed:
            self.context.incomplete_listings.add(fetched.portal_id or "")

    def _report_links(self, fetched: Fetched, analysis: Analysis) -> list[Outlink] | None:
        """What a report page leads to (followed by the spider), and its attachments and images (recorded)."""
        if analysis.classification != "report" or analysis.page is None:
            return None
        depth = int(fetched.request.meta.get("ogi_depth", 0))
        analysis.candidates = discover(analysis.page, "report", depth=depth, hub_depth=self.hub_depth)
        return [Outlink(c.url, c.kind, c.text) for c in analysis.candidates if c.kind in OUTLINK_KINDS]

    def _record(self, fetched: Fetched, analysis: Analysis, outlinks: list[Outlink] | None) -> None:
        exchange = exchange_of(
            fetched.request, fetched.response, fetched.headers, analysis, portal_id=fetched.portal_id,
            ip_address=fetched.ip_address, truncated=fetched.truncated, outlinks=outlinks,
        )  # fmt: skip
        try:
            result = self.context.writer.record(exchange)
        except (ArchiveError, OSError) as exc:
            keys.record_error(self.stats, "archive-write", f"{fetched.url}: {exc}")
            logger.error("could not archive %s: %s", fetched.url, exc)
        else:
            self._count(fetched.url, analysis.classification, fetched.response.status, result)

    def _count(self, url: str, classification: str, status: int, result: CaptureResult) -> None:
        stats = self.stats
        stats.inc_value(keys.PAGES)
        stats.inc_value(f"{keys.STATUS}{status}")
        if result.revisit_profile == "server-not-modified":
            stats.inc_value(keys.NOT_MODIFIED)
        elif result.record_type == "revisit":
            stats.inc_value(keys.REVISITS)
        else:
            stats.inc_value(keys.NEW_BODIES)
        if classification == "report":
            _count_distinct(stats, keys.REPORTS, self.reports, url)
            if result.new_payload:
                _count_distinct(stats, keys.NEW_REPORTS, self.new_reports, url)
        elif classification == "attachment":
            _count_distinct(stats, keys.ATTACHMENTS, self.attachments, url)
        elif classification == "list":
            stats.inc_value(keys.LISTS)
        elif classification == "blocked":
            stats.inc_value(keys.BLOCKED + host_of(url))

    def _for_spider(self, fetched: Fetched, analysis: Analysis) -> Response:
        """The spider reads the analysis, never the body: status and headers only (robots.txt keeps its body)."""
        response, headers, old_body = fetched.response, fetched.headers, fetched.old_body
        if not fetched.robots:
            kept = [(k, v) for k, v in headers if k.lower() not in ("content-encoding", "content-length")]
            flags = [*response.flags, "ogi_analysed", *(["ogi_not_modified"] if old_body is not None else [])]
            return AnalysedResponse(
                url=response.url, status=200 if old_body is not None else response.status, headers=kept, body=b"",
                flags=flags, request=response.request, certificate=response.certificate,
                ip_address=response.ip_address, protocol=response.protocol, analysis=analysis,
            )  # fmt: skip
        if old_body is None:
            return response
        # robots.txt unchanged: RobotsTxtMiddleware parses the archived body
        dropped = ("content-encoding", "content-length", "content-type")
        kept = [(k, v) for k, v in headers if k.lower() not in dropped]
        if fetched.old_type:
            kept.append(("Content-Type", fetched.old_type))
        return response.replace(status=200, body=old_body, headers=kept, flags=[*response.flags, "ogi_not_modified"])


def _count_distinct(stats: StatsCollector, key: str, seen: set[str], url: str) -> None:
    if url not in seen:
        seen.add(url)
        stats.inc_value(key)
