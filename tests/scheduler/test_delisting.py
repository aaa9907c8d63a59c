"""A report taken off its portal's listing (its page still answering) becomes a `delisted` event after
`removal_runs` complete harvests without the link, once; linked again, a `relisted` event (real harvests
of a real local site)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from scheduler.pipeline.harvest import harvest
from scheduler.settings import Settings
from tests.crawler.smallsite import serve


def delisting_settings(base: str) -> Settings:
    """Harvest settings for the small local site: its listing, private addresses allowed, removal after 2 runs."""
    settings = Settings(source="test")
    settings.harvest.urls = [base + "/list/index_0.html"]
    settings.harvest.allow_private = True  # a local test site
    settings.harvest.max_depth = 20
    settings.harvest.removal_runs = 2
    settings.harvest.crawl_timeout_minutes = 5
    settings.harvest.crawl_args = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_START_DELAY=0"]
    return settings


def test_a_report_off_the_listing_is_delisted_then_relisted(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    with serve() as (base, _, off_listing):
        settings = delisting_settings(base)
        runs = [harvest(archive, settings).run_id]
        off_listing.add(3)
        settings.harvest.max_pages = 3  # crawls stopped early read part of the lists: they count no misses
        stopped = [harvest(archive, settings).run_id for _ in range(2)]
        settings.harvest.max_pages = 0
        runs += [harvest(archive, settings).run_id for _ in range(3)]  # misses 1, 2 (event), 3 (no repeat)
        off_listing.clear()
        runs.append(harvest(archive, settings).run_id)
    db = sqlite3.connect(archive / "catalog.sqlite")
    try:
        events = db.execute(
            "select kind, url, run_id from events where kind in ('delisted', 'relisted') order by id"
        ).fetchall()
        statuses = {row[0] for row in db.execute("select status from runs where kind = 'harvest'")}
    finally:
        db.close()
    report = base + "/list/r3.html"
    assert statuses == {"ok"} and not set(stopped) & {run for _, _, run in events}
    assert events == [("delisted", report, runs[2]), ("relisted", report, runs[4])]
    assert "报告从列表撤下" in (archive / "changes.atom").read_text(encoding="utf-8")
