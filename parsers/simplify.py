"""Reading text: traditional script to simplified (OpenCC), full-width forms to ASCII, and the pinyin glosses that
some converted mirror pages leave inside words (申請(qǐng), 鎮(zhèn)) taken out.

Readers match their lexicons against the reading text and take evidence from the original.
:func:`reading_text` has the same length as its input except where glosses were taken out; :func:`reading` also
gives the map from reading positions back to the original for that case.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

import opencc

from parsers.model import Table

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
    """The text as readers see it: simplified script, ASCII digits, no pinyin glosses (see :func:`reading`)."""
    return reading(text).text


#: a pinyin gloss: Latin letters in brackets with at least one tone mark (fā, qǐng, lǜ)
_GLOSS = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")


@dataclass(frozen=True)
class Reading:
    """The reading text of an original, and where each of its characters came from."""

    text: str
    positions: tuple[int, ...] | None = None  # None: position i is position i of the original

    def original(self, i: int) -> int:
        """The original position of reading position ``i`` (``len(text)`` maps to the original's end)."""
        if self.positions is None:
            return i
        return self.positions[i] if i < len(self.positions) else self.positions[-1] + 1 if self.positions else 0


@lru_cache(maxsize=16)  # one document's text is read by metadata, prose and the text-table readers
def reading(text: str) -> Reading:
    same_length = _simplified(text).translate(_FULL_WIDTH_TABLE)
    if not _GLOSS.search(same_length):
        return Reading(same_length)
    kept: list[str] = []
    positions: list[int] = []
    last = 0
    for m in _GLOSS.finditer(same_length):
        kept.append(same_length[last : m.start()])
        positions.extend(range(last, m.start()))
        last = m.end()
    kept.append(same_length[last:])
    positions.extend(range(last, len(same_length)))
    return Reading("".join(kept), tuple(positions))


@lru_cache(maxsize=8192)
def cell_reading(text: str) -> str:
    """A table cell's text in simplified script without pinyin glosses (規(guī)章 -> 规章); digits are left as
    written, so a cell's raw value stays what the report printed."""
    return _GLOSS.sub("", _simplified(text))


def reading_table(table: Table) -> Table:
    """``table`` with every cell's text as :func:`cell_reading` gives it (spans unchanged: evidence still comes
    from the original text); the same object when no cell changes."""
    if all(cell_reading(cell.text) == cell.text for row in table.cells for cell in row):
        return table
    cells = [[cell._replace(text=cell_reading(cell.text)) for cell in row] for row in table.cells]
    return dataclasses.replace(table, cells=cells)
