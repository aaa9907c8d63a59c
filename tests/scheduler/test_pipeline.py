"""Every entry point runs one pipeline (scheduler.pipeline): `ogi crawl` followed by `ogi parse --all` writes the
same events as one harvest, on real local sites, step by step on the same site state (issue 14 item 2)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.demo import LOCAL_REPLICA_CRAWL_ARGS
from scheduler.pipeline.crawl import crawl_command
from scheduler.pipeline.harvest import harvest
from scheduler.settings import Settings
from tests.crawler.smallsite import serve
from tests.replica.server import ReplicaServer
from tests.scheduler.test_delisting import delisting_settings

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def ogi(*args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "scheduler", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr


class TwoWays:
    """One archive harvested, one crawled and parsed by hand, with the same settings."""

    def __init__(self, tmp_path: Path, settings: Settings) -> None:
        self.settings = settings
        self.harvested = tmp_path / "harvested"
        self.by_hand = tmp_path / "by-hand"
        self.by_hand.mkdir()
        (self.by_hand / "ogi-settings.toml").write_text(
            f"[harvest]\nremoval_runs = {settings.harvest.removal_runs}\n", encoding="utf-8"
        )

    def step(self) -> None:
        assert harvest(self.harvested, self.settings).status == "ok"
        # `ogi crawl` takes the options `python -m crawler` takes: the harvest's own crawl command line
        ogi("crawl", *crawl_command(self.by_hand, self.settings)[3:], "--progress", "off")
        ogi("parse", "--all", "--archive", str(self.by_hand), "--progress", "off")

    def events(self, archive: Path) -> list[tuple[str, str | None, str | None, str | None, int | None]]:
        db = sqlite3.connect(archive / "catalog.sqlite")
        try:
            return db.execute(
                "select e.kind, e.url, e.previous_url, r.agency, r.report_year from events e "
                "left join reports r on r.id = e.report_id order by e.id"
            ).fetchall()
        finally:
            db.close()

    def assert_same_events(self) -> list[str]:
        """The same events (in crawl order, which two crawls of the same site need not share)."""
        harvested = self.events(self.harvested)
        assert sorted(self.events(self.by_hand), key=repr) == sorted(harvested, key=repr)
        return [kind for kind, *_ in harvested]


def test_crawl_and_parse_all_give_a_harvests_edits_removals_and_moves(tmp_path: Path) -> None:
    with ReplicaServer(crawl_delay=0.0, slow=0.2) as replica:
        settings = Settings(source="test")
        settings.harvest.urls = [replica.url + "/"]
        settings.harvest.allow_private = True  # the replica is on loopback
        settings.harvest.removal_runs = 1
        settings.harvest.crawl_timeout_minutes = 5
        settings.harvest.recheck_min_hours = settings.harvest.recheck_max_days = 0.0
        settings.harvest.crawl_args = list(LOCAL_REPLICA_CRAWL_ARGS)
        both = TwoWays(tmp_path, settings)
        both.step()
        replica.edit("trs-2021", "更正说明：本报告数据已更正。")
        replica.remove("plain-2011")
        replica.move("plain-2010", "/plain/detail/2010-moved.html")
        both.step()
    kinds = both.assert_same_events()
    assert {"new_report", "new_version", "removed", "moved"} <= set(kinds)
    feed = (both.by_hand / "changes.atom").read_text(encoding="utf-8")
    assert "报告被删除" in feed and "报告地址变更" in feed  # parse --all publishes the feed too


def test_crawl_and_parse_all_give_a_harvests_delisted_and_relisted(tmp_path: Path) -> None:
    with serve() as (base, _, off_listing):
        settings = delisting_settings(base)
        both = TwoWays(tmp_path, settings)
        both.step()
        off_listing.add(3)
        both.step()  # one complete listing without r3
        both.step()  # two: delisted
        off_listing.clear()
        both.step()  # linked again: relisted
    kinds = both.assert_same_events()
    assert [k for k in kinds if k.endswith("listed")] == ["delisted", "relisted"]
    assert "报告从列表撤下" in (both.by_hand / "changes.atom").read_text(encoding="utf-8")
