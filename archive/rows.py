"""Plain reads from the catalog for hot paths."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def select_rows(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """Rows of a read-only SELECT as dicts, straight from the connection.

    sqlite-utils 4 wraps each ``query()`` in a savepoint (three statements); the writer's per-capture
    lookups are plain reads and skip that.
    """
    cursor = db.conn.execute(sql, params)
    keys = [d[0] for d in cursor.description]
    return [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]
