"""`ogi portals list|show|validate`: the portal registry (shipped file plus your own files)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from crawler.registry import FIELDS, LEVELS, PLATFORMS, Registry, RegistryError, validate
from scheduler.options import format_option
from scheduler.research_output import write_listing

registry_files_option = click.option(
    "--portals",
    "registry_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Extra registry file (CSV or JSON); also read from $OGI_PORTALS.",
)


def load(registry_files: tuple[Path, ...]) -> Registry:
    try:
        return Registry.load(registry_files)
    except RegistryError as exc:
        raise click.ClickException(f"{exc}. A registry CSV needs the columns of crawler/data/portals.csv.") from exc


@click.group("portals")
def portals_group() -> None:
    """The registry of government portals the crawler knows."""


@portals_group.command("list")
@registry_files_option
@click.option("--level", type=click.Choice(sorted(LEVELS)), default=None, help="Only this level.")
@click.option("--province", default=None, help="Only this province, as the registry names it (e.g. 吉林).")
@click.option("--platform", type=click.Choice(sorted(PLATFORMS - {""})), default=None, help="Only this platform hint.")
@format_option
def list_command(
    registry_files: tuple[Path, ...],
    level: str | None,
    province: str | None,
    platform: str | None,
    fmt: str,
    legacy_json: bool,
) -> None:
    """List portals: id, agency, level, province, platform, start URL."""
    registry = load(registry_files)
    provinces = sorted({p.province for p in registry if p.province})
    if province is not None and province not in provinces:
        province = next((short for short in provinces if province in _full_names(short)), province)
    if province is not None and province not in provinces:
        raise click.BadParameter(
            f"{province!r} is no province of the registry; use one of: {', '.join(provinces)}",
            param_hint="'--province'",
        )
    portals = [
        p
        for p in registry
        if (level is None or p.level == level)
        and (province is None or p.province == province)
        and (platform is None or p.platform == platform)
    ]
    if legacy_json:  # deprecated: the same array, indented
        click.echo(json.dumps([p.as_row() for p in portals], ensure_ascii=False, indent=2))
        return
    if fmt != "table":
        write_listing(fmt, FIELDS, (p.as_row() for p in portals))
        return
    table = Table(title=f"{len(portals)} portals")
    for column in ("id", "agency", "level", "province", "platform", "start URL"):
        table.add_column(column, overflow="fold")
    for p in portals:
        table.add_row(p.id, p.agency, p.level, p.province, p.platform, p.start_urls[0] if p.start_urls else "")
    Console(width=200).print(table)


def _full_names(short: str) -> tuple[str, ...]:
    """吉林 -> 吉林省, 吉林市 …: the registry names provinces without their suffix."""
    return tuple(short + suffix for suffix in ("省", "市", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区"))


@portals_group.command("show")
@registry_files_option
@click.argument("portal_id")
def show_command(registry_files: tuple[Path, ...], portal_id: str) -> None:
    """Show every field of one portal."""
    registry = load(registry_files)
    try:
        portal = registry.get(portal_id)
    except RegistryError as exc:
        raise click.ClickException(str(exc)) from exc
    for key, value in portal.as_row().items():
        click.echo(f"{key:14} {value}")
    click.echo(f"{'source':14} {portal.source}")


@portals_group.command("validate")
@registry_files_option
def validate_command(registry_files: tuple[Path, ...]) -> None:
    """Check the registry for malformed entries and duplicates; exit 1 when there are errors."""
    registry = load(registry_files)
    problems = validate(registry)
    for problem in problems:
        where = f" ({problem.source})" if problem.source else ""
        click.echo(f"{problem.severity:7} {problem.portal_id}: {problem.message}{where}")
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    click.echo(f"{len(registry.entries)} entries, {errors} errors, {warnings} warnings")
    if errors:
        raise SystemExit(1)


COMMANDS = [portals_group]
