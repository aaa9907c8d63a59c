"""The catalog schema: one home, named sqlite-utils migrations, applied in order on open.

Never edit an applied migration: add a new one.  Table overview (docs/catalog.md has every column):

* ``runs``             one row per crawl / parse / harvest run
* ``warc_files``       every WARC file written, with its run and size
* ``captures``         one row per HTTP exchange archived (response or revisit record)
* ``documents``        one row per distinct payload (content sha256): media type, extracted text
* ``parses``           which parser version read which document, with what status (idempotent re-parsing)
* ``reports``          the logical report: agency + report year (+ scope)
* ``report_versions``  content versions of a report (hash of main text + tables)
* ``report_attachments`` attachments linked from a report version
* ``observations``     every indicator value with its evidence, per parser version
* ``checks``           validation results per report version and parser version
* ``events``           changes: new report, new version, removed, moved, reappeared ...
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("ogi-archive")


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    db.table("runs").create(
        {
            "id": str,
            "kind": str,  # crawl | parse | harvest | reindex
            "started_at": str,
            "finished_at": str,
            "status": str,  # running | ok | failed | interrupted
            "software": str,
            "hostname": str,
            "pid": int,
            "settings": str,  # JSON
            "pages": int,
            "new_reports": int,
            "new_versions": int,
            "removals": int,
            "blocked_hosts": str,  # JSON list
            "errors": int,
            "log_path": str,
            "stats": str,  # JSON
        },
        pk="id",
    )
    db.table("warc_files").create(
        {
            "name": str,
            "run_id": str,
            "created_at": str,
            "size": int,
            "records": int,
            "closed": int,
        },
        pk="name",
        foreign_keys=[("run_id", "runs", "id")],
    )
    db.table("documents").create(
        {
            "sha256": str,  # of the content after HTTP content-decoding
            "media_type": str,
            "size": int,
            "first_capture_id": int,
            "text": str,
            "text_sha256": str,
            "extractor": str,
            "extractor_version": str,
            "extraction_status": str,
            "extraction_message": str,
            "steps": str,  # JSON list of conversion steps
            "extracted_at": str,
        },
        pk="sha256",
    )
    db.table("captures").create(
        {
            "id": int,
            "record_id": str,  # WARC-Record-ID of the response/revisit record
            "run_id": str,
            "url": str,
            "final_url": str,
            "redirect_chain": str,  # JSON list of earlier URLs
            "method": str,
            "status": int,
            "reason": str,
            "fetched_at": str,  # ISO 8601 UTC
            "content_type": str,
            "declared_charset": str,
            "detected_charset": str,
            "etag": str,
            "last_modified": str,
            "payload_sha256": str,  # of the payload as received (still content-encoded)
            "payload_sha1": str,  # "sha1:BASE32", the WARC-Payload-Digest
            "payload_size": int,
            "document_sha256": str,  # content after content-decoding -> documents.sha256
            "record_type": str,  # response | revisit
            "revisit_profile": str,
            "refers_to_id": int,
            "warc_file": str,
            "offset": int,
            "length": int,
            "request_offset": int,
            "metadata_offset": int,
            "ip_address": str,
            "referrer": str,
            "link_text": str,
            "depth": int,
            "portal_id": str,
            "classification": str,  # report | list | attachment | other | blocked
            "classification_reason": str,
            "blocked": int,
            "truncated": str,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id"), ("warc_file", "warc_files", "name")],
    )
    db.table("captures").create_index(["record_id"], unique=True)
    db.table("captures").create_index(["url", "id"])
    db.table("captures").create_index(["document_sha256"])
    db.table("captures").create_index(["run_id"])
    db.table("parses").create(
        {
            "document_sha256": str,
            "parser_version": str,
            "status": str,
            "message": str,
            "parsed_at": str,
            "report_version_id": int,
            "run_id": str,
        },
        pk=("document_sha256", "parser_version"),
    )
    db.table("reports").create(
        {
            "id": int,
            "report_key": str,  # normalised agency | year | scope
            "agency": str,
            "report_year": int,
            "scope": str,  # "" | self | aggregate
            "region_code": str,
            "level": str,
            "portal_id": str,
            "url": str,  # latest URL where the report was seen
            "status": str,  # active | removed
            "current_version_id": int,
            "first_seen": str,
            "last_seen": str,
            "missing_runs": int,  # consecutive runs where the report URL was gone
        },
        pk="id",
    )
    db.table("reports").create_index(["report_key"], unique=True)
    db.table("report_versions").create(
        {
            "id": int,
            "report_id": int,
            "version_no": int,
            "content_hash": str,  # hash of normalised main text + tables
            "document_sha256": str,
            "capture_id": int,
            "url": str,
            "title": str,
            "published": str,
            "format": str,
            "parser_version": str,
            "first_seen": str,
            "last_seen": str,
            "text": str,
        },
        pk="id",
        foreign_keys=[("report_id", "reports", "id")],
    )
    db.table("report_versions").create_index(["report_id", "content_hash"], unique=True)
    db.table("report_attachments").create(
        {
            "report_version_id": int,
            "document_sha256": str,
            "capture_id": int,
            "url": str,
            "link_text": str,
        },
        pk=("report_version_id", "url"),
    )
    db.table("observations").create(
        {
            "id": int,
            "report_id": int,
            "report_version_id": int,
            "document_sha256": str,
            "capture_id": int,
            "parser_version": str,
            "indicator": str,
            "applicant": str,
            "scope": str,  # year | cumulative
            "value": float,
            "unit": str,
            "raw": str,
            "source": str,  # table | text
            "evidence": str,
            "start": int,
            "end": int,
            "table_index": int,
            "row": int,
            "col": int,
            "derived": int,
            "approximate": int,
            "confidence": float,
        },
        pk="id",
        foreign_keys=[("report_version_id", "report_versions", "id")],
    )
    db.table("observations").create_index(["indicator", "report_id"])
    db.table("observations").create_index(["report_version_id", "parser_version"])
    db.table("checks").create(
        {
            "id": int,
            "report_version_id": int,
            "parser_version": str,
            "rule": str,
            "status": str,  # pass | fail | uncertain
            "detail": str,
        },
        pk="id",
        foreign_keys=[("report_version_id", "report_versions", "id")],
    )
    db.table("checks").create_index(["report_version_id", "parser_version"])
    db.table("events").create(
        {
            "id": int,
            "occurred_at": str,
            "run_id": str,
            "kind": str,  # new_report | new_version | attachment_* | moved | removed | reappeared
            "report_id": int,
            "version_id": int,
            "previous_version_id": int,
            "url": str,
            "previous_url": str,
            "detail": str,  # JSON
        },
        pk="id",
    )
    db.table("events").create_index(["occurred_at"])


@migrations(name="0002_checks_per_document")
def checks_per_document(db: Database) -> None:
    """Checks, like observations, belong to the document they were computed from (page or attachment)."""
    checks = db.table("checks")
    checks.add_column("report_id", int)
    checks.add_column("document_sha256", str)
    checks.create_index(["report_id"])


@migrations(name="0003_research_search")
def research_search(db: Database) -> None:
    """Indexes for researcher queries and a trigram full-text index over report text.

    ``report_text_fts`` is an external-content FTS5 table over ``report_versions(title, text)`` kept in step by
    triggers.  Trigram matching finds words of three or more characters; shorter words (most two-character
    Chinese words: 公开, 复议) match nothing through it, so ``archive.research.search`` uses LIKE on the base
    table for them.  ``content='report_versions'`` is single-quoted on purpose: Datasette then does not attach
    its own MATCH-only search box to the table, and the ogi Datasette plugin provides one with the fallback.
    """
    db.execute(
        "create virtual table if not exists report_text_fts using fts5("
        "title, text, content='report_versions', content_rowid='id', tokenize='trigram')"
    )
    db.execute(
        "create trigger if not exists report_text_fts_ai after insert on report_versions begin "
        "insert into report_text_fts(rowid, title, text) values (new.id, new.title, new.text); end"
    )
    db.execute(
        "create trigger if not exists report_text_fts_ad after delete on report_versions begin "
        "insert into report_text_fts(report_text_fts, rowid, title, text) "
        "values ('delete', old.id, old.title, old.text); end"
    )
    db.execute(
        "create trigger if not exists report_text_fts_au after update of title, text on report_versions begin "
        "insert into report_text_fts(report_text_fts, rowid, title, text) "
        "values ('delete', old.id, old.title, old.text); "
        "insert into report_text_fts(rowid, title, text) values (new.id, new.title, new.text); end"
    )
    db.execute("insert into report_text_fts(report_text_fts) values ('rebuild')")
    reports = db.table("reports")
    reports.create_index(["agency", "report_year"], if_not_exists=True)
    reports.create_index(["region_code"], if_not_exists=True)
    reports.create_index(["report_year"], if_not_exists=True)
    db.table("events").create_index(["report_id"], if_not_exists=True)


@migrations(name="0004_check_operands")
def check_operands(db: Database) -> None:
    """Which values each check looked at, unpacked from ``checks.detail`` JSON by triggers.

    One row per (check, operand).  Lets a series or an export give every observation its check status
    (fail > uncertain > pass) with an index lookup instead of parsing JSON for every check.
    """
    db.execute(
        "create table if not exists check_operands (check_id integer, report_version_id integer, "
        "document_sha256 text, parser_version text, status text, indicator text, applicant text)"
    )
    fill = (
        "insert into check_operands (check_id, report_version_id, document_sha256, parser_version, status, "
        "indicator, applicant) select {c}.id, {c}.report_version_id, {c}.document_sha256, {c}.parser_version, "
        "{c}.status, json_extract(op.value, '$.indicator'), json_extract(op.value, '$.applicant') "
        "from json_each(case when json_valid({c}.detail) then {c}.detail else '{{}}' end, '$.operands') op "
        "where json_extract(op.value, '$.indicator') is not null"
    )
    db.execute(
        f"create trigger if not exists check_operands_ai after insert on checks begin {fill.format(c='new')}; end"
    )
    db.execute(
        "create trigger if not exists check_operands_ad after delete on checks begin "
        "delete from check_operands where check_id = old.id; end"
    )
    db.execute(
        "create trigger if not exists check_operands_au after update on checks begin "
        f"delete from check_operands where check_id = old.id; {fill.format(c='new')}; end"
    )
    db.execute("delete from check_operands")
    db.execute(fill.replace("{c}", "c").replace("{{}}", "{}").replace("from json_each", "from checks c, json_each"))
    db.table("check_operands").create_index(["report_version_id", "indicator"], if_not_exists=True)
    db.table("check_operands").create_index(["check_id"], if_not_exists=True)


@migrations(name="0005_recheck_history")
def recheck_history(db: Database) -> None:
    """Index for the crawler's recheck history (``archive.history``): is this URL a known report?"""
    db.table("reports").create_index(["url"], if_not_exists=True)


