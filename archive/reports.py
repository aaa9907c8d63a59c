"""Catalog writes for logical reports, their content versions, attachments, observations and checks
(``archive.reports.record_version`` ...), with the change events they imply.

Plain dicts in, catalog rows out: this module knows nothing about parsing.  A *report* is agency + report
year (+ scope); a *version* is a distinct content hash of the report's main text and tables.  Events are
written here, as the facts happen, so that the change feed can never disagree with the versions.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlite_utils import Database

from archive.events import Events
from archive.rows import select_rows

#: the one default for how many consecutive runs must find a report gone before it is ``removed`` (and a URL
#: missing from complete listings before it is ``delisted``); ``harvest.removal_runs`` overrides it
REMOVAL_RUNS = 2

_AGENCY_NOISE = re.compile(r"[\s　·•()（）【】\[\]“”\"']")


def agency_key(agency: str) -> str:
    """Agency name normalised for matching across versions: NFKC, no spaces or brackets."""
    return _AGENCY_NOISE.sub("", unicodedata.normalize("NFKC", agency or ""))


def report_key(agency: str, report_year: int, scope: str = "", url: str = "") -> str:
    """``agency|year|scope``; a report whose agency is not known is keyed by its URL instead (``url:…``)."""
    name = agency_key(agency)
    return f"{name}|{report_year}|{scope}" if name else f"url:{url}|{report_year}|{scope}"


@dataclass(frozen=True)
class VersionOutcome:
    report_id: int
    version_id: int
    kind: str  # new_report | new_version | unchanged | moved | reappeared
    events: tuple[int, ...]


_Verb = TypeVar("_Verb", bound=Callable[..., Any])


def _atomic(verb: _Verb) -> _Verb:
    """Run a :class:`Reports` verb in one transaction (a savepoint inside the caller's transaction)."""

    @functools.wraps(verb)
    def wrapper(self: Reports, *args: Any, **kwargs: Any) -> Any:
        with self._db.atomic():
            return verb(self, *args, **kwargs)

    return cast(_Verb, wrapper)


class Reports:
    """Reports, versions, attachments, observations and checks.  Each verb is one transaction, or joins the
    caller's (``with archive.atomic():``)."""

    def __init__(self, db: Database, events: Events) -> None:
        self._db = db
        self._events = events

    def _adopt_unnamed(self, key: str, agency: str, url: str, report_year: int, scope: str) -> list[dict[str, Any]]:
        """The report first recorded without an agency at ``url``, now named: re-keyed under its agency."""
        unnamed = report_key("", report_year, scope, url)
        rows = list(self._db.query("select * from reports where report_key = ?", [unnamed]))
        if rows:
            self._rename(int(rows[0]["id"]), key, agency)
            rows[0].update(report_key=key, agency=agency)
        return rows

    def _rename(self, report_id: int, key: str, agency: str) -> None:
        self._db.execute("update reports set report_key = ?, agency = ? where id = ?", [key, agency, report_id])

    @_atomic
    def name_report(self, report_id: int, agency: str) -> bool:
        """Give an unnamed report (keyed by URL) its agency, e.g. read from the attachment its stub page links.

        False, and nothing changed, when the report is already named or another report has that agency and year."""
        row = self._db.execute(
            "select report_key, report_year, scope from reports where id = ?", [report_id]
        ).fetchone()
        if row is None or not row[0].startswith("url:") or not agency_key(agency):
            return False
        key = report_key(agency, row[1], row[2])
        if self._db.execute("select 1 from reports where report_key = ?", [key]).fetchone():
            return False
        self._rename(report_id, key, agency)
        return True

    @_atomic
    def record_version(
        self,
        *,
        agency: str,
        report_year: int,
        scope: str,
        content_hash: str,
        url: str,
        capture_id: int | None,
        document_sha256: str | None,
        seen_at: str,
        run_id: str | None,
        title: str = "",
        published: str | None = None,
        report_format: str | None = None,
        parser_version: str = "",
        region_code: str | None = None,
        level: str | None = None,
        portal_id: str | None = None,
        text: str = "",
    ) -> VersionOutcome:
        """Attach one parsed capture of a report to the catalog; create report / version / events as needed."""
        key = report_key(agency, report_year, scope, url)
        rows = list(self._db.query("select * from reports where report_key = ?", [key]))
        if not rows and agency_key(agency):
            rows = self._adopt_unnamed(key, agency, url, report_year, scope)
        events: list[int] = []
        if not rows:
            report_id = int(
                self._db.execute(
                    "insert into reports (report_key, agency, report_year, scope, region_code, level, portal_id, url, "
                    "status, first_seen, last_seen, missing_runs) values (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, 0)",
                    [key, agency, report_year, scope, region_code, level, portal_id, url, seen_at, seen_at],
                ).lastrowid
                or 0
            )
            report: dict[str, Any] = {"id": report_id, "url": url, "status": "active", "current_version_id": None}
        else:
            report = rows[0]
            report_id = int(report["id"])
        existing = list(
            self._db.query(
                "select * from report_versions where report_id = ? and content_hash = ?", [report_id, content_hash]
            )
        )
        previous_version_id = report["current_version_id"]
        if existing:
            version_id = int(existing[0]["id"])
            self._db.execute("update report_versions set last_seen = ? where id = ?", [seen_at, version_id])
            kind = "unchanged"
            if version_id != previous_version_id and previous_version_id is not None:
                kind = "new_version"
                events.append(
                    self._events.add(
                        "new_version",
                        occurred_at=seen_at,
                        run_id=run_id,
                        report_id=report_id,
                        version_id=version_id,
                        previous_version_id=previous_version_id,
                        url=url,
                        detail={"reverted_to_version": existing[0]["version_no"]},
                    )
                )
        else:
            version_no = int(
                self._db.execute(
                    "select coalesce(max(version_no), 0) + 1 from report_versions where report_id = ?", [report_id]
                ).fetchone()[0]
            )
            version_id = int(
                self._db.execute(
                    "insert into report_versions (report_id, version_no, content_hash, document_sha256, capture_id, "
                    "url, title, published, format, parser_version, first_seen, last_seen, text) "
                    "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        report_id,
                        version_no,
                        content_hash,
                        document_sha256,
                        capture_id,
                        url,
                        title,
                        published,
                        report_format,
                        parser_version,
                        seen_at,
                        seen_at,
                        text,
                    ],
                ).lastrowid
                or 0
            )
            kind = "new_report" if previous_version_id is None else "new_version"
            events.append(
                self._events.add(
                    kind,
                    occurred_at=seen_at,
                    run_id=run_id,
                    report_id=report_id,
                    version_id=version_id,
                    previous_version_id=previous_version_id,
                    url=url,
                    detail={"version_no": version_no, "title": title},
                )
            )
        if report["status"] == "removed":
            events.append(
                self._events.add(
                    "reappeared",
                    occurred_at=seen_at,
                    run_id=run_id,
                    report_id=report_id,
                    version_id=version_id,
                    url=url,
                )
            )
            kind = "reappeared" if kind == "unchanged" else kind
        if rows and report["url"] and report["url"] != url and kind != "new_report":
            events.append(
                self._events.add(
                    "moved",
                    occurred_at=seen_at,
                    run_id=run_id,
                    report_id=report_id,
                    version_id=version_id,
                    url=url,
                    previous_url=report["url"],
                )
            )
            kind = "moved" if kind == "unchanged" else kind
        self._db.execute(
            "update reports set current_version_id = ?, url = ?, status = 'active', last_seen = ?, missing_runs = 0, "
            "region_code = coalesce(region_code, ?), level = coalesce(level, ?), portal_id = coalesce(portal_id, ?) "
            "where id = ?",
            [version_id, url, seen_at, region_code, level, portal_id, report_id],
        )
        return VersionOutcome(report_id, version_id, kind, tuple(events))

    @_atomic
    def replace_observations(
        self,
        *,
        report_id: int,
        version_id: int,
        parser_version: str,
        document_sha256: str | None,
        capture_id: int | None,
        observations: list[dict[str, Any]],
        checks: list[dict[str, Any]],
    ) -> None:
        """Store the observations and checks one parser version read from one document (idempotent)."""
        owner = {
            "report_id": report_id,
            "report_version_id": version_id,
            "document_sha256": document_sha256,
            "parser_version": parser_version,
        }
        self._replace_rows("observations", owner, [{**owner, "capture_id": capture_id, **obs} for obs in observations])
        self._replace_rows(
            "checks",
            owner,
            [
                {
                    **owner,
                    "rule": check["rule"],
                    "status": check["status"],
                    "detail": json.dumps(check, ensure_ascii=False, default=str),
                }
                for check in checks
            ],
        )

    def _replace_rows(self, table: str, owner: dict[str, Any], rows: list[dict[str, Any]]) -> None:
        """Delete what one parser version read from one document of one version into ``table``, insert ``rows``."""
        self._db.execute(
            f"delete from {table} where report_version_id = ? and parser_version = ? and document_sha256 is ?",
            [owner["report_version_id"], owner["parser_version"], owner["document_sha256"]],
        )
        if rows:
            self._db.table(table).insert_all(rows)

    @_atomic
    def link_attachment(
        self,
        *,
        version_id: int,
        url: str,
        document_sha256: str | None,
        capture_id: int | None,
        link_text: str | None,
        seen_at: str,
        run_id: str | None,
    ) -> str:
        """Link an attachment to a report version; returns added | changed | unchanged (and writes the event)."""
        rows = list(
            self._db.query(
                "select * from report_attachments where report_version_id = ? and url = ?", [version_id, url]
            )
        )
        report_id = self._db.execute("select report_id from report_versions where id = ?", [version_id]).fetchone()[0]
        if rows and rows[0]["document_sha256"] == document_sha256:
            return "unchanged"
        self._db.table("report_attachments").upsert(
            {
                "report_version_id": version_id,
                "url": url,
                "document_sha256": document_sha256,
                "capture_id": capture_id,
                "link_text": link_text,
            },
            pk=("report_version_id", "url"),
        )
        # an attachment is "added" only when the version was already known, in an earlier run, without it
        version_is_new = self._db.execute(
            "select count(*) from events where version_id = ? and run_id is ? "
            "and kind in ('new_report', 'new_version')",
            [version_id, run_id],
        ).fetchone()[0]
        if rows:
            self._events.add(
                "attachment_changed",
                occurred_at=seen_at,
                run_id=run_id,
                report_id=report_id,
                version_id=version_id,
                url=url,
                detail={"old_document": rows[0]["document_sha256"], "new_document": document_sha256},
            )
            return "changed"
        previous = self._db.execute(
            "select count(*) from report_attachments a join report_versions v on v.id = a.report_version_id "
            "where v.report_id = ? and a.url = ? and v.id != ?",
            [report_id, url, version_id],
        ).fetchone()[0]
        if not version_is_new and not previous:
            self._events.add(
                "attachment_added",
                occurred_at=seen_at,
                run_id=run_id,
                report_id=report_id,
                version_id=version_id,
                url=url,
                detail={"document": document_sha256},
            )
            return "added"
        return "added" if not previous else "unchanged"

    @_atomic
    def attachments_removed(
        self, *, version_id: int, previous_version_id: int, seen_at: str, run_id: str | None
    ) -> list[str]:
        """Attachments the previous version linked and the new one does not (writes attachment_removed events)."""
        report_id = self._db.execute("select report_id from report_versions where id = ?", [version_id]).fetchone()[0]
        gone = [
            row["url"]
            for row in self._db.query(
                "select url from report_attachments where report_version_id = ? and url not in "
                "(select url from report_attachments where report_version_id = ?)",
                [previous_version_id, version_id],
            )
        ]
        for url in gone:
            self._events.add(
                "attachment_removed",
                occurred_at=seen_at,
                run_id=run_id,
                report_id=report_id,
                version_id=version_id,
                previous_version_id=previous_version_id,
                url=url,
            )
        return gone

    @_atomic
    def record_missing(self, *, report_id: int, reason: str, seen_at: str, run_id: str | None, threshold: int) -> bool:
        """One more run where the report's URL was gone; after ``threshold`` consecutive runs it is removed."""
        row = next(
            self._db.query(
                "select status, missing_runs, url, current_version_id from reports where id = ?", [report_id]
            )
        )
        if row["status"] == "removed":
            return False
        missing = int(row["missing_runs"] or 0) + 1
        removed = missing >= threshold
        self._db.execute(
            "update reports set missing_runs = ?, status = ? where id = ?",
            [missing, "removed" if removed else "active", report_id],
        )
        if removed:
            self._events.add(
                "removed",
                occurred_at=seen_at,
                run_id=run_id,
                report_id=report_id,
                version_id=row["current_version_id"],
                url=row["url"],
                detail={"reason": reason, "consecutive_runs": missing},
            )
        return removed

    # -- reading -----------------------------------------------------------------------------
    def get(self, report_id: int) -> dict[str, Any] | None:
        rows = select_rows(self._db, "select * from reports where id = ?", [report_id])
        return rows[0] if rows else None

    def matching(self, text: str) -> list[dict[str, Any]]:
        """Reports whose key or agency contains ``text``."""
        return select_rows(
            self._db, "select * from reports where report_key like ? or agency like ?", [f"%{text}%", f"%{text}%"]
        )

    def at_url(self, url: str) -> dict[str, Any] | None:
        """The report whose page is (currently) ``url``."""
        rows = select_rows(self._db, "select * from reports where url = ? order by id desc limit 1", [url])
        return rows[0] if rows else None

    def version(self, version_id: int) -> dict[str, Any]:
        rows = select_rows(self._db, "select * from report_versions where id = ?", [version_id])
        if not rows:
            raise KeyError(f"no report version {version_id}")
        return rows[0]

    def version_by_number(self, report_id: int, number: int) -> dict[str, Any] | None:
        rows = select_rows(
            self._db, "select * from report_versions where report_id = ? and version_no = ?", [report_id, number]
        )
        return rows[0] if rows else None

    def version_numbers(self, report_id: int) -> list[int]:
        rows = select_rows(
            self._db, "select version_no from report_versions where report_id = ? order by version_no", [report_id]
        )
        return [int(r["version_no"]) for r in rows]

    def observations_of_version(self, version_id: int) -> list[dict[str, Any]]:
        """The observations the newest parser version (that read it) stored for one report version."""
        parser = self._db.execute(
            "select max(parser_version) from observations where report_version_id = ?", [version_id]
        ).fetchone()[0]
        return select_rows(
            self._db,
            "select * from observations where report_version_id = ? and parser_version is ? order by id",
            [version_id, parser],
        )

    def failing_checks(self) -> int:
        """How many check rows failed (every version and parser version)."""
        return int(self._db.execute("select count(*) from checks where status = 'fail'").fetchone()[0])
