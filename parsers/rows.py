"""Read any :class:`Table` (HTML grid or flattened text) as logical rows: labels, unit, values."""

from __future__ import annotations

from dataclasses import dataclass, field

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
        return any(parse_number(c.text) is not None for c, _ in self.values)


def is_value_cell(text: str) -> bool:
    return not text.strip() or is_missing(text) or parse_number(text) is not None


def read_rows(table: Table) -> list[Row]:
    rows: list[Row] = []
    for r, cells in enumerate(table.cells):
        row = Row(r)
        seen: set[tuple[int, int]] = set()
        in_values = False
        for c, cell in enumerate(cells):
            span = (cell.start, cell.end)
            if cell.text and span in seen:
                continue  # a copy of a merged cell
            seen.add(span)
            text = cell.text
            if not in_values and not text.strip():
                if row.labels:
                    in_values = True
                    row.values.append((cell, c))
                continue
            if is_value_cell(text) and (row.labels or parse_number(text) is not None or in_values):
                in_values = True
                row.values.append((cell, c))
            elif is_unit(text) and row.unit is None and not in_values:
                row.unit = cell
            elif is_unit(text) and row.unit is None and in_values and all(not v.text for v, _ in row.values):
                row.unit = cell
                row.values.clear()
            elif not in_values:
                if not row.labels or normalize(row.labels[-1].text) != normalize(text):
                    row.labels.append(cell)
            else:
                # text after the values: keep it as a value so that positions stay aligned
                row.values.append((cell, c))
        rows.append(row)
    return rows
