"""`ogi plot`: a series chart as PNG (years on x, one line per agency, Chinese labels in a CJK font)."""

from __future__ import annotations

from pathlib import Path

import click

from archive.research import series
from scheduler.charts import ChartError, render_series_png
from scheduler.labels import label_of
from scheduler.options import archive_option
from scheduler.research_cli import build_filter, catalog, filter_options


@click.command("plot")
@click.argument("indicator")
@filter_options
@click.option("--applicant", default="total", show_default=True, help="Applicant column (see `ogi series`).")
@click.option("-o", "--output", metavar="FILE", required=True, help="PNG file to write.")
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
    """Draw INDICATOR over the years, one line per agency, as a PNG chart.

    Points whose readings disagree (see `ogi series`) are circled.
    """
    filters = build_filter(agencies, region, level, years, report_scope)
    with catalog(archive_dir) as conn:
        rows = series(conn, indicator, filters, applicant=None if applicant == "all" else applicant, with_checks=False)
    units = {r.unit for r in rows if r.unit}
    try:
        png = render_series_png(rows, title=f"{label_of(indicator)}（{indicator}）", unit="/".join(sorted(units)))
    except ChartError as exc:
        raise click.ClickException(str(exc)) from exc
    Path(output).write_bytes(png)
    click.echo(f"wrote {output} ({len({r.agency for r in rows})} agencies, {len(rows)} points)", err=True)


COMMANDS = [plot_command]
