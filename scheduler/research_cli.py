"""Options and helpers shared by the researcher commands (`ogi series`, `reports`, `export`, `plot`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from archive.research import InvalidFilterError, ReportFilter, parse_region, parse_years
from scheduler.options import open_archive

F = TypeVar("F", bound=Callable[..., Any])


def filter_options(func: F) -> F:
    """--agency (repeatable), --region, --level, --years, --report-scope."""
    options = [
        click.option(
            "--agency",
            "agencies",
            multiple=True,
            metavar="TEXT",
            help="Agencies whose name contains TEXT (repeat for several).",
        ),
        click.option(
            "--region", metavar="CODE", help="Region code (110000, 440300) or prefix (44); includes all below it."
        ),
        click.option("--level", type=click.Choice(["province", "prefecture", "county"]), help="Administrative level."),
        click.option("--years", metavar="RANGE", help="Report years: 2019, 2012-2023, 2019- or -2018."),
        click.option(
            "--report-scope",
            type=click.Choice(["", "self", "aggregate"]),
            default=None,
            help="Only reports of this scope (a government's own office vs its aggregate report).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def build_filter(
    agencies: tuple[str, ...],
    region: str | None,
    level: str | None,
    years: str | None,
    report_scope: str | None,
    status: str | None = None,
) -> ReportFilter:
    try:
        return ReportFilter(
            agencies=tuple(a for a in agencies if a.strip()),
            region=parse_region(region),
            level=level,
            years=parse_years(years),
            report_scope=report_scope,
            status=status,
        )
    except InvalidFilterError as exc:
        raise click.BadParameter(str(exc)) from exc


@contextmanager
def catalog(archive_dir: Path) -> Iterator[sqlite3.Connection]:
    """The archive's catalog connection (migrations applied), with archive errors turned into click errors."""
    archive = open_archive(archive_dir)
    try:
        yield archive.db.conn
    except InvalidFilterError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        archive.close()
