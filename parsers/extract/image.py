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
import math
import re
import statistics
import warnings
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from parsers.extract.blocks import GridTable, build_items, words_to_items
from parsers.extract.grid import DARK, Grid, find_grid, regions, remove_lines, text_height
from parsers.extract.layout import Word
from parsers.extract.ocr import ocr_extractor, tesseract_batch, tesseract_words
from parsers.extract.result import CORRUPT, TOO_LARGE, Context, ExtractionError
from parsers.extract.textutil import join_pieces
from parsers.extract.tools import private_dir, run, tool_version, which
from parsers.model import Document, DocumentBuilder

logger = logging.getLogger(__name__)

_EMPTY_CONF = 0.95  # a clean empty OCR cell
_MIN_TEXT_HEIGHT = 16  # px; smaller text is scaled up before OCR (bigger scaling made chi_sim worse)
_BORDER = 20  # white margin around a cell crop (before scaling)
_DASH_CONF = 0.8  # a cell holding only a dash, recognised from its shape
_CELL_PSM = 6  # tesseract page segmentation for a cell crop (a uniform block of text)


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
    binary = gray.point(lambda v: 0 if v < DARK else 255)
    grid = find_grid(binary)
    with private_dir("ogi-ocr-") as work:
        if grid is None:
            height = text_height(binary)
            if height and height < _MIN_TEXT_HEIGHT:  # tesseract misreads characters under ~30 px
                scale = min(4, math.ceil(_MIN_TEXT_HEIGHT / height))
                gray = gray.resize((gray.width * scale, gray.height * scale), Image.Resampling.LANCZOS)
                binary = gray.point(lambda v: 0 if v < DARK else 255)
                dpi *= scale
            path = work / "page.png"
            binary.save(path)
            words = tesseract_words(path, ctx, psm=3, dpi=dpi)
            return [item for _, item in words_to_items(words, origin="ocr", ocr=True)]
        cleaned = remove_lines(binary, grid)
        table = read_grid(cleaned, binary, grid, work, ctx, dpi)
        top, bottom = grid.h_runs[0][0], grid.h_runs[-1][1]
        left, right = grid.v_runs[0][0], grid.v_runs[-1][1]
        outside = cleaned.copy()
        ImageDraw.Draw(outside).rectangle((left - 2, top - 2, right + 2, bottom + 2), fill=255)
        words = []
        if ImageOps.invert(outside).getbbox() is not None:
            path = work / "outside.png"
            outside.save(path)
            words = tesseract_words(path, ctx, psm=3, dpi=dpi)
    above = [w for w in words if w.bottom <= top]
    below = [w for w in words if w.bottom > top]
    items: list[str | GridTable] = [item for _, item in words_to_items(above, origin="ocr", ocr=True)]
    items.append(table)
    items.extend(item for _, item in words_to_items(below, origin="ocr", ocr=True))
    return items


