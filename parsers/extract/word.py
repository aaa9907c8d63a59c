"""Word files: DOCX (python-docx, merged cells expanded), DOC (antiword; LibreOffice for exact merged cells), WPS."""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
import zipfile

import docx
from docx.document import Document as DocxDocument
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from parsers.extract.blocks import GridTable, guess_title
from parsers.extract.result import (
    CONVERSION_FAILED,
    CORRUPT,
    ENCRYPTED,
    TOOL_MISSING,
    Context,
    ExtractionError,
)
from parsers.extract.textutil import join_pieces, join_wrapped
from parsers.extract.tools import run, soffice_convert, tool_version, which
from parsers.model import Document, DocumentBuilder

logger = logging.getLogger(__name__)

DOCX_EXTRACTOR = f"python-docx {docx.__version__}"


def extract_docx(data: bytes, ctx: Context) -> Document:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise ExtractionError(CORRUPT, f"The Word file is damaged and cannot be read ({type(exc).__name__}).") from exc
    except Exception as exc:  # lxml / opc errors on broken packages
        raise ExtractionError(CORRUPT, f"The Word file is damaged and cannot be read ({type(exc).__name__}).") from exc
    ctx.pages = 1
    builder = DocumentBuilder(extractor=DOCX_EXTRACTOR)
    builder.steps = list(ctx.steps)
    _fill(builder, document)
    result = builder.build()
    if not result.text.strip():  # a "图片版" report: scanned pages pasted into Word
        return _ocr_media(data, builder, ctx)
    return result


