"""`ogi indicators`: every key with label, unit, where it appears and its count of observations (issue 16.3)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from archive import Archive
from scheduler.cli import cli
from scheduler.labels import indicator_catalog
from tests.research.conftest import RR, Built, build_catalog


def test_every_catalog_key_is_listed_with_label_unit_eras_and_counts(tmp_path: Path) -> None:
    built: Built = build_catalog(tmp_path / "archive")
    with Archive.open(built.path) as archive:
        archive.db.execute(
            "insert into observations (report_id, report_version_id, parser_version, indicator, value, unit) "
            "select report_id, report_version_id, parser_version, 'extra.乡镇街道公开信息数', 7, '条' "
            "from observations limit 1"
        )
        archive.db.conn.commit()
        held = archive.db.execute("select count(*) from observations where indicator = ?", [RR]).fetchone()[0]
    result = CliRunner().invoke(cli, ["indicators", "--archive", str(built.path), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["key"]: r for r in json.loads(result.stdout)}
    assert set(indicator_catalog()) <= set(rows)
    rr = rows[RR]
    assert rr["label"] == indicator_catalog()[RR].label and "申请" in rr["label"]
    assert rr["unit"] == "件" and rr["eras"] == "all" and "2019 t3" in rr["table"]
    assert rr["observations"] == held and rr["reports"] == 6
    assert rows["outcome.granted"]["observations"] == 0  # known key, nothing archived: 0, not missing
    extra = rows["extra.乡镇街道公开信息数"]  # a key only the archive has is listed too
    assert extra["observations"] == 1 and extra["label"] == "乡镇街道公开信息数" and extra["unit"] == "条"
    table = CliRunner().invoke(cli, ["indicators", "--archive", str(built.path)])
    assert table.exit_code == 0 and RR in table.stdout and "observations" in table.stdout


def test_indicators_work_without_an_archive_then_without_counts(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["indicators", "--archive", str(tmp_path / "none"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and list(rows[0]) == ["key", "label", "unit", "table", "eras"]
    assert {r["key"] for r in rows} == set(indicator_catalog())
    assert "without observation counts" in result.stderr
    assert not (tmp_path / "none").exists()
