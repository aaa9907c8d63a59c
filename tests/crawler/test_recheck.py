"""The recheck policy (pure) and the URL history it reads from a real catalog (archive.history)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scrapy.settings import Settings

from archive import Archive
from archive.history import UrlHistory, url_history
from crawler.recheck import RecheckPolicy, RecheckSettingsError
from tests.archive.conftest import make_exchange

DAY0 = datetime(2026, 1, 10, 2, 30, tzinfo=UTC)
BASE = "http://gov.example.cn/zfxxgk/"


def day(n: float) -> datetime:
    return DAY0 + timedelta(days=n)


def history(last_checked: datetime, unchanged_since: datetime) -> UrlHistory:
    return UrlHistory(BASE + "a.html", "report", last_checked, unchanged_since, None, 1, None, None)


# -- the policy ------------------------------------------------------------------------------------
def test_a_new_report_is_rechecked_after_the_minimum_interval() -> None:
    policy = RecheckPolicy()
    fresh = history(day(0), day(0))
    assert policy.interval(fresh) == timedelta(hours=20)
    assert not policy.due(fresh, day(0) + timedelta(hours=19))
    assert policy.due(fresh, day(0) + timedelta(hours=20))


def test_the_interval_grows_with_stability_up_to_the_maximum() -> None:
    policy = RecheckPolicy()
    assert policy.interval(history(day(10), day(0))) == timedelta(days=5)
    assert policy.interval(history(day(100), day(0))) == timedelta(days=7)
    stable = history(day(100), day(0))
    assert policy.next_check(stable) == day(107)
    assert not policy.due(stable, day(106))
    assert policy.due(stable, day(107))


def test_recheck_all_makes_everything_due() -> None:
    policy = RecheckPolicy(timedelta(0), timedelta(0))
    assert policy.always
    assert policy.due(history(day(1), day(0)), day(1))


def test_contradictory_settings_are_refused_with_the_setting_names() -> None:
    with pytest.raises(RecheckSettingsError, match="OGI_RECHECK_MAX_DAYS"):
        RecheckPolicy(timedelta(days=2), timedelta(days=1))
    with pytest.raises(RecheckSettingsError, match="negative"):
        RecheckPolicy(factor=-1)


def test_policy_from_scrapy_settings() -> None:
    settings = Settings({"OGI_RECHECK_MIN_HOURS": 2, "OGI_RECHECK_MAX_DAYS": 1.5, "OGI_RECHECK_FACTOR": 0.25})
    policy = RecheckPolicy.from_settings(settings)
    assert policy == RecheckPolicy(timedelta(hours=2), timedelta(days=1.5), 0.25)


# -- the history, from a real catalog ----------------------------------------------------------------
def record(archive: Archive, run: str, url: str, when: datetime, **overrides: object) -> int:
    with archive.writer(run) as writer:
        return writer.record(make_exchange(url, fetched_at=when, **overrides)).capture_id


def test_history_of_attachments_and_reports(tmp_path: Path) -> None:
    archive = Archive.open(tmp_path / "archive", create=True)
    run = archive.start_run("crawl")
    pdf = [("Content-Type", "application/pdf"), ("ETag", '"1"')]
    attachment = BASE + "P1.pdf"
    record(
        archive, run, attachment, day(0), response_headers=pdf, response_body=b"%PDF-1 A", classification="attachment"
    )
    record(archive, run, attachment, day(3), status=304, response_headers=pdf, response_body=b"",
           classification="attachment")  # fmt: skip
    replaced = BASE + "P2.pdf"
    for when, body in ((0, b"%PDF-1 A"), (2, b"%PDF-1 B"), (4, b"%PDF-1 B")):
        record(archive, run, replaced, day(when), response_headers=pdf, response_body=body, classification="attachment")
    # a report page whose raw bytes change at every visit (a view counter), its normalised content the same
    counted = BASE + "counted.html"
    for when in (0, 1, 2):
        html = [("Content-Type", "text/html; charset=utf-8")]
        body = f"<html><body>报告 浏览次数：{when}</body></html>".encode()
        capture_id = record(archive, run, counted, day(when), response_headers=html, response_body=body)
        archive.reports.record_version(agency="甲局", report_year=2025, scope="", content_hash="same", url=counted,
                       capture_id=capture_id, document_sha256=None, seen_at=day(when).isoformat(), run_id=run)  # fmt: skip
    # a report edited on day 2, then answering 404 on day 5; a challenge and a 503 later say nothing
    edited = BASE + "edited.html"
    for when, content in ((0, "v1"), (1, "v1"), (2, "v2"), (3, "v2")):
        html = [("Content-Type", "text/html; charset=utf-8")]
        capture_id = record(archive, run, edited, day(when), response_headers=html,
                            response_body=f"<p>{content} {when}</p>".encode())  # fmt: skip
        archive.reports.record_version(agency="乙局", report_year=2025, scope="", content_hash=content, url=edited,
                       capture_id=capture_id, document_sha256=None, seen_at=day(when).isoformat(), run_id=run)  # fmt: skip
    record(archive, run, edited, day(5), status=404, response_body=b"gone", classification="other")
    record(archive, run, edited, day(6), status=412, response_body=b"<script>", classification="blocked", blocked=True)
    record(archive, run, edited, day(7), status=503, response_body=b"busy", classification="other")
    record(archive, run, BASE + "index.html", day(0), classification="list")

    known = url_history(archive.db, ["report", "attachment"])
    assert set(known) == {attachment, replaced, counted, edited}
    assert (known[attachment].last_checked, known[attachment].unchanged_since) == (day(3), day(0))
    assert known[attachment].classification == "attachment"
    assert (known[replaced].last_checked, known[replaced].unchanged_since) == (day(4), day(2))
    assert (known[counted].last_checked, known[counted].unchanged_since) == (day(2), day(0))
    assert (known[edited].last_checked, known[edited].unchanged_since) == (day(5), day(2))
    assert known[edited].classification == "report"
    assert known[attachment].referrer == BASE + "ndbg/index.html" and known[attachment].depth == 2
    # a crawl of other portals does not load (or recheck) these
    assert set(url_history(archive.db, ["report", "attachment"], ["example"])) == set(known)
    assert url_history(archive.db, ["report", "attachment"], ["another-portal"]) == {}
    archive.close()
