"""`ogi export`: long-format observations with provenance, as CSV, JSON, JSON lines or Parquet."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from archive.research import EXPORT_COLUMNS, export_rows
from scheduler.indicator_keys import check_indicators
from scheduler.labels import label_of
from scheduler.options import archive_option
from scheduler.research_cli import build_filter, catalog, filter_options
from scheduler.research_output import open_output, write_csv, write_json, write_jsonl

logger = logging.getLogger(__name__)

COLUMNS = (*EXPORT_COLUMNS[:6], "indicator_label", *EXPORT_COLUMNS[6:])
PARQUET_BATCH = 50_000


@click.command("export")
@filter_options
@click.option("--indicator", "indicators", multiple=True, metavar="KEY", help="Only these indicators (repeatable).")
@click.option("--all-versions", is_flag=True, help="Also older versions of each report (see current_version).")
@click.option("--all-parsers", is_flag=True, help="Also values of older parser versions.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json", "jsonl", "parquet"]), default="csv", show_default=True
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (required for parquet); default stdout.")
@archive_option
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
    archive_dir: Path,
) -> None:
    """Export observations in long format, one row per value, with provenance.

    Columns: agency, region code, level, year, report scope, indicator (+ label), applicant, scope, value,
    unit, raw text, source (table/text), evidence, report id and version, report URL, capture id and time,
    WARC file and offset, document, parser version and check status.
    """
    filters = build_filter(agencies, region, level, years, report_scope)
    if fmt == "parquet" and output in (None, "-"):
        raise click.UsageError("parquet is binary: give a file with -o FILE.parquet")
    with catalog(archive_dir) as conn:
        check_indicators(indicators, conn, param_hint="'--indicator'")
        rows = _labelled(
            export_rows(conn, filters, indicators=indicators, all_versions=all_versions, all_parsers=all_parsers)
        )
        if fmt == "parquet":
            count = write_parquet(str(output), rows)
        else:
            out = open_output(output)
            try:
                writer = {"csv": lambda: write_csv(out, COLUMNS, rows), "json": lambda: write_json(out, rows)}.get(
                    fmt, lambda: write_jsonl(out, rows)
                )
                count = writer()
            finally:
                if out is not sys.stdout:
                    out.close()
    if output not in (None, "-"):
        click.echo(f"wrote {count} observations to {output}", err=True)


def _labelled(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield {name: (label_of(row["indicator"]) if name == "indicator_label" else row[name]) for name in COLUMNS}


def write_parquet(path: str, rows: Iterator[dict[str, Any]]) -> int:
    """Write rows to a Parquet file in batches (needs pyarrow)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise click.ClickException(
            "Parquet export needs pyarrow, which is not installed; `pip install pyarrow`, or use --format csv"
        ) from exc
    types = {
        "year": pa.int32(),
        "value": pa.float64(),
        "confidence": pa.float64(),
        "derived": pa.bool_(),
        "approximate": pa.bool_(),
        "current_version": pa.bool_(),
        "report_id": pa.int64(),
        "version_no": pa.int32(),
        "capture_id": pa.int64(),
        "warc_offset": pa.int64(),
        "observation_id": pa.int64(),
    }
    schema = pa.schema([(name, types.get(name, pa.string())) for name in COLUMNS])
    count = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


COMMANDS = [export_command]
