"""What a revisit record carries so that replay tools resolve it to its original (pure functions).

WARC 1.1 §6.7 and §5.11-5.12: a revisit names its original with ``WARC-Refers-To`` (record id),
``WARC-Refers-To-Target-URI`` and ``WARC-Refers-To-Date``, and carries the original's ``WARC-Payload-Digest``.
pywb 2.x resolves a revisit by looking up a non-revisit capture of ``WARC-Refers-To-Target-URI`` with the same
digest, closest to ``WARC-Refers-To-Date``; it then answers with the revisit's HTTP headers and the original's
payload.

A ``server-not-modified`` revisit therefore cannot keep the 304 status line in its block: replay would answer
"304" with no body (a blank page).  Its block is the response the 304 validated, as an HTTP cache would serve it
(RFC 9111 §4.3.4): the original's status line and headers, updated with the header fields of the 304.  The 304
itself, status line and headers as received, is kept in the capture's metadata record (``notModifiedResponse``,
``notModifiedHeaders``), from which ``ogi archive reindex`` reads the capture's status and validators.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

Headers = list[tuple[str, str]]

#: fields of a 304 that never replace the stored response's: hop-by-hop fields (RFC 9110 §7.6.1) and those
#: describing the stored payload's framing and encoding (RFC 9111 §3.2 keeps the stored Content-Length)
NOT_UPDATED = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "content-length",
        "content-encoding",
        "content-range",
    }
)
STATUS_FIELD = "notModifiedResponse"
HEADERS_FIELD = "notModifiedHeaders"


@dataclass(frozen=True)
class Original:
    """The response record a revisit stands for."""

    record_id: str
    target_uri: str
    date: str  # its WARC-Date
    payload_digest: str  # its WARC-Payload-Digest
    status_line: str = ""  # "200 OK": with the headers, what a server-not-modified revisit's block is made of
    protocol: str = "HTTP/1.1"
    http_headers: tuple[tuple[str, str], ...] = ()


def freshened_headers(stored: Headers, validation: Headers) -> Headers:
    """The stored response's headers updated with those of a 304 (RFC 9111 §3.2): each field the 304 sends
    replaces all of the stored values, at the place of the first of them (or at the end when new)."""
    updates: dict[str, Headers] = {}
    for name, value in validation:
        if name.lower() not in NOT_UPDATED:
            updates.setdefault(name.lower(), []).append((name, value))
    out: Headers = []
    placed: set[str] = set()
    for name, value in stored:
        key = name.lower()
        if key not in updates:
            out.append((name, value))
        elif key not in placed:
            out.extend(updates[key])
            placed.add(key)
    for key, pairs in updates.items():
        if key not in placed:
            out.extend(pairs)
    return out


def not_modified_fields(protocol: str, status_line: str, headers: Headers) -> list[tuple[str, str]]:
    """Metadata fields keeping a 304 exactly as received (its revisit record's block is the validated response)."""
    return [
        (STATUS_FIELD, f"{protocol} {status_line}"),
        (HEADERS_FIELD, json.dumps([list(pair) for pair in headers], ensure_ascii=False)),
    ]


def not_modified_response(fields: dict[str, str]) -> tuple[str, str, Headers] | None:
    """(protocol, status line, headers) of the 304 kept in a metadata record; None when there is none."""
    line = fields.get(STATUS_FIELD)
    if not line:
        return None
    protocol, _, status_line = line.partition(" ")
    try:
        headers = [(str(name), str(value)) for name, value in json.loads(fields.get(HEADERS_FIELD) or "[]")]
    except (ValueError, TypeError):
        headers = []
    return protocol, status_line, headers
