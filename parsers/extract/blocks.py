"""Page content in reading order, before it goes into a DocumentBuilder (shared by PDF, OCR and OFD)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.extract.layout import Line, TableBlock, Word, blocks, group_lines
from parsers.extract.textutil import join_pieces
from parsers.model import DocumentBuilder

_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*(共\s*)?\d{1,4}\s*页?)?[-—–\s]*$")


@dataclass
class GridTable:
    grid: list[list[str]]
    confidence: list[list[float]] | None
    #: x positions of the column starts, for matching the halves of a table broken across pages
    col_edges: list[float]
    origin: str


@dataclass
class Page:
    items: list[str | GridTable] = field(default_factory=list)
    width: float = 0.0


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text))


def words_to_items(words: list[Word], *, origin: str, ocr: bool = False) -> list[tuple[float, str | GridTable]]:
    """Positioned words -> paragraphs and text-aligned tables in reading order, each with its top coordinate."""
    lines = group_lines(words)
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


def paragraphs(lines: list[Line], left: float, right: float) -> list[tuple[float, str]]:
    """Re-join lines wrapped at the right margin into paragraphs (with their top); page numbers are dropped."""
    out: list[tuple[float, str]] = []
    current = ""
    current_top = 0.0
    prev: Line | None = None
    for line in lines:
        text = line.text
        if is_page_number(text):
            continue
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
    """Flatten pages; a table ending page N and one starting page N+1 with the same columns become one."""
    out: list[str | GridTable] = []
    for page in pages:
        items = list(page.items)
        if items and out and isinstance(items[0], GridTable) and isinstance(out[-1], GridTable):
            tail, head = out[-1], items[0]
            if _same_columns(tail, head, page.width):
                rows = head.grid[1:] if head.grid and tail.grid and head.grid[0] == tail.grid[0] else head.grid
                conf = None
                if tail.confidence is not None or head.confidence is not None:
                    tconf = tail.confidence or [[1.0] * len(r) for r in tail.grid]
                    hconf = head.confidence or [[1.0] * len(r) for r in head.grid]
                    conf = tconf + (hconf[1:] if len(rows) < len(head.grid) else hconf)
                out[-1] = GridTable(tail.grid + rows, conf, tail.col_edges, tail.origin)
                items = items[1:]
        out.extend(items)
    return out


def _same_columns(a: GridTable, b: GridTable, width: float) -> bool:
    if not a.grid or not b.grid or len(a.grid[0]) != len(b.grid[0]):
        return False
    if len(a.col_edges) != len(b.col_edges):
        return False
    tolerance = max(6.0, 0.03 * width)
    return all(abs(x - y) <= tolerance for x, y in zip(a.col_edges, b.col_edges, strict=True))


def build_items(builder: DocumentBuilder, items: list[str | GridTable]) -> None:
    for item in items:
        if isinstance(item, GridTable):
            if item.grid:
                builder.add_table(item.grid, origin=item.origin, confidence=item.confidence)
        else:
            builder.add_paragraph(item)
