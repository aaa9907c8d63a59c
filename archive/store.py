"""The archive facade: a directory with ``catalog.sqlite`` (sqlite-utils, WAL) and ``warc/`` (the source of truth)."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from archive import content
from archive.captures import Captures
from archive.errors import CaptureNotFoundError, NotAnArchiveError
from archive.events import Events
from archive.exchange import Outlink, Validators
from archive.lock import WriterLock
from archive.migrations import migrations
from archive.parses import Parses
from archive.reader import read_record_at
from archive.reports import Reports
from archive.rows import select_rows
from archive.runs import Runs
from archive.warcfile import Clock, IdFactory, new_record_id, utc_now
from archive.writer import CaptureWriter

logger = logging.getLogger(__name__)

CATALOG_NAME = "catalog.sqlite"
WARC_DIR = "warc"
ARCHIVE_MARKERS = {  # files an archive directory may hold before its catalog exists
    CATALOG_NAME,
    WARC_DIR,
    "writer.lock",
    "ogi-settings.toml",
    "scheduler.sqlite",
    "scheduler.lock",
    "logs",
    "changes.atom",
}


def open_database(path: Path) -> Database:
    """Open a catalog file in WAL mode with settings safe for one writer and many readers."""
    conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
    db = Database(conn)
    try:
        db.execute("PRAGMA journal_mode=WAL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise NotAnArchiveError(
            f"{path} is not a SQLite catalog ({exc}); move it aside and run `ogi archive reindex` to rebuild it "
            "from the WARC files"
        ) from exc
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA busy_timeout=30000")
    db.execute("PRAGMA foreign_keys=OFF")
    return db


class Archive:
    """An ogi archive directory.  Cheap to open; many readers may open it while one writer writes.

    The one owner of the catalog: every write goes through it.  Captures come in through :meth:`writer`;
    runs, reports, events and parses through the verbs of :attr:`runs`, :attr:`reports`, :attr:`events`
    and :attr:`parses`; several verbs form one transaction inside ``with archive.atomic():``.
    """

    def __init__(self, path: Path, db: Database, *, clock: Clock = utc_now) -> None:
        self.path = path
        self.db = db
        self.clock = clock
        self.runs = Runs(db, clock)
        self.events = Events(db)
        self.reports = Reports(db, self.events)
        self.parses = Parses(db)
        self.captures = Captures(db)

    def atomic(self) -> AbstractContextManager[Database]:
        """One transaction (a savepoint when nested): ``with archive.atomic(): archive.reports...``."""
        return self.db.atomic()

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = False, clock: Clock = utc_now) -> Archive:
        """Open the archive at ``path``; with ``create=True`` make it when it does not exist yet.

        Raises NotAnArchiveError for a file, for a non-empty directory that is not an archive, or for a
        catalog that is not a SQLite database.
        """
        directory = Path(path)
        catalog = directory / CATALOG_NAME
        if directory.exists() and not directory.is_dir():
            raise NotAnArchiveError(f"{directory} is a file, not an archive directory; pass --archive DIR")
        if not catalog.exists():
            if not create:
                raise NotAnArchiveError(
                    f"{directory} is not an ogi archive (no {CATALOG_NAME}); run `ogi crawl --archive {directory}` "
                    "to create one, or point --archive / $OGI_ARCHIVE at an existing archive"
                )
            # (SQLite journals such as scheduler.sqlite-journal count as their database)
            stray = directory.exists() and any(
                re.sub(r"-(journal|wal|shm)$", "", p.name) not in ARCHIVE_MARKERS for p in directory.iterdir()
            )
            if stray and not (directory / WARC_DIR).is_dir():
                raise NotAnArchiveError(
                    f"{directory} is a non-empty directory that is not an ogi archive; "
                    "choose an empty or new directory for --archive"
                )
        directory.mkdir(parents=True, exist_ok=True)
        (directory / WARC_DIR).mkdir(exist_ok=True)
        db = open_database(catalog)
        archive = cls(directory, db, clock=clock)
        archive.migrate()
        return archive

    def migrate(self) -> None:
        try:
            if migrations.pending(self.db):
                migrations.apply(self.db)
        except sqlite3.DatabaseError as exc:
            raise NotAnArchiveError(f"cannot read the catalog {self.catalog_path}: {exc}") from exc

    @property
    def catalog_path(self) -> Path:
        return self.path / CATALOG_NAME

    @property
    def warc_dir(self) -> Path:
        return self.path / WARC_DIR

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs (kept for callers that predate ``archive.runs``) --------------------------------
    def start_run(self, kind: str, settings: dict[str, Any] | None = None, *, run_id: str | None = None) -> str:
        """Record the start of a run and return its id: :meth:`archive.runs.Runs.start`."""
        return self.runs.start(kind, settings, run_id=run_id)

    def finish_run(self, run_id: str, status: str, stats: dict[str, Any] | None = None) -> None:
        """Close a run with its status (ok | failed | interrupted) and counters: :meth:`archive.runs.Runs.finish`."""
        self.runs.finish(run_id, status, stats)

    # -- writing -----------------------------------------------------------------------------
    def lock(self, purpose: str) -> WriterLock:
        """The exclusive writer lock (context manager); raises ArchiveLockedError when taken."""
        return WriterLock(self.path, purpose)

    @contextmanager
    def writer(
        self,
        run_id: str,
        *,
        settings: dict[str, Any] | None = None,
        max_file_size: int | None = None,
        clock: Clock | None = None,
        ids: IdFactory = new_record_id,
    ) -> Iterator[CaptureWriter]:
        """Take the writer lock and yield a :class:`CaptureWriter` for ``run_id``."""
        with self.lock(f"run {run_id}"):
            writer = CaptureWriter(
                self,
                run_id,
                settings=settings or {},
                max_file_size=max_file_size,
                clock=clock or self.clock,
                ids=ids,
            )
            try:
                yield writer
            finally:
                writer.close()

    # -- reading -----------------------------------------------------------------------------
    def capture(self, capture_id: int) -> dict[str, Any]:
        rows = select_rows(self.db, "select * from captures where id = ?", [capture_id])
        if not rows:
            raise CaptureNotFoundError(f"no capture {capture_id} in {self.catalog_path}; see `ogi archive stats`")
        return rows[0]

    def last_capture(self, url: str) -> dict[str, Any] | None:
        rows = select_rows(self.db, "select * from captures where url = ? order by id desc limit 1", [url])
        return rows[0] if rows else None

    def validators(self, url: str) -> Validators | None:
        """What a conditional request for ``url`` should send, from its last successful capture."""
        rows = select_rows(
            self.db,
            "select * from captures where url = ? and status in (200, 203, 304) and blocked = 0 "
            "order by id desc limit 1",
            [url],
        )
        if not rows:
            return None
        row = rows[0]
        return Validators(
            etag=row["etag"],
            last_modified=row["last_modified"],
            payload_sha1=row["payload_sha1"],
            payload_sha256=row["payload_sha256"],
            capture_id=self.original_capture_id(row["id"]),
            fetched_at=row["fetched_at"],
        )

    def original_capture_id(self, capture_id: int) -> int:
        """Follow revisit records back to the capture that holds the body."""
        seen: set[int] = set()
        current = capture_id
        while current not in seen:
            seen.add(current)
            row = self.capture(current)
            if row["record_type"] != "revisit" or row["refers_to_id"] is None:
                return current
            current = int(row["refers_to_id"])
        raise CaptureNotFoundError(f"revisit loop at capture {capture_id}; run `ogi archive reindex`")

    def raw_payload(self, capture_id: int) -> tuple[bytes, list[tuple[str, str]]]:
        """The payload as received (still content-encoded) and its HTTP headers, by direct offset access."""
        row = self.capture(self.original_capture_id(capture_id))
        record = read_record_at(self.warc_dir / row["warc_file"], int(row["offset"]))
        if record.record_id != row["record_id"]:
            raise CaptureNotFoundError(
                f"capture {capture_id}: record at {row['warc_file']}:{row['offset']} is {record.record_id}, "
                f"expected {row['record_id']}; run `ogi archive verify`"
            )
        return record.payload, record.http_headers

    def recorded_outlinks(self, url: str, document_sha256: str | None) -> list[Outlink] | None:
        """The attachments and images ``url`` linked to when it had this content (latest capture that
        recorded them); None when no such capture recorded its links."""
        found = select_rows(
            self.db,
            "select id from captures where url = ? and document_sha256 is ? and outlinks is not null "
            "order by id desc limit 1",
            [url, document_sha256],
        )
        if not found:
            return None
        rows = select_rows(
            self.db, "select url, kind, link_text from outlinks where capture_id = ? order by rowid", [found[0]["id"]]
        )
        return [Outlink(r["url"], r["kind"], r["link_text"] or "") for r in rows]

    def payload(self, capture_id: int) -> bytes:
        """The capture's content, Content-Encoding undone (the bytes a browser would decode as the page)."""
        body, headers = self.raw_payload(capture_id)
        return content.decode_content(body, headers)

    def stats(self) -> dict[str, Any]:
        from archive.stats import archive_stats

        return archive_stats(self)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
