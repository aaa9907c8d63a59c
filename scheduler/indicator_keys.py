"""Indicator keys typed by people: known ones pass, a mistyped one is an error naming the nearest keys.

Known keys are those of the indicator catalog (``parsers/data/indicators.csv`` through
:func:`scheduler.labels.indicator_catalog`) and any key the archive holds observations of (``extra.*`` rows).
"""

from __future__ import annotations

import difflib
import sqlite3
from collections.abc import Iterable

import click

from archive.research.indicators import archived_keys
from scheduler.labels import indicator_catalog


def nearest_keys(key: str, known: Iterable[str], n: int = 5) -> list[str]:
    """The known keys closest to ``key`` (difflib), best first."""
    return difflib.get_close_matches(key, sorted(known), n=n, cutoff=0.6)


def check_indicators(keys: Iterable[str], conn: sqlite3.Connection | None, *, param_hint: str) -> None:
    """Raise a click usage error for the first key that is neither in the catalog nor in the archive."""
    catalog = set(indicator_catalog())
    archived: set[str] | None = None
    for key in keys:
        if key in catalog:
            continue
        if archived is None:
            archived = archived_keys(conn) if conn is not None else set()
        if key in archived:
            continue
        near = nearest_keys(key, catalog | archived)
        hint = f"did you mean {', '.join(near)}? " if near else ""
        raise click.BadParameter(
            f"unknown indicator key {key!r}; {hint}`ogi indicators` lists every key", param_hint=param_hint
        )
