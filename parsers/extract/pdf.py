"""PDF -> Document with pdfplumber: ruled tables (cells + spans), text-aligned tables, OCR for image-only pages."""

from __future__ import annotations

import bisect
import io
import logging
import warnings
from typing import Any

import pdfplumber
from pdfplumber.page import Page as PlumberPage

from parsers.extract.blocks import GridTable, Page, build_items, join_across_pages, words_to_items
from parsers.extract.layout import Word
from parsers.extract.result import CORRUPT, ENCRYPTED, TOO_MANY_PAGES, Context, ExtractionError
from parsers.extract.textutil import join_pieces
from parsers.model import Document, DocumentBuilder

logger = logging.getLogger(__name__)

EXTRACTOR = f"pdfplumber {pdfplumber.__version__}"
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3}
_MIN_TEXT_CHARS = 10  # a page with fewer real characters (and an image) is treated as scanned


def extract_pdf(data: bytes, ctx: Context) -> Document:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        raise _open_error(exc) from exc
    with pdf:
        try:
            n_pages = len(pdf.pages)
        except Exception as exc:
            raise _open_error(exc) from exc
        ctx.pages = n_pages
        declared = pdf.metadata.get("Title") if isinstance(pdf.metadata, dict) else None
        declared_title = declared if isinstance(declared, str) else ""
        if n_pages > ctx.limits.max_pages:
            raise ExtractionError(TOO_MANY_PAGES, f"The PDF has {n_pages} pages (limit {ctx.limits.max_pages}).")
        pages: list[Page] = []
        scanned: list[int] = []
        for number, page in enumerate(pdf.pages, start=1):
            ctx.check_time()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    content = _read_page(page)
                except Exception as exc:
                    logger.warning("PDF page %d unreadable: %s", number, exc)
                    ctx.warnings.append(f"page {number}: unreadable ({type(exc).__name__})")
                    content = Page(width=float(page.width))
            if content is None:
                scanned.append(number)
                content = Page(width=float(page.width))
            pages.append(content)
            page.close()
    ocr_used = False
    if scanned:
        from parsers.extract.image import ocr_pdf_pages

        ocr_items = ocr_pdf_pages(data, scanned, ctx)
        for number, items in ocr_items.items():
            pages[number - 1].items = items
            ocr_used = True
    builder = DocumentBuilder(extractor=EXTRACTOR)
    build_items(builder, join_across_pages(pages), declared_title=declared_title)
    if ocr_used:
        from parsers.extract.ocr import ocr_extractor

        builder.ocr = True
        builder.extractor = f"{EXTRACTOR} + {ocr_extractor()}"
    builder.steps = list(ctx.steps)
    return builder.build()


def _open_error(exc: Exception) -> ExtractionError:
    name = type(exc).__name__ + " " + repr(getattr(exc, "args", ""))
    if "Password" in name or "Encrypt" in name:
        return ExtractionError(ENCRYPTED, "The PDF is password-protected; it cannot be read without the password.")
    return ExtractionError(CORRUPT, f"The PDF is damaged and cannot be read ({type(exc).__name__}).")


def _read_page(page: PlumberPage) -> Page | None:
    """Tables and paragraphs of one page, or None when the page needs OCR (scan or unmapped glyphs)."""
    chars = page.chars
    real = [c for c in chars if c["text"].strip()]
    unmapped = sum(1 for c in real if c["text"].startswith("(cid:"))
    if (len(real) < _MIN_TEXT_CHARS and page.images) or (real and unmapped > 0.3 * len(real)):
        return None
    tables = page.find_tables(_TABLE_SETTINGS)
    tables = [t for t in tables if len(t.cells) >= 2]
    placed: list[tuple[float, str | GridTable]] = []
    boxes = [t.bbox for t in tables]
    for table in tables:
        grid_table = _ruled_table(table, chars)
        if grid_table is not None:
            placed.append((float(table.bbox[1]), grid_table))

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    rest = page.filter(outside) if boxes else page
    words = [
        Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]))
        for w in rest.extract_words(x_tolerance=1.5, keep_blank_chars=False)
    ]
    # paragraphs and text-aligned tables, placed by their first line's position
    placed.extend(words_to_items(words, origin="pdf"))
    placed.sort(key=lambda p: p[0])
    return Page(items=[item for _, item in placed], width=float(page.width))


def _ruled_table(table: Any, chars: list[dict[str, Any]]) -> GridTable | None:
    """Rebuild the full grid from pdfplumber's cell boxes, repeating the text of merged cells."""
    xs = _coords([c[0] for c in table.cells] + [c[2] for c in table.cells])
    ys = _coords([c[1] for c in table.cells] + [c[3] for c in table.cells])
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows < 1 or n_cols < 1:
        return None
    owner = [[-1] * n_cols for _ in range(n_rows)]
    for index, (x0, top, x1, bottom) in enumerate(table.cells):
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                if r < n_rows and c < n_cols:
                    owner[r][c] = index
    texts: dict[int, list[dict[str, Any]]] = {}
    x0t, top_t, x1t, bottom_t = table.bbox
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (x0t <= cx <= x1t and top_t <= cy <= bottom_t):
            continue
        c = bisect.bisect_right(xs, cx) - 1
        r = bisect.bisect_right(ys, cy) - 1
        if 0 <= r < n_rows and 0 <= c < n_cols and owner[r][c] >= 0:
            texts.setdefault(owner[r][c], []).append(ch)
    cell_text = {index: _chars_text(cs) for index, cs in texts.items()}
    grid = [[cell_text.get(owner[r][c], "") if owner[r][c] >= 0 else "" for c in range(n_cols)] for r in range(n_rows)]
    keep = [r for r in range(n_rows) if any(grid[r])] or list(range(n_rows))
    grid = [grid[r] for r in keep]
    owner = [owner[r] for r in keep]
    open_top: dict[int, int] = {}
    merged_bottom: set[int] = set()
    for c in range(n_cols):
        top_owner, bottom_owner = owner[0][c], owner[-1][c]
        if top_owner >= 0 and not grid[0][c]:
            open_top[c] = sum(1 for row in owner if row[c] == top_owner)
        if bottom_owner >= 0 and len(owner) > 1 and owner[-2][c] == bottom_owner:
            merged_bottom.add(c)
    return GridTable(grid, None, xs[:-1], "pdf", open_top=open_top, merged_bottom=merged_bottom)


def _coords(values: list[float], tolerance: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(float(v))
    return out


def _index(coords: list[float], value: float) -> int:
    return min(range(len(coords)), key=lambda i: abs(coords[i] - value))


def _chars_text(chars: list[dict[str, Any]]) -> str:
    """Characters of one cell -> text; lines (wrapped labels) are re-joined without spurious spaces."""
    lines: list[list[dict[str, Any]]] = []
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and abs(ch["top"] - lines[-1][0]["top"]) <= 0.5 * max(1.0, ch["size"]):
            lines[-1].append(ch)
        else:
            lines.append([ch])
    return join_pieces(["".join(c["text"] for c in sorted(line, key=lambda c: c["x0"])) for line in lines])
