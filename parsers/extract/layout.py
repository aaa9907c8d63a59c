"""Rebuild lines, paragraphs and tables from positioned words (PDF text without rules, OCR, OFD).

Input is a list of :class:`Word` boxes in reading coordinates (``top`` grows downwards).  Lines are words whose
vertical centres overlap; a line is a *table row candidate* when it breaks into two or more segments separated by
a gap wider than about one character; three or more candidate lines close together form a table.  Column
intervals come from the rows with the most segments; labels wrapped onto a line of their own are joined to the
row they belong to (the nearer one vertically).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from parsers.extract.textutil import join_pieces


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float = 1.0

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class Segment:
    words: list[Word]

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def text(self) -> str:
        return join_pieces([w.text for w in self.words])

    @property
    def conf(self) -> float:
        return min(w.conf for w in self.words)


@dataclass
class Line:
    words: list[Word] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments) if len(self.segments) > 1 else self.segments[0].text


@dataclass
class TableBlock:
    grid: list[list[str]]
    confidence: list[list[float]]
    top: float
    bottom: float
    x0: float
    x1: float
    columns: list[tuple[float, float]] = field(default_factory=list)


Block = Line | TableBlock


def group_lines(words: list[Word], gap_factor: float = 1.2) -> list[Line]:
    """Words -> lines (top to bottom), each split into segments at gaps wider than ``gap_factor`` x height."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        centre = (word.top + word.bottom) / 2
        if lines and lines[-1].top <= centre <= lines[-1].bottom:
            lines[-1].words.append(word)
        else:
            lines.append(Line(words=[word]))
    heights = [w.height for w in words if w.height > 0]
    unit = statistics.median(heights) if heights else 10.0
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
        segments: list[Segment] = []
        for word in line.words:
            if segments and word.x0 - segments[-1].x1 <= gap_factor * unit:
                segments[-1].words.append(word)
            else:
                segments.append(Segment(words=[word]))
        line.segments = segments
    return lines


def blocks(lines: list[Line], min_rows: int = 3) -> list[Block]:
    """Split lines into plain text lines and tables (runs of >= ``min_rows`` multi-segment lines)."""
    out: list[Block] = []
    i = 0
    while i < len(lines):
        end = _region_end(lines, i)
        candidates = sum(1 for line in lines[i:end] if len(line.segments) >= 2)
        if end > i and candidates >= min_rows:
            table = _table(lines[i:end])
            if table is not None:
                out.append(table)
                i = end
                continue
        out.append(lines[i])
        i += 1
    return out


def _region_end(lines: list[Line], start: int) -> int:
    """End (exclusive) of the table region starting at ``start`` (0 length if the line is no row candidate)."""
    if len(lines[start].segments) < 2:
        return start
    end = start + 1
    single_run = 0
    heights = [line.bottom - line.top for line in lines]
    unit = statistics.median(heights) if heights else 10.0
    while end < len(lines):
        gap = lines[end].top - lines[end - 1].bottom
        if gap > 2.5 * unit:
            break
        if len(lines[end].segments) >= 2:
            single_run = 0
        else:
            single_run += 1
            if single_run > 2:
                break
        end += 1
    while end > start and len(lines[end - 1].segments) < 2:  # a table ends on a row candidate
        end -= 1
    return end


def _table(lines: list[Line]) -> TableBlock | None:
    multi = [line for line in lines if len(line.segments) >= 2]
    width = max(len(line.segments) for line in multi)
    widest = [line for line in multi if len(line.segments) == width]
    columns = [
        (min(line.segments[c].x0 for line in widest), max(line.segments[c].x1 for line in widest)) for c in range(width)
    ]
    rows: list[list[list[Segment]]] = []
    for line in lines:
        cells: list[list[Segment]] = [[] for _ in range(width)]
        for segment in line.segments:
            cells[_column_of(segment, columns)].append(segment)
        rows.append(cells)
    merged_rows, merged_lines = _merge_wrapped(rows, lines)
    if len(merged_rows) < 2:
        return None
    grid = [[join_pieces([s.text for s in cell]) for cell in row] for row in merged_rows]
    conf = [[min((s.conf for s in cell), default=1.0) for cell in row] for row in merged_rows]
    return TableBlock(
        grid=grid,
        confidence=conf,
        top=merged_lines[0].top,
        bottom=merged_lines[-1].bottom,
        x0=min(c[0] for c in columns),
        x1=max(c[1] for c in columns),
        columns=columns,
    )


def _column_of(segment: Segment, columns: list[tuple[float, float]]) -> int:
    best, best_score = 0, float("-inf")
    for c, (x0, x1) in enumerate(columns):
        overlap = min(x1, segment.x1) - max(x0, segment.x0)
        if overlap <= 0:
            overlap = -min(abs(segment.x0 - x1), abs(x0 - segment.x1))
        if overlap > best_score:
            best, best_score = c, overlap
    return best


def _merge_wrapped(rows: list[list[list[Segment]]], lines: list[Line]) -> tuple[list[list[list[Segment]]], list[Line]]:
    """Join a line holding only a first-column fragment to the nearer neighbouring row (a wrapped label)."""
    rows = [list(r) for r in rows]
    lines = list(lines)
    i = 0
    while i < len(rows):
        row = rows[i]
        only_label = bool(row[0]) and not any(row[1:])
        if not only_label or len(rows) == 1:
            i += 1
            continue
        gap_prev = lines[i].top - lines[i - 1].bottom if i > 0 else float("inf")
        gap_next = lines[i + 1].top - lines[i].bottom if i + 1 < len(rows) else float("inf")
        if gap_prev < 0.7 * gap_next and i > 0:
            rows[i - 1][0] = rows[i - 1][0] + row[0]
            del rows[i], lines[i]
        elif gap_next < 0.7 * gap_prev and i + 1 < len(rows):
            rows[i + 1][0] = row[0] + rows[i + 1][0]
            lines[i + 1] = Line(words=lines[i].words + lines[i + 1].words, segments=lines[i + 1].segments)
            del rows[i], lines[i]
        else:
            i += 1
    return rows, lines
