"""Crawler edge cases on a tiny real site (tests/crawler/smallsite.py), through ``python -m crawler``."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.research import connect_readonly
from archive.research.reports import list_reports
from tests.crawler.smallsite import BIG, LIST_PAGES, serve

ROOT = Path(__file__).resolve().parents[2]
CAP = 100_000


@pytest.fixture
def site() -> Iterator[tuple[str, list[str], set[int]]]:
    with serve() as served:
        yield served


def crawl(archive: Path, url: str, *args: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    summary_path = archive.parent / f"summary-{len(list(archive.parent.glob('summary-*')))}.json"
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    completed = subprocess.run(
        [sys.executable, "-m", "crawler", "--archive", str(archive), "--url", url, "--allow-private",
         "--summary-json", str(summary_path), "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_START_DELAY=0",
         "--set", "ROBOTSTXT_OBEY=false", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed, json.loads(summary_path.read_text())


def captures(archive: Path, base: str) -> list[dict[str, Any]]:
    db = sqlite3.connect(archive / "catalog.sqlite")
    db.row_factory = sqlite3.Row
    try:
        return [dict(r, path=r["url"].removeprefix(base)) for r in db.execute("select * from captures order by id")]
    finally:
        db.close()


def test_oversized_bodies_are_archived_truncated_and_reported(
    site: tuple[str, list[str], set[int]], tmp_path: Path
) -> None:
    base, _, _ = site
    archive = tmp_path / "archive"
    completed, summary = crawl(archive, base + "/", "--set", f"OGI_MAX_BODY_BYTES={CAP}")
    assert summary["error_kinds"] == {"too-large": 2}
    assert "raise OGI_MAX_BODY_BYTES" in completed.stdout
    rows = {r["path"]: r for r in captures(archive, base)}
    announced, streamed = rows["/files/with-length.pdf"], rows["/files/streamed.pdf"]
    assert announced["truncated"] == streamed["truncated"] == "length"
    assert announced["payload_size"] == 0  # stopped after the headers: Content-Length said too much
    assert "Content-Length 300009 is over the 100000-byte cap" in announced["classification_reason"]
    assert CAP < streamed["payload_size"] < BIG  # what arrived before the cap is kept
    assert "stopped after" in streamed["classification_reason"]
    with (archive / "warc" / streamed["warc_file"]).open("rb") as handle:
        handle.seek(streamed["offset"])
        record = next(iter(ArchiveIterator(handle)))
        assert record.rec_headers.get_header("WARC-Truncated") == "length"
        assert record.content_stream().read() == b"1" * streamed["payload_size"]
    assert rows["/"]["classification"] == "report"
    assert (
        rows["/files/report.pdf"]["truncated"] is None and rows["/files/report.pdf"]["classification"] == "attachment"
    )


@pytest.mark.parametrize("recorded", [True, False], ids=["links-recorded", "capture-without-recorded-links"])
def test_attachments_a_stopped_crawl_never_reached_are_found_next_time(
    site: tuple[str, list[str], set[int]], tmp_path: Path, recorded: bool
) -> None:
    base, log, _ = site
    archive = tmp_path / "archive"
    crawl(archive, base + "/", "--max-depth", "0")  # the report page only: its attachments are never reached
    assert log == ["/"]
    first = captures(archive, base)
    assert [r["path"] for r in first] == ["/"] and first[0]["outlinks"] == 3
    if not recorded:  # as an archive written before captures recorded their links
        with sqlite3.connect(archive / "catalog.sqlite") as db:
            db.execute("update captures set outlinks = null")
            db.execute("delete from outlinks")
    _, summary = crawl(archive, base + "/")
    rows = captures(archive, base)
    assert rows[1]["path"] == "/" and rows[1]["status"] == 304
    # unchanged: followed through the recorded links, or else re-read from the archive (and its links recorded)
    assert rows[1]["classification_reason"].startswith("not modified since capture") == recorded
    assert rows[1]["outlinks"] == (None if recorded else 3)
    assert {r["path"] for r in rows[2:]} == {"/files/report.pdf", "/files/with-length.pdf", "/files/streamed.pdf"}
    assert summary["attachments"] == 3


def test_an_unchanged_listing_is_walked_to_its_last_page(site: tuple[str, list[str], set[int]], tmp_path: Path) -> None:
    """Known reports (not due) must not make a 下一页 chain look finished after its first page."""
    base, log, _ = site
    archive = tmp_path / "archive"
    start = base + "/list/index_0.html"
    crawl(archive, start, "--max-depth", "20")
    pages = {f"/list/index_{p}.html" for p in range(LIST_PAGES)}
    reports = {f"/list/r{n}.html" for n in range(2 * LIST_PAGES)}
    assert set(log) >= pages | reports
    log.clear()
    _, summary = crawl(archive, start, "--max-depth", "20")
    assert set(log) == pages  # every list page asked again; the reports, just checked, are not due
    assert summary["not_rechecked"] == len(reports)


def test_a_report_taken_off_the_listing_is_listed_as_delisted(
    site: tuple[str, list[str], set[int]], tmp_path: Path
) -> None:
    base, _, delisted = site
    archive = tmp_path / "archive"
    start = base + "/list/index_0.html"
    shown, first = crawl(archive, start, "--max-depth", "20")
    assert f"listings     {2 * LIST_PAGES} report links on list pages" in shown.stdout
    delisted.add(3)  # the list no longer links report 3; its page still answers
    shown, second = crawl(archive, start, "--max-depth", "20", "--set", "OGI_DELIST_RUNS=1")
    assert second["delisted"] == [base + "/list/r3.html"] and second["listed"] == 2 * LIST_PAGES - 1
    assert "taken off: 1, back on: 0" in shown.stdout
    parsed = subprocess.run(
        [sys.executable, "-m", "scheduler", "parse", "--all", "--archive", str(archive)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert parsed.returncode == 0, parsed.stderr[-2000:]
    db = sqlite3.connect(archive / "catalog.sqlite")
    runs = dict(db.execute("select url, last_listed_run from listings").fetchall())
    db.close()
    assert len(runs) == 2 * LIST_PAGES
    assert runs.pop(base + "/list/r3.html") == first["run_id"]
    assert set(runs.values()) == {second["run_id"]}
    conn = connect_readonly(archive / "catalog.sqlite")
    try:
        assert [r["url"] for r in list_reports(conn, delisted_only=True)] == [base + "/list/r3.html"]
        assert len(list_reports(conn)) == 2 * LIST_PAGES
    finally:
        conn.close()
