"""`ogi archive ...` through click's runner, on real archives."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from archive import Archive
from scheduler.cli import cli
from tests.archive.conftest import FakeClock, write_sample


def make_archive(tmp_path: Path) -> Path:
    arc = Archive.open(tmp_path / "arc", create=True, clock=FakeClock())
    write_sample(arc, 3)
    arc.close()
    return tmp_path / "arc"


def test_stats_json_and_table(tmp_path: Path) -> None:
    path = make_archive(tmp_path)
    result = CliRunner().invoke(cli, ["archive", "stats", "--archive", str(path), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["counts"]["captures"] == 3
    assert figures["captures_by_record_type"] == {"response": 3}
    assert figures["warc_bytes"] > 0
    table = CliRunner().invoke(cli, ["archive", "stats", "--archive", str(path)])
    assert table.exit_code == 0 and "captures" in table.output


def test_archive_from_environment(tmp_path: Path, monkeypatch) -> None:
    path = make_archive(tmp_path)
    monkeypatch.setenv("OGI_ARCHIVE", str(path))
    result = CliRunner().invoke(cli, ["archive", "stats", "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["archive"] == str(path)


def test_not_an_archive_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["archive", "verify", "--archive", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert "is not an ogi archive" in result.output and "--archive" in result.output
    assert not (tmp_path / "nothing").exists()


def test_verify_repair_reindex_cycle(tmp_path: Path) -> None:
    path = make_archive(tmp_path)
    runner = CliRunner()
    ok = runner.invoke(cli, ["archive", "verify", "--archive", str(path)])
    assert ok.exit_code == 0 and "OK" in ok.output
    warc = next((path / "warc").glob("*.warc.gz"))
    warc.write_bytes(warc.read_bytes()[:-50])
    bad = runner.invoke(cli, ["archive", "verify", "--archive", str(path)])
    assert bad.exit_code == 1
    assert f"PROBLEM {warc.name} offset" in bad.output and "ogi archive repair" in bad.output
    fixed = runner.invoke(cli, ["archive", "repair", "--archive", str(path), warc.name])
    assert fixed.exit_code == 0 and "quarantine" in fixed.output
    assert runner.invoke(cli, ["archive", "verify", "--archive", str(path)]).exit_code == 0
    rebuilt = runner.invoke(cli, ["archive", "reindex", "--archive", str(path)])
    assert (
        rebuilt.exit_code == 0 and "3 captures (3 kept, 0 added, 0 removed)" in rebuilt.output
    )  # only the metadata record was cut


def test_cdx_and_payload(tmp_path: Path) -> None:
    path = make_archive(tmp_path)
    runner = CliRunner()
    out = tmp_path / "i.cdxj"
    result = runner.invoke(cli, ["archive", "cdx", "--archive", str(path), "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_text().count('"status": "200"') == 3
    payload = runner.invoke(cli, ["archive", "payload", "--archive", str(path), "2"])
    assert payload.exit_code == 0 and "镕堃珺" in payload.stdout_bytes.decode("gb18030")
    raw = runner.invoke(cli, ["archive", "payload", "--archive", str(path), "2", "--raw"])
    assert raw.stdout_bytes[:2] == b"\x1f\x8b"
    missing = runner.invoke(cli, ["archive", "payload", "--archive", str(path), "99"])
    assert missing.exit_code == 1 and "no capture 99" in missing.output
