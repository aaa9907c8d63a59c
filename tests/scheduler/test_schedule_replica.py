"""The scheduler end to end: a fast trigger runs two harvests on the replica portal, which changes in between."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from scheduler.cli import cli
from scheduler.demo import LOCAL_REPLICA_CRAWL_ARGS
from tests.replica.server import ReplicaServer

ROOT = Path(__file__).resolve().parents[2]


def finished_harvests(archive: Path) -> list[dict]:
    if not (archive / "catalog.sqlite").exists():
        return []
    conn = sqlite3.connect(f"file:{archive / 'catalog.sqlite'}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        rows = conn.execute("select * from runs where kind = 'harvest' and finished_at is not null order by started_at")
        return [dict(r) for r in rows]
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def test_two_scheduled_harvests_record_runs_versions_and_events(tmp_path: Path) -> None:
    archive = tmp_path / "arc"
    archive.mkdir()
    with ReplicaServer(crawl_delay=0.0, slow=0.2) as replica:
        crawl_args = list(LOCAL_REPLICA_CRAWL_ARGS)
        (archive / "ogi-settings.toml").write_text(
            "[harvest]\n"
            f'urls = ["{replica.url}/"]\n'
            "allow_private = true\nremoval_runs = 1\ncrawl_timeout_minutes = 5\n"
            "recheck_min_hours = 0.0\nrecheck_max_days = 0.0\n"  # the edits come seconds after harvest 1
            f"crawl_args = {json.dumps(crawl_args)}\n",
            encoding="utf-8",
        )
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        scheduler = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "scheduler",
                "schedule",
                "start",
                "--archive",
                str(archive),
                "--every-seconds",
                "2",
                "--max-runs",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            wait_for(
                lambda: (archive / "scheduler.lock").exists() and (archive / "scheduler.sqlite").exists(),
                30,
                "the scheduler to start",
            )
            # a second scheduler on the same archive is refused
            second = CliRunner().invoke(
                cli, ["schedule", "start", "--archive", str(archive), "--every-seconds", "1", "--max-runs", "1"]
            )
            assert second.exit_code == 1 and "already running" in second.output
            status = CliRunner().invoke(cli, ["schedule", "status", "--archive", str(archive)])
            assert "scheduler: running (pid" in status.output and "next harvest: 20" in status.output
            wait_for(lambda: len(finished_harvests(archive)) >= 1, 120, "the first harvest")
            replica.edit("trs-2021", "更正说明：本报告数据已更正。")
            replica.remove("plain-2011")
            replica.move("plain-2010", "/plain/detail/2010-moved.html")
            output, _ = scheduler.communicate(timeout=180)
        finally:
            if scheduler.poll() is None:
                scheduler.kill()
                scheduler.wait()
    assert scheduler.returncode == 0, output
    assert "stopped after 2 harvest(s)" in output
    harvests = finished_harvests(archive)
    assert [h["status"] for h in harvests] == ["ok", "ok"]
    first, second_run = harvests
    assert first["new_reports"] >= 80 and first["new_versions"] == 0
    assert (second_run["new_reports"], second_run["new_versions"], second_run["removals"]) == (0, 1, 1)
    assert json.loads(second_run["blocked_hosts"]) and Path(second_run["log_path"]).exists()
    conn = sqlite3.connect(archive / "catalog.sqlite")
    events = conn.execute("select kind, url from events where run_id = ? order by id", [second_run["id"]]).fetchall()
    kinds = sorted(kind for kind, _ in events)
    assert kinds == ["moved", "new_version", "removed"]
    assert dict(events)["moved"].endswith("/plain/detail/2010-moved.html")
    assert conn.execute("select count(*) from runs where kind = 'crawl' and status = 'ok'").fetchone()[0] == 2
    feed = (archive / "changes.atom").read_text(encoding="utf-8")
    assert "报告被修改" in feed and "报告被删除" in feed
    # the job survives in the store: status reads it without a running scheduler
    status = CliRunner().invoke(cli, ["schedule", "status", "--archive", str(archive)])
    assert "scheduler: not running" in status.output and "harvest" in status.output
