"""Downloader middlewares: host guard (50), back-off (560) and the archive writer (950).

Order matters.  ``process_request`` runs in increasing order, ``process_response`` in decreasing order, so
:class:`ArchiveMiddleware` at 950 (next to the downloader, after HttpCompression 590) sees the raw,
still content-encoded body and real 304s, and is the last to add request headers (the validators).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.internet.error import (
    ConnectionLost,
    ConnectionRefusedError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.web._newclient import ResponseFailed

from archive import ArchiveError, Exchange, Outlink, Validators
from crawler.analysis import Analysis, analyse
from crawler.bodycap import STOPPED
from crawler.discovery import ATTACHMENT, IMAGE, LISTING_KINDS, Candidate, discover
from crawler.safety import address_refusal
from crawler.urls import host_of

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

    from crawler.context import CrawlContext

logger = logging.getLogger(__name__)

OUTLINK_KINDS = (ATTACHMENT, IMAGE)  # the links of a report page its capture records
BACKOFF_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
TRANSIENT_ERRORS = (TimeoutError, TCPTimedOutError, ConnectionRefusedError, ConnectionLost, ResponseFailed)


def context_of(crawler: Crawler) -> CrawlContext:
    context: CrawlContext | None = getattr(crawler.spider, "context", None)
    if context is None:
        raise RuntimeError("crawler.middlewares need a spider with a CrawlContext (crawler.spiders.portal)")
    return context


def response_headers(response: Response) -> list[tuple[str, str]]:
    """All response headers in order, repeated headers repeated (``Headers[...]`` keeps only the last)."""
    out = []
    for name, values in response.headers.items():
        key = name.decode("latin-1")
        for value in values:
            out.append((key, value.decode("latin-1")))
    return out


def request_headers(request: Request) -> list[tuple[str, str]]:
    """Request headers as sent, with the Host header Twisted adds on the wire."""
    parts = urlsplit(request.url)
    out = [("Host", parts.netloc)]
    for name, values in request.headers.items():
        key = name.decode("latin-1")
        if key.lower() == "host":
            continue
        for value in values:
            out.append((key, value.decode("latin-1")))
    return out


def is_robots_request(request: Request) -> bool:
    return bool(request.meta.get("dont_obey_robotstxt")) and urlsplit(request.url).path == "/robots.txt"


class HostGuardMiddleware:
    """Allowed hosts only (checked again after every redirect), SSRF guard, hosts that keep challenging us."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.blocked_limit = crawler.settings.getint("OGI_BLOCKED_HOST_LIMIT", 3)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostGuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        context = context_of(self.crawler)
        summary = context.summary
        portal_id = request.meta.get("ogi_portal")
        url = request.url
        if not context.host_allowed(url, portal_id):
            summary.skipped["off-site"] += 1
            raise IgnoreRequest(f"off-site host {host_of(url)}")
        if self.blocked_limit and summary.blocked[host_of(url)] >= self.blocked_limit:
            summary.skipped["host keeps answering with challenges"] += 1
            raise IgnoreRequest(f"{host_of(url)} answered {self.blocked_limit} challenges; not asking again this run")
        host = urlsplit(url).hostname or ""
        refusal = context.guard.refusal(host, allow_private=context.private_allowed(url, portal_id))
        if refusal:
            summary.skipped["unsafe address (SSRF guard)"] += 1
            summary.error("unsafe-host", f"{url}: {refusal}")
            raise IgnoreRequest(refusal)


