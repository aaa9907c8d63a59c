"""Slow down a host after 5xx/429 answers, challenges and timeouts; honour Retry-After (order 560).

RetryMiddleware (550) re-schedules the request; this only lengthens the host's delay, which PoliteThrottle
lowers again as normal answers come back.  Challenges are seen through the ``response_analysed`` signal
(:mod:`crawler.signals`); timeouts and lost connections through ``process_exception``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from twisted.internet.error import (
    ConnectionLost,
    ConnectionRefusedError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.web._newclient import ResponseFailed

from crawler.signals import response_analysed

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from crawler.analysis import Analysis

logger = logging.getLogger(__name__)

BACKOFF_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
REDIRECTS = frozenset({301, 302, 303, 307, 308})  # RedirectMiddleware (600) follows these before we see them
TRANSIENT_ERRORS = (TimeoutError, TCPTimedOutError, ConnectionRefusedError, ConnectionLost, ResponseFailed)


class BackoffMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.base = crawler.settings.getfloat("OGI_BACKOFF_BASE")
        self.max_delay = crawler.settings.getfloat("AUTOTHROTTLE_MAX_DELAY")
        self.retry_after_cap = crawler.settings.getfloat("OGI_RETRY_AFTER_CAP")
        crawler.signals.connect(self.response_analysed, signal=response_analysed)

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

    def _backoff_after(self, request: Request, response: Response) -> None:
        retry_after = retry_after_seconds(response.headers.get("Retry-After"))
        self._backoff(request, f"HTTP {response.status}", retry_after)

    def response_analysed(self, request: Request, response: Response, analysis: Analysis, **kwargs: Any) -> None:
        """A challenge answered with a status not backed off below (a redirect to one is followed instead)."""
        followed = response.status in REDIRECTS and b"Location" in response.headers
        if analysis.blocked and response.status not in BACKOFF_STATUSES and not followed:
            self._backoff_after(request, response)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status in BACKOFF_STATUSES:
            self._backoff_after(request, response)
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
