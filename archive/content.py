"""HTTP payload helpers: header lookups and content decoding (pure functions)."""

from __future__ import annotations

import zlib
from collections.abc import Iterable

import brotli

from archive.errors import ArchiveError


def header(headers: Iterable[tuple[str, str]], name: str) -> str | None:
    """The last value of header ``name`` (case-insensitive), or None."""
    found = None
    lowered = name.lower()
    for key, value in headers:
        if key.lower() == lowered:
            found = value
    return found


def media_type(headers: Iterable[tuple[str, str]]) -> str | None:
    value = header(headers, "Content-Type")
    return value.split(";", 1)[0].strip().lower() or None if value else None


def declared_charset(headers: Iterable[tuple[str, str]]) -> str | None:
    value = header(headers, "Content-Type") or ""
    for part in value.split(";")[1:]:
        key, _, charset = part.strip().partition("=")
        if key.strip().lower() == "charset" and charset.strip():
            return charset.strip().strip("\"'").lower()
    return None


def decode_content(body: bytes, headers: Iterable[tuple[str, str]]) -> bytes:
    """Undo Content-Encoding (gzip, deflate, br; several in order).  Raises ArchiveError when corrupt."""
    encodings = [e.strip().lower() for e in (header(headers, "Content-Encoding") or "").split(",") if e.strip()]
    data = body
    try:
        for encoding in reversed(encodings):
            if encoding in ("gzip", "x-gzip"):
                data = zlib.decompress(data, 16 + zlib.MAX_WBITS)
            elif encoding == "deflate":
                try:
                    data = zlib.decompress(data)
                except zlib.error:
                    data = zlib.decompress(data, -zlib.MAX_WBITS)
            elif encoding == "br":
                data = brotli.decompress(data)
            elif encoding == "identity":
                continue
            else:
                raise ArchiveError(f"unknown Content-Encoding {encoding!r}")
    except (zlib.error, brotli.error) as exc:
        raise ArchiveError(f"payload cannot be decoded ({', '.join(encodings)}): {exc}") from exc
    return data
