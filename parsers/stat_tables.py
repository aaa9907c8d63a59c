"""Label/value statistics tables: the 2014-2018 national table and the 2008-2013 provincial tables."""

from __future__ import annotations

import re

from parsers.catalog import EXTRA_PREFIX
from parsers.evidence import cell_observation
from parsers.labels import clean_label, match_stat_label, section_of
from parsers.model import Cell, Table
from parsers.numbers import normalize, parse_number
from parsers.report import Observation
from parsers.rows import Row, read_rows
from parsers.text import HEADER_START, HEADER_WORDS

_UNIT_HEAD = re.compile(r"^(计量)?单位$")
_NUMBERED = re.compile(r"^[(（][一二三四五六七八九十\d]{1,3}[)）]")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_YEAR_LABEL = re.compile(r"((?:19|20)\d{2})年(度|发生数)?")


def _is_continuation(text: str) -> bool:
    t = normalize(text)
    return t.startswith(("(", "（")) and not _NUMBERED.match(t)


def _main_label(row: Row) -> Cell | None:
    for cell in reversed(row.labels):
        if not _is_continuation(cell.text):
            return cell
    return row.labels[-1] if row.labels else None


def _scope(name: str) -> str | None:
    """Scope of a value column from its header; None for columns to skip (shares in %)."""
    if "占比" in name or "%" in name:
        return None
    if "累计" in name or "历年" in name:
        return "cumulative"
    return "year"


def read_stat_table(table: Table, text: str) -> list[Observation]:
    out: list[Observation] = []
    names: list[str] = ["value"]
    cols: list[int] | None = None
    unit_col = False
    section: str | None = section_of(normalize(table.caption), None)
    for row in read_rows(table):
        if not row.labels:
            continue
        first = normalize(row.labels[0].text)
        if HEADER_START.match(first) or (HEADER_WORDS.match(first) and not row.values):
            heads = [normalize(c.text) for c in row.labels[1:]]
            unit_col = any(_UNIT_HEAD.match(h) for h in heads)
            names = [h for h in heads if not _UNIT_HEAD.match(h) and h not in ("代码",)] or ["value"]
            grid_cols = [i for i, c in enumerate(table.cells[row.index]) if c in row.labels[1:]]
            cols = None
            if table.origin != "text" and len(grid_cols) == len(heads):
                cols = [c for c, h in zip(grid_cols, heads, strict=True) if not _UNIT_HEAD.match(h) and h != "代码"]
            if first.startswith("申请来源"):
                section = "source"
            continue
        section = section_of(row.label, section)
        main = _main_label(row)
        if main is None or not row.has_number:
            continue
        cleaned = clean_label(main.text)
        key = match_stat_label(cleaned, section)
        if key is None:
            key = EXTRA_PREFIX + cleaned
        values = list(row.values)
        while len(values) > len(names) and values and not values[-1][0].text:
            values.pop()
        if unit_col and row.unit is None and len(values) == len(names) + 1:
            values = values[1:]
        unit_hint = normalize(row.unit.text) if row.unit is not None else None
        for i, (cell, col) in enumerate(values):
            number = parse_number(cell.text)
            if number is None:
                continue
            if cols is not None and col in cols:
                name = names[cols.index(col)] if len(cols) == len(names) else names[min(i, len(names) - 1)]
            elif i < len(names):
                name = names[i]
            else:
                continue
            scope = _scope(name)
            if scope is None:
                continue
            out.append(
                cell_observation(
                    text, table, row.index, col, cell, number, key, scope=scope, unit_hint=unit_hint, label=main.text
                )
            )
    return out


def table_year_labels(table: Table) -> list[int]:
    """Years written in a table's caption or header (``(2016年度)``, ``2012年发生数``)."""
    years = [int(y) for y in _YEAR.findall(normalize(table.caption))]
    for row in table.cells[:3]:
        for cell in row:
            text = cell.text
            if "年" not in text and "\uf98e" not in text:  # U+F98E: compatibility form of 年
                continue
            m = _YEAR_LABEL.fullmatch(normalize(text))
            if m:
                years.append(int(m.group(1)))
    return years
