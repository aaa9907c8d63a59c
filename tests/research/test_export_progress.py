"""`ogi export` progress (issue 16 item 4): plain lines per report off a terminal, a summary with errors."""

from __future__ import annotations

import csv
import io
import logging
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import archive.research.export
from scheduler.cli import cli
from tests.research.conftest import Built

PLAIN = re.compile(r"^exported (\d+)/(\d+) reports \((\d+) %\), [\d.]+/s, ETA \S+$")


def _reports(catalog_dir: Built) -> int:
    with archive.Archive.open(catalog_dir.path) as arc:
        return int(arc.db.table("reports").count)


def test_export_prints_plain_progress_per_report_and_a_summary(catalog_dir: Built, tmp_path: Path) -> None:
    target = tmp_path / "obs.csv"
    result = CliRunner().invoke(cli, ["export", "--archive", str(catalog_dir.path), "-o", str(target)])
    assert result.exit_code == 0, result.output
    total = _reports(catalog_dir)
    lines = [line for line in result.stderr.splitlines() if line.startswith("exported ")]
    matches = [PLAIN.match(line) for line in lines]
    assert lines and all(matches), result.stderr
    done = [int(m[1]) for m in matches if m]
    assert done == sorted(done) and done[-1] == total and {int(m[2]) for m in matches if m} == {total}
    assert lines[-1].startswith(f"exported {total}/{total} reports (100 %)")
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert f"wrote {len(rows)} observations to {target}; errors none" in result.stderr


def test_export_to_stdout_keeps_progress_off_stdout(catalog_dir: Built) -> None:
    result = CliRunner().invoke(cli, ["export", "--archive", str(catalog_dir.path)])
    assert result.exit_code == 0, result.output
    assert "exported " not in result.stdout and "errors none" in result.stderr
    assert next(csv.reader(io.StringIO(result.stdout)))[0] == "agency"


def test_export_progress_off_and_logged_errors_counted(catalog_dir: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    real = archive.research.export.status_name

    def noisy(rank: object) -> str:
        logging.getLogger("archive.research.export").error("check rank %s unreadable", rank)
        return real(rank)

    monkeypatch.setattr(archive.research.export, "status_name", noisy)
    result = CliRunner().invoke(cli, ["export", "--progress", "off", "--archive", str(catalog_dir.path)])
    assert result.exit_code == 0, result.output
    assert not [line for line in result.stderr.splitlines() if line.startswith("exported ")]
    assert "errors none" not in result.stderr
    assert re.search(r"errors \d+ logged: check rank \S+ unreadable", result.stderr)
