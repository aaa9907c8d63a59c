"""Evidence snippets: the text around a value, always a substring of ``Document.text``."""

from __future__ import annotations

from decimal import Decimal

from parsers.catalog import unit_of
from parsers.model import Cell, Table
from parsers.numbers import Number
from parsers.report import Observation

WINDOW = 60


def snippet(text: str, start: int, end: int) -> str:
    """The line holding ``text[start:end]``, cut to about WINDOW characters on each side."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    lo = max(line_start, start - WINDOW)
    hi = min(line_end, end + WINDOW // 2)
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
    unit = number.unit or unit_hint or unit_of(key)
    if unit == "万元" or (unit_hint == "万元" and number.unit is None):
        value = value * Decimal(10000)
        unit = "元"
    if not unit:
        unit = unit_of(key)
    return Observation(
        indicator=key,
        value=value,
        unit=unit,
        raw=cell.text,
        source="table",
        evidence=snippet(text, cell.start, cell.end),
        start=cell.start,
        end=cell.end,
        applicant=applicant,
        scope=scope,
        table=table.index,
        row=row,
        col=col,
        approximate=number.approximate,
        confidence=cell.confidence,
        label=label,
    )


def derived_observation(text: str, key: str, parts: list[Observation], *, applicant: str | None = None) -> Observation:
    """A value computed from others (a sum); raw is empty and the span covers the operands."""
    start = min(p.start for p in parts)
    end = max(p.end for p in parts)
    total = sum((p.value for p in parts), Decimal(0))
    return Observation(
        indicator=key,
        value=total,
        unit=parts[0].unit,
        raw="",
        source="table",
        evidence=text[start : min(end, start + 200)],
        start=start,
        end=end,
        applicant=applicant,
        scope=parts[0].scope,
        table=parts[0].table,
        derived=True,
        confidence=min(p.confidence for p in parts),
        label="sum of " + ", ".join(p.indicator for p in parts),
    )
