"""The ``events`` table: what changed, when, in which run (``archive.events.add`` / ``recent``).

Events are written as the facts happen (:mod:`archive.reports` writes version, move, removal and attachment
events in the same transaction as the rows they describe), so the change feed never disagrees with the
versions.  Listing events (``delisted`` / ``relisted``) come from the crawl's listing bookkeeping
(:mod:`archive.history`) and are turned into events here, for the known reports at those URLs.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from archive.rows import select_rows

#: every event kind, in the order the docs list them
EVENT_KINDS = (
    "new_report",
    "new_version",
    "attachment_added",
    "attachment_removed",
    "attachment_changed",
    "moved",
    "removed",
    "reappeared",
    "delisted",
    "relisted",
)


class Events:
    """Write and read change events.  Writes join the caller's transaction (``archive.atomic()``)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        kind: str,
        *,
        occurred_at: str,
        run_id: str | None,
        report_id: int | None = None,
        version_id: int | None = None,
        previous_version_id: int | None = None,
        url: str | None = None,
        previous_url: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> int:
        with self._db.atomic():
            cursor = self._db.execute(
                "insert into events (occurred_at, run_id, kind, report_id, version_id, previous_version_id, url, "
                "previous_url, detail) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    occurred_at,
                    run_id,
                    kind,
                    report_id,
                    version_id,
                    previous_version_id,
                    url,
                    previous_url,
                    json.dumps(detail or {}, ensure_ascii=False, sort_keys=True),
                ],
            )
        return int(cursor.lastrowid or 0)

    def record_listing_changes(
        self, *, delisted: list[str], relisted: list[str], run_id: str | None, occurred_at: str
    ) -> int:
        """``delisted`` / ``relisted`` events for the known, not removed reports at these URLs; returns how many."""
        count = 0
        with self._db.atomic():
            for kind, urls in (("delisted", delisted), ("relisted", relisted)):
                for url in urls:
                    report = select_rows(self._db, "select id from reports where url = ? and status = 'active'", [url])
                    if not report:
                        continue
                    listing = select_rows(self._db, "select last_listed, list_url from listings where url = ?", [url])
                    detail = dict(listing[0]) if listing else {}  # {last_listed, list_url}
                    self.add(
                        kind, occurred_at=occurred_at, run_id=run_id, report_id=report[0]["id"], url=url, detail=detail
                    )
                    count += 1
        return count

    # -- reading -----------------------------------------------------------------------------
    def get(self, event_id: int) -> dict[str, Any] | None:
        rows = select_rows(self._db, "select * from events where id = ?", [event_id])
        return rows[0] if rows else None

    def recent(
        self,
        *,
        since: str | None = None,
        agency: str | None = None,
        kinds: list[str] | None = None,
        limit: int = 500,
    ) -> list[dict[str, Any]]:
        """Events newest first, joined with their report's agency, year and key."""
        where, params = ["1 = 1"], []
        if since:
            where.append("e.occurred_at >= ?")
            params.append(since)
        if agency:
            where.append("r.agency like ?")
            params.append(f"%{agency}%")
        if kinds:
            where.append(f"e.kind in ({', '.join('?' for _ in kinds)})")
            params.extend(kinds)
        sql = (
            "select e.*, r.agency, r.report_year, r.report_key from events e left join reports r on r.id = e.report_id "
            f"where {' and '.join(where)} order by e.occurred_at desc, e.id desc limit ?"
        )
        return select_rows(self._db, sql, [*params, limit])

    def of_run(self, run_id: str) -> list[dict[str, Any]]:
        """The events one run wrote, in the order it wrote them."""
        return select_rows(self._db, "select * from events where run_id = ? order by id", [run_id])
