"""Bad input is refused with a message saying what is accepted, never answered silently with nothing (issue 16.2)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli import cli
from scheduler.dates import DayError, parse_day
from tests.research.conftest import RR, Built, build_catalog


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    yield build_catalog(tmp_path_factory.mktemp("input") / "archive")


def ogi(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def events(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines()]


# -- ogi changes --since ----------------------------------------------------------------------------------
TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-12-03", date(2026, 12, 3)),
        ("2026-12-3", date(2026, 12, 3)),
        ("2026-1-9", date(2026, 1, 9)),
        ("today", TODAY),
        ("Yesterday", date(2026, 12, 2)),
        ("7d", date(2026, 11, 26)),
        ("2w", date(2026, 11, 19)),
        ("3 days", date(2026, 11, 30)),
        ("1 day", date(2026, 12, 2)),
        ("2 weeks ago", date(2026, 11, 19)),
    ],
)
def test_since_reads_iso_dates_and_relative_forms(text: str, day: date) -> None:
    assert parse_day(text, TODAY) == day


@pytest.mark.parametrize("text", ["", "soon", "2026/12/03", "12-03", "2026-13-01", "2026-02-30", "3 months", "-7d"])
def test_since_refuses_anything_else(text: str) -> None:
    with pytest.raises(DayError):
        parse_day(text, TODAY)


def test_changes_since_an_unpadded_date_finds_the_events_of_that_day(built: Built) -> None:
    # the events are on 2026-03-01; "2026-3-1" used to be compared as a string and matched nothing
    code, padded = ogi("changes", "--archive", str(built.path), "--since", "2026-03-01", "--json")
    assert code == 0, padded
    code, unpadded = ogi("changes", "--archive", str(built.path), "--since", "2026-3-1", "--json")
    assert code == 0 and events(unpadded) == events(padded) and len(events(padded)) == 8
    code, later = ogi("changes", "--archive", str(built.path), "--since", "2026-3-3")
    assert code == 0 and "no changes recorded since 2026-03-03" in later


def test_changes_since_a_relative_form(built: Built) -> None:
    code, out = ogi("changes", "--archive", str(built.path), "--since", "yesterday")
    assert code == 0 and "no changes recorded since" in out
    code, out = ogi("changes", "--archive", str(built.path), "--since", "10000 days", "--json")
    assert code == 0 and len(events(out)) == 8


def test_changes_since_nonsense_is_a_usage_error_saying_what_is_accepted(built: Built) -> None:
    code, out = ogi("changes", "--archive", str(built.path), "--since", "last tuesday")
    assert code == 2
    assert "Invalid value for '--since'" in out and "2026-12-03" in out and "yesterday" in out and "7d" in out


# -- fixed sets of values are click.Choice --------------------------------------------------------------
def test_portals_list_refuses_an_unknown_level_and_lists_the_valid_ones() -> None:
    code, out = ogi("portals", "list", "--level", "province")
    assert code == 2 and "'province' is not one of" in out and "'provincial'" in out
    code, out = ogi("portals", "list", "--level", "provincial", "--json")
    assert code == 0 and json.loads(out) and {r["level"] for r in json.loads(out)} == {"provincial"}


def test_portals_list_refuses_an_unknown_platform_and_province() -> None:
    code, out = ogi("portals", "list", "--platform", "wordpress")
    assert code == 2 and "'hanweb'" in out
    code, out = ogi("portals", "list", "--province", "加州")
    assert code == 2 and "吉林" in out and "no province of the registry" in out
    code, out = ogi("portals", "list", "--province", "吉林省", "--json")
    assert code == 0 and {r["province"] for r in json.loads(out)} == {"吉林"}


def test_every_option_with_a_fixed_set_of_values_is_a_choice() -> None:
    """Options whose help names their values must let click check them."""
    import click

    expected = {
        ("portals list", "level"), ("portals list", "platform"), ("series", "applicant"), ("series", "obs_scope"),
        ("plot", "applicant"), ("changes", "kinds"), ("crawl", "progress"), ("reports", "status"),
        ("reports", "fmt"), ("series", "fmt"), ("export", "fmt"), ("series", "level"), ("series", "report_scope"),
    }  # fmt: skip

    def walk(group: click.Group, prefix: str = "") -> dict[str, click.Command]:
        out: dict[str, click.Command] = {}
        for name, command in group.commands.items():
            out[prefix + name] = command
            if isinstance(command, click.Group):
                out.update(walk(command, prefix + name + " "))
        return out

    commands = walk(cli)
    for path, name in expected:
        param = next(p for p in commands[path].params if p.name == name)
        assert isinstance(param.type, click.Choice), (path, name)


def test_series_refuses_unknown_scope_and_applicant(built: Built) -> None:
    code, out = ogi("series", RR, "--archive", str(built.path), "--scope", "years")
    assert code == 2 and "'cumulative'" in out
    code, out = ogi("series", RR, "--archive", str(built.path), "--applicant", "citizen")
    assert code == 2 and "'natural_person'" in out


# -- indicator keys -------------------------------------------------------------------------------------
def test_a_mistyped_indicator_key_suggests_the_nearest_keys(built: Built) -> None:
    for command in (["series", "requests.recieved"], ["plot", "requests.recieved", "-o", "x.png"]):
        code, out = ogi(*command, "--archive", str(built.path))
        assert code == 2, out
        assert "unknown indicator key 'requests.recieved'" in out and "did you mean requests.received" in out
        assert "ogi indicators" in out
    code, out = ogi("export", "--archive", str(built.path), "--indicator", RR, "--indicator", "outcome.grnted")
    assert code == 2 and "'outcome.grnted'" in out and "outcome.granted" in out


def test_known_keys_without_values_and_archive_only_keys_are_accepted(built: Built) -> None:
    result = CliRunner().invoke(cli, ["export", "--archive", str(built.path), "--indicator", "outcome.granted"])
    assert result.exit_code == 0 and result.stdout.count("\n") == 1  # header only: a real key with no values
    code, out = ogi("series", "outcome.granted", "--archive", str(built.path))
    assert code == 1 and "no values of outcome.granted" in out and "ogi indicators" in out


# -- ogi plot honours the extension ------------------------------------------------------------------------
@pytest.mark.parametrize(("suffix", "magic"), [(".svg", b"<svg"), (".pdf", b"%PDF"), (".png", b"\x89PNG")])
def test_plot_writes_the_format_its_file_name_says(built: Built, tmp_path: Path, suffix: str, magic: bytes) -> None:
    target = tmp_path / f"chart{suffix}"
    code, out = ogi("plot", RR, "--agency", "海淀", "-o", str(target), "--archive", str(built.path))
    assert code == 0, out
    head = target.read_bytes()[:400]
    assert magic in head


def test_plot_refuses_an_extension_it_cannot_write(built: Built, tmp_path: Path) -> None:
    code, out = ogi("plot", RR, "--agency", "海淀", "-o", str(tmp_path / "chart.jpg"), "--archive", str(built.path))
    assert code == 2 and ".png, .svg or .pdf" in out and not (tmp_path / "chart.jpg").exists()
