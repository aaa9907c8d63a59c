"""Rebuild the catalog's capture tables (runs, warc_files, captures, documents) from the WARC files alone."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive import content
from archive.errors import ArchiveError, CorruptWarcError
from archive.exchange import Outlink
from archive.reader import StoredRecord, iter_records
from archive.references import forget_captures
from archive.revisit import not_modified_response
from archive.warcfile import PROFILE_IDENTICAL, PROFILE_NOT_MODIFIED
from archive.writer import parse_outlink, store_outlinks

if TYPE_CHECKING:
    from sqlite_utils import Database

    from archive.store import Archive

logger = logging.getLogger(__name__)


@dataclass
class ReindexReport:
    files: int = 0
    captures: int = 0
    added: int = 0
    kept: int = 0
    removed: int = 0
    problems: list[str] = field(default_factory=list)


def _fields(record: StoredRecord) -> tuple[dict[str, str], list[Outlink]]:
    """The ``key: value`` fields of a warcinfo or metadata record, and its repeated ``outlink:`` lines."""
    out: dict[str, str] = {}
    outlinks: list[Outlink] = []
    for line in record.payload.decode("utf-8", "replace").splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            continue
        if key.strip() != "outlink":
            out[key.strip()] = value.strip()
        elif (link := parse_outlink(value)) is not None:
            outlinks.append(link)
    return out, outlinks


def warc_names(archive: Archive) -> list[str]:
    """WARC files in the order they were written (names sort by run start time, then sequence)."""
    return sorted(p.name for p in archive.warc_dir.glob("*.warc.gz"))


Pair = tuple[StoredRecord, dict[str, str], list[Outlink]]


def _scan(path: Path, report: ReindexReport) -> tuple[dict[str, str], list[Pair]]:
    """warcinfo fields and (response-or-revisit record, metadata fields, outlinks) of one file."""
    info: dict[str, str] = {}
    mains: dict[str, StoredRecord] = {}
    order: list[str] = []
    meta: dict[str, tuple[dict[str, str], list[Outlink]]] = {}
    try:
        for record in iter_records(path):
            if record.record_type == "warcinfo":
                info, _ = _fields(record)
            elif record.record_type in ("response", "revisit"):
                mains[record.record_id] = record
                order.append(record.record_id)
            elif record.record_type == "metadata":
                target = record.header("WARC-Concurrent-To")
                if target:
                    meta[target] = _fields(record)
    except CorruptWarcError as exc:
        report.problems.append(f"{exc}; run `ogi archive repair` to set its damaged records aside")
    return info, [(mains[i], *meta.get(i, ({}, []))) for i in order]


def _latest_response(url: str, db: Database) -> dict[str, Any] | None:
    rows = list(
        db.query("select * from captures where url = ? and record_type = 'response' order by id desc limit 1", [url])
    )
    return rows[0] if rows else None


def _referred(record: StoredRecord, db: Database) -> dict[str, Any] | None:
    """The capture a revisit names in ``WARC-Refers-To`` (older revisits name none: the URL's last response)."""
    record_id = record.header("WARC-Refers-To") if record.record_type == "revisit" else None
    if not record_id:
        return None
    rows = list(db.query("select * from captures where record_id = ?", [record_id]))
    return rows[0] if rows else None


def _capture_row(
    record: StoredRecord,
    meta: dict[str, str],
    warc_file: str,
    run_id: str,
    by_url: dict[str, dict[str, Any]],
    db: Database,
) -> dict[str, Any]:
    headers = record.http_headers
    status_line = record.status_line
    kept_304 = not_modified_response(meta) if record.record_type == "revisit" else None
    if kept_304 is not None:  # the block is the response the 304 validated; the 304 as received is in metadata
        _, status_line, headers = kept_304
    status_code = int(status_line.split(" ", 1)[0]) if status_line else 0
    reason = status_line.split(" ", 1)[1] if " " in status_line else ""
    profile = record.header("WARC-Profile") or ""
    previous = _referred(record, db) or by_url.get(record.target_uri) or _latest_response(record.target_uri, db)
    refers_to = None
    if record.record_type == "revisit" and previous is not None:
        refers_to = previous["refers_to_id"] or previous["id"]
    payload_sha256: str | None
    document_sha256: str | None
    document_size = 0
    if record.record_type == "response":
        payload_sha256 = hashlib.sha256(record.payload).hexdigest()
        try:
            document = content.decode_content(record.payload, headers)
        except ArchiveError:
            document = record.payload
        document_sha256 = hashlib.sha256(document).hexdigest()
        document_size = len(document)
    else:
        payload_sha256 = previous["payload_sha256"] if previous else None
        document_sha256 = previous["document_sha256"] if previous else None
    chain = meta.get("redirectChain") or "[]"
    return {
        "record_id": record.record_id,
        "run_id": meta.get("runId") or run_id,
        "url": record.target_uri,
        "final_url": record.target_uri,
        "redirect_chain": chain,
        "method": "GET",
        "status": status_code,
        "reason": reason,
        "fetched_at": _iso(record.header("WARC-Date") or ""),
        "content_type": content.media_type(headers),
        "declared_charset": meta.get("declaredCharset") or content.declared_charset(headers),
        "detected_charset": meta.get("detectedCharset") or None,
        "etag": content.header(headers, "ETag"),
        "last_modified": content.header(headers, "Last-Modified"),
        "payload_sha256": payload_sha256,
        "payload_sha1": record.header("WARC-Payload-Digest")
        or (previous["payload_sha1"] if previous and record.record_type == "revisit" else None),
        "payload_size": len(record.payload) if record.record_type == "response" else 0,
        "document_size": document_size,
        "document_sha256": document_sha256,
        "record_type": record.record_type,
        "revisit_profile": profile.rsplit("/", 1)[-1] if profile in (PROFILE_IDENTICAL, PROFILE_NOT_MODIFIED) else None,
        "refers_to_id": refers_to,
        "warc_file": warc_file,
        "offset": record.offset,
        "length": record.length,
        "ip_address": record.header("WARC-IP-Address"),
        "referrer": meta.get("via") or None,
        "link_text": meta.get("linkText") or None,
        "depth": int(meta.get("hopsFromSeed") or 0),
        "portal_id": meta.get("portalId") or None,
        "classification": meta.get("classification") or None,
        "classification_reason": meta.get("classificationReason") or None,
        "blocked": int(meta.get("blocked") == "1"),
        "truncated": record.header("WARC-Truncated"),
        "outlinks": int(meta["outlinkCount"]) if meta.get("outlinkCount", "").isdigit() else None,
    }


def _iso(warc_date: str) -> str:
    return datetime.fromisoformat(warc_date.replace("Z", "+00:00")).isoformat() if warc_date else ""


def reindex(archive: Archive, names: list[str] | None = None) -> ReindexReport:
    """Rebuild ``captures``, ``warc_files``, ``documents`` stubs and missing ``runs`` from ``warc/``.

    Capture ids are kept for records the catalog already knows (matched by WARC-Record-ID), so reports
    and observations that point at captures stay valid; rows whose record is gone are deleted.  With
    ``names``, only those WARC files are scanned (and only their rows can be deleted).
    """
    report = ReindexReport()
    db = archive.db
    scope = sorted(names) if names is not None else warc_names(archive)
    if names is None:
        rows = list(db.query("select id, record_id, warc_file from captures"))
    else:
        marks = ", ".join("?" for _ in scope)
        rows = list(db.query(f"select id, record_id, warc_file from captures where warc_file in ({marks})", scope))
    known = {row["record_id"]: row["id"] for row in rows}
    file_of = {row["record_id"]: row["warc_file"] for row in rows}
    unreadable: set[str] = set()
    seen: set[str] = set()
    by_url: dict[str, dict[str, Any]] = {}
    with db.atomic():
        for name in scope:
            path = archive.warc_dir / name
            problems_before = len(report.problems)
            info, pairs = _scan(path, report)
            if len(report.problems) > problems_before:
                unreadable.add(name)
            report.files += 1
            run_id = info.get("run-id") or info.get("isPartOf") or name
            if not list(db.query("select 1 from runs where id = ?", [run_id])):
                db.table("runs").insert(
                    {
                        "id": run_id,
                        "kind": "crawl",
                        "status": "reindexed",
                        "software": info.get("software"),
                        "hostname": info.get("hostname"),
                        "settings": info.get("crawl-settings", "{}"),
                    }
                )
            db.table("warc_files").upsert(
                {"name": name, "run_id": run_id, "size": path.stat().st_size, "records": len(pairs), "closed": 1},
                pk="name",
            )
            for record, meta, outlinks in pairs:
                row = _capture_row(record, meta, name, run_id, by_url, db)
                document_size = row.pop("document_size")
                if record.record_id in known:
                    row["id"] = known[record.record_id]
                    report.kept += 1
                else:
                    report.added += 1
                captures = db.table("captures")
                if "id" in row:
                    captures.upsert(row, pk="id")
                else:
                    row["id"] = int(captures.insert(row).last_pk or 0)
                if row["outlinks"] is not None:
                    store_outlinks(db, row["id"], outlinks)
                stored = dict(row)
                if record.record_type == "response":
                    by_url[record.target_uri] = stored
                    db.execute(
                        "insert or ignore into documents (sha256, media_type, size, first_capture_id) values (?,?,?,?)",
                        [row["document_sha256"], row["content_type"], document_size, row["id"]],
                    )
                else:
                    by_url.setdefault(record.target_uri, stored)
                seen.add(record.record_id)
                report.captures += 1
        # a file read only up to damage keeps its rows: `ogi archive repair` decides what is lost
        gone = [rid for rid in known if rid not in seen and file_of[rid] not in unreadable]
        report.removed = forget_captures(db, [known[rid] for rid in gone]).captures
    logger.info(
        "reindex: %d files, %d captures (%d added, %d removed)",
        report.files,
        report.captures,
        report.added,
        report.removed,
    )
    if report.problems:
        logger.warning("reindex found problems: %s", json.dumps(report.problems, ensure_ascii=False))
    return report
