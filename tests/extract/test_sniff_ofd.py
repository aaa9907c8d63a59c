"""Type sniffing from magic bytes, and OFD through ofdkit."""

from __future__ import annotations

import io
import zipfile

from parsers.extract import extract_bytes, extract_path, sniff
from tests.extract.conftest import Fixtures
from tests.extract.seedgrids import cell_agreement, observation_diff, tables_only


def test_sniff_by_content(fx: Fixtures) -> None:
    expected = {
        "r0.pdf": "application/pdf",
        "r0.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "r0.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "r0.doc": "application/msword",
        "r0.xls": "application/vnd.ms-excel",
        "r0-t1.png": "image/png",
        "r4.ofd": "application/ofd",
    }
    for name, media_type in expected.items():
        assert sniff(fx.path(name).read_bytes(), "misleading.bin") == media_type, name
    assert sniff(fx.path("r0.doc").read_bytes(), "a.wps") == "application/vnd.ms-works"
    assert sniff(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert sniff(b"GIF89a....") == "image/gif"
    assert sniff(b"{\\rtf1\\ansi") == "application/rtf"
    assert sniff(b"<!DOCTYPE html><html>") == "text/html"
    assert sniff("二〇一八年报告".encode("gb18030")) == "text/plain"
    assert sniff(b"\x00\x01\x02\x03" * 20) == "application/octet-stream"


def test_ofd_text_and_table(fx: Fixtures) -> None:
    result = extract_path(fx.path("r4.ofd"))
    assert result.status == "ok", result.message
    assert result.extractor.startswith("ofdkit ")
    assert result.pages >= 2
    tables = [t.rows for t in result.document.tables]
    assert len(tables) == 1  # joined across the pages
    score, misses = cell_agreement([fx.r4.tables[0].grid], tables)
    assert score >= 0.98, misses
    assert observation_diff(tables_only(fx.r4), result.document) == []


def test_ofd_without_document_is_corrupt() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody/></ofd:OFD>')
    result = extract_bytes(buffer.getvalue(), "a.ofd")
    assert result.status == "corrupt" and "OFD" in result.message
