"""Evidence snippets: the text around a value, always a substring of ``Document.text``."""

from __future__ import annotations

from decimal import Decimal

from parsers.catalog import indicator_units
from parsers.model import Cell, Table
from parsers.numbers import Number
from parsers.report import Observation

WINDOW = 60
_TEN_THOUSAND = Decimal(10000)


def snippet(text: str, start: int, end: int) -> str:
    """The line holding ``text[start:end]``, cut to about WINDOW characters on each side."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    lo = start - WINDOW
    if lo < line_start:
        lo = line_start
    hi = end + WINDOW // 2
    if hi > line_end:
        hi = line_end
    if hi < end:
        hi = end
    return text[lo:hi]


def cell_observation(
    text: str,
    table: Table,
    row: int,
    col: int,
    cell: Cell,
    number: Number,
    key: str,
    *,
    applicant: str | None = None,
    scope: str = "year",
    unit_hint: str | None = None,
    label: str = "",
) -> Observation:
    """An observation read from one table cell; ``unit_hint`` is the unit of the row or header."""
    value = number.value
    unit = number.unit or unit_hint
    if unit == "万元" or (unit_hint == "万元" and number.unit is None):
        value = value * _TEN_THOUSAND
        unit = "元"
    if not unit:
        unit = indicator_units().get(key, "")
    # positional arguments (field order of Observation): this runs for every table cell read
    return Observation(
        key,  # indicator
        value,
        unit,
        cell.text,  # raw
        "table",  # source
        snippet(text, cell.start, cell.end),  # evidence
        cell.start,
        cell.end,
        applicant,
        scope,
        table.index,  # table
        row,
        col,
        False,  # derived
        number.approximate,
        cell.confidence,
        label,
    )


def derived_observation(text: str, key: str, parts: list[Observation], *, applicant: str | None = None) -> Observation:
    """A value computed from others (a sum); raw is empty and the span covers the operands."""
    start = min(p.start for p in parts)
    end = max(p.end for p in parts)
    total = sum((p.value for p in parts), Decimal(0))
    return Observation(
        key,  # indicator
        total,  # value
        parts[0].unit,
        "",  # raw
        "table",  # source
        text[start : min(end, start + 200)],  # evidence
        start,
        end,
        applicant,
        parts[0].scope,
        parts[0].table,
        None,  # row
        None,  # col
        True,  # derived
        False,  # approximate
        min(p.confidence for p in parts),
        "sum of " + ", ".join(p.indicator for p in parts),
    )
