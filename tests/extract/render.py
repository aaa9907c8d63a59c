"""Render seed reports to PDF, DOCX, DOC, XLS, XLSX, PNG and OFD fixtures (used by conftest, once per session)."""

from __future__ import annotations

import html
import io
import subprocess
import tempfile
import zipfile
from pathlib import Path

from tests.extract.seedgrids import SourceReport, SourceTable

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def _covered(table: SourceTable) -> dict[tuple[int, int], tuple[int, int, int, int] | None]:
    """(r, c) -> its span if it is a span's top-left cell, None if it is hidden under a span."""
    out: dict[tuple[int, int], tuple[int, int, int, int] | None] = {}
    for span in table.spans:
        r0, c0, r1, c1 = span
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                out[(r, c)] = None
        out[(r0, c0)] = span
    return out


# --- PDF (reportlab) -------------------------------------------------------------------------------------------


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if "wqy" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("wqy", FONT_PATH, subfontIndex=0))
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


def pdf_ruled(report: SourceReport, path: Path, *, font: str = "wqy", col_widths: list[float] | None = None) -> None:
    """Platypus PDF: paragraphs + ruled tables with spans, wrapped labels, header repeated on each page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register_fonts()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK", firstLineIndent=21)
    cell = ParagraphStyle("cell", fontName=font, fontSize=9, leading=11, wordWrap="CJK")
    story: list[object] = [Paragraph(html.escape(report.title), ParagraphStyle("t", fontName=font, fontSize=15))]
    story.append(Spacer(1, 12))
    for text in report.paragraphs:
        story.append(Paragraph(html.escape(text), body))
    for table in report.tables:
        story.append(Spacer(1, 10))
        story.append(Paragraph(html.escape(table.caption), body))
        covered = _covered(table)
        data = [
            [Paragraph(html.escape(v), cell) if covered.get((r, c), 0) != None else "" for c, v in enumerate(row)]  # noqa: E711
            for r, row in enumerate(table.grid)
        ]
        width = len(table.grid[0])
        widths = col_widths or ([60, 250, 70, 80] if width == 4 else [300, 60, 80])
        style = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in table.spans]
        story.append(Table(data, colWidths=widths, repeatRows=1, style=TableStyle(style)))
    SimpleDocTemplate(str(path), pagesize=A4, title=report.title).build(story)


def pdf_text_aligned(report: SourceReport, path: Path) -> None:
    """Canvas PDF without any rule: columns only by x position; long labels wrap onto a second, tighter line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _register_fonts()
    page = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    y = height - 60
    page.setFont("wqy", 14)
    page.drawString(60, y, report.title)
    y -= 30
    page.setFont("wqy", 10)
    for text in report.paragraphs[:4]:
        for k in range(0, len(text), 44):
            page.drawString(60 + (20 if k == 0 else 0), y, text[k : k + 44])
            y -= 14
        y -= 4
    xs = [60, 330, 420]
    for table in report.tables:
        y -= 14
        page.drawString(60, y, table.caption)
        y -= 22
        for row in table.grid:
            label = row[0]
            first, rest = (label[:22], label[22:]) if len(label) > 22 else (label, "")
            if y < 80:
                page.drawString(width / 2, 40, str(page.getPageNumber()))
                page.showPage()
                page.setFont("wqy", 10)
                y = height - 60
            page.drawString(xs[0], y, first)
            for x, value in zip(xs[1:], row[1:], strict=True):
                page.drawString(x, y, value)
            if rest:
                y -= 12
                page.drawString(xs[0], y, rest)
            y -= 20
    page.drawString(width / 2, 40, str(page.getPageNumber()))
    page.save()


