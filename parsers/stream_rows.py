"""Table 三/四 rows flattened into a bare stream of numbers (PDF text): ``（一）予以公开 5 0 0 1 0 0 6``.

When text outside any table holds a table 三 row label followed by *exactly* seven value tokens (the seven
applicant columns in template order), or — after table 四's header words — exactly fifteen, the tokens are read
positionally into a synthetic :class:`Table` (origin ``stream``) whose cells point at the tokens in
``Document.text``; the usual table readers then turn it into observations.  A value token is a number or an explicit
missing mark (``—``, ``/``, ``无`` …: it holds its column and stays missing).  With any other count the row is
not read at all — a dropped blank cell would shift every following value into the wrong column — and an
``X-STREAM`` check (uncertain) says so; the identities using that row become uncertain as its values are missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.labels import clean_label
from parsers.model import Cell, Table
from parsers.modern_tables import T3_GROUPS, t3_row_key
from parsers.numbers import is_missing, parse_number
from parsers.report import Check

T3_WIDTH = 7
T4_WIDTH = 15
ORIGIN = "stream"

_TOKEN = re.compile(r"\S+")
#: where table 三 starts: its header words, or (a page of a report whose table began on the page before) the
#: last row's own label with its seven numbers
_T3_START = re.compile(r"申请人情况|自然人|本年新收|收到和处理政府信息公开申请|结转下年度继续办理(?:\s*\|?\s*\d+){7}")
#: table 四's column header words (its section heading alone is not enough: older reports have the same heading)
_T4_START = re.compile(r"复议后起诉|未经复议直接起诉")
#: page furniture of PDF text between rows: "- 3 -", "第3页", "第3页 共8页", "3/8"
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
#: a section heading that ends the stream (四、结转下年度继续办理 is a table 三 row, not a heading)
_SECTION = re.compile(r"^\s*[四五六七八九十]、")


@dataclass
class StreamTables:
    """Synthetic tables found in the text, with their kinds, and the rows that could not be read."""

    tables: list[tuple[str, Table]] = field(default_factory=list)  # ("t3" | "t4", table)
    checks: list[Check] = field(default_factory=list)


def _is_value(token: str) -> bool:
    return parse_number(token) is not None or is_missing(token)


def _cells(line: str, offset: int) -> tuple[list[Cell], list[Cell]]:
    """(label tokens, trailing value tokens) of one line, as cells located in the text."""
    tokens = [Cell(m.group(), offset + m.start(), offset + m.end()) for m in _TOKEN.finditer(line)]
    i = len(tokens)
    while i > 0 and _is_value(tokens[i - 1].text):
        i -= 1
    return tokens[:i], tokens[i:]


def _group_of(label: str, group: str | None) -> str | None:
    for word, g in T3_GROUPS:
        if label == word or label.startswith(word):
            return g
    return group


def _t3_row(labels: list[Cell], group: str | None, text: str) -> tuple[list[Cell], str | None, str | None]:
    """(label cells for the synthetic row, indicator key or None, group after these labels).

    The leaf label may have been wrapped into several tokens: the shortest run of trailing tokens whose joined
    text is a table 三 row label wins; the tokens before it stay separate label cells (group labels).
    """
    for c in labels:
        group = _group_of(clean_label(c.text), group)
    for k in range(1, len(labels) + 1):
        leaf = Cell(text[labels[-k].start : labels[-1].end], labels[-k].start, labels[-1].end)
        key = t3_row_key(clean_label(leaf.text), group)
        if key is not None:
            return [*labels[:-k], leaf], key, group
    return labels, None, group


def find_stream_tables(
    text: str, skip: list[tuple[int, int]], first_index: int, *, want_t3: bool, want_t4: bool
) -> StreamTables:
    """Scan the lines of ``text`` outside ``skip`` (existing tables) for flattened table 三/四 rows."""
    found = StreamTables()
    if not ((want_t3 and _T3_START.search(text)) or (want_t4 and _T4_START.search(text))):
        return found
    t3_rows: list[list[Cell]] = []
    t4_tokens: list[Cell] = []
    t4_rows: list[list[Cell]] = []
    context: str | None = None
    group: str | None = None
    pending: list[Cell] = []  # label tokens of lines without values, waiting for a line of numbers
    offset = 0
    for line in text.split("\n"):
        start = offset
        offset += len(line) + 1
        if any(a <= start < b for a, b in skip) or not line.strip() or _PAGE_NUMBER.match(line):
            continue
        if _T4_START.search(line):
            context, pending = "t4", []
        elif _T3_START.search(line) and context != "t4":
            context = "t3"
        elif _SECTION.match(line) and "结转" not in line:
            context, pending = None, []
        if context is None:
            continue
        labels, values = _cells(line, start)
        if context == "t4" and want_t4:
            if values and not labels:
                t4_tokens += values
                continue
            if values and len(values) == T4_WIDTH:
                t4_rows.append(values)
            if t4_tokens:
                _close_t4(t4_tokens, t4_rows, found)
                t4_tokens = []
            continue
        if context != "t3" or not want_t3:
            continue
        if not values:
            pending = (pending + labels)[-8:]
            for c in labels:
                group = _group_of(clean_label(c.text), group)
            t3_rows.append(labels)  # a label row without numbers: keeps group context for the reader
            continue
        row_labels = labels or pending
        if not labels and pending and t3_rows and t3_rows[-1] == pending[-len(t3_rows[-1]) :]:
            t3_rows.pop()  # the label line becomes the label of this row of numbers
        pending = []
        cells, key, group = _t3_row(row_labels, group, text)
        if key is None:
            continue
        if len(values) == T3_WIDTH:
            t3_rows.append(cells + values)
        else:
            found.checks.append(_rejected("table 三", cells, values, T3_WIDTH, key))
    if t4_tokens:
        _close_t4(t4_tokens, t4_rows, found)
    index = first_index
    t3_rows = _from_first_values(t3_rows)
    if any(_has_values(r) for r in t3_rows):
        found.tables.append(("t3", Table(cells=t3_rows, index=index, origin=ORIGIN)))
        index += 1
    for row in t4_rows:
        found.tables.append(("t4", Table(cells=[row], index=index, origin=ORIGIN)))
        index += 1
    return found


#: label-only lines kept before the first row of numbers: the group headings (三、本年度办理结果 / （三）不予公开)
_LEAD_LABELS = 3


def _has_values(row: list[Cell]) -> bool:
    """A row of table 三: a label, then the seven applicant columns' numbers (not a long line of label words)."""
    return len(row) > T3_WIDTH and all(_is_value(c.text) for c in row[-T3_WIDTH:])


