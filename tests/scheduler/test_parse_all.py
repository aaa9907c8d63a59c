"""`ogi parse --all`: idempotent, versioned by parser, linked to captures."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

import scheduler.pipeline.ingest
from archive import Archive, Exchange
from scheduler.cli import cli
from tests.generate_reports import generate_report


def archive_with_reports(path: Path) -> Path:
    arc = Archive.open(path, create=True)
    run_id = arc.start_run("crawl", {})
    with arc.writer(run_id) as writer:
        for i, fmt in enumerate(("2021", "2019", "2014")):
            report = generate_report(f"某某县{'财政局教育局卫健委'[i * 3 : i * 3 + 3]}", 2016 + i * 2, fmt, i)
            writer.record(
                Exchange(
                    url=f"http://gov.example.cn/ndbg/t{i}.html",
                    status=200,
                    response_body=report.html.encode("utf-8"),
                    response_headers=[("Content-Type", "text/html; charset=utf-8")],
                    fetched_at=datetime.now(UTC),
                    classification="report",
                )
            )
        writer.record(
            Exchange(
                url="http://gov.example.cn/ndbg/index.html",
                status=200,
                response_body=b"<html>list</html>",
                response_headers=[("Content-Type", "text/html")],
                fetched_at=datetime.now(UTC),
                classification="list",
            )
        )
    arc.finish_run(run_id, "ok", {})
    arc.close()
    return path


def test_parse_all_is_idempotent_and_keeps_old_parser_versions(tmp_path: Path, monkeypatch) -> None:
    path = archive_with_reports(tmp_path / "arc")
    runner = CliRunner()
    first = runner.invoke(cli, ["parse", "--all", "--archive", str(path)])
    assert first.exit_code == 0, first.output
    assert "3 documents parsed" in first.output and "3 new reports" in first.output
    with Archive.open(path) as arc:
        counts = (arc.db.table("reports").count, arc.db.table("observations").count, arc.db.table("checks").count)
        assert counts[0] == 3 and counts[1] > 100 and counts[2] > 5
        assert {r["kind"] for r in arc.db.query("select kind from runs")} == {"crawl", "parse"}
        versions = {r["parser_version"] for r in arc.db.query("select distinct parser_version from observations")}
    again = runner.invoke(cli, ["parse", "--all", "--archive", str(path)])
    assert again.exit_code == 0 and "0 documents parsed (nothing new)" in again.output
    with Archive.open(path) as arc:
        assert (
            arc.db.table("reports").count,
            arc.db.table("observations").count,
            arc.db.table("checks").count,
        ) == counts
    monkeypatch.setattr(scheduler.pipeline.ingest, "PARSER_VERSION", "99.0.0")
    newer = runner.invoke(cli, ["parse", "--all", "--archive", str(path)])
    assert newer.exit_code == 0 and "3 documents parsed" in newer.output and "0 new reports" in newer.output
    with Archive.open(path) as arc:
        by_version = {
            r["parser_version"]: r["n"]
            for r in arc.db.query("select parser_version, count(*) n from observations group by parser_version")
        }
        assert set(by_version) == versions | {"99.0.0"}
        assert by_version["99.0.0"] == counts[1]  # same documents, same numbers, kept side by side
        assert arc.db.table("report_versions").count == 3  # content unchanged: no new versions


def test_parse_requires_files_or_all(tmp_path: Path) -> None:
    runner = CliRunner()
    assert "give one or more FILES" in runner.invoke(cli, ["parse"]).output
    missing = runner.invoke(cli, ["parse", "--all", "--archive", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "not an ogi archive" in missing.output
