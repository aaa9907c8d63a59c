"""Spreadsheets: XLS (xlrd), XLSX (openpyxl), ET via LibreOffice; number formatting as a reader sees it."""

from __future__ import annotations

import datetime as dt
import io
import time

import openpyxl

from parsers.extract import extract_bytes, extract_path
from parsers.extract.result import DEFAULT_LIMITS, Context
from parsers.extract.sheet import extract_et
from tests.extract.conftest import Fixtures
from tests.extract.seedgrids import cell_agreement, observation_diff, tables_only


def _check(fx: Fixtures, name: str, extractor: str) -> None:
    result = extract_path(fx.path(name))
    assert result.status == "ok", result.message
    assert result.extractor.startswith(extractor)
    assert result.pages == 5  # sheets
    tables = result.document.tables
    assert [t.caption for t in tables] == [f"表{i}" for i in range(1, 6)]
    score, misses = cell_agreement([t.grid for t in fx.r0.tables], [t.rows for t in tables])
    assert score >= 0.98, misses
    # merged title row became a paragraph, not a table row
    assert fx.r0.tables[0].caption in result.document.text.splitlines()
    # integers stored as floats come back without ".0"
    assert tables[0].rows[1][3] == "51"
    assert not any(c.endswith(".0") for t in tables for row in t.rows for c in row)
    assert observation_diff(tables_only(fx.r0), result.document) == []


def test_xls(fx: Fixtures) -> None:
    _check(fx, "r0.xls", "xlrd 2.")


def test_xlsx(fx: Fixtures) -> None:
    _check(fx, "r0.xlsx", "openpyxl 3.")


def test_et_named_biff_file_is_read_by_xlrd(fx: Fixtures) -> None:
    result = extract_bytes(fx.path("r0.xls").read_bytes(), "统计表.et")
    assert result.status == "ok"
    assert result.media_type == "application/vnd.ms-excel"
    assert result.extractor.startswith("xlrd")


def test_et_through_libreoffice(fx: Fixtures) -> None:
    ctx = Context(limits=DEFAULT_LIMITS, deadline=time.monotonic() + 120)
    document = extract_et(fx.path("r0.xls").read_bytes(), ctx)
    assert ctx.steps and ctx.steps[0].startswith("soffice ") and ctx.steps[0].endswith("et->xlsx")
    score, misses = cell_agreement([t.grid for t in fx.r0.tables], [t.rows for t in document.tables])
    assert score >= 0.98, misses


def test_number_formats() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["指标", "数值"])
    rows = [("件数", 12.0, "General"), ("占比", 0.043, "0.0%"), ("经费", 90.2, "General"), ("比例", 84.18, "0.00")]
    for label, value, fmt in rows:
        sheet.append([label, value])
        sheet.cell(sheet.max_row, 2).number_format = fmt
    sheet.append(["日期", dt.datetime(2018, 3, 1)])
    sheet.append(["空白", None])
    buffer = io.BytesIO()
    book.save(buffer)
    result = extract_bytes(buffer.getvalue(), "a.xlsx")
    assert result.status == "ok"
    values = {row[0]: row[1] for row in result.document.tables[0].rows}
    assert values == {
        "指标": "数值",
        "件数": "12",
        "占比": "4.3%",
        "经费": "90.2",
        "比例": "84.18",
        "日期": "2018-03-01",
        "空白": "",
    }
