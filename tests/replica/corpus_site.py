"""The labelled corpus as a portal: every corpus report served as a page, a PDF or a Word attachment.

End-to-end scoring (issue 10, item 7) crawls this site with ``ogi crawl``, parses the archive and scores the
catalog against the same gold as the text reader (:mod:`tests.corpus.catalog_score`).  Each report gets one
form, chosen by its position so the three forms spread over eras and forms alike:

- ``html``: the text in the page, one ``<p>`` per line, runs of ``|`` rows as a real ``<table>``;
- ``pdf``: a page saying 详见附件 and a PDF with the text, wrapped at a line width as a PDF would be;
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

from tests.replica import binaries
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


def pdf_lines(text: str) -> tuple[str, ...]:
    """The text's lines with table rows written out as a PDF shows them: cells separated by spaces."""
    lines: list[str] = []
    for block in blocks(text):
        if isinstance(block, list):
            lines += ["  ".join(row) for row in block]
        elif block.strip():
            lines.append(block)
    return tuple(lines)


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
        body = binaries.pdf_report(title, pdf_lines(report["text"]))
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
