"""PDF extraction against the seed reports' source grids and their HTML version."""

from __future__ import annotations

from parsers.extract import extract_path
from tests.extract.conftest import Fixtures
from tests.extract.seedgrids import cell_agreement, normalise, observation_diff


def _grids(result):
    return [t.rows for t in result.document.tables]


def test_ruled_pdf_tables_match_source_grid(fx: Fixtures) -> None:
    result = extract_path(fx.path("r0.pdf"))
    assert result.status == "ok", result.message
    assert result.media_type == "application/pdf"
    assert result.extractor.startswith("pdfplumber 0.11")
    assert result.pages >= 2 and result.ocr_pages == 0
    assert not result.document.ocr
    assert result.document.title == fx.r0.title
    assert len(result.document.tables) == 5  # no prose mistaken for a text-aligned table
    score, misses = cell_agreement([t.grid for t in fx.r0.tables], _grids(result))
    assert score >= 0.98, misses
    first = result.document.tables[0].rows
    assert first[0][:2] == ["指 标", "指 标"]  # 2-column header repeated over its span
    assert [row[0] for row in first[1:4]] == ["人员配置"] * 3  # vertically merged category repeated
    assert all(c.confidence == 1.0 for t in result.document.tables for row in t.cells for c in row)


def test_ruled_pdf_observations_equal_html_version(fx: Fixtures) -> None:
    document = extract_path(fx.path("r0.pdf")).document
    assert observation_diff(fx.r0, document) == []


def test_wrapped_paragraphs_and_labels_are_rejoined(fx: Fixtures) -> None:
    document = extract_path(fx.path("r0.pdf")).document
    text = normalise(document.text)
    for paragraph in fx.r0.paragraphs:  # each wraps over several lines in the PDF
        assert normalise(paragraph) in text
    long_label = (
        "其中:与公众利益密切相关事项类(包括公共卫生、扶贫优抚、招考和教育收费、社会保障和劳动就业、土地征用等)信息数"
    )
    labels = [normalise(row[1]) for t in document.tables for row in t.rows]
    assert normalise(long_label) in labels


def test_table_broken_across_pages_is_joined_once(fx: Fixtures) -> None:
    result = extract_path(fx.path("r4.pdf"))
    assert result.status == "ok" and result.pages >= 2
    tables = result.document.tables
    assert len(tables) == 1
    assert tables[0].rows.count(fx.r4.tables[0].grid[0]) == 1  # the header repeated on each page is dropped
    score, misses = cell_agreement([fx.r4.tables[0].grid], _grids(result))
    assert score >= 0.98, misses
    assert observation_diff(fx.r4, result.document) == []


def test_pdf_with_non_embedded_cid_font(fx: Fixtures) -> None:
    data = fx.path("r0-cid.pdf").read_bytes()
    assert b"STSong-Light" in data and b"FontFile" not in data  # really not embedded
    result = extract_path(fx.path("r0-cid.pdf"))
    assert result.status == "ok"
    assert normalise(fx.r0.title) in normalise(result.document.text)
    score, misses = cell_agreement([t.grid for t in fx.r0.tables], _grids(result))
    assert score >= 0.98, misses


def test_libreoffice_pdf_with_merged_cells_cut_by_page_breaks(fx: Fixtures) -> None:
    result = extract_path(fx.path("r0-lo.pdf"))
    assert result.status == "ok"
    assert len(result.document.tables) == 5
    score, misses = cell_agreement([t.grid for t in fx.r0.tables], _grids(result))
    assert score >= 0.98, misses
    assert observation_diff(fx.r0, result.document) == []


def test_text_aligned_table_without_rules(fx: Fixtures) -> None:
    result = extract_path(fx.path("r4-text.pdf"))
    assert result.status == "ok"
    tables = _grids(result)
    assert len(tables) == 1, [len(t) for t in tables]  # one table, joined over the pages
    score, misses = cell_agreement([fx.r4.tables[0].grid], tables)
    assert score >= 0.98, misses
    # labels wrapped onto a second line are one cell again
    assert "(一)主动公开政府信息数(不同渠道和方式公开相同信息计1条)" in [normalise(r[0]) for r in tables[0]]
    assert not any(normalise(r[0]) == "1条)" for r in tables[0])


def test_image_only_pdf_is_read_by_ocr(fx: Fixtures) -> None:
    result = extract_path(fx.path("scanned.pdf"))
    assert result.status == "ok", result.message
    assert result.ocr_pages == result.pages == 1
    assert result.document.ocr
    assert "tesseract" in result.extractor and "pdfplumber" in result.extractor
    assert any(step.startswith("pdftoppm") for step in result.steps)
    source = fx.r4.tables[0].grid[:36]
    score, misses = cell_agreement([source], _grids(result))
    assert score >= 0.85, misses
    assert all(c.confidence < 1.0 for t in result.document.tables for row in t.cells for c in row)


def test_lone_numbers_are_content_and_only_the_page_number_is_dropped(tmp_path) -> None:
    """A table pasted one cell per line puts each number on a line of its own; only the number at the foot of
    the page is a page number."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "cells.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setFont("STSong-Light", 11)
    lines = [
        "某某镇2019年政府信息公开工作年度报告",
        "第二十条第（一）项",
        "信息内容",
        "规章",
        "0",
        "规范性文件",
        "7",
        "25",
    ]
    for n, line in enumerate(lines):
        pdf.drawString(70, 780 - 22 * n, line)
    pdf.drawCentredString(297, 40, "- 2 -")
    pdf.showPage()
    pdf.save()
    text = extract_path(path).document.text
    kept = [line.strip() for line in text.splitlines() if line.strip()]
    assert kept[-5:] == ["规章", "0", "规范性文件", "7", "25"]
    assert "- 2 -" not in text and "2" not in kept


def test_a_table_cell_on_the_last_line_of_a_page_is_kept(tmp_path) -> None:
    """The page ends inside a table pasted one cell per line: its last line, a lone number at the usual line
    spacing, is a cell; the footer page number, set apart below it, is dropped."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "break.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setFont("STSong-Light", 11)
    lines = ["某某镇2019年政府信息公开工作年度报告"] + ["本段为报告正文。"] * 30 + ["行政处罚", "137"]
    y = 800.0
    for line in lines:
        pdf.drawString(70, y, line)
        y -= 22
    pdf.drawCentredString(297, 30, "3")
    pdf.showPage()
    pdf.setFont("STSong-Light", 11)
    pdf.drawString(70, 800, "0")
    pdf.drawString(70, 778, "112")
    pdf.drawString(70, 756, "三、收到和处理政府信息公开申请情况，本年度共收到申请十件，均已按时答复完毕。")
    pdf.showPage()
    pdf.save()
    kept = [line.strip() for line in extract_path(path).document.text.splitlines() if line.strip()]
    assert kept[-5:-1] == ["行政处罚", "137", "0", "112"]
    assert "3" not in kept
