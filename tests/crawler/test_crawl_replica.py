"""Acceptance: crawls of the replica portal through Scrapy's real engine (``python -m crawler`` in a child
process, as the scheduler runs it), checked against the replica's manifest, its request log, the catalog
and the WARC files.

Four crawls share one replica and one archive, in order: first harvest, unchanged re-crawl asking every
known URL (``--recheck-all``), unchanged re-crawl with the default recheck policy (known reports and
attachments were just checked: not asked), re-crawl after one report was edited, one moved and one
attachment replaced under its URL (``--recheck-all``).
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.replica.server import ReplicaServer

ROOT = Path(__file__).resolve().parents[2]
CRAWL_DELAY = 0.08
FAST = [
    "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_START_DELAY=0", "--set", "OGI_BACKOFF_BASE=0.05",
    "--set", "OGI_PROGRESS=\"plain\"", "--set", "OGI_PROGRESS_INTERVAL=1",
]  # fmt: skip


@dataclass
class Crawl:
    returncode: int
    stdout: str
    stderr: str
    summary: dict[str, Any]
    run_id: str
    requests: list[dict[str, Any]]  # replica log entries of this crawl only


def run_crawl(archive: Path, replica: ReplicaServer, *args: str, tmp: Path) -> Crawl:
    before = len(replica.requests())
    summary_path = tmp / f"summary-{before}.json"
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.pop("OGI_PORTALS", None)
    completed = subprocess.run(
        [sys.executable, "-m", "crawler", "--archive", str(archive), "--summary-json", str(summary_path), *FAST, *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    return Crawl(
        completed.returncode, completed.stdout, completed.stderr, summary, summary.get("run_id", ""),
        replica.requests()[before:],
    )  # fmt: skip


def captures(archive: Path, run_id: str) -> list[dict[str, Any]]:
    db = sqlite3.connect(archive / "catalog.sqlite")
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute("select * from captures where run_id = ? order by id", [run_id])]
    finally:
        db.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ReplicaServer, Path, Path]]:
    tmp = tmp_path_factory.mktemp("crawl")
    with ReplicaServer(crawl_delay=CRAWL_DELAY, slow=0.3, log=tmp / "requests.jsonl") as replica:
        registry = tmp / "replica.csv"
        row = replica.portal_row()
        with registry.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(row))
            writer.writeheader()
            writer.writerow(row)
        yield replica, tmp / "archive", tmp


@pytest.fixture(scope="module")
def first(site: tuple[ReplicaServer, Path, Path]) -> Crawl:
    replica, archive, tmp = site
    crawl = run_crawl(archive, replica, "--portals", str(tmp / "replica.csv"), "--portal", "replica", tmp=tmp)
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    return crawl


@pytest.fixture(scope="module")
def second(site: tuple[ReplicaServer, Path, Path], first: Crawl) -> Crawl:
    replica, archive, tmp = site
    crawl = run_crawl(
        archive, replica, "--portals", str(tmp / "replica.csv"), "--portal", "replica", "--recheck-all", tmp=tmp
    )
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    return crawl


@pytest.fixture(scope="module")
def policy_crawl(site: tuple[ReplicaServer, Path, Path], second: Crawl) -> Crawl:
    replica, archive, tmp = site
    crawl = run_crawl(archive, replica, "--portals", str(tmp / "replica.csv"), "--portal", "replica", tmp=tmp)
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    return crawl


REPLACED_ATTACHMENT = "/zwgk/zfxxgkndbg/201403/P020140320_1.pdf"


@pytest.fixture(scope="module")
def third(site: tuple[ReplicaServer, Path, Path], policy_crawl: Crawl) -> tuple[Crawl, dict[str, Any], dict[str, Any]]:
    replica, archive, tmp = site
    edited = replica.edit("trs-2021", "更正说明：本报告第二部分数据已更正。")
    moved = replica.move("plain-2010", "/plain/detail/2010-moved.html")
    replica.replace_attachment(REPLACED_ATTACHMENT)
    crawl = run_crawl(
        archive, replica, "--portals", str(tmp / "replica.csv"), "--portal", "replica", "--recheck-all", tmp=tmp
    )
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    return crawl, edited, moved


def by_path(replica: ReplicaServer, rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row["url"].removeprefix(replica.url), []).append(row)
    return out


# -- first crawl ------------------------------------------------------------------------------------
def test_recall_every_report_and_attachment_is_archived(site: tuple[ReplicaServer, Path, Path], first: Crawl) -> None:
    replica, archive, _ = site
    manifest = replica.manifest()
    rows = by_path(replica, captures(archive, first.run_id))
    missing = [p for p in manifest["reports"] if not any(r["classification"] == "report" for r in rows.get(p, []))]
    assert missing == []
    missing_files = [p for p in manifest["attachments"] if not any(r["status"] == 200 for r in rows.get(p, []))]
    assert missing_files == []
    assert all(rows[p][-1]["classification"] == "attachment" for p in manifest["attachments"])
    assert first.summary["reports"] == len(manifest["reports"])


def test_precision_nothing_else_is_classified_report(site: tuple[ReplicaServer, Path, Path], first: Crawl) -> None:
    replica, archive, _ = site
    manifest = replica.manifest()
    reports = {p for p, rs in by_path(replica, captures(archive, first.run_id)).items() if any(
        r["classification"] == "report" for r in rs)}  # fmt: skip
    assert reports == set(manifest["reports"])
    rows = by_path(replica, captures(archive, first.run_id))
    for path in manifest["other"]:  # notices, explainers, 404, 500: fetched, archived, not reports
        assert path in rows, path
        assert {r["classification"] for r in rows[path]} == {"other"}, path
        assert rows[path][-1]["classification_reason"]


def test_challenge_page_is_archived_as_blocked_and_reported(
    site: tuple[ReplicaServer, Path, Path], first: Crawl
) -> None:
    replica, archive, _ = site
    rows = by_path(replica, captures(archive, first.run_id))["/plain/detail/guard.html"]
    assert [(r["status"], r["classification"], r["blocked"]) for r in rows] == [(412, "blocked", 1)]
    assert "$_ts" in rows[0]["classification_reason"]
    assert first.summary["blocked_hosts"] == [replica.host]
    assert "blocked      1 challenge answers from " + replica.host in first.stdout


def test_robots_disallowed_offsite_and_trap_urls_are_never_requested(
    site: tuple[ReplicaServer, Path, Path], first: Crawl
) -> None:
    replica, _, _ = site
    paths = [r["path"] for r in first.requests]
    assert paths[0] == "/robots.txt"
    assert not [p for p in paths if p.startswith("/private/")]
    assert not [r for r in first.requests if r["host"] != replica.host]  # localhost mirror link never followed
    assert not [p for p in paths if p.startswith("/plain/calendar")]
    trap = [p for p in paths if p.startswith("/plain/more")]
    assert trap == ["/plain/more?page=4"]  # one page past the end: nothing new there, so the chain stops
    assert first.summary["skipped"]["robots.txt"] == 1
    assert first.summary["skipped"]["off-site"] == 2


def test_politeness_one_request_at_a_time_crawl_delay_and_user_agent(
    site: tuple[ReplicaServer, Path, Path], first: Crawl
) -> None:
    requests = sorted(first.requests, key=lambda r: r["start"])
    overlaps = [(a["path"], b["path"]) for a, b in itertools.pairwise(requests) if b["start"] < a["end"]]
    assert overlaps == []
    gaps = [b["start"] - a["start"] for a, b in itertools.pairwise(requests)]
    # DOWNLOAD_DELAY is 0 here: the floor comes from robots.txt.  Gaps are measured by the server, which
    # sees connection set-up jitter of a few milliseconds; without the floor they would be ~2-5 ms.
    assert min(gaps) >= CRAWL_DELAY - 0.02
    assert sum(gaps) / len(gaps) >= CRAWL_DELAY
    # back-off: after a 5xx the host's delay doubles (it decays again with normal answers)
    for n, entry in enumerate(requests[:-2]):
        if entry["status"] >= 500:
            following = [requests[n + 1]["start"] - entry["start"], requests[n + 2]["start"] - requests[n + 1]["start"]]
            assert max(following) >= 2 * CRAWL_DELAY - 0.02, (entry["path"], following)
    agents = {r["headers"].get("User-Agent", "") for r in requests}
    assert len(agents) == 1 and "ogi-archive" in agents.pop() and "+https://" in requests[0]["headers"]["User-Agent"]


def test_retry_after_503_and_redirect_provenance(site: tuple[ReplicaServer, Path, Path], first: Crawl) -> None:
    replica, archive, _ = site
    rows = by_path(replica, captures(archive, first.run_id))
    assert [r["status"] for r in rows["/plain/detail/flaky.html"]] == [503, 200]
    assert [r["status"] for r in rows["/plain/detail/broken.html"]] == [500, 500, 500]  # RETRY_TIMES=2
    redirect = rows["/zwgk/old/t20200320_300.html"][0]
    assert redirect["status"] == 301 and "redirect" in redirect["classification_reason"]
    target = rows["/zwgk/zfxxgkndbg/202003/t20200320_300.html"][0]
    assert json.loads(target["redirect_chain"]) == [replica.url + "/zwgk/old/t20200320_300.html"]
    assert target["classification"] == "report"


def test_discovery_path_charset_and_raw_bytes_are_recorded(
    site: tuple[ReplicaServer, Path, Path], first: Crawl
) -> None:
    replica, archive, _ = site
    rows = by_path(replica, captures(archive, first.run_id))
    pdf = rows["/zwgk/zfxxgkndbg/201403/P020140320_1.pdf"][0]
    report = rows[pdf["referrer"].removeprefix(replica.url)][0]
    assert report["classification"] == "report" and pdf["depth"] == report["depth"] + 1
    assert pdf["link_text"] == "示例市2013年政府信息公开工作年度报告.pdf"
    listing = rows[report["referrer"].removeprefix(replica.url)][0]
    assert listing["classification"] == "list"
    seed = next(rs[0] for p, rs in rows.items() if rs[0]["link_text"] and "吉林市昌邑区" in rs[0]["link_text"])
    assert (seed["declared_charset"], seed["detected_charset"]) == ("gb2312", "gb18030")
    # the WARC response record holds the gzip body as received; its content decodes to the GBK page
    with (archive / "warc" / seed["warc_file"]).open("rb") as handle:
        handle.seek(seed["offset"])
        record = next(iter(ArchiveIterator(handle)))
        assert record.http_headers.get_header("Content-Encoding") == "gzip"
        text = record.content_stream().read().decode("gb18030")
    assert "王镕、李堃、赵珺" in text


# -- second crawl: nothing changed ------------------------------------------------------------------
def test_unchanged_recrawl_downloads_no_new_bodies(site: tuple[ReplicaServer, Path, Path], second: Crawl) -> None:
    replica, archive, _ = site
    rows = captures(archive, second.run_id)
    assert [r["url"] for r in rows if r["record_type"] == "response"] == []
    not_modified = [r for r in rows if r["revisit_profile"] == "server-not-modified"]
    assert len(not_modified) >= 0.9 * len(rows)
    conditional = [r for r in second.requests if "If-None-Match" in r["headers"]]
    assert len(conditional) == len(not_modified)
    assert second.summary["new_versions"] == 0 and second.summary["new_reports"] == 0
    # 304s still lead through list pages to every report
    assert second.summary["reports"] == len(replica.manifest()["reports"])
    # robots.txt answered 304 too: its archived body still gave the disallow rules and the Crawl-delay
    assert not [r for r in second.requests if r["path"].startswith("/private/")]
    starts = sorted(r["start"] for r in second.requests)
    assert min(b - a for a, b in itertools.pairwise(starts)) >= CRAWL_DELAY - 0.02


# -- third crawl: the default recheck policy, right after the second ---------------------------------
def test_recently_checked_reports_and_attachments_are_not_asked_again(
    site: tuple[ReplicaServer, Path, Path], first: Crawl, policy_crawl: Crawl
) -> None:
    replica, archive, _ = site
    manifest = replica.manifest()
    leaves = set(manifest["reports"]) | set(manifest["attachments"])
    asked = {r["path"] for r in policy_crawl.requests}
    assert asked & leaves == set()
    assert policy_crawl.summary["not_rechecked"] == len(leaves)
    rows = captures(archive, policy_crawl.run_id)
    assert rows and {r["classification"] for r in rows} <= {"list", "other", "blocked"}  # lists, robots, challenge
    assert [r for r in rows if r["record_type"] == "response"] == []
    assert "not due" in policy_crawl.stdout and "--recheck-all" in policy_crawl.stdout
    # every list page is still walked, pagination included (known reports do not stop a pagination chain)
    first_rows = captures(archive, first.run_id)
    first_lists = {r["url"].removeprefix(replica.url) for r in first_rows if r["classification"] == "list"}
    assert first_lists <= {r["url"].removeprefix(replica.url) for r in rows}


# -- fourth crawl: one report edited, one moved, one attachment replaced -----------------------------
def test_changed_report_is_archived_as_exactly_one_new_version(
    site: tuple[ReplicaServer, Path, Path], third: tuple[Crawl, dict[str, Any], dict[str, Any]]
) -> None:
    replica, archive, _ = site
    crawl, edited, moved = third
    rows = captures(archive, crawl.run_id)
    new = sorted(r["url"].removeprefix(replica.url) for r in rows if r["record_type"] == "response")
    # the edited report, the moved report at its new URL, the list page that now links there, the moved
    # report's old URL (known reports are revalidated even when no list links them any more) and the
    # attachment replaced under its URL (its report page answered 304 and was not read again)
    old_path = "/plain/detail/102.html"
    assert new == sorted([edited["path"], moved["path"], "/plain/list.html", old_path, REPLACED_ATTACHMENT])
    page = next(r for r in rows if r["url"] == next(
        x["referrer"] for x in rows if x["url"].endswith(REPLACED_ATTACHMENT)))  # fmt: skip
    assert page["revisit_profile"] == "server-not-modified"
    assert next(r for r in rows if r["url"].endswith(old_path))["status"] == 404
    edited_row = next(r for r in rows if r["url"].endswith(edited["path"]))
    assert edited_row["classification"] == "report"
    with (archive / "warc" / edited_row["warc_file"]).open("rb") as handle:
        handle.seek(edited_row["offset"])
        body = next(iter(ArchiveIterator(handle))).content_stream().read().decode("gb18030")
    assert "本报告第二部分数据已更正" in body
    assert len([r for r in crawl.requests if r["path"] == old_path]) == 1  # revalidated once, though unlinked
    assert crawl.summary["new_reports"] == 2


def test_ssrf_guard_refuses_loopback_without_the_flag(site: tuple[ReplicaServer, Path, Path], third: object) -> None:
    replica, _, tmp = site
    crawl = run_crawl(tmp / "archive-ssrf", replica, "--url", replica.url + "/", tmp=tmp)
    assert crawl.returncode == 2  # every start URL refused: nothing would be asked (issue 16)
    assert crawl.requests == []
    assert "127.0.0.1 is a loopback address" in crawl.stderr and "--allow-private" in crawl.stderr
    assert not (tmp / "archive-ssrf").exists()


# -- the `ogi crawl` command (in its own process: a Twisted reactor cannot restart) -------------------
def ogi(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    return subprocess.run(
        [sys.executable, "-m", "scheduler", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_ogi_crawl_prints_progress_and_a_summary(site: tuple[ReplicaServer, Path, Path], third: object) -> None:
    replica, _, tmp = site
    result = ogi("crawl", "--archive", str(tmp / "archive-cli"), "--url", replica.url + "/", "--allow-private",
                 "--max-pages", "12", "--delay", "0", "--progress", "plain")  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "ok (closespider_pagecount)" in result.stdout
    assert "reports" in result.stdout and "errors       none" in result.stdout
    assert "INFO scrapy" not in result.stderr  # Scrapy's chatter follows `ogi -v`


def test_ogi_crawl_refuses_a_locked_archive(site: tuple[ReplicaServer, Path, Path], third: object) -> None:
    from archive import Archive

    replica, _, tmp = site
    with Archive.open(tmp / "archive-locked", create=True) as archive, archive.lock("test holds the lock"):
        result = ogi("crawl", "--archive", str(tmp / "archive-locked"), "--url", replica.url + "/", "--allow-private")
    assert result.returncode == 3
    assert "another crawl" in result.stderr.lower() or "wait for" in result.stderr.lower()


def test_ogi_crawl_needs_something_to_crawl(tmp_path: Path) -> None:
    result = ogi("crawl", "--archive", str(tmp_path / "a"))
    assert result.returncode == 2 and "--portal ID, --all or --url URL" in result.stderr


def test_a_body_cut_short_is_archived_as_truncated_and_not_as_a_report(
    site: tuple[ReplicaServer, Path, Path], third: object
) -> None:
    replica, _, tmp = site
    archive = tmp / "archive-truncated"
    crawl = run_crawl(archive, replica, "--url", replica.url + "/zwgk/zfxxgkndbg/cut/t20200301_9999.html",
                      "--allow-private", tmp=tmp)  # fmt: skip
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    row = next(r for r in captures(archive, crawl.run_id) if r["url"].endswith("t20200301_9999.html"))
    assert (row["status"], row["truncated"], row["classification"]) == (200, "disconnect", "other")
    assert row["classification_reason"].startswith("truncated (connection lost")
    assert "looked like report" in row["classification_reason"]
    with (archive / "warc" / row["warc_file"]).open("rb") as handle:
        handle.seek(row["offset"])
        record = next(iter(ArchiveIterator(handle)))
        assert record.rec_headers.get_header("WARC-Truncated") == "disconnect"
