"""Datasette metadata for the catalog: descriptions of tables and columns, facets, canned queries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scheduler.column_docs import OBSERVATION_COLUMNS, REPORT_COLUMNS
from scheduler.datasette.queries import canned_queries

DATABASE = "catalog"  # Datasette names the database after catalog.sqlite

TABLES: dict[str, dict[str, Any]] = {
    "reports": {
        "description": "One row per logical report: agency + report year (+ scope: a government's own office or "
        "its aggregate report).",
        "columns": REPORT_COLUMNS,
        "facets": ["report_year", "level", "status"],
        "sort": "agency",
    },
    "report_versions": {
        "description": "Content versions of a report: a new version only when the main text or tables change. "
        "Search box: words of 3+ characters use the trigram index, shorter words a substring scan.",
        "columns": {
            "content_hash": "Hash of the normalised main text and tables (not of the page bytes)",
            "capture_id": "The archived capture this version was read from (link: the archived page)",
            "text": "Main text of the report",
            "parser_version": "Parser that read this version",
        },
        "facets": ["format", "parser_version"],
    },
    "observations": {
        "description": "Every indicator value with its evidence. Follow 'evidence' to the sentence or table cell, "
        "'capture_id' to the archived page.",
        "columns": OBSERVATION_COLUMNS,
        "facets": ["indicator", "source", "parser_version"],
    },
    "checks": {
        "description": "Validation results per report version: arithmetic identities and text-vs-table agreement. "
        "Nothing is ever corrected.",
        "columns": {"status": "pass | fail | uncertain (an operand is missing)", "detail": "JSON with the operands"},
        "facets": ["status", "rule"],
    },
    "events": {
        "description": "Changes: new_report, new_version, attachment_added/removed/changed, moved, removed, "
        "reappeared, delisted (taken off the portal's listing), relisted.",
        "facets": ["kind"],
        "sort_desc": "occurred_at",
    },
    "captures": {
        "description": "Every archived HTTP exchange, with its WARC file and offset.",
        "facets": ["classification", "status", "record_type"],
    },
    "runs": {"description": "Crawl, parse and harvest runs.", "facets": ["kind", "status"]},
    "documents": {"description": "Distinct payloads (by content SHA-256) and their extracted text."},
    "outlinks": {
        "description": "The attachments and images a report page linked to, per capture (also in its WARC "
        "metadata record).",
        "facets": ["kind"],
    },
    "listings": {
        "description": "When each report URL was last linked from a list page of its portal. A report whose "
        "last_listed is older than its portal's latest listing was taken off the listing (`ogi reports "
        "--delisted`).",
        "facets": ["portal_id"],
        "sort_desc": "last_listed",
    },
    "check_operands": {"description": "Which values each check used (filled by triggers from checks.detail)."},
}

HIDDEN = ("report_text_fts", "document_text_fts", "_sqlite_migrations")


def build_metadata(archive_dir: Path) -> dict[str, Any]:
    tables = {name: dict(spec) for name, spec in TABLES.items()}
    for name in HIDDEN:
        tables[name] = {"hidden": True}
    return {
        "title": "ogi-archive catalog",
        "description_html": (
            "Annual Government Information Disclosure reports: every value with its evidence and archived "
            "capture. <a href='/-/ogi/series'>Series and charts</a> · <a href='/-/ogi/search'>Search reports "
            "and attachments</a> · <a href='/catalog/latest_changes'>Latest changes</a>"
        ),
        "license": "Data: public government reports",
        "databases": {DATABASE: {"tables": tables, "queries": canned_queries()}},
        "plugins": {"ogi": {"archive": str(Path(archive_dir).resolve())}},
    }
