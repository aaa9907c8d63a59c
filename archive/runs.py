"""The ``runs`` table: one row per crawl, parse or harvest (``archive.runs.start`` / ``finish``)."""

from __future__ import annotations

import json
import os
import secrets
import socket
from typing import Any

from sqlite_utils import Database

from archive.rows import select_rows
from archive.warcfile import SOFTWARE, Clock

#: counters of ``stats`` that have a column of their own
COUNTER_COLUMNS = ("pages", "new_reports", "new_versions", "removals", "errors", "log_path")


class Runs:
    """Start, finish and read runs.  Each write is its own transaction (a run row is written alone)."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def start(self, kind: str, settings: dict[str, Any] | None = None, *, run_id: str | None = None) -> str:
        """Record the start of a run and return its id (``20261122T214900Z-1a2b3c``)."""
        now = self._clock()
        run_id = run_id or f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
        with self._db.atomic():
            self._db.table("runs").insert(
                {
                    "id": run_id,
                    "kind": kind,
                    "started_at": now.isoformat(),
                    "status": "running",
                    "software": SOFTWARE,
                    "hostname": socket.gethostname(),
                    "pid": os.getpid(),
                    "settings": json.dumps(settings or {}, ensure_ascii=False, sort_keys=True, default=str),
                }
            )
        return run_id

    def finish(self, run_id: str, status: str, stats: dict[str, Any] | None = None) -> None:
        """Close a run with its status (ok | failed | interrupted) and counters."""
        stats = dict(stats or {})
        known = {k: stats[k] for k in COUNTER_COLUMNS if k in stats}
        if "blocked_hosts" in stats:
            known["blocked_hosts"] = json.dumps(sorted(stats["blocked_hosts"]), ensure_ascii=False)
        with self._db.atomic():
            self._db.table("runs").update(
                run_id,
                {
                    "finished_at": self._clock().isoformat(),
                    "status": status,
                    "stats": json.dumps(stats, ensure_ascii=False, sort_keys=True, default=str),
                    **known,
                },
            )

    # -- reading -----------------------------------------------------------------------------
    def get(self, run_id: str) -> dict[str, Any] | None:
        rows = select_rows(self._db, "select * from runs where id = ?", [run_id])
        return rows[0] if rows else None

    def stats(self, run_id: str) -> dict[str, Any]:
        """The run's ``stats`` JSON as a dict (empty for an unknown or unfinished run)."""
        row = self.get(run_id)
        return dict(json.loads(row["stats"])) if row and row["stats"] else {}

    def recent(self, limit: int) -> list[dict[str, Any]]:
        """The newest ``limit`` runs, newest first."""
        return select_rows(self._db, "select * from runs order by started_at desc limit ?", [limit])

    def running(self) -> list[dict[str, Any]]:
        """Runs still marked ``running`` (live, or left behind by a process that died)."""
        return select_rows(self._db, "select id, pid, hostname from runs where status = 'running'", [])

    def latest(self, kind: str, *, started_since: str) -> str | None:
        """The id of the newest run of ``kind`` started at or after ``started_since`` (ISO time)."""
        rows = select_rows(
            self._db,
            "select id from runs where kind = ? and started_at >= ? order by started_at desc limit 1",
            [kind, started_since],
        )
        return rows[0]["id"] if rows else None

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        """Every run of ``kind``, oldest first."""
        return select_rows(self._db, "select * from runs where kind = ? order by started_at, id", [kind])

    def pending_crawls(self, *, current_run_id: str | None = None) -> list[dict[str, Any]]:
        """Finished crawl runs no harvest or parse run has taken in yet (ingest, change detection), oldest first.

        A harvest or parse run names the crawl runs it took in (``stats.crawl_run_id`` / ``stats.crawl_runs``);
        crawls that started before the latest successful harvest or parse are taken as done (archives from
        before runs named their crawls)."""
        return select_rows(
            self._db,
            "select * from runs c where c.kind = 'crawl' and c.status != 'running' "
            "and c.started_at > coalesce((select max(p.started_at) from runs p where p.kind in ('harvest', 'parse') "
            "and p.status = 'ok' and p.id is not ?), '') "
            "and not exists (select 1 from runs p where p.kind in ('harvest', 'parse') and p.stats is not null "
            "and json_valid(p.stats) and (json_extract(p.stats, '$.crawl_run_id') = c.id or exists "
            "(select 1 from json_each(p.stats, '$.crawl_runs') j where j.value = c.id))) "
            "order by c.started_at, c.id",
            [current_run_id],
        )
