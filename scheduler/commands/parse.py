"""`ogi parse FILE...`: parse local report files (no archive needed)."""

from __future__ import annotations

import importlib
import json
import logging
from pathlib import Path
from typing import Any

import click

import parsers
from parsers.report import STATUS_EMPTY, ParsedReport, ReportMeta
from scheduler.error_count import ErrorCounter
from scheduler.options import archive_option, open_archive, progress_option

logger = logging.getLogger(__name__)

HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text"}


class UnsupportedFileError(Exception):
    """No parser for this file type (yet)."""


def parse_path(path: Path) -> ParsedReport:
    """Parse one local file by its suffix; attachments go through ``parsers.extract`` when it exists."""
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix in HTML_SUFFIXES:
        return parsers.parse_html(data, url=path.resolve().as_uri())
    if suffix in TEXT_SUFFIXES:
        if not data.strip():
            return ParsedReport(STATUS_EMPTY, ReportMeta(), message="empty file")
        try:
            text, _encoding = parsers.decode_bytes(data)
        except parsers.UndecodableError as exc:
            return ParsedReport("undecodable", ReportMeta(), message=str(exc))
        return parsers.parse_text(text)
    try:
        extract: Any = importlib.import_module("parsers.extract")
    except ImportError:
        extract = None
    if extract is None or not hasattr(extract, "extract_path"):
        raise UnsupportedFileError(f"{path.name}: no parser for {suffix or 'files without a suffix'} files")
    result = extract.extract_path(path)
    document = getattr(result, "document", None)
    if document is None:
        status = str(getattr(result, "status", "unsupported"))
        return ParsedReport(status, ReportMeta(), message=str(getattr(result, "message", "")) or "no text extracted")
    return parsers.parse_document(document)


def _summary(path: Path, report: ParsedReport) -> str:
    m = report.metadata
    lines = [
        f"{path}: {report.status}" + (f" ({report.message})" if report.message else ""),
        f"  title: {m.title or '-'}",
        f"  agency: {m.agency or '-'}  region: {m.region_code or '-'} ({m.level or '-'})",
        f"  report year: {m.report_year or '-'}  published: {m.published or '-'}  format: {m.format or '-'}",
        f"  observations: {len(report.observations)}  checks: "
        + ", ".join(
            f"{n} {s}" for s in ("pass", "fail", "uncertain") if (n := sum(1 for c in report.checks if c.status == s))
        ),
    ]
    for name in ("proactive.total", "requests.received", "review.total", "litigation.total"):
        value = report.value(name, None) if report.value(name, None) is not None else report.value(name, "total")
        if value is not None:
            lines.append(f"  {name}: {value}")
    for c in report.checks:
        if c.status == "fail":
            lines.append(f"  FAIL {c.rule}: {c.detail}")
    return "\n".join(lines)


def parse_archive(archive_dir: Path, progress: str = "auto") -> None:
    """`ogi parse --all`: the pipeline's recover, ingest, changes and publish stages (:mod:`scheduler.pipeline`).

    Takes in every crawl no harvest or parse took in yet, as a harvest would (so `ogi crawl` + `ogi parse --all`
    give a harvest's events), then every archived document this parser version has not read yet."""
    from archive import ArchiveError
    from scheduler.pipeline import PARSE, Pipeline
    from scheduler.settings import SettingsError, load_settings

    try:
        removal_runs = load_settings(archive_dir).harvest.removal_runs
    except SettingsError as exc:
        raise click.ClickException(f"{exc}; see docs/scheduling.md for the settings file") from exc
    with open_archive(archive_dir) as archive, ErrorCounter() as errors:
        run_id = archive.runs.start("parse", {"parser_version": parsers.PARSER_VERSION})
        pipeline = Pipeline(archive, run_id, stages=PARSE, removal_runs=removal_runs, reparse=True, progress=progress)
        try:
            done = pipeline.run()
        except ArchiveError as exc:
            archive.runs.finish(run_id, "failed", {"errors": 1, "error": str(exc)})
            raise click.ClickException(str(exc)) from exc
        assert done.ingest is not None
        summary = done.ingest
        stats = {**summary.as_dict(), **done.stats(), "errors": max(summary.failed, errors.count)}
        archive.runs.finish(run_id, "ok", stats)
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(summary.statuses.items())) or "nothing new"
    click.echo(
        f"parser {parsers.PARSER_VERSION}: {summary.parsed} documents parsed ({statuses}), {summary.reused} reused, "
        f"{summary.failed} failed; {summary.new_reports} new reports, {summary.new_versions} new versions, "
        f"{summary.attachments} attachments linked; {errors.summary()}"
    )


@click.command("parse")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file (see docs/parse-json.md).")
@click.option("--all", "parse_all", is_flag=True, help="(Re)parse every archived document into the catalog.")
@archive_option
@progress_option
def parse_command(files: tuple[Path, ...], as_json: bool, parse_all: bool, archive_dir: Path, progress: str) -> None:
    """Parse local report files (.html/.htm/.txt, PDF, Word, spreadsheets, images), or the archive with --all.

    With --all, every archived document not yet read by this parser version is parsed into reports,
    versions, observations and checks (idempotent: running it again parses nothing; a new parser version
    parses everything again and keeps the old version's observations for comparison).
    """
    if parse_all:
        if files:
            raise click.UsageError("give FILES or --all, not both")
        parse_archive(archive_dir, progress)
        return
    if not files:
        raise click.UsageError("give one or more FILES to parse, or --all to parse the archive")
    failed = 0
    for path in files:
        try:
            report = parse_path(path)
        except UnsupportedFileError as exc:
            failed += 1
            if as_json:
                out: dict[str, Any] = ParsedReport("unsupported", ReportMeta(), message=str(exc)).to_json(str(path))
                click.echo(json.dumps(out, ensure_ascii=False))
            else:
                click.echo(f"{path}: unsupported ({exc}); convert it to .html or .txt first", err=True)
            continue
        except OSError as exc:
            failed += 1
            click.echo(f"{path}: cannot read ({exc})", err=True)
            continue
        if as_json:
            click.echo(json.dumps(report.to_json(str(path)), ensure_ascii=False))
        else:
            click.echo(_summary(path, report))
    if failed == len(files):
        raise click.ClickException("no file could be parsed; check the file types (.html, .htm, .txt)")


COMMANDS = [parse_command]
