"""Images and scanned PDF pages -> paragraphs and table grids via Tesseract.

Grid lines are found by row/column ink projections (Pillow only), blanked before OCR (tesseract reads ruled
tables badly), and then used to rebuild the table: words are placed in the cell under their centre, and a cell
boundary whose line is missing in the image marks a merged cell, whose text is repeated over its span.  Without
grid lines, the table is rebuilt from the word layout.  Every OCR cell gets a confidence below 1; a cell that has
ink but no recognised word gets confidence 0.
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from parsers.extract.blocks import GridTable, build_items, words_to_items
from parsers.extract.layout import Word
from parsers.extract.ocr import ocr_extractor, tesseract_words
from parsers.extract.result import CORRUPT, TOO_LARGE, Context, ExtractionError
from parsers.extract.textutil import join_pieces
from parsers.extract.tools import private_dir, run, tool_version, which
from parsers.model import Document, DocumentBuilder

logger = logging.getLogger(__name__)

_DARK = 160  # grey level below which a pixel counts as ink
_LINE_FILL = 0.5  # a row/column at least this dark across the table is a rule
_EMPTY_CONF = 0.95  # a clean empty OCR cell


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


def load_image(data: bytes, ctx: Context) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > ctx.limits.max_image_pixels:
                raise ExtractionError(
                    TOO_LARGE,
                    f"The image has {width}x{height} pixels (limit {ctx.limits.max_image_pixels:,} pixels).",
                )
            image.seek(0)  # first frame of a GIF / TIFF
            image.load()
    except ExtractionError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ExtractionError(CORRUPT, f"The image is damaged and cannot be decoded ({type(exc).__name__}).") from exc
    return image


def extract_image(data: bytes, ctx: Context) -> Document:
    image = load_image(data, ctx)
    ctx.pages = 1
    ctx.ocr_pages = 1
    items = ocr_items(image, ctx)
    builder = DocumentBuilder(extractor=ocr_extractor())
    builder.ocr = True
    builder.steps = list(ctx.steps)
    build_items(builder, items)
    return builder.build()


def ocr_pdf_pages(data: bytes, numbers: list[int], ctx: Context) -> dict[int, list[str | GridTable]]:
    """Render the given (1-based) PDF pages with pdftoppm and OCR them; pages over the OCR cap are skipped."""
    out: dict[int, list[str | GridTable]] = {}
    todo = numbers[: ctx.limits.max_ocr_pages]
    if len(numbers) > len(todo):
        ctx.warnings.append(f"{len(numbers) - len(todo)} scanned pages not OCR'd (limit {ctx.limits.max_ocr_pages})")
    pdftoppm = which("pdftoppm")
    with private_dir("ogi-pdfocr-") as work:
        source = work / "input.pdf"
        source.write_bytes(data)
        for number in todo:
            ctx.check_time()
            prefix = work / f"p{number}"
            pages = ["-f", str(number), "-l", str(number)]
            run(
                [pdftoppm, "-r", "200", "-gray", "-png", *pages, str(source), str(prefix)],
                timeout=ctx.limits.tool_timeout,
            )
            rendered = sorted(work.glob(f"p{number}-*.png"))
            if not rendered:
                ctx.warnings.append(f"page {number}: could not be rendered for OCR")
                continue
            with Image.open(rendered[0]) as page_image:
                page_image.load()
                out[number] = ocr_items(page_image, ctx, dpi=200)
            ctx.ocr_pages += 1
    step = f"{tool_version('pdftoppm')} -r 200 pages {','.join(map(str, todo))} -> png"
    ctx.steps.append(step)
    return out


def ocr_items(image: Image.Image, ctx: Context, dpi: int = 300) -> list[str | GridTable]:
    """OCR one image into paragraphs and tables (in reading order)."""
    gray = image.convert("L")
    if max(gray.size) < 1400:  # small screenshots: tesseract wants characters 20+ px high
        gray = gray.resize((gray.width * 2, gray.height * 2), Image.Resampling.LANCZOS)
        dpi *= 2
    binary = gray.point(lambda v: 0 if v < _DARK else 255)
    grid = find_grid(binary)
    cleaned = remove_lines(binary, grid) if grid else binary
    with private_dir("ogi-ocr-") as work:
        path = work / "page.png"
        cleaned.save(path)
        words = tesseract_words(path, ctx, psm=3 if grid is None else 11, dpi=dpi)
    if grid is None:
        return [item for _, item in words_to_items(words, origin="ocr", ocr=True)]
    table, conf = grid_table(words, grid, binary, cleaned)
    top, bottom, left, right = grid.rows[0], grid.rows[-1], grid.cols[0], grid.cols[-1]

    def inside(w: Word) -> bool:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        return left <= cx <= right and top <= cy <= bottom

    outside = [w for w in words if not inside(w)]
    above = [w for w in outside if w.bottom <= top]
    below = [w for w in outside if w.bottom > top]
    items: list[str | GridTable] = [item for _, item in words_to_items(above, origin="ocr", ocr=True)]
    items.append(GridTable(table, conf, [float(x) for x in grid.cols[:-1]], "ocr"))
    items.extend(item for _, item in words_to_items(below, origin="ocr", ocr=True))
    return items


def _profile(binary: Image.Image, box: tuple[int, int, int, int], axis: str) -> list[float]:
    """Ink fraction of every row (axis 'y') or column (axis 'x') inside ``box``."""
    region = ImageOps.invert(binary.crop(box))
    width, height = region.size
    size = (1, height) if axis == "y" else (width, 1)
    small = region.resize(size, Image.Resampling.BOX)
    return [value / 255.0 for value in small.tobytes()]


def _runs(values: list[float], threshold: float, offset: int) -> list[tuple[int, int]]:
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
    h_runs = _runs(_profile(binary, (left, top, right, bottom), "y"), _LINE_FILL, top)
    if len(h_runs) < 2:
        return None
    t_top, t_bottom = h_runs[0][0], h_runs[-1][1]
    v_runs = _runs(_profile(binary, (left, t_top, right, t_bottom + 1), "x"), _LINE_FILL, left)
    if len(v_runs) < 2:
        return None
    return Grid(h_runs=h_runs, v_runs=v_runs)


def remove_lines(binary: Image.Image, grid: Grid, pad: int = 1) -> Image.Image:
    """Paint the rules white (tesseract reads ruled tables badly)."""
    cleaned = binary.copy()
    draw = ImageDraw.Draw(cleaned)
    x0, x1 = grid.v_runs[0][0], grid.v_runs[-1][1]
    y0, y1 = grid.h_runs[0][0], grid.h_runs[-1][1]
    for a, b in grid.h_runs:
        draw.rectangle((x0 - pad, a - pad, x1 + pad, b + pad), fill=255)
    for a, b in grid.v_runs:
        draw.rectangle((a - pad, y0 - pad, b + pad, y1 + pad), fill=255)
    return cleaned


def _has_rule(binary: Image.Image, box: tuple[int, int, int, int], axis: str) -> bool:
    """Is there a rule along ``box`` (a thin strip)? Checks the darkest row/column of the strip."""
    if box[2] <= box[0] or box[3] <= box[1]:
        return True
    values = _profile(binary, box, "y" if axis == "h" else "x")
    return max(values, default=0.0) >= 0.6


def grid_table(
    words: list[Word], grid: Grid, binary: Image.Image, cleaned: Image.Image
) -> tuple[list[list[str]], list[list[float]]]:
    rows, cols = grid.rows, grid.cols
    n_rows, n_cols = len(rows) - 1, len(cols) - 1
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    margin = 4
    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols:  # vertical rule between (r, c) and (r, c+1)
                strip = (cols[c + 1] - 3, rows[r] + margin, cols[c + 1] + 4, rows[r + 1] - margin)
                if not _has_rule(binary, strip, "v"):
                    union(r * n_cols + c, r * n_cols + c + 1)
            if r + 1 < n_rows:  # horizontal rule between (r, c) and (r+1, c)
                strip = (cols[c] + margin, rows[r + 1] - 3, cols[c + 1] - margin, rows[r + 1] + 4)
                if not _has_rule(binary, strip, "h"):
                    union(r * n_cols + c, (r + 1) * n_cols + c)
    pieces: dict[int, list[Word]] = {}
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        row_slot, col_slot = _slot(rows, cy), _slot(cols, cx)
        if row_slot is not None and col_slot is not None:
            pieces.setdefault(find(row_slot * n_cols + col_slot), []).append(w)
    texts: dict[int, str] = {}
    confs: dict[int, float] = {}
    for root, ws in pieces.items():
        ws.sort(key=lambda w: (round(w.top / max(1.0, w.height)), w.x0))
        texts[root] = join_pieces([w.text for w in _reading_order(ws)])
        confs[root] = min(w.conf for w in ws)
    grid_text: list[list[str]] = []
    grid_conf: list[list[float]] = []
    for r in range(n_rows):
        row_text, row_conf = [], []
        for c in range(n_cols):
            root = find(r * n_cols + c)
            row_text.append(texts.get(root, ""))
            if root in confs:
                row_conf.append(confs[root])
            else:
                box = (cols[c] + margin, rows[r] + margin, cols[c + 1] - margin, rows[r + 1] - margin)
                row_conf.append(0.0 if _has_ink(cleaned, box) else _EMPTY_CONF)
        grid_text.append(row_text)
        grid_conf.append(row_conf)
    keep = [i for i, row in enumerate(grid_text) if any(row)]
    return [grid_text[i] for i in keep], [grid_conf[i] for i in keep]


def _reading_order(words: list[Word]) -> list[Word]:
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        centre = (w.top + w.bottom) / 2
        if lines and min(x.top for x in lines[-1]) <= centre <= max(x.bottom for x in lines[-1]):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [w for line in lines for w in sorted(line, key=lambda w: w.x0)]


def _slot(edges: list[int], value: float) -> int | None:
    for i in range(len(edges) - 1):
        if edges[i] <= value < edges[i + 1]:
            return i
    return None


def _has_ink(image: Image.Image, box: tuple[int, int, int, int]) -> bool:
    if box[2] <= box[0] or box[3] <= box[1]:
        return False
    region = ImageOps.invert(image.crop(box))
    return region.getbbox() is not None and sum(_profile(image, box, "y")) * region.width > 12
