"""CaptureWriter: one exchange in -> WARC records on disk, then the catalog rows that point at them.

Order of durability: the WARC records are written and flushed before the catalog row is committed, so
a catalog row never points at bytes that are not on disk.  A crash between the two leaves records in
the WARC that the catalog lacks; ``ogi archive reindex`` adds them back (WARC is the source of truth).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from archive import content
from archive.errors import ArchiveError
from archive.exchange import CaptureResult, Exchange, Outlink
from archive.reader import read_record_at
from archive.revisit import Original
from archive.rows import select_rows
from archive.warcfile import (
    DEFAULT_MAX_FILE_SIZE,
    PROFILE_IDENTICAL,
    PROFILE_NOT_MODIFIED,
    Clock,
    IdFactory,
    RotatingWarcWriter,
    warc_date,
)

if TYPE_CHECKING:
    from archive.store import Archive

logger = logging.getLogger(__name__)

FSYNC_INTERVAL_SECONDS = 5.0


def metadata_fields(exchange: Exchange, run_id: str) -> list[tuple[str, str]]:
    """The crawl context written to the WARC metadata record (enough to rebuild the catalog row).

    Outlinks follow as repeated ``outlink: <url> <kind> <link text>`` lines (Heritrix writes its outlinks
    to the metadata record the same way), after an ``outlinkCount`` that says they were recorded.
    """
    fields = {
        "via": exchange.referrer or "",
        "linkText": exchange.link_text or "",
        "hopsFromSeed": str(exchange.depth),
        "runId": run_id,
        "portalId": exchange.portal_id or "",
        "classification": exchange.classification or "",
        "classificationReason": exchange.classification_reason or "",
        "declaredCharset": exchange.declared_charset or "",
        "detectedCharset": exchange.detected_charset or "",
        "redirectChain": json.dumps(exchange.redirect_chain, ensure_ascii=False) if exchange.redirect_chain else "",
        "blocked": "1" if exchange.blocked else "",
    }
    for key, value in exchange.extra_metadata.items():
        fields.setdefault(key, value)
    if exchange.outlinks is None:
        return list(fields.items())
    fields["outlinkCount"] = str(len(exchange.outlinks))
    lines = [("outlink", format_outlink(link)) for link in exchange.outlinks]
    return [*fields.items(), *lines]


def format_outlink(link: Outlink) -> str:
    return f"{link.url.replace(' ', '%20')} {link.kind} {' '.join(link.text.split())}".rstrip()


def parse_outlink(value: str) -> Outlink | None:
    url, _, rest = value.strip().partition(" ")
    kind, _, text = rest.partition(" ")
    return Outlink(url, kind, text) if url and kind else None


class CaptureWriter:
    """Writes exchanges of one run.  Get one from :meth:`Archive.writer` (which holds the writer lock)."""

    def __init__(
        self,
        archive: Archive,
        run_id: str,
        *,
        settings: dict[str, Any],
        max_file_size: int | None,
        clock: Clock,
        ids: IdFactory,
    ) -> None:
        self.archive = archive
        self.db = archive.db
        self.run_id = run_id
        self.clock = clock
        self._last_sync = time.monotonic()
        self.warc = RotatingWarcWriter(
            archive.warc_dir,
            run_id,
            info={"operator": settings.get("operator", ""), "crawl-settings": settings},
            max_file_size=max_file_size or DEFAULT_MAX_FILE_SIZE,
            clock=clock,
            ids=ids,
            on_new_file=self._on_new_file,
        )
        self.counts = {"captures": 0, "responses": 0, "revisits": 0, "not_modified": 0, "new_documents": 0}

    def _on_new_file(self, name: str) -> None:
        previous = self.warc.current_name
        if previous and previous != name:
            self._close_file_row(previous)
        self.db.table("warc_files").insert(
            {
                "name": name,
                "run_id": self.run_id,
                "created_at": self.clock().isoformat(),
                "size": 0,
                "records": 0,
                "closed": 0,
            },
            replace=True,
        )

    def _close_file_row(self, name: str) -> None:
        path = self.archive.warc_dir / name
        size = path.stat().st_size if path.exists() else 0
        self.db.table("warc_files").update(name, {"size": size, "closed": 1})

    def _previous(self, url: str) -> dict[str, Any] | None:
        sql = "select * from captures where url = ? and payload_sha256 is not null order by id desc limit 1"
        rows = select_rows(self.db, sql, [url])
        return rows[0] if rows else None

    def record(self, exchange: Exchange) -> CaptureResult:
        """Archive one exchange: response, or revisit when unchanged (identical payload) or 304."""
        if exchange.fetched_at.tzinfo is None:
            raise ArchiveError(f"fetched_at for {exchange.url} must be timezone-aware (UTC)")
        body = exchange.response_body
        payload_sha256 = hashlib.sha256(body).hexdigest()
        previous = self._previous(exchange.url)
        refers_to: dict[str, Any] | None = None
        profile: str | None = None
        if exchange.status == 304:
            profile = PROFILE_NOT_MODIFIED
            refers_to = self._original(previous) if previous else None
        elif previous is not None and previous["payload_sha256"] == payload_sha256:
            original = self._original(previous)
            if original is not None and original["status"] == exchange.status:
                profile = PROFILE_IDENTICAL
                refers_to = original
        named = self._original_record(refers_to, full=profile == PROFILE_NOT_MODIFIED) if refers_to else None
        if profile == PROFILE_IDENTICAL and named is None:
            profile = refers_to = None  # the original cannot be resolved: store the body again
        written = self.warc.write_capture(
            exchange,
            original=named if profile else None,
            metadata=metadata_fields(exchange, self.run_id),
        )
        self.warc.flush()
        if time.monotonic() - self._last_sync > FSYNC_INTERVAL_SECONDS:
            self.warc.sync()
            self._last_sync = time.monotonic()

        headers = exchange.response_headers
        if profile is None:
            try:
                document_body = content.decode_content(body, headers)
            except ArchiveError as exc:
                logger.warning("capture of %s: %s; cataloguing the raw payload", exchange.url, exc)
                document_body = body
            same = document_body is body
            document_sha256: str | None = payload_sha256 if same else hashlib.sha256(document_body).hexdigest()
            size = len(document_body)
        else:
            document_sha256 = refers_to["document_sha256"] if refers_to else None
            size = 0
        row: dict[str, Any] = {
            "record_id": written.main.record_id,
            "run_id": self.run_id,
            "url": exchange.url,
            "final_url": exchange.url,
            "redirect_chain": json.dumps(exchange.redirect_chain, ensure_ascii=False),
            "method": exchange.method,
            "status": exchange.status,
            "reason": exchange.reason,
            "fetched_at": exchange.fetched_at.isoformat(),
            "content_type": content.media_type(headers),
            "declared_charset": exchange.declared_charset or content.declared_charset(headers),
            "detected_charset": exchange.detected_charset,
            "etag": content.header(headers, "ETag"),
            "last_modified": content.header(headers, "Last-Modified"),
            "payload_sha256": payload_sha256 if exchange.status != 304 else (refers_to or {}).get("payload_sha256"),
            "payload_sha1": written.payload_sha1 or (refers_to or {}).get("payload_sha1"),
            "payload_size": len(body),
            "document_sha256": document_sha256,
            "record_type": "revisit" if profile else "response",
            "revisit_profile": profile.rsplit("/", 1)[-1] if profile else None,
            "refers_to_id": refers_to["id"] if refers_to else None,
            "warc_file": written.warc_file,
            "offset": written.main.offset,
            "length": written.main.length,
            "request_offset": written.request.offset,
            "metadata_offset": written.metadata.offset,
            "ip_address": exchange.ip_address,
            "referrer": exchange.referrer,
            "link_text": exchange.link_text,
            "depth": exchange.depth,
            "portal_id": exchange.portal_id,
            "classification": exchange.classification,
            "classification_reason": exchange.classification_reason,
            "blocked": int(exchange.blocked),
            "truncated": exchange.truncated,
            "outlinks": None if exchange.outlinks is None else len(exchange.outlinks),
        }
        new_document = False
        with self.db.atomic():
            columns = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            cursor = self.db.execute(f"insert into captures ({columns}) values ({marks})", list(row.values()))
            capture_id = int(cursor.lastrowid or 0)
            if profile is None and document_sha256 is not None:
                cursor = self.db.execute(
                    "insert or ignore into documents (sha256, media_type, size, first_capture_id) values (?, ?, ?, ?)",
                    [document_sha256, row["content_type"], size, capture_id],
                )
                new_document = cursor.rowcount > 0
            if exchange.outlinks:
                store_outlinks(self.db, capture_id, exchange.outlinks)
        self.counts["captures"] += 1
        if profile == PROFILE_NOT_MODIFIED:
            self.counts["not_modified"] += 1
        elif profile:
            self.counts["revisits"] += 1
        else:
            self.counts["responses"] += 1
        self.counts["new_documents"] += int(new_document)
        return CaptureResult(
            capture_id=capture_id,
            record_type=row["record_type"],
            revisit_profile=row["revisit_profile"],
            payload_sha256=row["payload_sha256"],
            new_payload=profile is None,
            warc_file=written.warc_file,
            offset=written.main.offset,
            length=written.main.length,
        )

    def _original(self, row: dict[str, Any]) -> dict[str, Any] | None:
        """The response capture holding the body that ``row`` (maybe a revisit) stands for."""
        original_id = self.archive.original_capture_id(int(row["id"]))
        original = self.archive.capture(original_id)
        return original if original["record_type"] == "response" else None

    def _original_record(self, row: dict[str, Any], *, full: bool) -> Original | None:
        """How a revisit names the response capture ``row``; ``full`` adds its status line and headers (read
        from its record), the block of a server-not-modified revisit."""
        if not row.get("payload_sha1") or not row.get("record_id"):
            return None
        named = Original(row["record_id"], row["url"], warc_date_from_iso(row["fetched_at"]), row["payload_sha1"])
        if not full:
            return named
        try:
            record = read_record_at(self.archive.warc_dir / row["warc_file"], int(row["offset"]))
        except ArchiveError as exc:
            logger.warning("original of %s unreadable (%s); its 304 is kept as the revisit's block", row["url"], exc)
            return named
        if record.record_id != row["record_id"]:
            logger.warning("original of %s: record at its offset is %s; 304 kept as is", row["url"], record.record_id)
            return named
        return replace(
            named,
            date=record.header("WARC-Date") or named.date,
            status_line=record.status_line,
            protocol=record.protocol or "HTTP/1.1",
            http_headers=tuple(record.http_headers),
        )

    def close(self) -> None:
        name = self.warc.current_name
        self.warc.close()
        if name:
            self._close_file_row(name)


def store_outlinks(db: Any, capture_id: int, outlinks: list[Outlink]) -> None:
    db.execute("delete from outlinks where capture_id = ?", [capture_id])
    db.conn.executemany(
        "insert into outlinks (capture_id, url, kind, link_text) values (?, ?, ?, ?)",
        [(capture_id, link.url, link.kind, link.text) for link in outlinks],
    )


def warc_date_from_iso(value: str) -> str:
    return warc_date(datetime.fromisoformat(value))