def pdf_from_images(pngs: list[Path], path: Path) -> None:
    """An image-only ('scanned') PDF: one PNG per A4 page, no text layer."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pagesize=A4)
    for png in pngs:
        with Image.open(png) as image:
            ratio = image.height / image.width
        width = min(A4[0] - 60, (A4[1] - 60) / ratio)
        page.drawImage(str(png), 30, A4[1] - 30 - width * ratio, width=width, height=width * ratio)
        page.showPage()
    page.save()


# --- HTML -> LibreOffice (PDF export, DOC) ---------------------------------------------------------------------


def report_html(report: SourceReport) -> str:
    parts = [f'<html><head><meta charset="utf-8"><title>{html.escape(report.title)}</title></head><body>']
    parts.append(f"<h1>{html.escape(report.title)}</h1>")
    parts += [f"<p>{html.escape(p)}</p>" for p in report.paragraphs]
    for table in report.tables:
        covered = _covered(table)
        parts.append(f"<p>{html.escape(table.caption)}</p><table border='1' cellspacing='0'>")
        for r, row in enumerate(table.grid):
            parts.append("<tr>")
            for c, value in enumerate(row):
                key = (r, c)
                if key in covered and covered[key] is None:
                    continue
                span = covered.get(key)
                attrs = ""
                if span:
                    attrs = f" rowspan='{span[2] - span[0] + 1}' colspan='{span[3] - span[1] + 1}'"
                parts.append(f"<td{attrs}>{html.escape(value)}</td>")
            parts.append("</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)


def soffice_from_html(report: SourceReport, target: str, out: Path) -> None:
    """HTML -> target ("pdf:writer_pdf_Export", 'doc:MS Word 97') with a private LibreOffice profile."""
    with tempfile.TemporaryDirectory(prefix="ogi-fixture-") as tmp:
        work = Path(tmp)
        source = work / "report.html"
        source.write_text(report_html(report), encoding="utf-8")
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(work),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        ext = target.split(":", 1)[0]
        out.write_bytes((work / f"report.{ext}").read_bytes())


# --- DOCX / XLS / XLSX -----------------------------------------------------------------------------------------


def docx_file(report: SourceReport, path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading(report.title, level=1)
    for text in report.paragraphs:
        document.add_paragraph(text)
    for table in report.tables:
        document.add_paragraph(table.caption)
        covered = _covered(table)
        out = document.add_table(rows=len(table.grid), cols=len(table.grid[0]))
        out.style = "Table Grid"
        for r, row in enumerate(table.grid):
            for c, value in enumerate(row):
                if covered.get((r, c), 0) is not None:
                    out.cell(r, c).text = value
        for r0, c0, r1, c1 in table.spans:
            merged = out.cell(r0, c0).merge(out.cell(r1, c1))
            merged.text = table.grid[r0][c0]
    document.save(str(path))


def _number(value: str) -> float | str:
    try:
        return float(value) if "." in value else int(value)
    except ValueError:
        return value


def xls_file(report: SourceReport, path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for index, table in enumerate(report.tables):
        sheet = book.add_sheet(f"表{index + 1}")
        sheet.write_merge(0, 0, 0, len(table.grid[0]) - 1, table.caption)
        covered = _covered(table)
        for r0, c0, r1, c1 in table.spans:
            sheet.write_merge(r0 + 1, r1 + 1, c0, c1, table.grid[r0][c0])
        for r, row in enumerate(table.grid):
            for c, value in enumerate(row):
                if (r, c) not in covered:
                    sheet.write(r + 1, c, _number(value))
    book.save(str(path))


def xlsx_file(report: SourceReport, path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for index, table in enumerate(report.tables):
        sheet = book.create_sheet(f"表{index + 1}")
        sheet.cell(1, 1, table.caption)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(table.grid[0]))
        covered = _covered(table)
        for r, row in enumerate(table.grid):
            for c, value in enumerate(row):
                if covered.get((r, c), 0) is not None:
                    sheet.cell(r + 2, c + 1, _number(value))
        for r0, c0, r1, c1 in table.spans:
            sheet.merge_cells(start_row=r0 + 2, start_column=c0 + 1, end_row=r1 + 2, end_column=c1 + 1)
    book.save(str(path))


# --- PNG (Pillow) ------------------------------------------------------------------------------------------------


def _wrap(draw: object, text: str, font: object, width: float) -> list[str]:
    lines, current = [], ""
    for ch in text:
        if current and draw.textlength(current + ch, font=font) > width:  # type: ignore[attr-defined]
            lines.append(current)
            current = ""
        current += ch
    return [*lines, current] if current else lines or [""]


def table_png(
    table: SourceTable, path: Path, *, title: str = "", col_widths: tuple[int, ...] = (150, 520, 130, 170)
) -> None:
    """A ruled table image like a screenshot of a report table: black rules, 24 px CJK text wrapped in cells."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT_PATH, 24)
    pad, line_h = 40, 32
    widths = list(col_widths[: len(table.grid[0])]) if len(table.grid[0]) == 4 else [520, 100, 130]
    scratch = ImageDraw.Draw(Image.new("L", (10, 10)))
    covered = _covered(table)
    wrapped: dict[tuple[int, int], list[str]] = {}
    heights = [0] * len(table.grid)
    for r, row in enumerate(table.grid):
        for c, value in enumerate(row):
            span = covered.get((r, c), (r, c, r, c))
            if span is None:
                continue
            cell_w = sum(widths[span[1] : span[3] + 1]) - 16
            wrapped[(r, c)] = _wrap(scratch, value, font, cell_w)
            if span[0] == span[2]:
                heights[r] = max(heights[r], len(wrapped[(r, c)]) * line_h + 20)
    title_h = 60 if title else 0
    xs = [pad]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [pad + title_h]
    for h in heights:
        ys.append(ys[-1] + max(h, 52))
    image = Image.new("L", (xs[-1] + pad, ys[-1] + pad), 255)
    draw = ImageDraw.Draw(image)
    if title:
        draw.text((pad, pad), title, font=font, fill=0)
    for (r, c), lines in wrapped.items():
        r0, c0, r1, c1 = covered.get((r, c)) or (r, c, r, c)
        box = (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])
        draw.rectangle(box, outline=0, width=2)
        top = (box[1] + box[3]) / 2 - len(lines) * line_h / 2 + 3
        for k, line in enumerate(lines):
            text_w = draw.textlength(line, font=font)
            left = box[0] + 8 if len(lines) > 1 else box[0] + max(8.0, (box[2] - box[0] - text_w) / 2)
            draw.text((left, top + k * line_h), line, font=font, fill=0)
    image.save(path)


