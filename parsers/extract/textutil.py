"""Small text helpers shared by the extractors."""

from __future__ import annotations

import math
import re


def is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3000 <= code <= 0x303F  # CJK punctuation
        or 0x3400 <= code <= 0x9FFF  # ideographs
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x2460 <= code <= 0x24FF  # ⑴ ① ...
        or 0x2160 <= code <= 0x217F  # Ⅰ Ⅱ ...
    )


_NO_SPACE_AFTER = "(（[/-"
_NO_SPACE_BEFORE = ")）]/%.,:;"


def join_pieces(pieces: list[str]) -> str:
    """Join text pieces (wrapped lines of one cell, OCR words): no space around CJK, one space between words."""
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if (
            out
            and not is_cjk(out[-1])
            and not is_cjk(piece[0])
            and out[-1] not in _NO_SPACE_AFTER
            and piece[0] not in _NO_SPACE_BEFORE
        ):
            out += " "
        out += piece
    return out


def join_wrapped(text: str | None) -> str:
    """A cell's text with its line breaks undone (a label wrapped across lines becomes one label again)."""
    if not text:
        return ""
    return join_pieces(text.splitlines())


_PERCENT = re.compile(r"%")
_DECIMALS = re.compile(r"0\.(0+)")


def format_number(value: float, number_format: str = "General") -> str:
    """A spreadsheet number as shown to a reader: ``12.0`` -> ``"12"``, 0.043 with ``0.0%`` -> ``"4.3%"``."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if math.isnan(value) or math.isinf(value):
        return ""
    fmt = number_format or "General"
    if _PERCENT.search(fmt):
        match = _DECIMALS.search(fmt)
        decimals = len(match.group(1)) if match else 0
        return f"{value * 100:.{decimals}f}%"
    match = _DECIMALS.search(fmt)
    if match and fmt != "General":
        return f"{value:.{len(match.group(1))}f}"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g")


def plausible_text(text: str, threshold: float = 0.9) -> bool:
    """Does ``text`` look like a report (CJK, ASCII, common punctuation) rather than bytes decoded as text?

    LibreOffice imports any file it cannot parse as plain text; random bytes then come back as "ok" text full of
    control, Latin-1 and private-use characters.  Real reports score well above 0.95.
    """
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return True
    good = sum(1 for ch in chars if (" " < ch <= "~") or is_cjk(ch) or ch in "—–…‘’“”·•●○■□△▲※×÷±≤≥°℃№")
    return good / len(chars) >= threshold
