"""Value types that cross the archive's boundary: one HTTP exchange in, one capture out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

Headers = list[tuple[str, str]]


class Outlink(NamedTuple):
    """A link a page leads to that the archive keeps with the capture (a report page's attachments)."""

    url: str
    kind: str  # attachment | image (crawler.discovery kinds)
    text: str = ""


@dataclass
class Exchange:
    """One HTTP request and the response as received on the wire.

    ``response_body`` is the payload exactly as received: still content-encoded (gzip) when the server
    sent it so.  Headers are lists of ``(name, value)`` pairs in wire order, repeated headers repeated.
    """

    url: str
    status: int
    response_headers: Headers
    response_body: bytes
    fetched_at: datetime  # timezone-aware UTC
    method: str = "GET"
    request_headers: Headers = field(default_factory=list)
    request_body: bytes = b""
    reason: str = ""  # reason phrase as sent by the server; empty -> standard phrase if any
    http_version: str = "HTTP/1.1"
    ip_address: str | None = None
    # crawl context (written to the WARC metadata record and the catalog)
    referrer: str | None = None
    link_text: str | None = None
    depth: int = 0
    redirect_chain: list[str] = field(default_factory=list)  # earlier URLs that redirected here
    portal_id: str | None = None
    classification: str | None = None  # report | list | attachment | other | blocked
    classification_reason: str | None = None
    declared_charset: str | None = None
    detected_charset: str | None = None
    blocked: bool = False
    truncated: str | None = None  # WARC-Truncated reason ("length", "time") when cut short
    extra_metadata: dict[str, str] = field(default_factory=dict)
    outlinks: list[Outlink] | None = None  # recorded for report pages; None: not recorded


@dataclass(frozen=True)
class CaptureResult:
    """What the archive did with one exchange."""

    capture_id: int
    record_type: str  # response | revisit
    revisit_profile: str | None  # identical-payload-digest | server-not-modified | None
    payload_sha256: str | None
    new_payload: bool  # True when a new body was written to a WARC file
    warc_file: str
    offset: int
    length: int


@dataclass(frozen=True)
class Validators:
    """What is known about the last capture of a URL, for conditional requests and revisits."""

    etag: str | None
    last_modified: str | None
    payload_sha1: str | None
    payload_sha256: str | None
    capture_id: int
    fetched_at: str
