"""Session fixtures: the seed reports rendered once to every attachment format (about 10 s in total)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.extract import render
from tests.extract.seedgrids import SourceReport, SourceTable, report_000, report_004


@dataclass
class Fixtures:
    root: Path
    r0: SourceReport  # five tables, merged category column, 2-column header
    r4: SourceReport  # one 66-row table over several pages, blank values

    def path(self, name: str) -> Path:
        return self.root / name


@pytest.fixture(scope="session")
def fx(tmp_path_factory: pytest.TempPathFactory) -> Fixtures:
    root = tmp_path_factory.mktemp("attachments")
    r0, r4 = report_000(), report_004()
    render.pdf_ruled(r0, root / "r0.pdf")
    render.pdf_ruled(r0, root / "r0-cid.pdf", font="STSong-Light")
    render.pdf_ruled(r4, root / "r4.pdf")
    render.pdf_text_aligned(r4, root / "r4-text.pdf")
    render.soffice_from_html(r0, "pdf:writer_pdf_Export", root / "r0-lo.pdf")
    render.soffice_from_html(r0, "doc:MS Word 97", root / "r0.doc")
    render.docx_file(r0, root / "r0.docx")
    render.xls_file(r0, root / "r0.xls")
    render.xlsx_file(r0, root / "r0.xlsx")
    render.ofd_file(r4, root / "r4.ofd")
    render.table_png(r0.tables[1], root / "r0-t1.png", title=r0.tables[1].caption)
    r4_part = SourceTable(r4.tables[0].caption, r4.tables[0].grid[:36])
    render.table_png(r4_part, root / "r4-part.png", title=r4.tables[0].caption)
    render.table_png(r4.tables[0], root / "r4.png", title=r4.tables[0].caption)
    render.pdf_from_images([root / "r4-part.png"], root / "scanned.pdf")
    return Fixtures(root, r0, r4)
