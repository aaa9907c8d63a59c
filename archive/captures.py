"""Reads of the ``captures`` table beyond single lookups: counts for progress, captures in processing order.

Captures are written only by :class:`archive.writer.CaptureWriter` (and rebuilt by :mod:`archive.reindex`).
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from archive.rows import select_rows

#: the order ingest wants: successful answers first, report pages before attachments (so an attachment finds
#: its page's version), answers that say a page is gone last (so a moved report is found at its new address)
PROCESSING_ORDER = (
    "order by case when status in (200, 203, 304) then 0 else 1 end, "
    "case classification when 'attachment' then 1 else 0 end, id"
)


class Captures:
    def __init__(self, db: Database) -> None:
        self._db = db

    def last_id(self) -> int:
        return int(self._db.execute("select coalesce(max(id), 0) from captures").fetchone()[0])

    def count_after(self, capture_id: int) -> int:
        """Captures archived after ``capture_id`` (a running crawl's progress)."""
        return int(self._db.execute("select count(*) from captures where id > ?", [capture_id]).fetchone()[0])

    def count_of_run(self, run_id: str) -> int:
        return int(self._db.execute("select count(*) from captures where run_id = ?", [run_id]).fetchone()[0])

    def of_run(self, run_id: str) -> list[dict[str, Any]]:
        """The captures of one crawl run, in :data:`PROCESSING_ORDER`."""
        return select_rows(self._db, f"select * from captures where run_id = ? {PROCESSING_ORDER}", [run_id])

    def unread(self, parser_version: str) -> list[dict[str, Any]]:
        """For every document ``parser_version`` has not read, its latest successful capture, in
        :data:`PROCESSING_ORDER`."""
        return select_rows(
            self._db,
            "select * from captures c where c.id = (select max(id) from captures c2 where c2.document_sha256 = "
            "c.document_sha256 and c2.status in (200, 203)) and not exists (select 1 from parses p where "
            f"p.document_sha256 = c.document_sha256 and p.parser_version = ?) {PROCESSING_ORDER}",
            [parser_version],
        )
