"""Turn page bytes into text once: the one charset decoder of the crawler and the parsers.

Rules (portals.md §5, platform-notes.md §2): a BOM wins; a declared charset is read with its superset codec
(gb2312/gbk as GB18030); with no declaration (or a wrong one) strict UTF-8, then strict GB18030, and only then
statistical detection (short bodies are misdetected).

Two entry points share these rules and differ only in what they must do with bytes that are not text:

* :func:`decode_bytes` (the parsers) refuses them (:class:`UndecodableError`: NUL bytes, or detection finding
  only control characters), since a document is read as text only when it is text.
* :func:`decode_page` (the crawler) never raises: every fetched body gets a verdict, and the charset the page
  declared and the codec actually used are recorded with its capture.  It also reads an ``<?xml encoding?>``
  declaration and reads latin-1/ASCII declarations as cp1252/UTF-8 (the recorded verdicts rely on both).
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

logger = logging.getLogger(__name__)

_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "csgb2312", "euc-cn", "gb_2312-80", "hz-gb-2312"}
#: what :func:`decode_page` reads a declared name as: the GB family (less the csgb2312 alias, which it reads
#: as undeclared) as GB18030, latin-1 as its cp1252 superset, ASCII as UTF-8
_PAGE_SUPERSETS = {
    **{name: "gb18030" for name in sorted(_GB_FAMILY - {"csgb2312", "gb18030"})},
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "ascii": "utf-8",
    "us-ascii": "utf-8",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_FALLBACKS = ("utf-8", "gb18030")  # tried strictly, in this order, when nothing (right) is declared
_HEAD = 4096  # where a <meta> or <?xml?> declaration must be


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we accept."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    declared: str | None  # as declared by the Content-Type header or the document, lower-cased
    detected: str  # the codec actually used to decode


def _lookup(name: str | None, supersets: dict[str, str]) -> str | None:
    """The codec to read a declared charset with, or None when Python does not know it."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = supersets.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _first_strict(data: bytes, candidates: tuple[str, ...]) -> tuple[str, str] | None:
    """``(text, codec)`` of the first candidate that decodes ``data`` strictly."""
    for codec in candidates:
        text = _strict(data, codec)
        if text is not None:
            return text, codec
    return None


def _codec(name: str | None) -> str | None:
    return _lookup(name, {family: "gb18030" for family in _GB_FAMILY})


def sniff_meta_charset(data: bytes) -> str | None:
    """The charset declared in a ``<meta>`` tag within the first 4 KB, if any."""
    m = _META_CHARSET.search(data[:_HEAD])
    return m.group(1).decode("ascii", "replace") if m else None


def decode_bytes(data: bytes, declared_charset: str | None = None) -> tuple[str, str]:
    """Decode page bytes; returns ``(text, encoding_used)``.

    Order: BOM; the declared charset (HTTP header, else ``<meta>``), with gbk/gb2312 read as gb18030;
    strict UTF-8; strict GB18030; charset-normalizer.  Raises :class:`UndecodableError` for binary data.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace"), "utf-8-sig"
    if b"\x00" in data[:2048] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UndecodableError("binary data (NUL bytes)")
    declared = _codec(declared_charset) or _codec(sniff_meta_charset(data))
    if declared:
        text = _strict(data, declared)
        if text is not None:
            return text, declared
        logger.info("declared charset %s does not decode the page; trying others", declared)
    found = _first_strict(data, _FALLBACKS)
    if found is not None:
        return found
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UndecodableError("no text encoding fits these bytes")
    text = str(best)
    if _control_ratio(text) > 0.05:
        raise UndecodableError("bytes decode only to control characters")
    return text, best.encoding


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    return bad / len(text)


def normalise_charset(name: str) -> str | None:
    """The codec :func:`decode_page` reads a declared charset with, or None when Python does not know it."""
    return _lookup(name, _PAGE_SUPERSETS)


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset named by the Content-Type header, else by a <meta> or <?xml?> declaration near the top."""
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match:
            return match.group(1).lower()
    head = body[:_HEAD]
    found = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if found:
        return found.group(1).decode("ascii", "replace").lower()
    return None


def decode_page(body: bytes, content_type: str | None = None) -> DecodedText:
    """Decode a fetched HTML/XML/text body.  Never raises; undecodable bytes become U+FFFD only as a last resort."""
    if body.startswith(codecs.BOM_UTF8):
        return DecodedText(body[len(codecs.BOM_UTF8) :].decode("utf-8", "replace"), "utf-8", "utf-8")
    declared = declared_charset(body, content_type)
    codec = normalise_charset(declared) if declared else None
    if codec:
        # a wrong declaration (utf-8 declared on a GBK page, or the reverse) is common: try the usual pair
        found = _first_strict(body, (codec, *(c for c in _FALLBACKS if c != codec)))
        if found is not None:
            return DecodedText(found[0], declared, found[1])
        return DecodedText(body.decode(codec, "replace"), declared, codec)
    found = _first_strict(body, _FALLBACKS)
    if found is not None:
        return DecodedText(found[0], None, found[1])
    best = from_bytes(body).best()
    if best is not None and best.encoding:
        guessed = normalise_charset(best.encoding) or "utf-8"
        return DecodedText(body.decode(guessed, "replace"), None, guessed)
    return DecodedText(body.decode("utf-8", "replace"), None, "utf-8")
