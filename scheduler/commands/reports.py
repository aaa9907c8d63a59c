"""`ogi reports`: the logical reports in the catalog, with versions, observations and failing checks."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive.research import REPORT_COLUMNS, list_reports
from scheduler.options import archive_option, format_option
from scheduler.research_cli import build_filter, catalog, filter_options
from scheduler.research_output import open_output, print_table, short, write_csv, write_json

TABLE_COLUMNS = (
    "id", "agency", "year", "scope", "region", "status", "versions", "obs", "failing", "listed", "title", "url",
)  # fmt: skip


@click.command("reports")
@filter_options
@click.option("--status", type=click.Choice(["active", "removed"]), help="Only active or removed reports.")
@click.option("--delisted", is_flag=True,
              help="Only reports no list page linked in the latest crawl of their portal's lists.")  # fmt: skip
@click.option("--limit", type=int, default=None, help="At most this many rows.")
@format_option
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@archive_option
def reports_command(
    agencies: tuple[str, ...],
    region: str | None,
    level: str | None,
    years: str | None,
    report_scope: str | None,
    status: str | None,
    delisted: bool,
    limit: int | None,
    fmt: str,
    legacy_json: bool,
    output: str | None,
    archive_dir: Path,
) -> None:
    """List reports (agency + year + scope) with status, versions, observations and failing checks.

    Observations and failing checks count the current version; "listed" is the last time a list page linked
    the report (--delisted: reports taken off the listing, whose page may still answer).
    """
    filters = build_filter(agencies, region, level, years, report_scope, status)
    with catalog(archive_dir) as conn:
        rows = list_reports(conn, filters, limit=limit, delisted_only=delisted)
    fmt = "json" if legacy_json else fmt
    out = open_output(output)
    try:
        if fmt == "csv":
            write_csv(out, REPORT_COLUMNS, rows)
        elif fmt == "json":
            write_json(out, rows)
        else:
            print_table(
                "Reports",
                TABLE_COLUMNS,
                (
                    (
                        r["report_id"],
                        r["agency"],
                        r["year"],
                        r["report_scope"],
                        r["region_code"],
                        r["status"],
                        f"{r['current_version_no'] or '–'}/{r['versions']}",
                        r["observations"],
                        r["failing_checks"],
                        (r["last_listed"] or "–")[:10],
                        short(r["title"], 30),
                        r["url"],
                    )
                    for r in rows
                ),
                caption=f"{len(rows)} reports",
            )
    finally:
        if out is not sys.stdout:
            out.close()


COMMANDS = [reports_command]
