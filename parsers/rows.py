"""Read any :class:`Table` (HTML grid or flattened text) as logical rows: labels, unit, values."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from parsers.model import Cell, Table
from parsers.numbers import is_missing, is_unit, normalize, parse_number


@dataclass
class Row:
    index: int
    labels: list[Cell] = field(default_factory=list)
    unit: Cell | None = None
    #: (cell, column index in the grid) for every value-like cell (numbers, blanks, missing tokens)
    values: list[tuple[Cell, int]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return "".join(normalize(c.text) for c in self.labels)

    @property
    def leaf(self) -> str:
        return normalize(self.labels[-1].text) if self.labels else ""

    @property
    def has_number(self) -> bool:
        return any(_kind(c.text) & _NUMBER for c, _ in self.values)


def is_value_cell(text: str) -> bool:
    return _kind(text) & _VALUE != 0


_VALUE, _NUMBER, _UNIT, _BLANK = 1, 2, 4, 8


@lru_cache(maxsize=16384)
def _kind(text: str) -> int:
    """Bit flags of one cell text (computed once per distinct text)."""
    blank = not text.strip()
    number = parse_number(text) is not None
    kind = _BLANK if blank else 0
    if blank or number or is_missing(text):
        kind |= _VALUE
    if number:
        kind |= _NUMBER
    if is_unit(text):
        kind |= _UNIT
    return kind


def read_rows(table: Table) -> list[Row]:
    rows: list[Row] = []
    for r, cells in enumerate(table.cells):
        row = Row(r)
        labels = row.labels
        values = row.values
        seen: set[tuple[int, int]] = set()
        in_values = False
        for c, cell in enumerate(cells):
            text = cell.text
            span = (cell.start, cell.end)
            if text and span in seen:
                continue  # a copy of a merged cell
            seen.add(span)
            kind = _kind(text)
            if not in_values and kind & _BLANK:
                if labels:
                    in_values = True
                    values.append((cell, c))
                continue
            if kind & _VALUE and (labels or kind & _NUMBER or in_values):
                in_values = True
                values.append((cell, c))
            elif kind & _UNIT and row.unit is None and not in_values:
                row.unit = cell
            elif kind & _UNIT and row.unit is None and in_values and all(not v.text for v, _ in values):
                row.unit = cell
                values.clear()
            elif not in_values:
                if not labels or normalize(labels[-1].text) != normalize(text):
                    labels.append(cell)
            else:
                # text after the values: keep it as a value so that positions stay aligned
                values.append((cell, c))
        rows.append(row)
    return rows
