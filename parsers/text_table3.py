"""Table 三 (收到和处理政府信息公开申请情况) pasted as text, one cell per line or ``|`` cells, whatever the
separators (lone ``|`` lines, blank lines, no-break spaces) and however the header was broken.

By row labels: each label of the template (一、本年新收…, （一）予以公开, 1.属于国家秘密 …) followed by exactly
seven numbers is a row, read in the template's column order 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 |
其他 | 总计.  A row with fewer numbers (blank cells dropped) is not read: which column a number belongs to is unknown.
"""

from __future__ import annotations

import re

from parsers.evidence import cell_observation
from parsers.labels import clean_label
from parsers.model import Cell, Table
from parsers.modern_tables import T3_GROUPS, t3_row_key
from parsers.numbers import normalize, parse_number
from parsers.report import APPLICANTS, Observation
from parsers.simplify import cell_reading, reading
from parsers.text import cells_between

_START = re.compile(r"本年新收政府信息公开申请数量|本年新收")
_END = re.compile(r"四、(?:政府信息公开)?(?:行政复议|因政府信息公开)|行政复议\s*[|\n]")
_ROW_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．、])")


def read_text_table3(text: str, skip: list[tuple[int, int]], index: int) -> list[Observation]:
    view = reading(text)  # labels are matched in simplified script, without pinyin glosses
    start = _START.search(view.text)
    if start is None or any(a <= view.original(start.start()) < b for a, b in skip):
        return []
    first = view.original(start.start())
    line_start = text.rfind("\n", 0, first) + 1
    end_match = _END.search(view.text, start.end())
    end = view.original(end_match.start()) if end_match else len(text)
    cells = cells_between(text, line_start, end)
    out: list[Observation] = []
    rows: list[list[Cell]] = []
    table = Table(cells=rows, index=index, caption="table 三 (text)", origin="text")
    group: str | None = None
    i = 0
    while i < len(cells):
        label_cell = cells[i]
        if parse_number(label_cell.text) is not None:
            i += 1
            continue
        label_text = cell_reading(label_cell.text)
        leaf = clean_label(label_text)
        numbers: list[Cell] = []
        j = i + 1
        while j < len(cells) and parse_number(cells[j].text) is not None and len(numbers) < len(APPLICANTS):
            numbers.append(cells[j])
            j += 1
        named_group = next((g for word, g in T3_GROUPS if word in normalize(label_text)), None)
        if named_group and not numbers:
            group = named_group
        if _ROW_NUMBERING.match(normalize(label_text)) and re.match(r"^[（(]", normalize(label_text)):
            group = named_group  # a new （N） row leaves the previous group
        key = t3_row_key(leaf, group)
        if (
            key is not None
            and len(numbers) == len(APPLICANTS)
            and (j >= len(cells) or parse_number(cells[j].text) is None)
        ):
            rows.append([label_cell, *numbers])
            for col, (applicant, cell) in enumerate(zip(APPLICANTS, numbers, strict=False), start=1):
                number = parse_number(cell.text)
                if number is not None:
                    out.append(
                        cell_observation(
                            text,
                            table,
                            len(rows) - 1,
                            col,
                            cell,
                            number,
                            key,
                            applicant=applicant,
                            label=label_cell.text,
                        )
                    )
        i = j if j > i + 1 else i + 1
    return out