def _from_first_values(rows: list[list[Cell]]) -> list[list[Cell]]:
    """The rows from a few label lines before the first row of numbers: a table 三 word in the report's opening
    (本报告由…收到和处理政府信息公开申请情况…组成) must not make the prose after it part of the table."""
    first = next((i for i, row in enumerate(rows) if _has_values(row)), None)
    if first is None:
        return rows
    return rows[max(0, first - _LEAD_LABELS) :]


def _close_t4(tokens: list[Cell], rows: list[list[Cell]], found: StreamTables) -> None:
    if len(tokens) == T4_WIDTH:
        rows.append(list(tokens))
    elif any(parse_number(c.text) is not None for c in tokens):
        found.checks.append(_rejected("table 四", [], tokens, T4_WIDTH, "review/litigation"))


def _rejected(table: str, labels: list[Cell], values: list[Cell], width: int, key: str) -> Check:
    label = " ".join(c.text for c in labels)
    detail = (
        f"{table} row {label or key}: {len(values)} value tokens where {width} are expected; "
        "not read (a dropped blank would shift the columns)"
    )
    operand = {
        "indicator": key,
        "label": label,
        "raw": " ".join(c.text for c in values),
        "start": values[0].start,
        "count": len(values),
        "expected": width,
    }
    return Check("X-STREAM", "uncertain", detail, [operand])
