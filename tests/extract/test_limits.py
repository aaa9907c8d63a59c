"""Bad input ends in a clear status, never an exception: sizes, pages, zip bombs, encryption, damage, timeouts."""

from __future__ import annotations

import io
import os
import struct
import tempfile
import tracemalloc
import zipfile
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from parsers.extract import STATUSES, Limits, extract_bytes, extract_path
from tests.extract.conftest import Fixtures


def _leftovers() -> set[str]:
    return {n for n in os.listdir(tempfile.gettempdir()) if n.startswith(("ogi-soffice-", "ogi-ocr-", "ogi-pdfocr-"))}


def test_size_cap_before_reading(fx: Fixtures) -> None:
    result = extract_path(fx.path("r0.pdf"), limits=Limits(max_bytes=1000))
    assert result.status == "too_large"
    assert result.media_type == "application/pdf"
    assert "limit" in result.message and result.document is None
    assert extract_bytes(fx.path("r0.pdf").read_bytes(), limits=Limits(max_bytes=1000)).status == "too_large"


def test_page_cap(fx: Fixtures) -> None:
    result = extract_path(fx.path("r4.pdf"), limits=Limits(max_pages=1))
    assert result.status == "too_many_pages"
    assert result.pages >= 2 and "limit 1" in result.message


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_bomb_docx_and_xlsx() -> None:
    filler = b"\0" * (4 * 1024 * 1024)
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": filler})
    xlsx = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": filler})
    limits = Limits(max_unzipped_bytes=1024 * 1024)
    for data, name in ((docx, "a.docx"), (xlsx, "a.xlsx")):
        result = extract_bytes(data, name, limits=limits)
        assert result.status == "zip_bomb", result.message
        assert len(data) < 50_000
    # ratio check on the default limits: 12 MB of zeros packs to ~12 KB
    ratio_bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (12 * 1024 * 1024)})
    assert extract_bytes(ratio_bomb, "b.docx").status == "zip_bomb"


def _lying_zip(entries: dict[str, bytes], liar: str, declared: int) -> bytes:
    """A ZIP whose central directory declares ``declared`` bytes for entry ``liar``, whatever it inflates to."""
    data = bytearray(_zip(entries))
    at = data.rfind(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + length]) == liar.encode():
            struct.pack_into("<I", data, at + 24, declared)
            return bytes(data)
        at = data.rfind(b"PK\x01\x02", 0, at)
    raise AssertionError(f"{liar} not in the central directory")


