"""`ogi archive ...`: inspect, verify, repair, reindex and index the archive."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from archive import Archive, ArchiveError
from archive.cdx import write_cdxj
from archive.reindex import reindex
from archive.verify import repair, verify
from scheduler.error_count import ErrorCounter
from scheduler.options import archive_option, format_option, open_archive, progress_option
from scheduler.progress import WorkProgress
from scheduler.research_output import write_listing


@click.group("archive")
def archive_group() -> None:
    """Inspect and maintain the WARC files and the catalog."""


@archive_group.command("stats")
@archive_option
@format_option
def stats_command(archive_dir: Path, fmt: str, legacy_json: bool) -> None:
    """Print counts (captures, documents, reports ...) and sizes.

    --format json prints one object (counts, captures by record type and classification, sizes); csv one
    `figure,value` row per figure (`counts.captures,1234`).
    """
    with open_archive(archive_dir) as archive:
        figures = archive.stats()
    if legacy_json or fmt == "json":
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        write_listing(fmt, ("figure", "value"), _flat(figures))
        return
    console = Console()
    table = Table(title=f"archive {figures['archive']}", show_header=False)
    for name, count in figures["counts"].items():
        table.add_row(name, f"{count:,}")
    for kind, count in figures["captures_by_record_type"].items():
        table.add_row(f"captures: {kind}", f"{count:,}")
    for kind, count in figures["captures_by_classification"].items():
        table.add_row(f"captures classified {kind}", f"{count:,}")
    table.add_row("WARC bytes", f"{figures['warc_bytes']:,}")
    table.add_row("catalog bytes", f"{figures['catalog_bytes']:,}")
    table.add_row("distinct payload bytes", f"{figures['document_bytes']:,}")
    console.print(table)


def _flat(figures: dict[str, Any], prefix: str = "") -> Iterator[dict[str, Any]]:
    for name, value in figures.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{name}.")
        else:
            yield {"figure": prefix + name, "value": value}


@archive_group.command("verify")
@archive_option
@progress_option
def verify_command(archive_dir: Path, progress: str) -> None:
    """Check every WARC record's digests and that every catalog row resolves to its record.

    Exits with status 1 and lists each problem by WARC file and offset.
    """
    bar = WorkProgress("verified", progress, unit="files and captures")
    with open_archive(archive_dir) as archive, ErrorCounter() as errors, bar:
        report = verify(archive, progress=bar.update)
    click.echo(
        f"checked {report.files} WARC files, {report.records} records, {report.captures} catalog captures; "
        f"{errors.summary()}"
    )
    if report.ok and errors.count:
        raise click.ClickException(f"no problem found, but {errors.count} error(s) were logged while checking")
    if report.ok:
        click.echo("OK: every record is intact and every capture resolves")
        return
    for problem in report.problems:
        click.echo(f"PROBLEM {problem}", err=True)
    raise click.ClickException(
        f"{len(report.problems)} problem(s); damaged records are set aside with `ogi archive repair FILE` "
        "(every intact record is kept)"
    )


@archive_group.command("repair")
@archive_option
@click.argument("warc_file")
def repair_command(archive_dir: Path, warc_file: str) -> None:
    """Set the damaged records of WARC_FILE (a name in warc/) aside, keeping every intact record.

    Records before and after a damaged one are kept (the file is rewritten without the damaged bytes, the
    catalog's offsets updated); the damaged bytes go to warc/quarantine/, nothing is deleted.  Captures whose
    record was damaged are dropped from the catalog and the rows that named them re-pointed to another
    capture of the same content, or set to NULL.  Run `ogi archive verify` afterwards.
    """
    with open_archive(archive_dir) as archive, archive.lock("repair"):
        try:
            result = repair(archive, Path(warc_file).name)
        except ArchiveError as exc:
            raise click.ClickException(str(exc)) from exc
    if not result.cut_bytes:
        click.echo(f"{result.warc_file}: complete, {result.kept_records} records intact, nothing to repair")
        return
    click.echo(
        f"{result.warc_file}: kept {result.kept_records} intact records ({result.kept_bytes:,} bytes), moved "
        f"{result.cut_bytes:,} damaged bytes in {len(result.damaged_ranges)} range(s) to warc/quarantine/"
    )
    for path in result.quarantine_files:
        click.echo(f"  quarantined {path}")
    gone = result.forgotten
    click.echo(
        f"catalog: {gone.captures} capture(s) dropped, {gone.repointed} row(s) re-pointed to another capture "
        f"of the same content, {gone.unlinked} row(s) left without a capture"
    )


@archive_group.command("reindex")
@archive_option
def reindex_command(archive_dir: Path) -> None:
    """Rebuild the catalog's capture tables from the WARC files alone (WARC is the source of truth)."""
    if not (archive_dir / "warc").is_dir():
        raise click.ClickException(f"{archive_dir} has no warc/ directory: nothing to reindex; check --archive")
    try:
        archive = Archive.open(archive_dir, create=True)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    with archive, archive.lock("reindex"):
        report = reindex(archive)
    click.echo(
        f"reindexed {report.files} WARC files: {report.captures} captures "
        f"({report.kept} kept, {report.added} added, {report.removed} removed)"
    )
    for problem in report.problems:
        click.echo(f"PROBLEM {problem}", err=True)
    if report.problems:
        sys.exit(1)


@archive_group.command("cdx")
@archive_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout).")
def cdx_command(archive_dir: Path, output: Path | None) -> None:
    """Write a sorted CDXJ index of all WARC files (readable by pywb and other tools)."""
    with open_archive(archive_dir) as archive:
        if output is None:
            write_cdxj(archive, sys.stdout)
            return
        with open(output, "w", encoding="utf-8") as handle:
            count = write_cdxj(archive, handle)
    click.echo(f"wrote {count} CDXJ lines to {output}", err=True)


@archive_group.command("payload")
@archive_option
@click.argument("capture_id", type=int)
@click.option("--raw", is_flag=True, help="The bytes as received (still gzip/brotli encoded if the server sent so).")
def payload_command(archive_dir: Path, capture_id: int, raw: bool) -> None:
    """Write one capture's payload to stdout, read by offset from its WARC file."""
    with open_archive(archive_dir) as archive:
        try:
            data = archive.raw_payload(capture_id)[0] if raw else archive.payload(capture_id)
        except ArchiveError as exc:
            raise click.ClickException(str(exc)) from exc
    sys.stdout.buffer.write(data)


COMMANDS = [archive_group]
