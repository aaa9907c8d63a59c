"""One response in, one verdict out: decode, parse, classify.  Pure (no Scrapy, no archive writes)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from archive.content import decode_content, header
from archive.errors import ArchiveError
from crawler import classify
from crawler.discovery import PAGINATION_WORDS, Candidate, create_page_urls, hanweb_records, page_records
from crawler.page import Link, ParsedPage, parse_html
from parsers.decode import decode_page

Headers = list[tuple[str, str]]


@dataclass
class Analysis:
    classification: str
    reason: str
    blocked: bool = False
    declared_charset: str | None = None
    detected_charset: str | None = None
    page: ParsedPage | None = None  # parsed HTML (for discovery)
    records: list[Link] | None = None  # the records of an XML answer (a Hanweb dataproxy.jsp record set)
    notes: list[str] = field(default_factory=list)
    candidates: list[Candidate] | None = None  # what to follow, when already known (report pages)


def analyse(
    url: str,
    status: int,
    headers: Headers,
    raw_body: bytes,
    *,
    link_text: str | None = None,
    referrer_kind: str | None = None,
    is_seed: bool = False,
    is_robots: bool = False,
    truncated: bool = False,
) -> Analysis:
    """Classify one response (``raw_body`` as received, still content-encoded; maybe cut short)."""
    try:
        body = decode_content(raw_body, headers)
    except ArchiveError as exc:
        partial = _partial_gunzip(raw_body) if truncated else None
        if partial is None:
            return Analysis(classify.OTHER, f"undecodable body: {exc}")
        body = partial
    content_type = header(headers, "Content-Type")
    location = header(headers, "Location")
    textual = classify.is_html(content_type, body) or classify.is_xml(content_type, body) or status != 200
    decoded = decode_page(body, content_type) if textual and len(body) < 32 * 1024 * 1024 else None
    text = decoded.text if decoded else ""
    declared = decoded.declared if decoded else None
    detected = decoded.detected if decoded else None
    reason = classify.blocked_reason(status, text, location)
    if reason:
        return Analysis(classify.BLOCKED, reason, True, declared, detected)
    if is_robots:
        return Analysis(classify.OTHER, "robots.txt", False, declared, detected)
    if status == 304:
        reason = "HTTP 304 not modified (no archived body to analyse)"
        return Analysis(classify.OTHER, reason, False, declared, detected)
    if 300 <= status < 400:
        target = f" to {location}" if location else ""
        return Analysis(classify.OTHER, f"HTTP {status} redirect{target}", False, declared, detected)
    if status >= 400:
        return Analysis(classify.OTHER, f"HTTP {status}", False, declared, detected)
    if classify.is_xml(content_type, body) and not classify.is_html(content_type, body):
        records = hanweb_records(text, url)
        if records:
            return Analysis(classify.LIST, f"XML record set with {len(records)} records", False, declared, detected,
                            records=records)  # fmt: skip
        return Analysis(classify.OTHER, "XML document", False, declared, detected, records=records)
    if classify.is_html(content_type, body):
        page = parse_html(text, url)
        paginated = bool(create_page_urls(page)) or bool(page_records(page))
        paginated = paginated or any(_is_next(link.text) for link in page.links)
        verdict = classify.classify_html(page, link_text=link_text, is_seed=is_seed, has_pagination=paginated)
        return Analysis(verdict.classification, verdict.reason, False, declared, detected, page=page)
    verdict = classify.classify_binary(url, content_type, referrer_kind)
    return Analysis(verdict.classification, verdict.reason, False, declared, detected)


def _partial_gunzip(raw: bytes) -> bytes | None:
    """What a gzip or deflate stream cut short still yields (None when it yields nothing)."""
    for wbits in (16 + zlib.MAX_WBITS, zlib.MAX_WBITS, -zlib.MAX_WBITS):
        try:
            data = zlib.decompressobj(wbits).decompress(raw)
        except zlib.error:
            continue
        if data:
            return data
    return None


def _is_next(text: str) -> bool:
    return text.strip() in PAGINATION_WORDS
