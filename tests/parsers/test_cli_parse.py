"""`ogi parse FILE...` through the real click group."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from scheduler.cli import cli

DATA = Path(__file__).resolve().parent.parent / "data"
REPORT_KEYS = {"title", "agency", "report_year", "published", "format", "region_code", "level"}
OBS_KEYS = {"indicator", "applicant", "scope", "value", "unit", "raw", "source", "evidence", "start", "end"}


def test_parse_json_shape(tmp_path):
    seed = next((DATA / "seeds").glob("003_*.txt"))
    page = DATA / "pages" / "2021_changyi.html"
    result = CliRunner().invoke(cli, ["parse", "--json", str(seed), str(page)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().split("\n")
    assert len(lines) == 2
    for line, path in zip(lines, (seed, page), strict=True):
        obj = json.loads(line)
        assert set(obj) == {"source", "report", "observations", "checks"}
        assert obj["source"] == str(path)
        assert set(obj["report"]) >= REPORT_KEYS
        assert obj["observations"] and all(set(o) >= OBS_KEYS for o in obj["observations"])
        assert all({"rule", "status", "detail"} <= set(c) for c in obj["checks"])
    first = json.loads(lines[0])
    assert first["report"]["format"] == "2014"
    assert {"rule": "X-DUP", "status": "fail"}.items() <= next(
        c for c in first["checks"] if c["rule"] == "X-DUP"
    ).items()


def test_parse_summary_and_bad_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    garbage = tmp_path / "garbage.html"
    garbage.write_bytes(bytes(range(256)) * 10)
    seed = next((DATA / "seeds").glob("004_*.txt"))
    result = CliRunner().invoke(cli, ["parse", str(empty), str(garbage), str(seed)])
    assert result.exit_code == 0, result.output
    assert f"{empty}: empty" in result.output
    assert f"{garbage}: undecodable" in result.output
    assert "FAIL X-YEAR: table 0 is labelled 2016年 inside the 2017 report" in result.output


def test_unknown_suffix_is_a_per_file_status(tmp_path):
    # other types go to parsers.extract (attachment extraction), which reports them as unsupported
    odd = tmp_path / "report.xyz"
    odd.write_text("hello")
    result = CliRunner().invoke(cli, ["parse", "--json", str(odd)])
    assert result.exit_code == 0, result.output
    obj = json.loads(result.output)
    assert obj["report"]["status"] == "unsupported"
    assert obj["observations"] == []


def test_relative_paths(monkeypatch):
    monkeypatch.chdir(DATA / "pages")
    result = CliRunner().invoke(cli, ["parse", "--json", "2021_changyi.html"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["report"]["format"] == "2021"
