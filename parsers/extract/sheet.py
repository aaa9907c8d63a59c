"""Spreadsheets: XLS (xlrd), XLSX (openpyxl), ET and other non-BIFF sheets via LibreOffice -> xlsx.

Each sheet becomes one table (caption = sheet name) with merged cells repeated over their span.  Title rows
above the table and note rows below it (one distinct value in the row) become paragraphs.  Numbers are written as
a reader sees them: ``12.0`` -> ``"12"``, percentages and fixed decimals follow the cell's number format.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import warnings
import zipfile

import openpyxl
import xlrd

from parsers.extract.result import CORRUPT, ENCRYPTED, TOO_LARGE, Context, ExtractionError
from parsers.extract.textutil import format_number, join_wrapped
from parsers.extract.tools import soffice_convert
from parsers.model import Document, DocumentBuilder

logger = logging.getLogger(__name__)

XLS_EXTRACTOR = f"xlrd {xlrd.__version__}"
XLSX_EXTRACTOR = f"openpyxl {openpyxl.__version__}"

Sheet = tuple[str, list[list[str]]]


def extract_xls(data: bytes, ctx: Context) -> Document:
    """BIFF workbooks (.xls, and .et files saved in the Excel format).

    No LibreOffice fallback here: LibreOffice imports any unreadable bytes as a text file, which would turn a
    damaged workbook into invented cells.  HTML tables saved as ``.xls`` are sniffed as HTML before this point.
    """
    return _build(_xlrd_sheets(data, ctx), XLS_EXTRACTOR, ctx)


def extract_et(data: bytes, ctx: Context) -> Document:
    converted, step = soffice_convert(data, "et", "xlsx", timeout=ctx.limits.tool_timeout)
    ctx.steps.append(step)
    return extract_xlsx(converted, ctx)


def extract_xlsx(data: bytes, ctx: Context) -> Document:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ExtractionError(
            CORRUPT, f"The spreadsheet is damaged and cannot be read ({type(exc).__name__})."
        ) from exc
    except Exception as exc:  # broken XML inside the package
        raise ExtractionError(
            CORRUPT, f"The spreadsheet is damaged and cannot be read ({type(exc).__name__})."
        ) from exc
    sheets: list[Sheet] = []
    try:
        for ws in book.worksheets:
            ctx.check_time()
            n_rows, n_cols = ws.max_row, ws.max_column
            _check_size(ws.title, n_rows, n_cols, ctx)
            grid = [["" for _ in range(n_cols)] for _ in range(n_rows)]
            for r, row in enumerate(ws.iter_rows(min_row=1, max_row=n_rows, max_col=n_cols)):
                for c, cell in enumerate(row):
                    grid[r][c] = _openpyxl_value(cell.value, cell.number_format)
            for rng in ws.merged_cells.ranges:
                _spread(grid, rng.min_row - 1, rng.max_row, rng.min_col - 1, rng.max_col)
            sheets.append((ws.title, grid))
    finally:
        book.close()
    return _build(sheets, XLSX_EXTRACTOR, ctx)


def _openpyxl_value(value: object, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return format_number(float(value), number_format)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return join_wrapped(str(value))


def _xlrd_sheets(data: bytes, ctx: Context) -> list[Sheet]:
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO())
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise ExtractionError(
                ENCRYPTED, "The spreadsheet is password-protected; it cannot be read without the password."
            ) from exc
        raise ExtractionError(CORRUPT, f"The .xls file cannot be read ({exc}).") from exc
    except Exception as exc:  # struct.error, IndexError ... on damaged BIFF
        raise ExtractionError(CORRUPT, f"The .xls file is damaged ({type(exc).__name__}).") from exc
    sheets: list[Sheet] = []
    try:
        for index in range(book.nsheets):
            ctx.check_time()
            sheet = book.sheet_by_index(index)
            _check_size(sheet.name, sheet.nrows, sheet.ncols, ctx)
            grid = [[_xlrd_value(book, sheet, r, c) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
            for rlo, rhi, clo, chi in sheet.merged_cells:
                _spread(grid, rlo, rhi, clo, chi)
            sheets.append((sheet.name, grid))
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return sheets


def _xlrd_value(book: xlrd.book.Book, sheet: xlrd.sheet.Sheet, r: int, c: int) -> str:
    cell = sheet.cell(r, c)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return join_wrapped(str(cell.value))
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return format_number(float(cell.value))
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    fmt = "General"
    try:
        xf = book.xf_list[sheet.cell_xf_index(r, c)]
        fmt = book.format_map[xf.format_key].format_str
    except (IndexError, KeyError, AttributeError):
        pass
    return format_number(float(cell.value), fmt)


def _check_size(name: str, rows: int, cols: int, ctx: Context) -> None:
    if rows * cols > ctx.limits.max_sheet_cells:
        raise ExtractionError(
            TOO_LARGE, f"Sheet '{name}' has {rows}x{cols} cells (limit {ctx.limits.max_sheet_cells:,})."
        )


def _spread(grid: list[list[str]], r0: int, r1: int, c0: int, c1: int) -> None:
    """Repeat the top-left value of a merged range (half-open r1/c1) over the range."""
    if r0 >= len(grid) or not grid or c0 >= len(grid[0]):
        return
    value = grid[r0][c0]
    for r in range(r0, min(r1, len(grid))):
        for c in range(c0, min(c1, len(grid[r]))):
            grid[r][c] = value


def _trim(grid: list[list[str]]) -> list[list[str]]:
    rows = [row for row in grid if any(cell.strip() for cell in row)]
    if not rows:
        return []
    used = [c for c in range(max(len(r) for r in rows)) if any(c < len(r) and r[c].strip() for r in rows)]
    return [[r[c] if c < len(r) else "" for c in used] for r in rows]


def _single_value(row: list[str]) -> bool:
    return len({cell for cell in row if cell.strip()}) <= 1


def _build(sheets: list[Sheet], extractor: str, ctx: Context) -> Document:
    builder = DocumentBuilder(extractor=extractor)
    builder.steps = list(ctx.steps)
    ctx.pages = len(sheets)
    for name, raw in sheets:
        grid = _trim(raw)
        if not grid:
            continue
        head = 0
        while head < len(grid) - 1 and len(grid[0]) > 1 and _single_value(grid[head]):
            head += 1
        tail = len(grid)
        while tail > head + 1 and len(grid[0]) > 1 and len(set(grid[tail - 1])) == 1:  # merged note row
            tail -= 1
        for row in grid[:head]:
            builder.add_paragraph(next(cell for cell in row if cell.strip()))
        body = _trim(grid[head:tail])
        if body:
            builder.add_table(body, caption=name, origin="xls" if extractor == XLS_EXTRACTOR else "xlsx")
        for row in grid[tail:]:
            builder.add_paragraph(next(cell for cell in row if cell.strip()))
    return builder.build()
