"""Small transposed tables: a row of labels, then a row of the values under them.

    新闻发布会 | 电视采访 | 数字图文 | 微信 |
    3次       | 2次     | 21条    | 400余条 |

Reports paste these as text or give them as tiny HTML/Word tables. Each label and the value under it are read as
the sentence they stand for (新闻发布会3次) by the prose lexicon, so the wordings live in one place
(``parsers/data/prose_lexicon.csv``); a value needs its unit, as in prose. The observation points at the value's
cell.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from parsers.evidence import snippet
from parsers.model import Cell, Table
from parsers.prose import extract_prose
from parsers.report import Observation
from parsers.simplify import cell_reading

#: a value cell: a number with its unit (3次, 400余条, 1.3万条, 5.2万元)
_VALUE = re.compile(r"^\d+(?:\.\d+)?\s*(?:万|亿)?(?:余|多)?\s*(?:人次|万元|元|件|条|次|篇|场|期|个|人|名|项|宗|份)$")
_HAS_DIGIT = re.compile(r"\d")


def _label_row(cells: list[Cell]) -> bool:
    named = [c for c in cells if c.text.strip()]
    return len(named) >= 2 and not any(_HAS_DIGIT.search(c.text) for c in named)


def _value_row(labels: list[Cell], values: list[Cell]) -> bool:
    pairs = [(lab, val) for lab, val in zip(labels, values, strict=True) if lab.text.strip()]
    return bool(pairs) and all(_VALUE.match(cell_reading(val.text).strip()) for _, val in pairs)


def read_transposed(table: Table, text: str) -> list[Observation]:
    """Observations of every label row followed by a row of values of the same width."""
    out: list[Observation] = []
    rows = table.cells
    for upper, lower in itertools.pairwise(rows):
        if len(upper) != len(lower) or not _label_row(upper) or not _value_row(upper, lower):
            continue
        for label, value in zip(upper, lower, strict=True):
            out += _read_pair(label, value, text, table)
    return out


def _read_pair(label: Cell, value: Cell, text: str, table: Table) -> list[Observation]:
    words = cell_reading(label.text).strip()
    amount = cell_reading(value.text).strip()
    if not words or not amount:
        return []
    lead = len(value.text) - len(value.text.lstrip())
    both = label.end <= value.start  # the label's line and the value's line, as the evidence
    found = []
    for o in extract_prose(f"{words}{amount}"):
        if o.start < len(words):
            continue  # a number inside the label is not the cell's value
        start = value.start + lead + (o.start - len(words))
        end = value.start + lead + (o.end - len(words))
        found.append(
            replace(
                o,
                source="table",
                raw=text[start:end],
                evidence=snippet(text, label.start, value.end) if both else snippet(text, start, end),
                start=start,
                end=end,
                table=table.index,
                label=label.text.strip(),
            )
        )
    return found
