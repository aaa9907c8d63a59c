"""One way to do the same thing in every command (issue 16.5): `--format table|json|csv` on every listing
command (old `--json` kept, hidden), and `--archive` before the command as well as after it."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from scheduler.cli import cli
from tests.research.conftest import RR, Built, build_catalog

#: listing command -> extra arguments it needs
LISTINGS: dict[str, list[str]] = {
    "changes": [],
    "runs": [],
    "reports": [],
    "series": [RR],
    "indicators": [],
    "portals list": [],
    "archive stats": [],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    yield build_catalog(tmp_path_factory.mktemp("consistency") / "archive")


def commands(group: click.Group = cli, prefix: str = "") -> dict[str, click.Command]:
    out: dict[str, click.Command] = {}
    for name, command in group.commands.items():
        out[prefix + name] = command
        if isinstance(command, click.Group):
            out.update(commands(command, prefix + name + " "))
    return out


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args))


def archive_args(path: str, built: Built) -> list[str]:
    return [] if path == "portals list" else ["--archive", str(built.path)]


@pytest.mark.parametrize("path", sorted(LISTINGS))
def test_every_listing_command_takes_format_table_json_csv(path: str, built: Built) -> None:
    argv = [*path.split(), *LISTINGS[path], *archive_args(path, built)]
    option = next(p for p in commands()[path].params if p.name == "fmt")
    assert isinstance(option.type, click.Choice) and list(option.type.choices) == ["table", "json", "csv"]
    table = run(*argv)
    assert table.exit_code == 0, table.output
    as_json = run(*argv, "--format", "json")
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert data and isinstance(data, dict if path == "archive stats" else list)
    as_csv = run(*argv, "--format", "csv")
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert rows and len(rows[0]) >= 2
    if isinstance(data, list):
        assert len(rows) == len(data) and list(rows[0]) == list(data[0])


def test_no_listing_command_has_a_visible_json_flag_and_the_old_one_still_works(built: Built) -> None:
    for path, command in commands().items():
        legacy = [p for p in command.params if isinstance(p, click.Option) and "--json" in p.opts]
        if path in LISTINGS:
            assert all(p.hidden for p in legacy), path
    old = run("changes", "--archive", str(built.path), "--json")  # one object per line, as before
    assert old.exit_code == 0 and all(json.loads(line)["kind"] for line in old.stdout.splitlines())
    new = run("changes", "--archive", str(built.path), "--format", "json")
    assert [e["id"] for e in json.loads(new.stdout)] == [json.loads(line)["id"] for line in old.stdout.splitlines()]
    assert "--json" not in run("changes", "--help").output
    assert json.loads(run("portals", "list", "--json").stdout) == json.loads(
        run("portals", "list", "--format", "json").stdout
    )
    runs = run("runs", "--archive", str(built.path), "--format", "json")
    assert isinstance(json.loads(runs.stdout)[0]["stats"], dict | type(None))


def test_archive_before_the_command_and_the_commands_own_wins(built: Built, tmp_path: Path) -> None:
    group = run("--archive", str(built.path), "reports", "--format", "json")
    assert group.exit_code == 0, group.output
    assert len(json.loads(group.stdout)) == 6
    own_wins = run("--archive", str(tmp_path / "elsewhere"), "reports", "--archive", str(built.path))
    assert own_wins.exit_code == 0, own_wins.output
    wrong = run("--archive", str(built.path), "reports", "--archive", str(tmp_path / "elsewhere"))
    assert wrong.exit_code == 1 and "elsewhere is not an ogi archive" in wrong.output
    assert "--archive DIR" in run("--help").output


def test_every_command_with_an_archive_takes_the_groups(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OGI_ARCHIVE", raising=False)
    seen: list[str] = []
    for path, command in commands().items():
        param = next((p for p in command.params if p.name == "archive_dir"), None)
        if param is None:
            continue
        seen.append(path)
        root = click.Context(cli, info_name="ogi")
        root.params["group_archive"] = str(built.path)
        ctx = click.Context(command, parent=root, info_name=path)
        assert param.process_value(ctx, None) == built.path, path
        assert param.process_value(ctx, "own") == Path("own"), path
    assert {"reports", "changes", "crawl", "archive verify", "schedule run-now", "indicators"} <= set(seen)
