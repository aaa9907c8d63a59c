"""Reading text: traditional script to simplified (OpenCC) and full-width forms to ASCII, length for length.

Readers match their lexicons against :func:`reading_text` of a document and take evidence from the original: the
two strings have the same length, so every offset found in one points at the same characters in the other.
"""

from __future__ import annotations

from functools import lru_cache

import opencc

_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}  # ！..～ -> !..~ (digits, letters, punctuation)
_FULL_WIDTH[0x3000] = 0x20  # ideographic space
# punctuation that stays Chinese (readers split clauses on it) is kept as it is
for _keep in "，；：！？（）":
    _FULL_WIDTH.pop(ord(_keep), None)
_FULL_WIDTH_TABLE = str.maketrans(_FULL_WIDTH)


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _simplified(text: str) -> str:
    """OpenCC t2s; where a phrase conversion changes the length, that line is converted character by character."""
    convert = _converter().convert
    out = convert(text)
    if len(out) == len(text):
        return out
    lines = text.split("\n")
    fixed = []
    for line in lines:
        converted = convert(line)
        if len(converted) != len(line):
            converted = "".join(c if len(c) == 1 else ch for ch, c in ((ch, convert(ch)) for ch in line))
        fixed.append(converted)
    return "\n".join(fixed)


def reading_text(text: str) -> str:
    """The text as readers see it: simplified script, ASCII digits; ``len(reading_text(t)) == len(t)``."""
    return _simplified(text).translate(_FULL_WIDTH_TABLE)
