"""`ogi indicators`: every indicator key with its Chinese label, unit, where it appears, and how many values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from archive import Archive, ArchiveError
from archive.research.indicators import observation_counts
from scheduler.labels import indicator_catalog, label_of
from scheduler.options import archive_option, format_option
from scheduler.research_output import print_table, write_listing

COLUMNS = ("key", "label", "unit", "table", "eras", "observations", "reports")
ARCHIVE_ONLY = "found in the archive only (a table row no rule knows)"


def indicator_rows(counts: dict[str, tuple[int, int, str]] | None) -> list[dict[str, Any]]:
    """Catalog keys in catalog order, then keys only the archive has; counts None without an archive."""
    rows = []
    for key, info in indicator_catalog().items():
        observations, reports, _unit = (counts or {}).get(key, (0, 0, ""))
        rows.append(
            {
                "key": key,
                "label": info.label,
                "unit": info.unit,
                "table": info.table,
                "eras": info.eras,
                "observations": observations if counts is not None else None,
                "reports": reports if counts is not None else None,
            }
        )
    known = indicator_catalog()
    for key in sorted(set(counts or {}) - set(known)):
        observations, reports, unit = (counts or {})[key]
        rows.append(
            {"key": key, "label": label_of(key), "unit": unit, "table": ARCHIVE_ONLY, "eras": "",
             "observations": observations, "reports": reports}
        )  # fmt: skip
    return rows


@click.command("indicators")
@archive_option
@format_option
def indicators_command(archive_dir: Path, fmt: str, legacy_json: bool) -> None:
    """List every indicator key: Chinese label, unit, the report format/table and years it appears in, and
    how many observations (and reports) the archive holds for it.

    Without an archive the list is printed without counts.  Counts cover every report version and parser
    version in the catalog; `ogi series KEY` gives the values.
    """
    counts: dict[str, tuple[int, int, str]] | None = None
    try:
        archive = Archive.open(archive_dir)
    except ArchiveError:
        click.echo(
            f"no archive at {archive_dir}: the keys without observation counts (--archive DIR counts them)", err=True
        )
    else:
        with archive:
            counts = observation_counts(archive.db.conn)
    rows = indicator_rows(counts)
    fmt = "json" if legacy_json else fmt
    if fmt != "table":
        write_listing(fmt, COLUMNS if counts is not None else COLUMNS[:5], rows)
        return
    with_values = sum(1 for r in rows if r["observations"])
    caption = f"{len(rows)} keys" + (f", {with_values} with values in {archive_dir}" if counts is not None else "")
    shown = COLUMNS if counts is not None else COLUMNS[:5]
    print_table("Indicators", shown, ([r[c] for c in shown] for r in rows), caption=caption)


COMMANDS = [indicators_command]