def test_zip_bomb_that_lies_about_its_size_is_refused_without_inflating_it() -> None:
    """A document.xml that inflates to 64 MB but declares 5,000 bytes: refused, and never held in memory whole
    (zipfile inflates a whole entry in one call when a reader asks for all of it)."""
    body = b"<w:document><w:body><!--" + b" " * (64 * 1024 * 1024) + b"--></w:body></w:document>"
    bomb = _lying_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": body}, "word/document.xml", 5000)
    assert len(bomb) < 200_000
    tracemalloc.start()
    try:
        result = extract_bytes(bomb, "lie.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status == "zip_bomb" and "word/document.xml" in result.message, result.message
    assert peak < 16 * 1024 * 1024, f"{peak / 1e6:.0f} MB held while checking the file"


def _pdf_with_stream(content: bytes) -> bytes:
    """A one-page PDF whose page content is ``content``, Flate-compressed."""
    body = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_stream_bomb_is_refused_without_inflating_it() -> None:
    """A 70 KB PDF whose page stream inflates to 64 MB: refused before pdfminer inflates it whole."""
    bomb = _pdf_with_stream(b"BT (x) Tj ET\n" + b" " * (64 * 1024 * 1024))
    assert len(bomb) < 200_000
    tracemalloc.start()
    try:
        result = extract_bytes(bomb, "bomb.pdf", limits=Limits(max_unzipped_bytes=8 * 1024 * 1024))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status == "zip_bomb", result.message
    assert peak < 16 * 1024 * 1024, f"{peak / 1e6:.0f} MB held while checking the file"
    small = _pdf_with_stream(b"BT /F1 12 Tf 72 720 Td (ok) Tj ET\n")
    assert extract_bytes(small, "ok.pdf").status != "zip_bomb"


def test_encrypted_pdf(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    path = tmp_path / "secret.pdf"
    page = canvas.Canvas(str(path), encrypt=StandardEncryption("user-password", "owner-password"))
    page.drawString(100, 700, "secret")
    page.save()
    result = extract_path(path)
    assert result.status == "encrypted", result.message
    assert "password" in result.message
    # an owner password alone (printing/copying restrictions) does not stop reading
    owner_only = tmp_path / "restricted.pdf"
    page = canvas.Canvas(str(owner_only), encrypt=StandardEncryption("", "owner-password", canCopy=0))
    page.drawString(100, 700, "restricted but readable")
    page.save()
    result = extract_path(owner_only)
    assert result.status == "ok" and "restricted but readable" in result.document.text


def test_encrypted_office_file_in_ole_container() -> None:
    # what Office writes for a password-protected docx/xlsx: an OLE file with an EncryptedPackage stream
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512
    result = extract_bytes(data, "报表.xlsx")
    assert result.status == "encrypted"


@pytest.mark.parametrize(
    ("name", "cut"),
    [("r0.pdf", 0.3), ("r0.docx", 0.5), ("r0.xlsx", 0.5), ("r0.xls", 0.5), ("r0.doc", 0.4), ("r4.ofd", 0.5)],
)
def test_truncated_files_are_corrupt(fx: Fixtures, name: str, cut: float) -> None:
    data = fx.path(name).read_bytes()
    result = extract_bytes(data[: int(len(data) * cut)], name)
    assert result.status in {"corrupt", "conversion_failed", "empty"}, (result.status, result.message)
    assert result.message


def test_wrong_extension_is_sniffed(fx: Fixtures) -> None:
    result = extract_bytes(fx.path("r0.pdf").read_bytes(), "附件.doc")
    assert result.status == "ok" and result.media_type == "application/pdf"
    result = extract_bytes(fx.path("r0.xlsx").read_bytes(), "附件.pdf")
    assert result.status == "ok" and result.extractor.startswith("openpyxl")


def test_unsupported_and_empty_inputs(tmp_path: Path) -> None:
    html = extract_bytes("<html><body>报告</body></html>".encode(), "report.pdf")
    assert html.status == "unsupported" and "parse_document" in html.message
    assert extract_bytes(b"", "x.pdf").status == "unsupported"
    assert extract_bytes(_zip({"a.txt": b"x"}), "x.docx").status == "unsupported"
    from reportlab.pdfgen import canvas

    blank = tmp_path / "blank.pdf"
    page = canvas.Canvas(str(blank))
    page.showPage()
    page.save()
    result = extract_path(blank)
    assert result.status == "empty" and result.document is not None


def test_converter_timeout_cleans_up(fx: Fixtures) -> None:
    before = _leftovers()
    result = extract_bytes(fx.path("r0.doc").read_bytes(), "a.wps", limits=Limits(tool_timeout=0.05))
    assert result.status == "timeout", result.message
    assert "stopped" in result.message
    assert _leftovers() <= before


def test_missing_file() -> None:
    result = extract_path("/nonexistent/附件.pdf")
    assert result.status == "corrupt" and "cannot be read" in result.message


def test_batch_of_bad_files_never_raises(fx: Fixtures) -> None:
    good = fx.path("r0.docx").read_bytes()
    inputs = [
        (os.urandom(3000), "x.doc"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(2000), "x.xls"),
        # LibreOffice would import these as text: the result must not pass as a document
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(3000), "x.doc"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(3000), "x.wps"),
        (b"%PDF-1.7\n" + os.urandom(500), "x.pdf"),
        (b"\x89PNG\r\n\x1a\n" + os.urandom(100), "x.png"),
        (good[:100], "x.docx"),
        (b"PK\x03\x04" + os.urandom(300), "x.xlsx"),
        (b"GIF89a" + b"\xff" * 20, "x.gif"),
    ]
    for data, name in inputs:
        result = extract_bytes(data, name)
        assert result.status in STATUSES and result.status != "ok", (name, result.status)
        assert result.message


def _extract(path: str) -> tuple[str, int]:
    result = extract_path(path)
    return result.status, len(result.document.tables) if result.document else -1


def test_parallel_workers_with_private_profiles(fx: Fixtures) -> None:
    before = _leftovers()
    paths = [str(fx.path(n)) for n in ("r0.doc", "r0.doc", "r0-t1.png", "r0.doc")]
    with ProcessPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(_extract, paths))
    assert results == [("ok", 5), ("ok", 5), ("ok", 1), ("ok", 5)]
    assert _leftovers() <= before


def test_total_timeout_is_checked_between_pages(fx: Fixtures) -> None:
    result = extract_path(fx.path("r4.pdf"), limits=Limits(total_timeout=0))
    assert result.status == "timeout" and "600" not in result.message


def test_missing_converters_are_named(fx: Fixtures, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    result = extract_path(fx.path("r0.doc"))
    assert result.status == "tool_missing"
    assert "antiword" in result.message and "apt-get install" in result.message
    image = extract_path(fx.path("r0-t1.png"))
    assert image.status == "tool_missing" and "tesseract" in image.message
