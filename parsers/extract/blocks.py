"""Page content in reading order, before it goes into a DocumentBuilder (shared by PDF, OCR and OFD)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from parsers.extract.layout import Line, TableBlock, Word, blocks, group_lines
from parsers.extract.textutil import is_cjk, join_pieces
from parsers.model import DocumentBuilder

_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*(共\s*)?\d{1,4}\s*页?)?[-—–\s]*$")


@dataclass
class GridTable:
    grid: list[list[str]]
    confidence: list[list[float]] | None
    #: x positions of the column starts, for matching the halves of a table broken across pages
    col_edges: list[float]
    origin: str
    #: column -> rows covered by an empty merged cell at the top (a merged cell cut by a page break)
    open_top: dict[int, int] = field(default_factory=dict)
    #: columns whose last cell is a merged cell spanning rows (it may go on after a page break)
    merged_bottom: set[int] = field(default_factory=set)


@dataclass
class Page:
    items: list[str | GridTable] = field(default_factory=list)
    width: float = 0.0


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text))


def words_to_items(words: list[Word], *, origin: str, ocr: bool = False) -> list[tuple[float, str | GridTable]]:
    """Positioned words -> paragraphs and text-aligned tables in reading order, each with its top coordinate."""
    lines = _without_page_numbers(group_lines(words))
    items: list[tuple[float, str | GridTable]] = []
    text_lines: list[Line] = []
    left = min((w.x0 for w in words), default=0.0)
    right = max((w.x1 for w in words), default=0.0)
    for block in blocks(lines):
        if isinstance(block, TableBlock):
            items.extend(paragraphs(text_lines, left, right))
            text_lines = []
            conf = block.confidence if ocr else None
            items.append((block.top, GridTable(block.grid, conf, [x0 for x0, _ in block.columns], origin)))
        else:
            text_lines.append(block)
    items.extend(paragraphs(text_lines, left, right))
    return items


def _without_page_numbers(lines: list[Line]) -> list[Line]:
    """The page's lines without a page number in its header or footer (``- 3 -``, ``第3页``): the first or last line,
    set apart from the body by more than a line's gap.  A lone number anywhere else, or at the foot of the body
    with the usual line spacing, is content: a table cell on a line of its own, as tables pasted one cell per
    line have them (the page simply ends inside the table)."""
    if len(lines) >= 2 and is_page_number(lines[-1].text) and _apart(lines[-2], lines[-1]):
        lines = lines[:-1]
    if len(lines) >= 2 and is_page_number(lines[0].text) and _apart(lines[0], lines[1]):
        lines = lines[1:]
    if len(lines) == 1 and is_page_number(lines[0].text):
        return []  # a page holding only its number
    return lines


def _apart(upper: Line, lower: Line) -> bool:
    """More than two line heights of white space between two lines (body text and the page's footer)."""
    height = max(1.0, upper.bottom - upper.top, lower.bottom - lower.top)
    return lower.top - upper.bottom > 2 * height


def paragraphs(lines: list[Line], left: float, right: float) -> list[tuple[float, str]]:
    """Re-join lines wrapped at the right margin into paragraphs (with their top)."""
    out: list[tuple[float, str]] = []
    current = ""
    current_top = 0.0
    prev: Line | None = None
    for line in lines:
        text = line.text
        height = max(1.0, line.bottom - line.top)
        indented = line.words[0].x0 > left + 1.5 * height
        continues = (
            prev is not None
            and current
            and prev.words[-1].x1 >= right - 2.5 * height
            and not indented
            and line.top - prev.bottom < 1.2 * height
        )
        if continues:
            current = join_pieces([current, text])
        else:
            if current:
                out.append((current_top, current))
            current, current_top = text, line.top
        prev = line
    if current:
        out.append((current_top, current))
    return out


def join_across_pages(pages: list[Page]) -> list[str | GridTable]:
    """Flatten pages; a table ending page N and one starting page N+1 with matching columns become one.

    A repeated header row is dropped, and a merged cell cut by the page break (empty at the top of the
    continuation) takes the text of the cell above it.
    """
    out: list[str | GridTable] = []
    for page in pages:
        items = list(page.items)
        if items and out and isinstance(items[0], GridTable) and isinstance(out[-1], GridTable):
            tail, head = out[-1], items[0]
            mapping = _column_map(tail, head, page.width)
            if mapping is not None:
                out[-1] = _join(tail, head, mapping)
                items = items[1:]
        out.extend(items)
    return out


def _column_map(tail: GridTable, head: GridTable, width: float) -> list[int] | None:
    """Tail column of every head column (matched by x position), or None when the tables do not line up."""
    if not tail.grid or not head.grid or len(head.col_edges) > len(tail.col_edges):
        return None
    if len(head.col_edges) != len(head.grid[0]) or len(tail.col_edges) != len(tail.grid[0]):
        return None
    tolerance = max(6.0, 0.03 * width)
    mapping: list[int] = []
    for x in head.col_edges:
        best = min(range(len(tail.col_edges)), key=lambda i: abs(tail.col_edges[i] - x))
        if abs(tail.col_edges[best] - x) > tolerance or (mapping and best <= mapping[-1]):
            return None
        mapping.append(best)
    return mapping


def _join(tail: GridTable, head: GridTable, mapping: list[int]) -> GridTable:
    width = len(tail.grid[0])
    rows: list[list[str]] = []
    confs: list[list[float]] = []
    for r, row in enumerate(head.grid):
        new_row = [""] * width
        new_conf = [1.0] * width
        for c, value in enumerate(row):
            new_row[mapping[c]] = value
            if head.confidence is not None:
                new_conf[mapping[c]] = head.confidence[r][c]
        rows.append(new_row)
        confs.append(new_conf)
    if rows and rows[0] == tail.grid[0]:  # header repeated on the new page
        rows, confs = rows[1:], confs[1:]
    else:
        for c, span in head.open_top.items():
            target = mapping[c] if c < len(mapping) else None
            if target is None or target not in tail.merged_bottom:
                continue
            for r in range(min(span, len(rows))):
                if not rows[r][target]:
                    rows[r][target] = tail.grid[-1][target]
    conf = None
    if tail.confidence is not None or head.confidence is not None:
        conf = (tail.confidence or [[1.0] * width for _ in tail.grid]) + confs
    return GridTable(tail.grid + rows, conf, tail.col_edges, tail.origin, merged_bottom=head.merged_bottom)


def guess_title(items: Sequence[str | GridTable], declared: str = "") -> str:
    """The report title: the file's declared title if it reads like one, else an early short line naming a report."""
    if declared and any(is_cjk(ch) for ch in declared) and len(declared) <= 80:
        return declared.strip()
    for item in items[:4]:
        if isinstance(item, str) and len(item) <= 80 and ("报告" in item or "年度" in item):
            return item.strip()
    return ""


def build_items(builder: DocumentBuilder, items: list[str | GridTable], *, declared_title: str = "") -> None:
    if not builder.title:
        builder.title = guess_title(items, declared_title)
    for item in items:
        if isinstance(item, GridTable):
            if item.grid:
                builder.add_table(item.grid, origin=item.origin, confidence=item.confidence)
        else:
            builder.add_paragraph(item)
