"""Which indicator keys the catalog holds observations of, and how many (`ogi indicators`, key checks)."""

from __future__ import annotations

import sqlite3


def archived_keys(conn: sqlite3.Connection) -> set[str]:
    """Every indicator key with at least one observation in the catalog."""
    return {row[0] for row in conn.execute("select distinct indicator from observations") if row[0]}


def observation_counts(conn: sqlite3.Connection) -> dict[str, tuple[int, int, str]]:
    """key -> (observations, reports, a unit) over every version and parser version in the catalog."""
    sql = (
        "select indicator, count(*), count(distinct report_id), max(unit) from observations "
        "where indicator is not null group by indicator"
    )
    return {row[0]: (int(row[1]), int(row[2]), row[3] or "") for row in conn.execute(sql)}
