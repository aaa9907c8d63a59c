"""Documentation stays true: every `ogi` command is documented, README shows the two commands first."""

from __future__ import annotations

import re
from pathlib import Path

import click

from scheduler.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def command_paths(group: click.Group, prefix: str = "ogi") -> list[str]:
    paths = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        paths.append(path)
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, path))
    return paths


def test_every_command_is_documented_in_docs_cli() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### (ogi[ a-z0-9_-]*?)\s*$", text, flags=re.M))
    missing = [p for p in command_paths(cli) if p not in documented]
    assert not missing, f"add a '### <command>' section to docs/cli.md for: {missing}"
    stale = sorted(documented - set(command_paths(cli)))
    assert not stale, f"docs/cli.md documents commands that do not exist: {stale}"


def test_every_command_has_help_text() -> None:
    def walk(group: click.Group) -> list[tuple[str, click.Command]]:
        out = []
        for name, command in group.commands.items():
            out.append((name, command))
            if isinstance(command, click.Group):
                out.extend(walk(command))
        return out

    undocumented = [name for name, command in walk(cli) if not (command.help or "").strip()]
    assert not undocumented


def test_readme_quick_start_shows_make_demo_and_make_test_first() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", readme, flags=re.S)
    assert first_block is not None
    lines = [line.strip() for line in first_block.group(1).splitlines() if line.strip()]
    assert lines[:2] == ["make demo", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
