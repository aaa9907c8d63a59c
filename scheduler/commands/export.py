"""`ogi export`: long-format observations with provenance, as CSV, JSON, JSON lines or Parquet."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from archive.research import export_rows
from scheduler.error_count import ErrorCounter
from scheduler.export_files import DATAPACKAGE, write_datapackage, write_export_csv, write_parquet
from scheduler.export_schema import COLUMNS
from scheduler.indicator_keys import check_indicators
from scheduler.labels import label_of
from scheduler.options import archive_option, progress_option
from scheduler.progress import WorkProgress
from scheduler.research_cli import build_filter, catalog, filter_options
from scheduler.research_output import open_output, write_json, write_jsonl

logger = logging.getLogger(__name__)


@click.command("export")
@filter_options
@click.option("--indicator", "indicators", multiple=True, metavar="KEY", help="Only these indicators (repeatable).")
@click.option("--all-versions", is_flag=True, help="Also older versions of each report (see current_version).")
@click.option("--all-parsers", is_flag=True, help="Also values of older parser versions.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json", "jsonl", "parquet"]), default="csv", show_default=True
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (required for parquet); default stdout.")
@click.option("--bom", is_flag=True, help="CSV: start with a UTF-8 byte order mark, so Excel reads Chinese text.")
@click.option(
    "--no-datapackage",
    is_flag=True,
    help=f"Do not write {DATAPACKAGE} (Frictionless Data Package) beside a CSV or Parquet FILE.",
)
@archive_option
@progress_option
def export_command(
    agencies: tuple[str, ...],
    region: str | None,
    level: str | None,
    years: str | None,
    report_scope: str | None,
    indicators: tuple[str, ...],
    all_versions: bool,
    all_parsers: bool,
    fmt: str,
    output: str | None,
    bom: bool,
    no_datapackage: bool,
    archive_dir: Path,
    progress: str,
) -> None:
    """Export observations in long format, one row per value, with provenance.

    Columns: agency, region code, level, year, report scope, indicator (+ label), applicant, scope, value,
    unit, raw text, source (table/text), evidence, report id and version, report URL, capture id and time,
    WARC file and offset, document, parser version and check status. CSV quotes every text column (region
    codes stay text); a CSV or Parquet FILE gets a datapackage.json beside it describing every column.
    """
    filters = build_filter(agencies, region, level, years, report_scope)
    to_file = output not in (None, "-")
    if fmt == "parquet" and not to_file:
        raise click.UsageError("parquet is binary: give a file with -o FILE.parquet")
    if bom and fmt != "csv":
        raise click.UsageError(f"--bom is for CSV (Excel); {fmt} is read as plain UTF-8: drop --bom")
    with (
        catalog(archive_dir) as conn,
        ErrorCounter() as errors,
        WorkProgress("exported", progress, unit="reports") as bar,
    ):
        check_indicators(indicators, conn, param_hint="'--indicator'")
        selected = export_rows(
            conn,
            filters,
            indicators=indicators,
            all_versions=all_versions,
            all_parsers=all_parsers,
            progress=bar.update,
        )
        rows = _labelled(selected)
        if fmt == "parquet":
            count = _parquet(str(output), rows)
        else:
            out = open_output(output)
            try:
                if fmt == "csv":
                    count = write_export_csv(out, rows, bom=bom)
                elif fmt == "json":
                    count = write_json(out, rows)
                else:
                    count = write_jsonl(out, rows)
            finally:
                if out is not sys.stdout:
                    out.close()
    click.echo(f"wrote {count} observations to {output if to_file else 'stdout'}; {errors.summary()}", err=True)
    if to_file and fmt in ("csv", "parquet") and not no_datapackage:
        package = write_datapackage(Path(str(output)), fmt, bom=bom)
        click.echo(f"described its columns in {package}", err=True)


def _labelled(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield {name: (label_of(row["indicator"]) if name == "indicator_label" else row[name]) for name in COLUMNS}


def _parquet(path: str, rows: Iterator[dict[str, Any]]) -> int:
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise click.ClickException(
            "Parquet export needs pyarrow, which is not installed; `pip install pyarrow`, or use --format csv"
        ) from exc
    return write_parquet(path, rows)


COMMANDS = [export_command]
