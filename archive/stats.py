"""Counts and sizes of an archive, for `ogi archive stats`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archive.store import Archive

COUNTED_TABLES = (
    "runs",
    "warc_files",
    "captures",
    "documents",
    "reports",
    "report_versions",
    "observations",
    "checks",
    "events",
)


def archive_stats(archive: Archive) -> dict[str, Any]:
    db = archive.db
    counts = {name: db.table(name).count for name in COUNTED_TABLES}
    by_type = {
        f"{row['record_type']}{'/' + row['revisit_profile'] if row['revisit_profile'] else ''}": row["n"]
        for row in db.query(
            "select record_type, revisit_profile, count(*) n from captures group by record_type, revisit_profile"
        )
    }
    by_class = {
        row["classification"] or "unclassified": row["n"]
        for row in db.query("select classification, count(*) n from captures group by classification")
    }
    warc_bytes = sum(p.stat().st_size for p in archive.warc_dir.glob("*.warc.gz"))
    catalog_bytes = sum(p.stat().st_size for p in archive.path.glob("catalog.sqlite*") if p.is_file())
    payload_bytes = db.execute("select coalesce(sum(size), 0) from documents").fetchone()[0]
    return {
        "archive": str(archive.path),
        "counts": counts,
        "captures_by_record_type": by_type,
        "captures_by_classification": by_class,
        "warc_bytes": warc_bytes,
        "catalog_bytes": catalog_bytes,
        "document_bytes": payload_bytes,
    }
