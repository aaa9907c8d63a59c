"""Search finds words that only an attachment's extracted text contains (a PDF-only report)."""

from __future__ import annotations

import gzip
from datetime import timedelta
from pathlib import Path

from archive import Archive, Exchange
from archive.research import connect_readonly
from archive.research.search import search
from scheduler.datasette.queries import SEARCH
from tests.research.conftest import Built, CatalogBuilder

PDF_URL = "http://www.gov110108.gov.cn/zfxxgk/ndbg/2022/P1.pdf"
PDF_TEXT = "附件正文：本年度共受理行政复议申请3件，依申请公开答复率百分之百。"


def test_words_in_an_attachment_find_its_report_version(tmp_path: Path) -> None:
    path = tmp_path / "archive"
    archive = Archive.open(path, create=True)
    builder = CatalogBuilder(archive, Built(path))
    _, version_id = builder.version(
        "示例县统计局", 2022, "详见附件。", [], region="110108", level="county"
    )  # a page that only links its PDF
    run_id = archive.start_run("crawl")
    body = b"%PDF-1.4 " + gzip.compress(PDF_TEXT.encode())
    with archive.writer(run_id) as writer:
        result = writer.record(
            Exchange(
                url=PDF_URL,
                status=200,
                response_headers=[("Content-Type", "application/pdf")],
                response_body=body,
                fetched_at=builder.clock + timedelta(minutes=1),
                classification="attachment",
            )
        )
    with archive.atomic():
        # what ingestion stores after extracting the PDF
        archive.parses.store_text(result.payload_sha256, text=PDF_TEXT, extractor="pdf", status="ok", message="",
                                  steps=[], extracted_at=builder.clock.isoformat())  # fmt: skip
        archive.reports.link_attachment(
            version_id=version_id, url=PDF_URL,
            document_sha256=result.payload_sha256, capture_id=result.capture_id, link_text="年度报告.pdf",
            seen_at=builder.clock.isoformat(), run_id=run_id,
        )  # fmt: skip
    archive.close()

    conn = connect_readonly(path / "catalog.sqlite")
    try:
        for query in ("行政复议申请", "答复率 附件", "复议"):  # trigram, trigram + a short word, a short word alone
            hits = search(conn, query)
            assert [h.version_id for h in hits] == [version_id], query
            assert hits[0].found_in == "attachment 年度报告.pdf"
            assert "[" + query.split()[0] + "]" in hits[0].snippet
        page_hits = search(conn, "详见附件")
        assert [h.found_in for h in page_hits] == ["page"]
        assert search(conn, "行政诉讼") == []
        # the Datasette canned query lists the attachment hit as its own row
        for q, method in (("行政复议申请", "trigram, attachment"), ("复议", "like, attachment")):
            rows = conn.execute(SEARCH, {"q": q}).fetchall()
            assert [(r[0], r[5], r[7]) for r in rows] == [(version_id, PDF_URL, method)], q
            assert rows[0][6].startswith("附件 年度报告.pdf: ") and q in rows[0][6].replace("[", "").replace("]", "")
    finally:
        conn.close()
