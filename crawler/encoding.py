"""Turn a response body into text once, recording the declared and the detected charset.

Rules (portals.md §5, platform-notes.md §2): gb2312/gbk are decoded as GB18030; with no declaration try
strict UTF-8, then strict GB18030, and only then statistical detection (short bodies are misdetected).
Parsers always receive ``str``, never raw bytes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)

#: Declared names that must be decoded with a superset codec.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "gb_2312-80": "gb18030",
    "euc-cn": "gb18030",
    "hz-gb-2312": "gb18030",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "ascii": "utf-8",
    "us-ascii": "utf-8",
}


@dataclass(frozen=True)
class DecodedText:
    text: str
    declared: str | None  # as declared by the Content-Type header or the document, lower-cased
    detected: str  # the codec actually used to decode


def normalise_charset(name: str) -> str | None:
    """The codec to decode a declared charset with, or None when Python does not know it."""
    name = name.strip().strip("\"'").lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset named by the Content-Type header, else by a <meta> or <?xml?> declaration near the top."""
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match:
            return match.group(1).lower()
    head = body[:4096]
    found = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if found:
        return found.group(1).decode("ascii", "replace").lower()
    return None


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_body(body: bytes, content_type: str | None = None) -> DecodedText:
    """Decode an HTML/XML/text body.  Never raises; undecodable bytes become U+FFFD only as a last resort."""
    if body.startswith(codecs.BOM_UTF8):
        return DecodedText(body[len(codecs.BOM_UTF8) :].decode("utf-8", "replace"), "utf-8", "utf-8")
    declared = declared_charset(body, content_type)
    codec = normalise_charset(declared) if declared else None
    if codec:
        text = _strict(body, codec)
        if text is not None:
            return DecodedText(text, declared, codec)
        # A wrong declaration (utf-8 declared on a GBK page, or the reverse) is common: try the usual pair
        for alternative in ("utf-8", "gb18030"):
            if alternative != codec:
                text = _strict(body, alternative)
                if text is not None:
                    return DecodedText(text, declared, alternative)
        return DecodedText(body.decode(codec, "replace"), declared, codec)
    for candidate in ("utf-8", "gb18030"):
        text = _strict(body, candidate)
        if text is not None:
            return DecodedText(text, None, candidate)
    best = from_bytes(body).best()
    if best is not None and best.encoding:
        guessed = normalise_charset(best.encoding) or "utf-8"
        return DecodedText(body.decode(guessed, "replace"), None, guessed)
    return DecodedText(body.decode("utf-8", "replace"), None, "utf-8")
