"""`ogi crawl` against the local replica portal (tests/replica), each crawl in its own process (a Twisted reactor
cannot restart): start URLs the address guard refuses, and what the command line promises (issue 16)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.safety import HostGuard, refused_start_urls
from tests.replica.server import ReplicaServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def replica(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReplicaServer]:
    with ReplicaServer(crawl_delay=0, slow=0.3, log=tmp_path_factory.mktemp("replica") / "requests.jsonl") as server:
        yield server


def ogi(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.pop("OGI_PORTALS", None)
    return subprocess.run(
        [sys.executable, "-m", "scheduler", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def capture_count(archive: Path) -> int:
    db = sqlite3.connect(archive / "catalog.sqlite")
    try:
        return int(db.execute("select count(*) from captures").fetchone()[0])
    finally:
        db.close()


def test_a_crawl_whose_every_start_url_is_refused_fails_and_suggests_allow_private(
    replica: ReplicaServer, tmp_path: Path
) -> None:
    before = len(replica.requests())
    result = ogi("crawl", "--archive", str(tmp_path / "a"), "--url", replica.url + "/", "--progress", "off")
    assert result.returncode == 2, result.stdout
    assert "refuses every start URL" in result.stderr and "127.0.0.1 is a loopback address" in result.stderr
    assert "--allow-private" in result.stderr
    assert len(replica.requests()) == before  # nothing was asked
    assert not (tmp_path / "a").exists()  # and no archive was made for nothing


def test_one_acceptable_start_url_is_enough() -> None:
    guard = HostGuard(resolver=lambda host: [])
    guard_public = HostGuard(resolver=lambda host: ["8.8.8.8"])
    refused = [("http://127.0.0.1:8000/", False), ("http://10.1.2.3/", False)]
    assert [r.split(": ", 1)[0] for r in refused_start_urls(refused, guard)] == [u for u, _ in refused]
    assert refused_start_urls([*refused, ("http://www.gov.cn/", False)], guard_public) == []
    assert refused_start_urls([("http://127.0.0.1:8000/", True)], guard) == []  # the portal allows it
    assert refused_start_urls([], guard) == []


def crawl_replica(replica: ReplicaServer, archive: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], int]:
    """`ogi crawl` of the replica; returns the result and how many requests the replica received."""
    before = len(replica.requests())
    result = ogi("crawl", "--archive", str(archive), "--url", replica.url + "/", "--allow-private", "--delay", "0",
                 "--progress", "off", "--set", "AUTOTHROTTLE_START_DELAY=0", *args)  # fmt: skip
    return result, len(replica.requests()) - before


@pytest.mark.parametrize("limit", [5, 25])
def test_max_pages_stops_at_exactly_n_responses(replica: ReplicaServer, tmp_path: Path, limit: int) -> None:
    # Scrapy's CLOSESPIDER_PAGECOUNT alone archived 40 responses for --max-pages 25 (requests already queued in
    # the downloader were still sent); N counts responses archived, robots.txt included
    result, asked = crawl_replica(replica, tmp_path / "a", "--max-pages", str(limit))
    assert result.returncode == 0, result.stderr[-2000:]
    assert capture_count(tmp_path / "a") == limit
    assert f"pages        {limit} archived" in result.stdout
    assert "ok (closespider_pagecount)" in result.stdout and "max pages reached" in result.stdout
    assert asked == limit  # nothing was asked only to be thrown away


def test_set_overrides_any_setting_like_scrapy_crawl_s(replica: ReplicaServer, tmp_path: Path) -> None:
    result, _ = crawl_replica(replica, tmp_path / "a", "--set", "OGI_MAX_DEPTH=0", "--set", "OGI_MAX_PAGES=30")
    assert result.returncode == 0, result.stderr[-2000:]
    db = sqlite3.connect(tmp_path / "a" / "catalog.sqlite")
    try:
        depths = {row[0] for row in db.execute("select depth from captures")}
        settings = db.execute("select settings from runs").fetchone()[0]
    finally:
        db.close()
    assert depths == {0}  # robots.txt and the start page only: OGI_MAX_DEPTH=0 took effect
    assert '"max_depth": 0' in settings and '"max_pages": 30' in settings
    assert "max depth" in result.stdout


def test_set_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    result = ogi("crawl", "--archive", str(tmp_path / "a"), "--url", "http://www.example.gov.cn/", "--set", "DELAY")
    assert result.returncode == 2 and "KEY=VALUE" in result.stderr
    result = ogi("crawl", "--archive", str(tmp_path / "a"), "--url", "http://www.example.gov.cn/",
                 "--set", "OGI_MAX_PAGE=3")  # fmt: skip
    assert result.returncode == 2 and "did you mean OGI_MAX_PAGES" in result.stderr
    assert not (tmp_path / "a").exists()


def test_an_error_logged_during_the_crawl_is_in_the_summary(replica: ReplicaServer, tmp_path: Path) -> None:
    quiet, _ = crawl_replica(replica, tmp_path / "a", "--max-pages", "3")
    assert quiet.returncode == 0 and "errors       none" in quiet.stdout, quiet.stderr[-2000:]
    extension = '{"tests.scheduler.logs_an_error.LogsAnError": 100}'
    noisy, _ = crawl_replica(replica, tmp_path / "b", "--max-pages", "3", "--set", f"EXTENSIONS={extension}")
    assert noisy.returncode == 0, noisy.stderr[-2000:]
    assert "errors       none" not in noisy.stdout
    assert "errors       1: logged 1" in noisy.stdout and "logged: something broke in ogi-portal" in noisy.stdout
