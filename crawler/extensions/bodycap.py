"""A body-size cap that keeps what it cuts (Scrapy's DOWNLOAD_MAXSIZE cancels and archives nothing).

A response announcing more than ``OGI_MAX_BODY_BYTES`` (Content-Length) is stopped after its headers; one
that grows past it is stopped there.  Either way Scrapy delivers what arrived, flagged
``download_stopped``, and :class:`~crawler.downloadermiddlewares.archive.ArchiveMiddleware` archives it with
``WARC-Truncated: length`` and reports it in the run summary, so the evidence that the file exists (status,
headers, the first bytes) is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured, StopDownload

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

#: request.meta: why the body was cut (written here, read by the archive middleware with the download_stopped flag)
STOPPED = "ogi_stopped"
RECEIVED = "ogi_bytes_received"  # request.meta: body bytes received so far (this extension's own)


class BodySizeCap:
    def __init__(self, crawler: Crawler) -> None:
        self.cap = crawler.settings.getint("OGI_MAX_BODY_BYTES")
        if self.cap <= 0:
            raise NotConfigured("OGI_MAX_BODY_BYTES is 0: no cap")
        crawler.signals.connect(self.headers_received, signal=signals.headers_received)
        crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BodySizeCap:
        return cls(crawler)

    def headers_received(self, headers: Any, body_length: Any, request: Request, **kwargs: Any) -> None:
        if isinstance(body_length, int) and body_length > self.cap:  # Twisted's UNKNOWN_LENGTH is not an int
            request.meta[STOPPED] = f"Content-Length {body_length} is over the {self.cap}-byte cap; headers only"
            raise StopDownload(fail=False)

    def bytes_received(self, data: bytes, request: Request, **kwargs: Any) -> None:
        received = int(request.meta.get(RECEIVED, 0)) + len(data)
        request.meta[RECEIVED] = received
        if received > self.cap:
            request.meta[STOPPED] = f"stopped after {received} bytes, over the {self.cap}-byte cap"
            raise StopDownload(fail=False)
