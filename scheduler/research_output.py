"""Writing research results: rich tables for people, CSV / JSON / JSON lines / Parquet for programs."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from typing import IO, Any

from rich.console import Console
from rich.table import Table


def print_table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], caption: str = "") -> None:
    """A table on stdout; wide enough for Chinese names even when stdout is not a terminal."""
    console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 220, highlight=False)
    table = Table(title=title, caption=caption or None, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    console.print(table)


def write_csv(out: IO[str], columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: _csv_value(v) for k, v in row.items()})
        n += 1
    return n


def _csv_value(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False) if value else ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def write_json(out: IO[str], rows: Iterable[dict[str, Any]]) -> int:
    """A JSON array, written row by row (an export of a million rows never sits in memory)."""
    out.write("[")
    n = 0
    for row in rows:
        out.write(",\n" if n else "\n")
        out.write(json.dumps(row, ensure_ascii=False))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


def write_jsonl(out: IO[str], rows: Iterable[dict[str, Any]]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_listing(fmt: str, columns: Sequence[str], rows: Iterable[dict[str, Any]], out: IO[str] | None = None) -> int:
    """``--format json`` (one array) or ``csv`` (header + rows) of a listing command, on stdout by default."""
    target = out or sys.stdout
    if fmt == "csv":
        return write_csv(target, columns, rows)
    if fmt == "json":
        return write_json(target, ({name: row.get(name) for name in columns} for row in rows))
    raise ValueError(f"write_listing writes json or csv, not {fmt!r}")


def fmt_number(value: float | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def short(text: str | None, limit: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def open_output(path: str | None) -> IO[str]:
    """``-o FILE`` (UTF-8) or stdout."""
    if path in (None, "-"):
        return sys.stdout
    return open(path, "w", encoding="utf-8", newline="")  # closed by the caller
