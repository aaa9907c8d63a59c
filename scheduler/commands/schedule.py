"""`ogi schedule ...` and `ogi runs`: the nightly harvest and its history."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from archive import Archive, ArchiveError
from scheduler import service
from scheduler.error_count import ErrorCounter
from scheduler.options import archive_option, format_option, open_archive, progress_option
from scheduler.pipeline.harvest import harvest
from scheduler.research_output import write_listing
from scheduler.settings import Settings, SettingsError, load_settings

RUN_COLUMNS = (
    "id", "kind", "status", "started_at", "finished_at", "pages", "new_reports", "new_versions", "removals",
    "errors", "blocked_hosts", "log_path", "software", "hostname", "pid", "settings", "stats",
)  # fmt: skip
JSON_RUN_COLUMNS = frozenset({"blocked_hosts", "settings", "stats"})


def _settings(archive_dir: Path, settings_path: Path | None) -> Settings:
    try:
        return load_settings(archive_dir, settings_path)
    except SettingsError as exc:
        raise click.ClickException(f"{exc}; see docs/scheduling.md for the settings file") from exc


settings_option = click.option(
    "--settings",
    "settings_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Settings file (default: <archive>/ogi-settings.toml, else built-in defaults).",
)


@click.group("schedule")
def schedule_group() -> None:
    """Run harvests on a schedule (nightly in the reporting season, weekly otherwise)."""


@schedule_group.command("start")
@archive_option
@settings_option
@click.option("--every-seconds", type=float, hidden=True, help="Testing: harvest every N seconds instead.")
@click.option("--max-runs", type=int, hidden=True, help="Testing: stop after N harvests.")
def start_command(
    archive_dir: Path, settings_path: Path | None, every_seconds: float | None, max_runs: int | None
) -> None:
    """Run the scheduler in the foreground (use systemd to keep it running; see docs/scheduling.md).

    Jobs live in <archive>/scheduler.sqlite, so missed runs are caught up (once) after a restart.
    A second scheduler on the same archive is refused.
    """
    settings = _settings(archive_dir, settings_path)
    click.echo(f"scheduler on {archive_dir} ({settings.schedule.timezone}, settings: {settings.source}); Ctrl-C stops")
    try:
        runs = service.start(
            archive_dir, settings, settings_path=settings_path, every_seconds=every_seconds, max_runs=max_runs
        )
    except service.SchedulerRunningError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"scheduler stopped after {runs} harvest(s)")


@schedule_group.command("run-now")
@archive_option
@settings_option
@progress_option
def run_now_command(archive_dir: Path, settings_path: Path | None, progress: str) -> None:
    """Harvest once now (crawl, parse, change detection), in the foreground.

    Shows the pages the crawl archived so far, then the documents parsed (--progress).
    """
    settings = _settings(archive_dir, settings_path)
    with ErrorCounter() as logged:
        result = harvest(archive_dir, settings, trigger="run-now", progress=progress)
    stats = result.stats
    errors = max(int(stats.get("errors", 0)), logged.count)  # the crawl's, the parse's, and ERRORs logged here
    click.echo(
        f"harvest {result.run_id}: {result.status}; pages {stats.get('pages', 0)}, new reports "
        f"{stats.get('new_reports', 0)}, new versions {stats.get('new_versions', 0)}, removals "
        f"{stats.get('removals', 0)}, errors {errors}; log {result.log_path}"
    )
    if result.status != "ok":
        raise click.ClickException(f"the harvest did not complete ({result.status}); read {result.log_path}")


@schedule_group.command("status")
@archive_option
def status_command(archive_dir: Path) -> None:
    """Whether a scheduler runs, when the next harvest is due, and the last runs."""
    state = service.status(archive_dir)
    click.echo(f"scheduler: {'running (' + state.holder + ')' if state.running else 'not running'}")
    click.echo(f"next harvest: {state.next_run.isoformat() if state.next_run else 'not scheduled'}")
    if state.trigger:
        click.echo(f"trigger: {state.trigger}")
    try:
        with Archive.open(archive_dir) as archive:
            _print_runs(list(archive.runs.recent(5)))
    except ArchiveError:
        click.echo("no runs yet")


def _print_runs(rows: list[dict]) -> None:
    table = Table(
        "run",
        "kind",
        "status",
        "started",
        "finished",
        "pages",
        "new reports",
        "new versions",
        "removals",
        "errors",
        "blocked hosts",
    )
    for row in rows:
        table.add_row(
            row["id"],
            row["kind"],
            row["status"],
            (row["started_at"] or "")[:19],
            (row["finished_at"] or "")[:19],
            *(str(row[k] or 0) for k in ("pages", "new_reports", "new_versions", "removals", "errors")),
            ", ".join(json.loads(row["blocked_hosts"] or "[]")),
        )
    Console(width=200).print(table)


@click.command("runs")
@archive_option
@click.option("--limit", default=20, show_default=True, help="How many runs.")
@format_option
def runs_command(archive_dir: Path, limit: int, fmt: str, legacy_json: bool) -> None:
    """History of runs (crawl, harvest, parse) with their counters and log paths."""
    with open_archive(archive_dir) as archive:
        rows = archive.runs.recent(limit)
    if legacy_json:  # deprecated: one object per line, JSON columns as text
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "json":
        write_listing(fmt, RUN_COLUMNS, ({k: _decoded(k, v) for k, v in row.items()} for row in rows))
    elif fmt == "csv":
        write_listing(fmt, RUN_COLUMNS, rows)
    else:
        _print_runs(rows)


def _decoded(column: str, value: object) -> object:
    """The JSON text columns of ``runs`` as JSON values (``--format json``)."""
    if column in JSON_RUN_COLUMNS and isinstance(value, str) and value:
        return json.loads(value)
    return value


COMMANDS = [schedule_group, runs_command]