@migrations(name="0006_outlinks")
def outlinks(db: Database) -> None:
    """The attachments and images a report page linked to, kept with its capture (and in its WARC metadata).

    ``captures.outlinks`` is their number, NULL when the capture did not record them (pages other than
    reports, captures made before this migration).  A report page answering 304 is then followed through
    these rows instead of re-reading its archived body.
    """
    db.table("captures").add_column("outlinks", int)
    db.table("outlinks").create({"capture_id": int, "url": str, "kind": str, "link_text": str}, if_not_exists=True)
    db.table("outlinks").create_index(["capture_id"], if_not_exists=True)


@migrations(name="0007_attachment_search")
def attachment_search(db: Database) -> None:
    """A trigram full-text index over extracted document text, so search also finds words in attachments.

    ``document_text_fts`` is an external-content FTS5 table over ``documents(text)`` (the text ingestion
    extracts from PDF, Word, spreadsheets and images); ``archive.research.search`` joins it to report versions
    through ``report_attachments``.  Only documents with text are indexed: the archive writer inserts every new
    document without text (an index entry per capture would cost the crawl ≈ 0.1 ms each), ingestion sets it.
    """
    db.execute(
        "create virtual table if not exists document_text_fts using fts5("
        "text, content='documents', content_rowid='rowid', tokenize='trigram')"
    )
    db.execute(
        "create trigger if not exists document_text_fts_ai after insert on documents when new.text is not null "
        "begin insert into document_text_fts(rowid, text) values (new.rowid, new.text); end"
    )
    db.execute(
        "create trigger if not exists document_text_fts_ad after delete on documents when old.text is not null "
        "begin insert into document_text_fts(document_text_fts, rowid, text) values ('delete', old.rowid, old.text); "
        "end"
    )
    db.execute(
        "create trigger if not exists document_text_fts_au after update of text on documents begin "
        "insert into document_text_fts(document_text_fts, rowid, text) "
        "select 'delete', old.rowid, old.text where old.text is not null; "
        "insert into document_text_fts(rowid, text) select new.rowid, new.text where new.text is not null; end"
    )
    db.execute("insert into document_text_fts(rowid, text) select rowid, text from documents where text is not null")
    db.table("report_attachments").create_index(["document_sha256"], if_not_exists=True)


@migrations(name="0008_listings")
def listings(db: Database) -> None:
    """When each report URL was last seen linked from a list page (``archive.history.record_listed``).

    A report whose page still answers but that no list links any more ("taken off the listing") shows as
    ``last_listed`` older than the report's ``last_seen``; ``ogi reports`` prints both.
    """
    db.table("listings").create(
        {
            "url": str,
            "portal_id": str,
            "first_listed": str,
            "last_listed": str,
            "last_listed_run": str,
            "list_url": str,  # the list page that linked it last
            "link_text": str,
        },
        pk="url",
        if_not_exists=True,
    )


@migrations(name="0009_listing_misses")
def listing_misses(db: Database) -> None:
    """``listings.missing_runs``: complete crawls of the portal's lists in a row that did not link the URL."""
    db.table("listings").add_column("missing_runs", int, not_null_default=0)
