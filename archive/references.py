"""Catalog rows that point at captures: find the dangling ones, and forget captures without leaving any.

A capture whose record is lost (``ogi archive repair`` quarantined it, ``reindex`` found it gone) is deleted
from ``captures``.  Every row that named it is *re-pointed* to the earliest remaining response capture with
the same content (same ``document_sha256``; for a revisit's ``refers_to_id``, the same ``payload_sha256``),
and set to NULL when no capture holds that content any more: the report version, its text and observations
stay in the catalog, their evidence no longer resolves to an archived record.  Its outlinks are deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

# (table, column) holding a captures.id; the content it names is documents.sha256 except for refers_to_id
CONTENT_REFERENCES = (
    ("report_versions", "capture_id"),
    ("report_attachments", "capture_id"),
    ("observations", "capture_id"),
    ("documents", "first_capture_id"),
)
REFERENCES = (*CONTENT_REFERENCES, ("captures", "refers_to_id"), ("outlinks", "capture_id"))


@dataclass
class Forgotten:
    captures: int = 0
    repointed: int = 0  # rows now naming another capture of the same content
    unlinked: int = 0  # rows set to NULL: no remaining capture holds their content


def _tables(db: Database) -> set[str]:
    return set(db.table_names())


def _substitute(db: Database, column: str, value: str | None, gone: set[int]) -> int | None:
    if value is None:
        return None
    for row in db.execute(
        f"select id from captures where {column} = ? and record_type = 'response' order by id", [value]
    ).fetchall():
        if int(row[0]) not in gone:
            return int(row[0])
    return None


def _repoint(db: Database, table: str, column: str, old: int, new: int | None, result: Forgotten) -> None:
    cursor = db.execute(f"update {table} set {column} = ? where {column} = ?", [new, old])
    if new is None:
        result.unlinked += cursor.rowcount
    else:
        result.repointed += cursor.rowcount


def forget_captures(db: Database, capture_ids: list[int]) -> Forgotten:
    """Delete these captures, re-pointing or unlinking every row that referred to them (no commit)."""
    result = Forgotten()
    gone = set(capture_ids)
    if not gone:
        return result
    tables = _tables(db)
    marks = ", ".join("?" for _ in gone)
    rows = db.execute(
        f"select id, document_sha256, payload_sha256 from captures where id in ({marks})", sorted(gone)
    ).fetchall()
    for capture_id, document_sha256, payload_sha256 in rows:
        by_document = _substitute(db, "document_sha256", document_sha256, gone)
        for table, column in CONTENT_REFERENCES:
            if table in tables:
                _repoint(db, table, column, capture_id, by_document, result)
        by_payload = _substitute(db, "payload_sha256", payload_sha256, gone)
        _repoint(db, "captures", "refers_to_id", capture_id, by_payload, result)
    if "outlinks" in tables:
        db.execute(f"delete from outlinks where capture_id in ({marks})", sorted(gone))
    result.captures = db.execute(f"delete from captures where id in ({marks})", sorted(gone)).rowcount
    return result


def dangling(db: Database) -> list[tuple[str, str, int]]:
    """(table, column, rows) for every reference to a capture id that is not in ``captures``."""
    tables = _tables(db)
    found = []
    for table, column in REFERENCES:
        if table not in tables:
            continue
        count = db.execute(
            f"select count(*) from {table} where {column} is not null and {column} not in (select id from captures)"
        ).fetchone()[0]
        if count:
            found.append((table, column, int(count)))
    return found
