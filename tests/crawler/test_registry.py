"""The shipped portal registry, user registry files, validation and `ogi portals ...`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.registry import FIELDS, Registry, RegistryError, UnknownPortalError, shipped_path, validate
from crawler.registry_build import build
from scheduler.cli import cli

SEED = Path(__file__).resolve().parents[2] / "crawler" / "data" / "portals-seed.csv"


@pytest.fixture(autouse=True)
def no_user_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OGI_PORTALS", raising=False)


def test_shipped_registry_is_valid_and_official_only() -> None:
    registry = Registry.load()
    assert len(registry) > 200
    assert validate(registry) == []
    for portal in registry:
        assert portal.start_urls and portal.agency
        assert all(h.split(":")[0].endswith(".gov.cn") for h in portal.allowed_hosts), portal.id
        assert all(portal.allows(url) for url in portal.start_urls)
        assert not portal.allow_private
    lishui = next(p for p in registry if p.id.startswith("lishui"))
    assert lishui.platform == "hanweb" and "xxgkAnnualReport.jsp" in lishui.start_urls[0]
    beijing = registry.get("beijing")
    assert (beijing.level, beijing.province, beijing.region_code) == ("provincial", "北京", "110000")


def test_shipped_file_is_reproducible_from_the_seed_list() -> None:
    with SEED.open(encoding="utf-8-sig", newline="") as handle:
        rows, dropped = build(list(csv.DictReader(handle)))
    with shipped_path().open(encoding="utf-8", newline="") as handle:
        shipped = list(csv.DictReader(handle))
    assert shipped == rows
    assert any("1.25.240.11" in message for message in dropped)  # bare-IP hosts are not official domains


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in FIELDS})
    return path


def test_user_file_adds_and_overrides_entries(tmp_path: Path) -> None:
    user = write_csv(tmp_path / "mine.csv", [
        {"id": "beijing", "agency": "北京市人民政府（我的入口）", "level": "provincial",
         "start_urls": "https://www.beijing.gov.cn/gongkai/zfxxgk/gknb/index.html"},
        {"id": "mycounty", "agency": "某县人民政府", "level": "county",
         "start_urls": "http://www.mycounty.gov.cn/xxgk/ndbg/ http://xxgk.mycounty.gov.cn/nb/"},
    ])  # fmt: skip
    registry = Registry.load([user])
    assert registry.get("beijing").agency == "北京市人民政府（我的入口）"
    mine = registry.get("mycounty")
    assert mine.allowed_hosts == frozenset({"www.mycounty.gov.cn", "xxgk.mycounty.gov.cn"})
    problems = validate(registry)
    assert [(p.portal_id, p.severity) for p in problems] == [("beijing", "warning")]  # overridden, different file


def test_json_registry_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"portals": [{"id": "j1", "agency": "某局", "start_urls": ["http://j.gov.cn/nb/"]}]}))
    assert Registry.load([path], shipped=False).get("j1").start_urls == ("http://j.gov.cn/nb/",)


def test_validate_reports_malformed_entries_and_duplicates(tmp_path: Path) -> None:
    bad = write_csv(tmp_path / "bad.csv", [
        {"id": "Bad Id", "agency": "", "level": "village", "start_urls": "ftp://x.gov.cn/"},
        {"id": "dup", "agency": "A", "level": "county", "start_urls": "http://a.gov.cn/nb/", "allowed_hosts": "b.gov.cn"},
        {"id": "dup", "agency": "B", "level": "county", "start_urls": "http://c.example.com/nb/", "region_code": "12"},
    ])  # fmt: skip
    problems = validate(Registry.load([bad], shipped=False))
    messages = [(p.portal_id, p.severity, p.message.split(" (")[0]) for p in problems]
    assert ("Bad Id", "error", "agency is empty") in messages
    assert any(m[0] == "Bad Id" and m[2].startswith("id must be") for m in messages)
    assert any(m[0] == "Bad Id" and "level 'village'" in m[2] for m in messages)
    assert any(m[0] == "Bad Id" and "not an http(s) URL" in m[2] for m in messages)
    assert ("dup", "error", "start URL http://a.gov.cn/nb/ is outside the allowed hosts") in messages
    assert ("dup", "error", "duplicate id") in messages
    assert any(m[0] == "dup" and "region_code '12'" in m[2] for m in messages)
    assert any(m[0] == "dup" and m[1] == "warning" and "not a .gov.cn domain" in m[2] for m in messages)
    assert problems[0].severity == "error" and problems[-1].severity == "warning"


def test_unreadable_registry_files(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="does not exist"):
        Registry.load([tmp_path / "missing.csv"])
    (tmp_path / "x.csv").write_text("name,url\na,b\n")
    with pytest.raises(RegistryError, match="header"):
        Registry.load([tmp_path / "x.csv"])
    with pytest.raises(UnknownPortalError, match="ogi portals list"):
        Registry.load().get("no-such-portal")


def test_ogi_portals_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(cli, ["portals", "list", "--province", "吉林", "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert rows and all(r["province"] == "吉林" for r in rows)
    table = runner.invoke(cli, ["portals", "list", "--platform", "hanweb"])
    assert table.exit_code == 0 and "lishui" in table.output
    shown = runner.invoke(cli, ["portals", "show", "beijing"])
    assert shown.exit_code == 0 and "北京市人民政府" in shown.output and "region_code    110000" in shown.output
    missing = runner.invoke(cli, ["portals", "show", "nope"])
    assert missing.exit_code == 1 and "ogi portals list" in missing.output
    ok = runner.invoke(cli, ["portals", "validate"])
    assert ok.exit_code == 0 and "0 errors" in ok.output
    bad = write_csv(tmp_path / "bad.csv", [{"id": "x", "agency": "", "start_urls": "http://x.gov.cn/"}])
    failed = runner.invoke(cli, ["portals", "validate", "--portals", str(bad)])
    assert failed.exit_code == 1 and "error   x: agency is empty" in failed.output
