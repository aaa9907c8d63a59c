"""Turn page bytes into text once: declared charset (gbk/gb2312 read as gb18030), else utf-8, gb18030, detection."""

from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

logger = logging.getLogger(__name__)

_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "csgb2312", "euc-cn", "gb_2312-80", "hz-gb-2312"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we accept."""


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in _GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def sniff_meta_charset(data: bytes) -> str | None:
    """The charset declared in a ``<meta>`` tag within the first 4 KB, if any."""
    m = _META_CHARSET.search(data[:4096])
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
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            logger.info("declared charset %s does not decode the page; trying others", declared)
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
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
