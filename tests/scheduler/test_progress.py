"""Progress of long work (issue 16 item 4): plain lines off a terminal, summaries that count logged errors."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from scheduler.cli import cli
from scheduler.progress import duration, plain_line
from tests.scheduler.test_parse_all import archive_with_reports

PLAIN = re.compile(r"^parsed (\d+)/(\d+) documents \((\d+) %\), [\d.]+/s, ETA \S+$")


def test_plain_line_shows_count_total_rate_and_eta() -> None:
    assert plain_line("parsed", 120, 1500, 120 / 14.1) == "parsed 120/1500 (8 %), 14/s, ETA 1m38s"
    assert plain_line("exported", 30, None, 10.0, "rows") == "exported 30 rows, 3.0/s"
    assert duration(7) == "7s" and duration(3 * 3600 + 300) == "3h05m"


def test_parse_all_prints_plain_progress_and_an_error_free_summary(tmp_path: Path) -> None:
    path = archive_with_reports(tmp_path / "arc")
    result = CliRunner().invoke(cli, ["parse", "--all", "--archive", str(path)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("parsed ")]
    matches = [PLAIN.match(line) for line in lines]
    assert lines and all(matches), result.stderr
    # four documents (three reports and a list page): a line every 5 %, so one per document, the last at 100 %
    assert [(int(m[1]), int(m[2])) for m in matches if m] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert lines[-1].startswith("parsed 4/4 documents (100 %)")
    assert "errors none" in result.stdout


def test_parse_all_progress_off_prints_no_lines(tmp_path: Path) -> None:
    path = archive_with_reports(tmp_path / "arc")
    result = CliRunner().invoke(cli, ["parse", "--all", "--progress", "off", "--archive", str(path)])
    assert result.exit_code == 0, result.output
    assert not [line for line in result.stderr.splitlines() if line.startswith("parsed ")]


def test_parse_all_summary_counts_a_logged_error(tmp_path: Path) -> None:
    path = archive_with_reports(tmp_path / "arc")
    conn = sqlite3.connect(path / "catalog.sqlite")
    with conn:  # one capture's catalog row points into the middle of its record: reading it fails
        conn.execute("update captures set offset = offset + 7 where url like '%t1.html'")
    conn.close()
    result = CliRunner().invoke(cli, ["parse", "--all", "--archive", str(path)])
    assert result.exit_code == 0, result.output
    assert "errors none" not in result.stdout
    assert re.search(r"errors 1 logged: capture \d+ \(http://gov.example.cn/ndbg/t1.html\)", result.stdout)


VERIFIED = re.compile(r"^verified (\d+)/(\d+) files and captures \((\d+) %\), [\d.]+/s, ETA \S+$")


def test_archive_verify_prints_plain_progress_and_a_summary(tmp_path: Path) -> None:
    path = archive_with_reports(tmp_path / "arc")
    result = CliRunner().invoke(cli, ["archive", "verify", "--archive", str(path)])
    assert result.exit_code == 0, result.output
    steps = len(list((path / "warc").glob("*.warc.gz"))) + 4  # every WARC file and the four captures
    lines = [line for line in result.stderr.splitlines() if line.startswith("verified ")]
    matches = [VERIFIED.match(line) for line in lines]
    assert lines and all(matches), result.stderr
    assert [int(m[1]) for m in matches if m] == list(range(1, steps + 1))  # 5 % steps: a line per step
    assert "4 catalog captures; errors none" in result.stdout and "OK" in result.stdout


def test_archive_verify_does_not_say_ok_after_a_logged_error(tmp_path: Path, monkeypatch) -> None:
    import logging

    import archive.verify

    path = archive_with_reports(tmp_path / "arc")
    real = archive.verify._check_capture

    def noisy(arc: object, row: dict[str, object], report: object) -> None:
        logging.getLogger("archive.verify").error("capture %s could not be read", row["id"])
        real(arc, row, report)  # type: ignore[arg-type]

    monkeypatch.setattr(archive.verify, "_check_capture", noisy)
    result = CliRunner().invoke(cli, ["archive", "verify", "--progress", "off", "--archive", str(path)])
    assert result.exit_code == 1
    assert not [line for line in result.stderr.splitlines() if line.startswith("verified ")]
    assert "errors none" not in result.output and "OK" not in result.stdout
    assert re.search(r"errors 4 logged: capture \d+ could not be read", result.stdout)
    assert "4 error(s) were logged" in result.stderr


def test_schedule_run_now_shows_the_crawl_and_the_parse(tmp_path: Path) -> None:
    import json

    from scheduler.demo import LOCAL_REPLICA_CRAWL_ARGS
    from tests.replica.server import ReplicaServer

    archive = tmp_path / "arc"
    archive.mkdir()
    with ReplicaServer(crawl_delay=0.0, slow=0.0) as replica:
        (archive / "ogi-settings.toml").write_text(
            f'[harvest]\nurls = ["{replica.url}/"]\nallow_private = true\ncrawl_timeout_minutes = 5\nmax_pages = 12\n'
            f"crawl_args = {json.dumps(list(LOCAL_REPLICA_CRAWL_ARGS))}\n",
            encoding="utf-8",
        )
        result = CliRunner().invoke(cli, ["schedule", "run-now", "--archive", str(archive)])
    assert result.exit_code == 0, result.output
    crawled = [line for line in result.stderr.splitlines() if line.startswith("crawled ")]
    parsed = [line for line in result.stderr.splitlines() if PLAIN.match(line)]
    assert crawled and re.match(r"^crawled 12 pages, [\d.]+/s$", crawled[-1]), result.stderr
    assert parsed and parsed[-1].startswith("parsed 12/12 documents (100 %)"), result.stderr
    assert re.search(r"pages 12, .* errors 0; log ", result.stdout)


def test_a_crawl_child_past_its_timeout_is_killed_while_progress_is_shown(capsys) -> None:
    import subprocess
    import sys

    from scheduler.pipeline.crawl import _wait

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert _wait(child, 0.5, lambda: 3, "plain") is None and child.poll() is not None
    assert capsys.readouterr().err.splitlines()[-1].startswith("crawled 3 pages, ")


def test_rich_progress_routes_log_records_above_the_bar_and_restores_handlers() -> None:
    import io
    import logging

    from rich.logging import RichHandler

    from scheduler.progress import WorkProgress

    root = logging.getLogger()
    plain = logging.StreamHandler(io.StringIO())
    root.addHandler(plain)
    out = io.StringIO()
    try:
        with WorkProgress("parsed", "rich", total=2, stream=out) as bar:
            assert plain not in root.handlers and any(isinstance(h, RichHandler) for h in root.handlers)
            logging.getLogger("scheduler.test").warning("a warning during the bar")
            bar.update(1)
        assert plain in root.handlers and not any(isinstance(h, RichHandler) for h in root.handlers)
    finally:
        root.removeHandler(plain)
    assert "a warning during the bar" in out.getvalue() and plain.stream.getvalue() == ""
