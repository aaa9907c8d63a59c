"""Table 二 (主动公开政府信息情况) pasted as text: ``|`` rows or one cell per line, with headers often broken
(``本年新 | 本年新``, ``本年新\\n制作数量``, ``现行有效件``).

The template's layout is fixed, so the reader goes by row labels, not by headers: after a ``第二十条第（…）项``
caption, each known row label (规章, 行政规范性文件, 行政许可 …) is followed by the cells of its row, as many as the
format (2019 or 2021) has columns for that row.  Which format: the header words if any survive, else the report year.
"""

from __future__ import annotations

import re

from parsers.evidence import cell_observation
from parsers.model import Cell, Table
from parsers.modern_tables import table_two_row
from parsers.numbers import Number, is_missing, normalize, parse_number
from parsers.report import Observation
from parsers.simplify import Reading, reading
from parsers.text import cells_between

#: the first caption (its item number is sometimes lost: 第二十条第), or the header of its first block
_START = re.compile(r"第二十条第(?:[（(]?[一1][)）]?项)?|信息内容[\s|]*本年(?:新制作|制发)")
#: a label whose cells are glued to it without separators (规章000): one digit per column
_TRAILING_REMARK = re.compile(r"\s*[（(][^\d]*$")
_GLUED = re.compile(r"^(\D+?)(\d+)$")
_END = re.compile(r"^\s*(?:三|四|五)、|收到和处理政府信息公开申请|本列数据的勾稽关系")
#: the columns of each row of table 二, by format (report-formats.md §2.2, §3.2)
_COLUMNS = {
    "2019": {
        "rules": ("made", "published", "published_total"),
        "normative_docs": ("made", "published", "published_total"),
        "licensing": ("prev_items", "change", "decisions"),
        "other_services": ("prev_items", "change", "decisions"),
        "penalty": ("prev_items", "change", "decisions"),
        "coercion": ("prev_items", "change", "decisions"),
        "admin_fees": ("prev_items", "change"),
        "procurement": ("projects", "amount"),
    },
    "2021": {
        "rules": ("issued", "repealed", "in_force"),
        "normative_docs": ("issued", "repealed", "in_force"),
        "licensing": ("decisions",),
        "penalty": ("decisions",),
        "coercion": ("decisions",),
        "admin_fees": ("amount",),
    },
}
_WORDS_2021 = ("本年制发件数", "本年废止件数", "现行有效", "本年收费金额", "本年处理决定数量")
_WORDS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "采购项目数量", "本年增")


def _format(block: str, year: int | None) -> str:
    flat = normalize(block)
    if any(w in flat for w in _WORDS_2021):
        return "2021"
    if any(w in flat for w in _WORDS_2019):
        return "2019"
    return "2021" if (year or 0) >= 2021 else "2019"


def _original(text: str, view: Reading, cell: Cell) -> Cell:
    """The cell as the original text has it (a pinyin gloss inside it, 規(guī)章, stays in its text)."""
    start, end = view.original(cell.start), view.original(cell.end - 1) + 1
    return Cell(text[start:end], start, end)


def _cell_number(text: str) -> Number | None:
    """A cell's number, also with a remark after it in brackets (13000000(预算金额))."""
    return parse_number(text) or parse_number(_TRAILING_REMARK.sub("", text))


def _glued_cells(cell: Cell, width: int) -> list[Cell]:
    """The one-digit cells glued to a label (规章000 in a row of three), or none when the digits are not exactly
    one per column (规章1225 could be 1|2|25 or 12|2|5: never guessed)."""
    digits = re.search(r"\d+$", cell.text)
    if digits is None or len(digits.group(0)) != width:
        return []
    at = cell.start + digits.start()
    return [Cell(d, at + k, at + k + 1) for k, d in enumerate(digits.group(0))]


def read_text_table2(text: str, skip: list[tuple[int, int]], year: int | None, index: int) -> list[Observation]:
    """Observations of a table 二 written as text (outside the ``skip`` spans of real tables)."""
    view = reading(text)
    reading_text = view.text
    start = _START.search(reading_text)
    if start is None or any(a <= start.start() < b for a, b in skip):
        return []
    end = len(reading_text)
    for line in re.finditer(r"[^\n]+", reading_text[start.end() :]):
        if _END.search(line.group(0)):
            end = start.end() + line.start()
            break
    fmt = _format(reading_text[start.start() : end], year)
    columns = _COLUMNS[fmt]
    cells = cells_between(reading_text, start.start(), end)
    originals = [_original(text, view, c) for c in cells]
    rows: list[list[Cell]] = []
    table = Table(cells=rows, index=index, caption="table 二 (text)", origin="text")
    out: list[Observation] = []
    i = 0
    while i < len(cells):
        label = normalize(cells[i].text)
        prefix = table_two_row(label)
        glued = _GLUED.match(label) if prefix is None else None
        if glued:
            prefix = table_two_row(glued.group(1))
        if prefix is None or prefix not in columns:
            i += 1
            continue
        wanted = columns[prefix]
        values: list[Cell] = []
        j = i + 1
        if glued:
            values = _glued_cells(originals[i], len(wanted))
            if not values:
                i += 1
                continue
            originals[i] = Cell(originals[i].text[: len(originals[i].text) - len(values)], originals[i].start,
                                originals[i].end - len(values))  # fmt: skip
        while j < len(cells) and len(values) < len(wanted):
            t = cells[j].text
            if _cell_number(t) is None and not is_missing(t):
                break
            values.append(originals[j])
            j += 1
        rows.append([originals[i], *values])
        for col, (suffix, cell) in enumerate(zip(wanted, values, strict=False), start=1):
            number = _cell_number(cell.text)
            if number is None:
                continue
            key = f"{prefix}.{suffix}"
            unit_hint = "万元" if key == "admin_fees.amount" else None
            out.append(
                cell_observation(
                    text, table, len(rows) - 1, col, cell, number, key, unit_hint=unit_hint, label=originals[i].text
                )
            )
        i = j
    return out
