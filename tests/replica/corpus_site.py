"""The labelled corpus as a portal: every corpus report served as a page, a PDF or a Word attachment.

End-to-end scoring (issue 10, item 7) crawls this site with ``ogi crawl``, parses the archive and scores the
catalog against the same gold as the text reader (:mod:`tests.corpus.catalog_score`).  Each report gets one
form, chosen by its position so the three forms spread over eras and forms alike:

- ``html``: the text in the page, one ``<p>`` per line, runs of ``|`` rows as a real ``<table>``;
- ``pdf``: a page saying 详见附件 and a PDF: paragraphs wrapped to the page width, tables as ruled grids;
- ``docx``: a page saying 详见附件 and a Word file with the text as paragraphs and tables.

The page title is the report's title where the excerpt names one, else a neutral 政府信息公开工作年度报告: the
agency of the gold never reaches the page, so the pipeline has to read it from the report.  The list and the
page show a publication date in March after the data year, as portals do.
"""

from __future__ import annotations

import html
import io
from functools import lru_cache
from typing import Any

from tests.replica.site import REPORT, AnnualUnit, Attachment, Column, Entry, Site

FORMS = ("html", "pdf", "docx")
BASE = "/corpus/"
NEUTRAL_TITLE = "政府信息公开工作年度报告"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def form_of(position: int) -> str:
    return FORMS[position % len(FORMS)]


def page_path(report: dict[str, Any]) -> str:
    return f"{BASE}detail/{report['id']}.html"


def blocks(text: str) -> list[str | list[list[str]]]:
    """The text as paragraphs (str) and tables (rows of cells): consecutive lines with two or more ``|`` cells."""
    out: list[str | list[list[str]]] = []
    table: list[list[str]] = []
    for line in text.split("\n"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.count("|") >= 2 else []
        if cells:
            table.append(cells)
            continue
        if table:
            out.append(table)
            table = []
        out.append(line)
    if table:
        out.append(table)
    return out


def _html_table(rows: list[list[str]]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table border='1'>{body}</table>\n"


def html_body(text: str) -> str:
    return "".join(
        _html_table(b) if isinstance(b, list) else f"<p>{html.escape(b)}</p>\n" for b in blocks(text) if b != ""
    )


@lru_cache(maxsize=512)
def docx_report(title: str, text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for block in blocks(text):
        if isinstance(block, list):
            width = max(len(row) for row in block)
            table = document.add_table(rows=len(block), cols=width)
            for r, row in enumerate(block):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        elif block.strip():
            document.add_paragraph(block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=512)
def pdf_report(title: str, text: str) -> bytes:
    """A PDF as report PDFs are: paragraphs wrapped to the page width, tables drawn as ruled grids."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10, leading=15, wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    flow: list[Any] = [Paragraph(html.escape(title), ParagraphStyle("title", parent=body, fontSize=14, leading=20))]
    for block in blocks(text):
        if isinstance(block, list):
            width = max(len(row) for row in block)
            grid = [[Paragraph(html.escape(c), cell) for c in row] + [""] * (width - len(row)) for row in block]
            table = Table(grid, colWidths=[480 / width] * width)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            flow.append(table)
        elif block.strip():
            flow.append(Paragraph(html.escape(block), body))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=title, invariant=1).build(flow)
    return buffer.getvalue()


def title_of(report: dict[str, Any]) -> str:
    return str(report.get("title") or NEUTRAL_TITLE)


def entry_for(report: dict[str, Any], position: int) -> Entry:
    title = title_of(report)
    form = form_of(position)
    path = page_path(report)
    # published in the spring after the data year, as portals do (the year a date-only page is given)
    date = f"{(report['year'] or 2019) + 1}-03-{1 + position % 28:02d}"
    if form == "html":
        return Entry(report["id"], path, title, date, REPORT, body_html=html_body(report["text"]))
    if form == "pdf":
        body = pdf_report(title, report["text"])
        attachment = Attachment(f"{BASE}files/{report['id']}.pdf", f"{title}.pdf", body, PDF)
    else:
        body = docx_report(title, report["text"])
        attachment = Attachment(f"{BASE}files/{report['id']}.docx", f"{title}.docx", body, DOCX)
    return Entry(report["id"], path, title, date, REPORT, body_html="<p>详见附件。</p>", attachments=[attachment])


def build_corpus_site(reports: list[dict[str, Any]]) -> Site:
    entries = [entry_for(report, n) for n, report in enumerate(reports)]
    column = Column("corpus", "政府信息公开工作年度报告", "plain", BASE, entries, per_page=60)
    return Site(
        columns={"corpus": column},
        annual=AnnualUnit("000000000000000000", {}),
        hub_links=[("政府信息公开工作年度报告", f"{BASE}list.html")],
    )
