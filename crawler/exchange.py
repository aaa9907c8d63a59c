"""A Scrapy request and response as the archive records them (:class:`archive.Exchange`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from archive import Exchange, Outlink

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

    from crawler.analysis import Analysis


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


def exchange_of(
    request: Request,
    response: Response,
    headers: list[tuple[str, str]],
    analysis: Analysis,
    *,
    portal_id: str | None,
    ip_address: str | None,
    truncated: str | None,
    outlinks: list[Outlink] | None,
) -> Exchange:
    """The archive's record of one request and its response, with the crawler's verdict on it."""
    meta = request.meta
    return Exchange(
        url=response.url,
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