def read_grid(cleaned: Image.Image, binary: Image.Image, grid: Grid, work: Path, ctx: Context, dpi: int) -> GridTable:
    """OCR every cell (merged cells as one crop) in one tesseract run; numeric columns get a digits pass."""
    rows, cols = grid.rows, grid.cols
    ids = regions(binary, grid)
    boxes: dict[int, list[int]] = {}
    for r, row in enumerate(ids):
        for c, cell in enumerate(row):
            box = boxes.setdefault(cell, [cols[c], rows[r], cols[c + 1], rows[r + 1]])
            box[0], box[1] = min(box[0], cols[c]), min(box[1], rows[r])
            box[2], box[3] = max(box[2], cols[c + 1]), max(box[3], rows[r + 1])
    pieces: dict[int, Image.Image] = {}
    ink_sizes: dict[int, tuple[int, int]] = {}
    for cell, (x0, y0, x1, y1) in boxes.items():
        crop = cleaned.crop((x0 + 4, y0 + 4, x1 - 3, y1 - 3))
        ink = ImageOps.invert(crop).getbbox()
        if ink is not None:
            pieces[cell] = crop
            ink_sizes[cell] = (ink[2] - ink[0], ink[3] - ink[1])
    inked = set(pieces)
    # most cells hold one line: their median ink height is the text height; tesseract misreads small text
    heights = sorted(h for _, h in ink_sizes.values())
    line = statistics.median(heights[: max(1, len(heights) // 2 + 1)]) if heights else 0
    scale = min(4, math.ceil(_MIN_TEXT_HEIGHT / line)) if 0 < line < _MIN_TEXT_HEIGHT else 1
    texts: dict[int, str] = {}
    confs: dict[int, float] = {}
    for cell, (w, h) in ink_sizes.items():  # a lone flat bar: tesseract reads it as nothing or "四"
        if h <= max(3, 0.2 * w) and w < 3 * line:
            texts[cell] = "—" if w >= 0.7 * line else "-"
            confs[cell] = _DASH_CONF
            del pieces[cell]
    crops: list[Path] = []
    order: list[int] = []
    for cell, piece in pieces.items():
        if scale > 1:
            piece = piece.resize((piece.width * scale, piece.height * scale), Image.Resampling.LANCZOS)
            piece = piece.point(lambda v: 0 if v < DARK else 255)
        path = work / f"cell-{len(crops)}.png"
        ImageOps.expand(piece, border=_BORDER * scale, fill=255).save(path)
        crops.append(path)
        order.append(cell)
    dpi *= scale
    read = tesseract_batch(crops, ctx, psm=_CELL_PSM, dpi=dpi)
    for k, cell in enumerate(order):
        words = _reading_order(read.get(k, []))
        texts[cell] = join_pieces([w.text for w in words])
        confs[cell] = min((w.conf for w in words), default=0.0)
    _retry_blank(texts, confs, crops, order, ctx, dpi)
    _digits_pass(ids, texts, confs, crops, order, ctx, dpi)
    grid_text = [[texts.get(cell, "") for cell in row] for row in ids]
    grid_conf = [[confs.get(cell, 0.0 if cell in inked else _EMPTY_CONF) for cell in row] for row in ids]
    keep = [r for r, row in enumerate(grid_text) if any(row)]
    return GridTable([grid_text[r] for r in keep], [grid_conf[r] for r in keep], [float(x) for x in cols[:-1]], "ocr")


def _retry_blank(
    texts: dict[int, str], confs: dict[int, float], crops: list[Path], order: list[int], ctx: Context, dpi: int
) -> None:
    """Cells with ink but no text (a lone "—", "-" or digit) are read again as a single line, then a character."""
    for psm in (7, 10):
        blank = [k for k, cell in enumerate(order) if not texts.get(cell)]
        if not blank:
            return
        read = tesseract_batch([crops[k] for k in blank], ctx, psm=psm, dpi=dpi)
        for j, k in enumerate(blank):
            words = read.get(j, [])
            if words:
                texts[order[k]] = join_pieces([w.text for w in _reading_order(words)])
                confs[order[k]] = min(0.6, min(w.conf for w in words))


_NUMERIC = re.compile(r"^[-—+]?\d[\d,]*(\.\d+)?%?$|^[-—]$")


def _digits_pass(
    ids: list[list[int]],
    texts: dict[int, str],
    confs: dict[int, float],
    crops: list[Path],
    order: list[int],
    ctx: Context,
    dpi: int,
) -> None:
    """Re-read the cells of numeric columns with a digits-only model; disagreement lowers the confidence.

    chi_sim reads a lone "1" as "工" with high confidence; a column that is mostly numbers is read again with
    ``eng`` restricted to digits.  Where the readings differ, a numeric chi_sim reading is kept (the digits model
    drops leading digits of this kind of font), a non-numeric one is replaced by the digits, and the cell is
    marked uncertain (confidence <= 0.5) so that validation treats it as suspect.
    """
    n_cols = len(ids[0]) if ids else 0
    numeric_cells: list[int] = []
    for c in range(n_cols):
        cells = [row[c] for row in ids[1:] if all(row[c] != row[k] for k in range(n_cols) if k != c)]
        values = [texts[cell] for cell in dict.fromkeys(cells) if texts.get(cell)]
        if values and sum(1 for v in values if _NUMERIC.match(v)) >= 0.6 * len(values):
            numeric_cells.extend(cell for cell in dict.fromkeys(cells) if cell in order)
    if not numeric_cells:
        return
    index = {cell: k for k, cell in enumerate(order)}
    paths = []
    for cell in numeric_cells:  # digits read best at twice the size (a lone "1" otherwise becomes "4")
        source = crops[index[cell]]
        with Image.open(source) as crop:
            big = crop.resize((crop.width * 2, crop.height * 2), Image.Resampling.LANCZOS)
        path = source.with_name(f"digits-{source.name}")
        big.point(lambda v: 0 if v < DARK else 255).save(path)
        paths.append(path)
    read = tesseract_batch(paths, ctx, psm=7, dpi=dpi * 2, lang="eng", whitelist="0123456789.,-%+")
    for k, cell in enumerate(numeric_cells):
        words = read.get(k, [])
        digits = "".join(w.text for w in words)
        if not digits:
            confs[cell] = min(confs.get(cell, 0.0), 0.5)
            continue
        digit_conf = min(w.conf for w in words)
        first = texts.get(cell, "")
        if digits == first:
            confs[cell] = max(confs.get(cell, 0.0), digit_conf)
        else:  # the readings disagree: keep a numeric chi_sim reading, else take the digits; either way suspect
            if not _NUMERIC.match(first):
                texts[cell] = digits
            confs[cell] = min(0.5, confs.get(cell, 0.0), digit_conf)


def _reading_order(words: list[Word]) -> list[Word]:
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        centre = (w.top + w.bottom) / 2
        if lines and min(x.top for x in lines[-1]) <= centre <= max(x.bottom for x in lines[-1]):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [w for line in lines for w in sorted(line, key=lambda w: w.x0)]
