"""Filters on reports shared by series, report lists and exports: agency, region, level, years, scope."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from archive.research.errors import InvalidFilterError

LEVELS = ("province", "prefecture", "county")
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–~:]\s*(\d{4})?)?\s*$|^\s*[-–~:]\s*(\d{4})\s*$")


def parse_years(text: str | None) -> tuple[int, int] | None:
    """``2012-2023``, ``2019``, ``2019-`` or ``-2018`` -> an inclusive (first, last) pair."""
    if text is None or not text.strip():
        return None
    m = _YEARS.match(text)
    if not m:
        raise InvalidFilterError(f"cannot read years {text!r}; write a year (2019) or a range (2012-2023)")
    if m.group(3):
        return (0, int(m.group(3)))
    first = int(m.group(1))
    if m.group(2):
        last = int(m.group(2))
    elif "-" in text or "–" in text or "~" in text or ":" in text:
        last = 9999
    else:
        last = first
    if last < first:
        raise InvalidFilterError(f"years {text!r} run backwards; write the earlier year first")
    return (first, last)


def parse_region(code: str | None) -> str | None:
    """A region code (6-digit GB/T 2260, or a shorter prefix) -> the prefix that selects it and all below.

    ``110000`` (Beijing) -> ``11``; ``110100`` -> ``1101``; ``110105`` -> ``110105``; ``44`` -> ``44``.
    """
    if code is None or not code.strip():
        return None
    code = code.strip()
    if not code.isdigit() or len(code) % 2 or not 2 <= len(code) <= 6:
        raise InvalidFilterError(
            f"region {code!r} is not a region code; use the 6-digit code (110000, 440300) or a prefix (44)"
        )
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


@dataclass(frozen=True)
class ReportFilter:
    """Which reports a query covers.  Empty filter = every report."""

    agencies: tuple[str, ...] = ()  # each matches agency names containing the text
    region: str | None = None  # a prefix from parse_region()
    level: str | None = None
    years: tuple[int, int] | None = None
    report_scope: str | None = None  # "" | self | aggregate
    status: str | None = None  # active | removed

    def __post_init__(self) -> None:
        if self.level is not None and self.level not in LEVELS:
            raise InvalidFilterError(f"level {self.level!r} is not one of {', '.join(LEVELS)}")

    @property
    def is_empty(self) -> bool:
        return not (
            self.agencies or self.region or self.level or self.years or self.report_scope is not None or self.status
        )

    def where(self, alias: str = "r") -> tuple[str, list[Any]]:
        """SQL condition over ``reports`` (as ``alias``) and its parameters; ``1`` when empty."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.agencies:
            clauses.append("(" + " or ".join(f"instr({alias}.agency, ?) > 0" for _ in self.agencies) + ")")
            params.extend(self.agencies)
        if self.region:
            upper = self.region[:-1] + chr(ord(self.region[-1]) + 1)
            clauses.append(f"{alias}.region_code >= ? and {alias}.region_code < ?")
            params.extend([self.region, upper])
        if self.level:
            clauses.append(f"{alias}.level = ?")
            params.append(self.level)
        if self.years:
            clauses.append(f"{alias}.report_year between ? and ?")
            params.extend(self.years)
        if self.report_scope is not None:
            clauses.append(f"coalesce({alias}.scope, '') = ?")
            params.append(self.report_scope)
        if self.status:
            clauses.append(f"{alias}.status = ?")
            params.append(self.status)
        return (" and ".join(clauses) or "1"), params