# --- OFD (hand-built package) -----------------------------------------------------------------------------------


def ofd_file(report: SourceReport, path: Path) -> None:
    """A minimal OFD (GB/T 33190) package: text placed with TextObject/TextCode (mm), no rules, 60 lines a page.

    Long labels wrap onto a second, tighter line, as in a rendered report.
    """
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    size, wrap = 3.0, 24
    lines: list[list[tuple[str, float, float]]] = []  # per page: (text, x, baseline y)
    y = 20.0
    page: list[tuple[str, float, float]] = [(report.title, 20.0, y)]
    for table in report.tables:
        y += 10
        page.append((table.caption, 20.0, y))
        y += 8
        xs = (20.0, 120.0, 150.0) if len(table.grid[0]) == 3 else (15.0, 42.0, 135.0, 165.0)
        for row in table.grid:
            if y > 270:
                lines.append(page)
                page, y = [], 20.0
            label_col = 0 if len(row) == 3 else 1
            for c, (x, value) in enumerate(zip(xs, row, strict=True)):
                if c == label_col and len(value) > wrap:
                    page.append((value[:wrap], x, y))
                    page.append((value[wrap:], x, y + 4.0))
                elif value:
                    page.append((value, x, y))
            y += 4.0 if any(c == label_col and len(v) > wrap for c, v in enumerate(row)) else 0.0
            y += 7.0
    lines.append(page)
    pages = []
    for items in lines:
        body = "".join(
            f'<ofd:TextObject ID="{k + 1}" Boundary="{x} {yy - size} 150 {size + 1}" Font="1" Size="{size}">'
            f'<ofd:TextCode X="0" Y="{size}">{html.escape(text)}</ofd:TextCode></ofd:TextObject>'
            for k, (text, x, yy) in enumerate(items)
        )
        pages.append(
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content><ofd:Layer ID="0">{body}'
            "</ofd:Layer></ofd:Content></ofd:Page>"
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.0" DocType="OFD"><ofd:DocBody>'
            f"<ofd:DocInfo><ofd:Title>{html.escape(report.title)}</ofd:Title></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        refs = "".join(f'<ofd:Page ID="{i + 100}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
        archive.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}><ofd:CommonData>'
            "<ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
            f"</ofd:PageArea></ofd:CommonData><ofd:Pages>{refs}</ofd:Pages></ofd:Document>",
        )
        for i, content in enumerate(pages):
            archive.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", content)
    path.write_bytes(buffer.getvalue())
