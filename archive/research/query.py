"""Small helpers shared by the research queries: rows as dicts, read-only connections, version ordering."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

_DIGITS = re.compile(r"\d+")


def connect_readonly(catalog: Path) -> sqlite3.Connection:
    """A read-only connection (``mode=ro``) to a catalog file; works while a writer holds the WAL."""
    uri = Path(catalog).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30)
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def dict_rows(
    conn: sqlite3.Connection, sql: str, params: Sequence[Any] | dict[str, Any] = ()
) -> Iterator[dict[str, Any]]:
    """Rows as dicts, whatever ``row_factory`` the connection has."""
    cursor = conn.execute(sql, params if isinstance(params, dict) else list(params))
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, tuple(row), strict=True))


def json_list(values: Iterable[Any]) -> str:
    """A JSON array, for ``... in (select value from json_each(?))``."""
    return json.dumps(list(values), ensure_ascii=False)


@lru_cache(maxsize=256)
def version_key(version: str | None) -> tuple[int, ...]:
    """Parser versions compare numerically (1.10.0 > 1.9.2)."""
    return tuple(int(part) for part in _DIGITS.findall(version or ""))


def register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions the research queries use (idempotent; works on Datasette's connections too)."""
    conn.create_function("ogi_newer_version", 2, _newer, deterministic=True)


def _newer(a: str | None, b: str | None) -> bool:
    return version_key(a) > version_key(b)


def newest_parser_rows(rows: list[Any], version: Any, document: Any, parser: Any) -> list[Any]:
    """Of rows (tuples or dicts) keep, per (report version, document), those of the newest parser version.

    SQL already dropped rows superseded according to ``parses``; this handles documents without a
    ``parses`` row that were read by several parser versions.
    """
    newest: dict[tuple[Any, Any], tuple[int, ...]] = {}
    for row in rows:
        key = (row[version], row[document])
        candidate = version_key(row[parser])
        if candidate > newest.get(key, ()):
            newest[key] = candidate
    return [row for row in rows if version_key(row[parser]) == newest[(row[version], row[document])]]
