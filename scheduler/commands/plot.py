"""`ogi plot`: a series chart as PNG, SVG or PDF (years on x, one line per agency, Chinese labels in a CJK font)."""

from __future__ import annotations

from pathlib import Path

import click

from archive.research import series
from parsers.report import APPLICANTS
from scheduler.charts import CHART_FORMATS, ChartError, render_series
from scheduler.indicator_keys import check_indicators
from scheduler.labels import label_of
from scheduler.options import archive_option
from scheduler.research_cli import build_filter, catalog, filter_options


@click.command("plot")
@click.argument("indicator")
@filter_options
@click.option(
    "--applicant",
    type=click.Choice([*APPLICANTS, "all"]),
    default="total",
    show_default=True,
    help="Applicant column (see `ogi series`).",
)
@click.option(
    "-o", "--output", metavar="FILE", required=True, help="Chart file to write: .png, .svg or .pdf (by its extension)."
)
@archive_option
def plot_command(
    indicator: str,
    agencies: tuple[str, ...],
    region: str | None,
    level: str | None,
    years: str | None,
    report_scope: str | None,
    applicant: str,
    output: str,
    archive_dir: Path,
) -> None:
    """Draw INDICATOR over the years, one line per agency, as a PNG, SVG or PDF chart (by -o's extension).

    Points whose readings disagree (see `ogi series`) are circled.
    """
    chart_format = Path(output).suffix.lower().lstrip(".")
    if chart_format not in CHART_FORMATS:
        raise click.BadParameter(
            f"{output!r} has no chart extension; name the file .png, .svg or .pdf", param_hint="'-o' / '--output'"
        )
    filters = build_filter(agencies, region, level, years, report_scope)
    with catalog(archive_dir) as conn:
        check_indicators([indicator], conn, param_hint="INDICATOR")
        rows = series(conn, indicator, filters, applicant=None if applicant == "all" else applicant, with_checks=False)
    units = {r.unit for r in rows if r.unit}
    try:
        chart = render_series(
            rows, title=f"{label_of(indicator)}（{indicator}）", unit="/".join(sorted(units)), fmt=chart_format
        )
    except ChartError as exc:
        raise click.ClickException(str(exc)) from exc
    Path(output).write_bytes(chart)
    click.echo(f"wrote {output} ({len({r.agency for r in rows})} agencies, {len(rows)} points)", err=True)


COMMANDS = [plot_command]
