"""Small, deterministic attachment files for the replica: PDF (reportlab), XLS (xlwt), DOC (RTF body), PNG.

The same arguments always give the same bytes, so ETags stay stable across server restarts.  The ``.doc``
files are RTF documents with a ``.doc`` name, as many government sites publish them; a binary Word-97
file would need LibreOffice at start-up (about a second), which the replica avoids.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def wrap(paragraph: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, broken between characters as CJK layout does, never inside a
    run of digits or Latin letters (``1,234``, ``2019``) unless the run is longer than a line."""
    lines = []
    while len(paragraph) > width:
        cut = width
        while cut > 0 and _joined(paragraph[cut - 1]) and _joined(paragraph[cut]):
            cut -= 1
        cut = cut or width
        lines.append(paragraph[:cut])
        paragraph = paragraph[cut:]
    return [*lines, paragraph] if paragraph else lines


def _joined(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in ".,%")


@lru_cache(maxsize=512)
def pdf_report(title: str, paragraphs: tuple[str, ...]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(title)
    pdf.setFont("STSong-Light", 14)
    y = 800
    pdf.drawString(60, y, title)
    pdf.setFont("STSong-Light", 10)
    for paragraph in paragraphs:
        for line in wrap(paragraph, 40):
            y -= 16
            if y < 60:
                pdf.showPage()
                pdf.setFont("STSong-Light", 10)
                y = 800
            pdf.drawString(60, y, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@lru_cache(maxsize=64)
def xls_table(sheet: str, rows: tuple[tuple[str, ...], ...]) -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    page = book.add_sheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            page.write(r, c, int(value) if value.isdigit() else value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rtf_escape(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        if char in "\\{}":
            out.append("\\" + char)
        elif code < 128:
            out.append(char)
        else:
            out.append(f"\\u{code if code < 32768 else code - 65536}?")
    return "".join(out)


@lru_cache(maxsize=64)
def doc_report(title: str, paragraphs: tuple[str, ...]) -> bytes:
    body = "".join(f"\\par {_rtf_escape(p)}\n" for p in paragraphs)
    rtf = (
        "{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0 SimSun;}}\n\\f0\\fs24 "
        + _rtf_escape(title)
        + "\n"
        + body
        + "}"
    )
    return rtf.encode("ascii")


@lru_cache(maxsize=16)
def png_text(lines: tuple[str, ...], width: int = 480) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    height = 30 + 26 * len(lines)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    font = ImageFont.truetype(str(WQY), 18) if WQY.exists() else ImageFont.load_default()
    for n, line in enumerate(lines):
        draw.text((12, 12 + 26 * n), line, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


@lru_cache(maxsize=4)
def png_logo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (180, 20, 20)).save(buffer, format="PNG")
    return buffer.getvalue()
