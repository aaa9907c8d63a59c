"""Table rules in a binarised image: find them, erase them, and derive merged cells from the missing ones.

Pillow only: row/column ink profiles come from resizing a crop to one pixel high or wide (box filter).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageOps

DARK = 160  # grey level below which a pixel counts as ink
LINE_FILL = 0.5  # a row/column at least this dark across the table is a rule


@dataclass
class Grid:
    h_runs: list[tuple[int, int]]  # (first, last) y of each horizontal rule, top to bottom
    v_runs: list[tuple[int, int]]  # (first, last) x of each vertical rule, left to right

    @property
    def rows(self) -> list[int]:
        return [(a + b) // 2 for a, b in self.h_runs]

    @property
    def cols(self) -> list[int]:
        return [(a + b) // 2 for a, b in self.v_runs]


def text_height(binary: Image.Image) -> float:
    """Median height of the text lines (runs of inked pixel rows, rules excluded), 0 if there is no text."""
    box = ImageOps.invert(binary).getbbox()
    if box is None:
        return 0.0
    rows = profile(binary, box, "y")
    heights = [b - a + 1 for a, b in runs([v if v < LINE_FILL else 0.0 for v in rows], 0.004, 0)]
    heights = [h for h in heights if h >= 4]
    return float(statistics.median(heights)) if heights else 0.0


def profile(binary: Image.Image, box: tuple[int, int, int, int], axis: str) -> list[float]:
    """Ink fraction of every row (axis 'y') or column (axis 'x') inside ``box``."""
    region = ImageOps.invert(binary.crop(box))
    width, height = region.size
    size = (1, height) if axis == "y" else (width, 1)
    small = region.resize(size, Image.Resampling.BOX)
    return [value / 255.0 for value in small.tobytes()]


def runs(values: list[float], threshold: float, offset: int) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i, v in enumerate(values):
        if v >= threshold:
            if runs and runs[-1][1] == offset + i - 1:
                runs[-1] = (runs[-1][0], offset + i)
            else:
                runs.append((offset + i, offset + i))
    return runs


def find_grid(binary: Image.Image) -> Grid | None:
    """Horizontal and vertical rules of the (largest) table, or None when the image has no ruled table."""
    bbox = ImageOps.invert(binary).getbbox()
    if bbox is None:
        return None
    left, top, right, bottom = bbox
    h_runs = runs(profile(binary, (left, top, right, bottom), "y"), LINE_FILL, top)
    if len(h_runs) < 2:
        return None
    t_top, t_bottom = h_runs[0][0], h_runs[-1][1]
    v_runs = runs(profile(binary, (left, t_top, right, t_bottom + 1), "x"), LINE_FILL, left)
    if len(v_runs) < 2:
        return None
    return Grid(h_runs=h_runs, v_runs=v_runs)


def remove_lines(binary: Image.Image, grid: Grid, pad: int = 1) -> Image.Image:
    """Paint the rules white (tesseract reads ruled tables badly), segment by segment.

    Only the segments that are really drawn are erased: where a rule is interrupted by a merged cell, the text
    of that cell may cross the rule's position and must survive.
    """
    cleaned = binary.copy()
    draw = ImageDraw.Draw(cleaned)
    cols, rows = grid.cols, grid.rows
    for a, b in grid.h_runs:
        for c in range(len(cols) - 1):
            segment = (cols[c] + 3, a, cols[c + 1] - 3, b + 1)
            if _has_rule(binary, segment, "h"):
                draw.rectangle((cols[c] - pad - 3, a - pad, cols[c + 1] + pad + 3, b + pad), fill=255)
    for a, b in grid.v_runs:
        for r in range(len(rows) - 1):
            segment = (a, rows[r] + 3, b + 1, rows[r + 1] - 3)
            if _has_rule(binary, segment, "v"):
                draw.rectangle((a - pad, rows[r] - pad - 3, b + pad, rows[r + 1] + pad + 3), fill=255)
    return cleaned


def _has_rule(binary: Image.Image, box: tuple[int, int, int, int], axis: str) -> bool:
    """Is there a rule along ``box`` (a thin strip)? Checks the darkest row/column of the strip."""
    if box[2] <= box[0] or box[3] <= box[1]:
        return True
    values = profile(binary, box, "y" if axis == "h" else "x")
    return max(values, default=0.0) >= 0.7


def regions(binary: Image.Image, grid: Grid) -> list[list[int]]:
    """Cell id of every grid slot; slots not separated by a visible rule share an id (merged cells)."""
    rows, cols = grid.rows, grid.cols
    n_rows, n_cols = len(rows) - 1, len(cols) - 1
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    margin = 4
    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols:  # vertical rule between (r, c) and (r, c+1)
                strip = (cols[c + 1] - 3, rows[r] + margin, cols[c + 1] + 4, rows[r + 1] - margin)
                if not _has_rule(binary, strip, "v"):
                    parent[find(r * n_cols + c)] = find(r * n_cols + c + 1)
            if r + 1 < n_rows:  # horizontal rule between (r, c) and (r+1, c)
                strip = (cols[c] + margin, rows[r + 1] - 3, cols[c + 1] - margin, rows[r + 1] + 4)
                if not _has_rule(binary, strip, "h"):
                    parent[find(r * n_cols + c)] = find((r + 1) * n_cols + c)
    return [[find(r * n_cols + c) for c in range(n_cols)] for r in range(n_rows)]