class BackoffMiddleware:
    """Slow down a host after 5xx/429 answers, challenges and timeouts; honour Retry-After.

    RetryMiddleware (550) re-schedules the request; this only lengthens the host's delay, which
    PoliteThrottle lowers again as normal answers come back.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.base = crawler.settings.getfloat("OGI_BACKOFF_BASE", 2.0)
        self.max_delay = crawler.settings.getfloat("AUTOTHROTTLE_MAX_DELAY", 60.0)
        self.retry_after_cap = crawler.settings.getfloat("OGI_RETRY_AFTER_CAP", 300.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffMiddleware:
        return cls(crawler)

    def _backoff(self, request: Request, reason: str, retry_after: float | None = None) -> None:
        key = request.meta.get("download_slot")
        slot = self.crawler.engine.downloader.slots.get(key or "") if self.crawler.engine else None
        if slot is None:
            return
        delay = min(max(slot.delay * 2, self.base), self.max_delay)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.retry_after_cap))
        if delay > slot.delay:
            logger.info("backing off %s to %.1f s per request (%s)", key, delay, reason)
            slot.delay = delay

    def process_response(self, request: Request, response: Response) -> Response:
        analysis: Analysis | None = request.meta.get("ogi_analysis")
        if response.status in BACKOFF_STATUSES or (analysis is not None and analysis.blocked):
            retry_after = retry_after_seconds(response.headers.get("Retry-After"))
            self._backoff(request, f"HTTP {response.status}", retry_after)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, TRANSIENT_ERRORS):
            self._backoff(request, type(exception).__name__)


def retry_after_seconds(value: bytes | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class ArchiveMiddleware:
    """Conditional requests from the archive's validators; every network response archived as it came.

    A 304 is archived (the archive writes a server-not-modified revisit).  For a list or any other page
    that leads somewhere it is then replaced, for the spider, by the archived body, so list pages still
    yield their links and robots.txt still parses.  A report page's capture records the attachments and
    images it links to; a 304 of it leads to those without re-reading the page (one captured before links
    were recorded is re-read, ``OGI_FOLLOW_UNCHANGED_REPORTS``), so attachments a stopped crawl never
    reached are followed.  A 304 of an attachment keeps the previous classification and is never read again.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.revalidate = crawler.settings.getbool("OGI_REVALIDATE", True)
        self.follow_unchanged = crawler.settings.getbool("OGI_FOLLOW_UNCHANGED_REPORTS", True)
        self.hub_depth = crawler.settings.getint("OGI_HUB_DEPTH", 1)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        context = context_of(self.crawler)
        if request.meta.get("redirect_urls"):
            # a redirect to a known report or attachment that is not due (the spider checks the links it follows)
            known = context.history.get(request.url)
            if known is not None and not context.recheck_due(known):
                context.summary.not_rechecked.add(request.url)
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

    def process_response(self, request: Request, response: Response) -> Response:
        if "cached" in response.flags:
            return response
        context = context_of(self.crawler)
        url = response.url
        portal_id = request.meta.get("ogi_portal") or getattr(context.portal_for_url(url), "id", None)
        ip_address = str(response.ip_address) if response.ip_address is not None else None
        if ip_address and not context.private_allowed(url, portal_id):
            refusal = address_refusal(ip_address)
            if refusal:
                context.summary.error("unsafe-host", f"{url}: answered from {refusal}")
                raise IgnoreRequest(f"{url} answered from {refusal}")
        return self._archive(context, request, response, portal_id, ip_address)

    def _unchanged_verdict(self, context: CrawlContext, url: str, previous: dict[str, Any]) -> Analysis | None:
        """The verdict of an unchanged (304) attachment or report page without re-reading it; None: re-read it.

        A report page leads to the attachments its earlier capture recorded; one captured before links were
        recorded is re-read (``OGI_FOLLOW_UNCHANGED_REPORTS``), so a stopped crawl's missing attachments are found.
        """
        kind = previous.get("classification")
        links = context.archive.recorded_outlinks(url, previous.get("document_sha256")) if kind == "report" else None
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

    def _archive(
        self, context: CrawlContext, request: Request, response: Response, portal_id: str | None, ip_address: str | None
    ) -> Response:
        """Analyse and record one response; return what the spider gets."""
        meta = request.meta
        url = response.url
        headers = response_headers(response)
        robots = is_robots_request(request)
        stopped = meta.get(STOPPED) if "download_stopped" in response.flags else None
        truncated = "length" if stopped else "disconnect" if "dataloss" in response.flags else None
        common: dict[str, Any] = {
            "link_text": meta.get("ogi_link_text"),
            "referrer_kind": meta.get("ogi_referrer_kind"),
            "is_seed": bool(meta.get("ogi_seed")),
            "is_robots": robots,
            "truncated": truncated is not None,
        }
        analysis = analyse(url, response.status, headers, response.body, **common)
        validators: Validators | None = meta.get("ogi_validators")
        old_body: bytes | None = None
        old_type = ""
        if response.status == 304 and validators is not None:
            try:
                previous = context.archive.capture(validators.capture_id)
                old_type = previous.get("content_type") or ""
                unchanged = self._unchanged_verdict(context, url, previous)
                if unchanged is not None:
                    analysis = unchanged
                else:
                    old_body = context.archive.payload(validators.capture_id)
            except ArchiveError as exc:
                context.summary.error("archive-read", f"{url}: {exc}")
            if old_body is not None:
                analysis = analyse(url, 200, [("Content-Type", old_type)] if old_type else [], old_body, **common)
                analysis.notes.append("not modified; analysed the archived body")
        if truncated and analysis.classification != "list":
            why = stopped or f"connection lost after {len(response.body)} bytes"
            analysis.reason = f"truncated ({why}); looked like {analysis.classification}: {analysis.reason}"
            analysis.classification = "other"
        if stopped:
            context.summary.error("too-large", f"{url}: {stopped}; raise OGI_MAX_BODY_BYTES to keep it whole")
        if meta.get("ogi_kind") in LISTING_KINDS and (response.status >= 400 or analysis.blocked or truncated):
            context.summary.incomplete_listings.add(portal_id or "")
        outlinks = None
        if analysis.classification == "report" and analysis.page is not None:
            depth = int(meta.get("ogi_depth", 0))
            analysis.candidates = discover(analysis.page, "report", depth=depth, hub_depth=self.hub_depth)
            outlinks = [Outlink(c.url, c.kind, c.text) for c in analysis.candidates if c.kind in OUTLINK_KINDS]
        exchange = Exchange(
            url=url,
            status=response.status,
            response_headers=headers,
            response_body=response.body,
            fetched_at=datetime.now(UTC),
            method=request.method,
            request_headers=request_headers(request),
            request_body=request.body or b"",
            http_version=response.protocol or "HTTP/1.1",
            ip_address=ip_address,
            referrer=meta.get("ogi_referrer"),
            link_text=meta.get("ogi_link_text"),
            depth=int(meta.get("ogi_depth", 0)),
            redirect_chain=list(meta.get("redirect_urls", [])),
            portal_id=portal_id,
            classification=analysis.classification,
            classification_reason=analysis.reason,
            declared_charset=analysis.declared_charset,
            detected_charset=analysis.detected_charset,
            blocked=analysis.blocked,
            truncated=truncated,
            outlinks=outlinks,
        )
        try:
            result = context.writer.record(exchange)
        except (ArchiveError, OSError) as exc:
            context.summary.error("archive-write", f"{url}: {exc}")
            logger.error("could not archive %s: %s", url, exc)
        else:
            context.count_capture(url, analysis.classification, response.status, result)
            meta["ogi_capture"] = result
        meta["ogi_analysis"] = analysis
        if analysis.blocked:
            logger.warning("blocked: %s (%s)", url, analysis.reason)
        if not robots:
            # the spider reads the analysis, never the body: pass on status and headers only, so Scrapy neither
            # decompresses nor re-decodes what was analysed already
            kept = [(k, v) for k, v in headers if k.lower() not in ("content-encoding", "content-length")]
            flags = [*response.flags, "ogi_analysed", *(["ogi_not_modified"] if old_body is not None else [])]
            return Response(
                url=response.url, status=200 if old_body is not None else response.status, headers=kept, body=b"",
                flags=flags, request=response.request, certificate=response.certificate,
                ip_address=response.ip_address, protocol=response.protocol,
            )  # fmt: skip
        if old_body is not None:  # robots.txt unchanged: RobotsTxtMiddleware parses the archived body
            kept = [
                (k, v) for k, v in headers if k.lower() not in ("content-encoding", "content-length", "content-type")
            ]
            if old_type:
                kept.append(("Content-Type", old_type))
            return response.replace(
                status=200, body=old_body, headers=kept, flags=[*response.flags, "ogi_not_modified"]
            )
        return response
