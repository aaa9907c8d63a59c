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