def _ocr_media(data: bytes, builder: DocumentBuilder, ctx: Context) -> Document:
    """OCR the pictures of a Word file that has no text (in the order of their part names)."""
    from parsers.extract.blocks import build_items
    from parsers.extract.image import load_image, ocr_items
    from parsers.extract.ocr import ocr_extractor

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if n.startswith("word/media/")]
        names.sort(key=lambda n: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", n)])
        pictures = [archive.read(n) for n in names[: ctx.limits.max_ocr_pages]]
    if len(names) > len(pictures):
        ctx.warnings.append(f"{len(names) - len(pictures)} pictures not OCR'd (limit {ctx.limits.max_ocr_pages})")
    for picture in pictures:
        ctx.check_time()
        try:
            image = load_image(picture, ctx)
        except ExtractionError as exc:
            ctx.warnings.append(f"picture skipped: {exc.message}")
            continue
        build_items(builder, ocr_items(image, ctx))
        ctx.ocr_pages += 1
    if ctx.ocr_pages:
        builder.ocr = True
        builder.extractor = f"{DOCX_EXTRACTOR} + {ocr_extractor()}"
    return builder.build()


def _fill(builder: DocumentBuilder, document: DocxDocument) -> None:
    declared = document.core_properties.title or ""
    first_lines: list[str | GridTable] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            if len(first_lines) < 4 and block.text.strip():
                first_lines.append(block.text.strip())
            builder.add_paragraph(block.text)
        elif isinstance(block, DocxTable):
            grid = docx_grid(block)
            if grid:
                builder.add_table(grid, origin="docx")
    builder.title = guess_title(first_lines, declared)


def docx_grid(table: DocxTable) -> list[list[str]]:
    """A Word table as a rectangular grid; horizontally and vertically merged cells repeat their text."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = [""] * row.grid_cols_before
        texts: dict[int, str] = {}
        for cell in row.cells:
            key = id(cell._tc)
            if key not in texts:
                texts[key] = join_wrapped(cell.text)
            cells.append(texts[key])
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows if any(r)]


def count_docx_tables(data: bytes) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return len(docx.Document(io.BytesIO(data)).tables)


# --- DOC / WPS -------------------------------------------------------------------------------------------------


def extract_doc(data: bytes, ctx: Context, *, suffix: str = "doc") -> Document:
    """antiword for text and tables; when tables are present, LibreOffice -> docx gives exact merged cells."""
    antiword_doc: Document | None = None
    antiword_error: ExtractionError | None = None
    try:
        antiword_doc = antiword_document(data, ctx)
    except ExtractionError as exc:
        if exc.status == ENCRYPTED:
            raise
        antiword_error = exc
    if antiword_doc is not None and (not antiword_doc.tables or _soffice_missing()):
        return antiword_doc
    try:
        converted, step = soffice_convert(data, suffix, "docx", timeout=ctx.limits.tool_timeout)
    except ExtractionError as exc:
        if antiword_doc is not None:
            ctx.warnings.append(f"LibreOffice conversion failed ({exc.message}); merged cells not expanded")
            return antiword_doc
        if antiword_error is not None and exc.status in (CONVERSION_FAILED, TOOL_MISSING):
            raise ExtractionError(exc.status, f"{antiword_error.message} {exc.message}") from exc
        raise
    if antiword_doc is not None and count_docx_tables(converted) < len(antiword_doc.tables):
        # LibreOffice's .doc import sometimes flattens tables that antiword still sees
        ctx.warnings.append("LibreOffice lost tables in conversion; kept antiword's tables")
        return antiword_doc
    ctx.steps.append(step)
    document = extract_docx(converted, ctx)
    return document


def _soffice_missing() -> bool:
    try:
        which("soffice")
    except ExtractionError:
        return True
    return False


def antiword_document(data: bytes, ctx: Context) -> Document:
    """Text and ``|cell|`` tables from antiword (merged cells: horizontal spans repeated, vertical ones blank)."""
    antiword = which("antiword")
    proc = run([antiword, "-w", "0", "-m", "UTF-8.txt", "-"], timeout=ctx.limits.tool_timeout, input_bytes=data)
    err = proc.stderr.decode("utf-8", "replace")
    if "Encrypted" in err:
        raise ExtractionError(ENCRYPTED, "The Word file is password-protected; it cannot be read without the password.")
    if proc.returncode != 0 or not proc.stdout.strip():
        reason = err.strip().splitlines()[-1] if err.strip() else "no text"
        raise ExtractionError(CORRUPT, f"antiword could not read this Word file ({reason.replace('-', 'input', 1)}).")
    text = proc.stdout.decode("utf-8", "replace")
    builder = DocumentBuilder(extractor=tool_version("antiword"))
    builder.title = guess_title([line.strip() for line in text.splitlines() if line.strip()][:4])
    builder.steps = list(ctx.steps)
    ctx.pages = 1
    table_lines: list[str] = []
    for line in [*text.splitlines(), ""]:
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            table_lines.append(stripped)
            continue
        if table_lines:
            builder.add_table(antiword_grid(table_lines), origin="doc")
            table_lines = []
        if stripped:
            builder.add_paragraph(stripped)
    return builder.build()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def antiword_grid(lines: list[str]) -> list[list[str]]:
    """``|a |b |`` rows -> grid.  Cells spanning several columns (by their display position) repeat their text.

    antiword wraps a long cell onto the next line(s); such a line holds text only under cells that were full on
    the line before, and is joined to its row.
    """
    parsed: list[list[tuple[int, int, str]]] = []
    last_line: list[tuple[int, int, str]] = []
    boundaries: set[int] = set()
    for line in lines:
        cells: list[tuple[int, int, str]] = []
        pos = 0
        for part in line.split("|")[1:-1]:
            start, end = pos, pos + _width(part) + 1
            cells.append((start, end, part.strip()))
            boundaries.update((start, end))
            pos = end
        if parsed and _continues(last_line, cells):
            parsed[-1] = [
                (start, end, join_pieces([text, more]))
                for (start, end, text), (_, _, more) in zip(parsed[-1], cells, strict=True)
            ]
        else:
            parsed.append(cells)
        last_line = cells
    edges = _cluster(sorted(boundaries))
    grid: list[list[str]] = []
    for cells in parsed:
        row = [""] * (len(edges) - 1)
        for start, end, text in cells:
            first = _nearest(edges, start)
            last = _nearest(edges, end)
            for c in range(first, max(last, first + 1)):
                if c < len(row):
                    row[c] = text
        grid.append(row)
    return grid


def _continues(previous: list[tuple[int, int, str]], cells: list[tuple[int, int, str]]) -> bool:
    """Is ``cells`` the wrapped continuation of the line ``previous`` (same cells, text only under full ones)?"""
    if not previous or [c[:2] for c in previous] != [c[:2] for c in cells] or not any(c[2] for c in cells):
        return False
    for (start, end, before), (_, _, text) in zip(previous, cells, strict=True):
        if not text:
            continue
        if not before or _width(before) + 1 + _width(text.split()[0]) <= end - start - 1:
            return False  # the first word would have fitted on the line before: not a wrap
    return True


def _cluster(values: list[int], tolerance: int = 1) -> list[int]:
    out: list[int] = []
    for v in values:
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _nearest(edges: list[int], value: int) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))
