"""Word files: DOCX (python-docx), DOC (antiword + LibreOffice), WPS (LibreOffice)."""

from __future__ import annotations

import time

from parsers.extract import extract_bytes, extract_path
from parsers.extract.result import DEFAULT_LIMITS, Context
from parsers.extract.word import antiword_document
from tests.extract.conftest import Fixtures
from tests.extract.seedgrids import cell_agreement, observation_diff


def _source(fx: Fixtures) -> list[list[list[str]]]:
    return [t.grid for t in fx.r0.tables]


def test_docx_tables_with_merged_cells(fx: Fixtures) -> None:
    result = extract_path(fx.path("r0.docx"))
    assert result.status == "ok", result.message
    assert result.media_type.endswith("wordprocessingml.document")
    assert result.extractor.startswith("python-docx ")
    assert result.steps == []
    assert result.document.title == fx.r0.title
    score, misses = cell_agreement(_source(fx), [t.rows for t in result.document.tables])
    assert score >= 0.98, misses
    table = result.document.tables[1].rows
    assert table[0][0] == table[0][1] == "指 标"
    assert [r[0] for r in table[4:11]] == ["公开的内容"] * 7
    assert observation_diff(fx.r0, result.document) == []


def test_doc_uses_libreoffice_for_exact_merged_cells(fx: Fixtures) -> None:
    result = extract_path(fx.path("r0.doc"))
    assert result.status == "ok", result.message
    assert result.media_type == "application/msword"
    assert len(result.steps) == 1 and result.steps[0].startswith("soffice ") and result.steps[0].endswith("doc->docx")
    score, misses = cell_agreement(_source(fx), [t.rows for t in result.document.tables])
    assert score >= 0.98, misses
    assert observation_diff(fx.r0, result.document) == []


def test_antiword_reads_text_and_tables_without_libreoffice(fx: Fixtures) -> None:
    ctx = Context(limits=DEFAULT_LIMITS, deadline=time.monotonic() + 60)
    document = antiword_document(fx.path("r0.doc").read_bytes(), ctx)
    assert document.extractor == "antiword 0.37"
    assert len(document.tables) == 5
    # horizontal spans are repeated; vertical spans come out blank (antiword prints nothing there)
    header = document.tables[0].rows[0]
    assert header[:2] == ["指 标", "指 标"]
    values = [row[1:] for t in document.tables for row in t.rows]
    expected = [row[1:] for t in fx.r0.tables for row in t.grid]
    assert values == expected
    assert fx.r0.paragraphs[0][:30] in document.text


def test_wps_named_file_goes_through_libreoffice(fx: Fixtures) -> None:
    result = extract_bytes(fx.path("r0.doc").read_bytes(), "report.wps")
    assert result.status == "ok", result.message
    assert result.media_type == "application/vnd.ms-works"
    assert result.steps and "wps->docx" in result.steps[0]
    score, misses = cell_agreement(_source(fx), [t.rows for t in result.document.tables])
    assert score >= 0.98, misses


def test_docx_with_wrong_extension_is_sniffed(fx: Fixtures) -> None:
    result = extract_bytes(fx.path("r0.docx").read_bytes(), "附件1.xls")
    assert result.status == "ok"
    assert result.media_type.endswith("wordprocessingml.document")
    assert len(result.document.tables) == 5


def test_picture_only_docx_is_read_by_ocr(fx: Fixtures, tmp_path) -> None:
    import docx
    from docx.shared import Cm

    document = docx.Document()
    document.add_picture(str(fx.path("r0-t1.png")), width=Cm(16))
    path = tmp_path / "图片版.docx"
    document.save(str(path))
    result = extract_path(path)
    assert result.status == "ok", result.message
    assert result.ocr_pages == 1 and result.document.ocr
    assert "python-docx" in result.extractor and "tesseract" in result.extractor
    score, misses = cell_agreement([fx.r0.tables[1].grid], [t.rows for t in result.document.tables])
    assert score >= 0.90, misses
