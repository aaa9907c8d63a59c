"""`ogi series`: one indicator over the years, one row per agency and year, with provenance and conflicts."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive.research import SeriesRow, series
from parsers.report import APPLICANTS
from scheduler.indicator_keys import check_indicators
from scheduler.labels import label_of
from scheduler.options import archive_option, format_option
from scheduler.research_cli import build_filter, catalog, filter_options
from scheduler.research_output import fmt_number, open_output, print_table, short, write_csv, write_json

TABLE_COLUMNS = ("agency", "year", "value", "unit", "source", "conflict", "check", "report", "capture", "evidence")


@click.command("series")
@click.argument("indicator")
@filter_options
@click.option(
    "--applicant",
    type=click.Choice([*APPLICANTS, "all"]),
    default="total",
    show_default=True,
    help="Applicant column of 2019+ tables (natural_person, commercial, ...); 'total' also takes the single "
    "value of older reports; 'all' lists every applicant.",
)
@click.option(
    "--scope",
    "obs_scope",
    type=click.Choice(["year", "cumulative"]),
    default="year",
    show_default=True,
    help="The year's figures, or running totals (截至年底 / 累计).",
)
@format_option
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@click.option("--no-checks", is_flag=True, help="Skip the check status column (faster on huge series).")
@archive_option
def series_command(
    indicator: str,
    agencies: tuple[str, ...],
    region: str | None,
    level: str | None,
    years: str | None,
    report_scope: str | None,
    applicant: str,
    obs_scope: str,
    fmt: str,
    legacy_json: bool,
    output: str | None,
    no_checks: bool,
    archive_dir: Path,
) -> None:
    """One indicator as a series: a row per agency and report year.

    Each row names the report, version, capture and evidence its value came from.  When readings disagree
    (text vs table, page vs attachment, or two versions of the report) the row says so in `conflict` and
    lists every reading; nothing is averaged or silently picked.
    """
    filters = build_filter(agencies, region, level, years, report_scope)
    with catalog(archive_dir) as conn:
        check_indicators([indicator], conn, param_hint="INDICATOR")
        rows = series(
            conn,
            indicator,
            filters,
            applicant=None if applicant == "all" else applicant,
            scope=obs_scope,
            with_checks=not no_checks,
        )
    if not rows:
        raise click.ClickException(
            f"no values of {indicator} for these filters; `ogi indicators` shows how many observations each key "
            "has, and `ogi reports --agency TEXT` checks the agency spelling"
        )
    fmt = "json" if legacy_json else fmt
    out = open_output(output)
    try:
        if fmt == "csv":
            write_csv(out, [*rows[0]._fields], (r.as_dict() for r in rows))
        elif fmt == "json":
            write_json(out, (r.as_dict() for r in rows))
        else:
            _table(indicator, rows)
    finally:
        if out is not sys.stdout:
            out.close()


def _table(indicator: str, rows: list[SeriesRow]) -> None:
    conflicts = sum(1 for r in rows if r.conflict)
    caption = f"{len(rows)} rows" + (
        f"; {conflicts} with conflicting readings (listed, not resolved)" if conflicts else ""
    )
    print_table(
        f"{label_of(indicator)} ({indicator})",
        TABLE_COLUMNS,
        (
            (
                r.agency + (f" [{r.applicant}]" if r.applicant not in (None, "total") else ""),
                r.year,
                fmt_number(r.value),
                r.unit,
                r.source,
                (f"{r.conflict}: {r.readings_text()}" if r.conflict else ""),
                r.check_status,
                f"#{r.report_id} v{r.version_no}/{r.current_version_no}",
                r.capture_id,
                short(r.evidence),
            )
            for r in rows
        ),
        caption=caption,
    )


COMMANDS = [series_command]
