"""`ogi changes` and `ogi diff`: what governments changed in reports already published."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from scheduler.dates import DayType
from scheduler.diff import DiffError, diff_versions, render_text_diff
from scheduler.options import archive_option, format_option, open_archive
from scheduler.pipeline.feed import EVENT_TITLES, recent_events
from scheduler.research_output import write_listing

CHANGE_COLUMNS = (
    "id", "occurred_at", "kind", "report_id", "agency", "report_year", "report_key", "url", "previous_url",
    "version_id", "previous_version_id", "run_id", "detail",
)  # fmt: skip


@click.command("changes")
@archive_option
@click.option(
    "--since",
    type=DayType(),
    metavar="DATE",
    help="Only events on or after this day (UTC): 2026-12-03, 2026-12-3, today, yesterday, 7d, 2w, '3 days'.",
)
@click.option("--agency", metavar="TEXT", help="Only reports whose agency contains TEXT.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(sorted(EVENT_TITLES)), help="Only these kinds.")
@click.option("--limit", default=200, show_default=True, help="At most this many events (newest first).")
@format_option
def changes_command(
    archive_dir: Path,
    since: str | None,
    agency: str | None,
    kinds: tuple[str, ...],
    limit: int,
    fmt: str,
    legacy_json: bool,
) -> None:
    """List change events: new reports, edits (new versions), attachments, moves, removals, reappearances."""
    with open_archive(archive_dir) as archive:
        events = recent_events(archive, since=since, agency=agency, kinds=list(kinds) or None, limit=limit)
    if legacy_json or fmt == "json":
        for event in events:
            event["detail"] = json.loads(event["detail"] or "{}")
    if legacy_json:  # deprecated: one object per line
        for event in events:
            click.echo(json.dumps(event, ensure_ascii=False))
        return
    if fmt != "table":
        write_listing(fmt, CHANGE_COLUMNS, events)
        return
    if not events:
        click.echo("no changes recorded" + (f" since {since}" if since else ""))
        return
    table = Table("when", "what", "report", "agency", "year", "url")
    for event in events:
        table.add_row(
            event["occurred_at"][:19],
            EVENT_TITLES.get(event["kind"], event["kind"]),
            str(event["report_id"] or ""),
            event["agency"] or "",
            str(event["report_year"] or ""),
            event["url"] or "",
        )
    Console(width=200).print(table)


@click.command("diff")
@archive_option
@click.argument("report")
@click.argument("v1", type=int, required=False)
@click.argument("v2", type=int, required=False)
@click.option("--context", default=30, show_default=True, help="Characters of context around each change.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def diff_command(archive_dir: Path, report: str, v1: int | None, v2: int | None, context: int, as_json: bool) -> None:
    """Show what changed between two versions of REPORT (id, or agency text): characters and indicators.

    Without V1 V2, the last two versions.  Text changes are shown character by character as
    [-deleted-]{+inserted+}; then every indicator whose value changed, with the evidence of both versions.
    """
    with open_archive(archive_dir) as archive:
        try:
            result = diff_versions(archive, report, v1, v2)
        except DiffError as exc:
            raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(
            json.dumps(
                {
                    "report": {k: result.report[k] for k in ("id", "agency", "report_year")},
                    "old_version": result.old["version_no"],
                    "new_version": result.new["version_no"],
                    "text": [{"op": op, "text": text} for op, text in result.text_ops if op != 0],
                    "indicators": [change.__dict__ for change in result.changes],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    r = result.report
    click.echo(
        f"{r['agency']} {r['report_year']} (report {r['id']}): version {result.old['version_no']} "
        f"({result.old['first_seen'][:10]}) -> version {result.new['version_no']} "
        f"({result.new['first_seen'][:10]})"
    )
    click.echo(f"text: {result.chars_deleted} characters deleted, {result.chars_inserted} inserted")
    click.echo(render_text_diff(result.text_ops, context=context))
    click.echo("")
    if not result.changes:
        click.echo("indicators: no value changed")
        return
    click.echo(f"indicators: {len(result.changes)} value(s) changed")
    for change in result.changes:
        who = f" [{change.applicant}]" if change.applicant else ""
        click.echo(
            f"  {change.indicator}{who} ({change.scope}, {change.source}): {_fmt(change.old)} -> {_fmt(change.new)}"
        )
        click.echo(f"      old evidence: {change.old_evidence or '-'}")
        click.echo(f"      new evidence: {change.new_evidence or '-'}")


def _fmt(value: float | None) -> str:
    if value is None:
        return "(absent)"
    return str(int(value)) if float(value).is_integer() else str(value)


COMMANDS = [changes_command, diff_command]
