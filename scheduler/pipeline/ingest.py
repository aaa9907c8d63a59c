"""The ingest stage: parse archived captures into reports, versions, observations and checks.

For each capture it processes: read the payload by offset, turn it into a Document (HTML directly,
attachments through ``parsers.extract``), parse it, and record the version by *content hash*.  A document
already parsed by this parser version is not parsed again: its recorded result is reused, so a revisit in
a later run only refreshes ``last_seen`` (or notes a move).  Attachments are linked to the report page
that links them (the capture's referrer), and their numbers are stored under that report's version.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from archive import Archive, ArchiveError
from archive.reports import REMOVAL_RUNS
from parsers import PARSER_VERSION, html_to_document, parse_document
from parsers.fingerprint import content_hash, looks_like_missing_page
from parsers.model import Document

logger = logging.getLogger(__name__)

HTML_TYPES = {"text/html", "application/xhtml+xml", "text/plain", None, ""}
SKIPPED_CLASSES = ("list", "blocked")
REPORT_CLASSES = ("report", "attachment")


@dataclass
class IngestSummary:
    captures: int = 0
    parsed: int = 0
    reused: int = 0
    failed: int = 0
    new_reports: int = 0
    new_versions: int = 0
    moved: int = 0
    removals: int = 0
    attachments: int = 0
    statuses: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "statuses"}
        out["statuses"] = dict(self.statuses)
        return out


@dataclass
class _Parsed:
    status: str
    message: str
    document: Document | None
    report: Any = None  # parsers.ParsedReport


def _to_document(archive: Archive, capture: dict[str, Any]) -> tuple[Document | None, str, str]:
    """(document, status, message) for one capture's payload."""
    try:
        payload = archive.payload(int(capture["id"]))
    except ArchiveError as exc:
        logger.error("capture %s (%s) is unreadable: %s", capture["id"], capture["url"], exc)
        return None, "unreadable", str(exc)
    media = (capture["content_type"] or "").lower()
    if media in HTML_TYPES or media.startswith("text/"):
        return html_to_document(payload, capture["url"], capture["declared_charset"]), "ok", ""
    try:
        from parsers.extract import extract_bytes
    except ImportError:  # pragma: no cover - the attachment extractors ship with the package
        return None, "unsupported", f"no extractor for {media}"
    result = extract_bytes(payload, capture["url"].rsplit("/", 1)[-1])
    return result.document, result.status, result.message


def _parse(archive: Archive, capture: dict[str, Any]) -> _Parsed:
    document, status, message = _to_document(archive, capture)
    if document is None:
        return _Parsed(status, message, None)
    report = parse_document(document)
    return _Parsed(report.status, report.message, document, report)


def _observation_row(obs: Any) -> dict[str, Any]:
    data = obs.to_json()
    return {
        "indicator": data["indicator"],
        "applicant": data["applicant"],
        "scope": data["scope"],
        "value": data["value"],
        "unit": data["unit"],
        "raw": data["raw"],
        "source": data["source"],
        "evidence": data["evidence"],
        "start": data["start"],
        "end": data["end"],
        "table_index": data.get("table"),
        "row": data.get("row"),
        "col": data.get("col"),
        "derived": int(bool(data.get("derived"))),
        "approximate": int(bool(data.get("approximate"))),
        "confidence": data.get("confidence", 1.0),
    }


class Ingestor:
    """Processes captures of one archive for one run; call :meth:`process` per capture, in capture order."""

    def __init__(self, archive: Archive, run_id: str | None, *, removal_threshold: int = REMOVAL_RUNS) -> None:
        self.archive = archive
        self.run_id = run_id
        self.removal_threshold = removal_threshold
        self.summary = IngestSummary()

    # -- helpers ------------------------------------------------------------------------------
    def _version_of_page(self, url: str | None) -> dict[str, Any] | None:
        """The current report version whose page is ``url`` (for attachments linked from it)."""
        if not url:
            return None
        report = self.archive.reports.at_url(url)
        if report is None or report["current_version_id"] is None:
            return None
        return self.archive.reports.version(report["current_version_id"])

    def record_parse(self, document_sha256: str, status: str, message: str, version_id: int | None) -> None:
        self.archive.parses.record(
            document_sha256,
            PARSER_VERSION,
            status=status,
            message=message,
            parsed_at=self.archive.clock().isoformat(),
            version_id=version_id,
            run_id=self.run_id,
        )

    def _store_document_text(self, document_sha256: str, document: Document, status: str, message: str) -> None:
        self.archive.parses.store_text(
            document_sha256,
            text=document.text,
            extractor=document.extractor,
            status=status,
            message=message,
            steps=document.steps,
            extracted_at=self.archive.clock().isoformat(),
        )

    # -- processing ---------------------------------------------------------------------------
    def process(self, capture: dict[str, Any]) -> None:
        self.summary.captures += 1
        status = int(capture["status"] or 0)
        if capture["blocked"] or capture["classification"] in SKIPPED_CLASSES:
            return
        if status in (404, 410) or 300 <= status < 400:
            self._maybe_missing(capture, status)
            return
        if status not in (200, 203, 304) or not capture["document_sha256"]:
            return
        known = self.archive.parses.known(capture["document_sha256"], PARSER_VERSION)
        if known is not None:
            self._reuse(capture, known)
            return
        with self.archive.atomic():
            self._parse_and_record(capture)

    def _maybe_missing(self, capture: dict[str, Any], status: int) -> None:
        report = self.archive.reports.at_url(capture["url"])
        if report is None:
            return
        reason = f"HTTP {status}"
        if 300 <= status < 400:
            try:
                _, headers = self.archive.raw_payload(int(capture["id"]))
            except ArchiveError:
                return
            location = next((v for k, v in headers if k.lower() == "location"), "")
            if not _is_home(location, capture["url"]):
                return  # an ordinary redirect: the target capture carries the content
            reason = f"redirect to the home page ({location})"
        with self.archive.atomic():
            if self.archive.reports.record_missing(
                report_id=int(report["id"]),
                reason=reason,
                seen_at=capture["fetched_at"],
                run_id=self.run_id,
                threshold=self.removal_threshold,
            ):
                self.summary.removals += 1

    def _reuse(self, capture: dict[str, Any], known: dict[str, Any]) -> None:
        self.summary.reused += 1
        version_id = known["report_version_id"]
        if version_id is None:
            return
        version = self.archive.reports.version(version_id)
        report = self.archive.reports.get(version["report_id"])
        assert report is not None  # a version always has its report
        if capture["classification"] == "attachment" and version["document_sha256"] != capture["document_sha256"]:
            return  # an attachment stands in its page's version; nothing to refresh
        with self.archive.atomic():
            outcome = self.archive.reports.record_version(
                agency=report["agency"],
                report_year=report["report_year"],
                scope=report["scope"] or "",
                content_hash=version["content_hash"],
                url=capture["url"],
                capture_id=capture["id"],
                document_sha256=capture["document_sha256"],
                seen_at=capture["fetched_at"],
                run_id=self.run_id,
                title=version["title"],
                published=version["published"],
                report_format=version["format"],
                parser_version=PARSER_VERSION,
            )
        self._count(outcome.kind)

    def _parse_and_record(self, capture: dict[str, Any]) -> None:
        parsed = _parse(self.archive, capture)
        sha = capture["document_sha256"]
        self.summary.parsed += 1
        self.summary.statuses[parsed.status] += 1
        if parsed.document is not None:
            self._store_document_text(sha, parsed.document, parsed.status, parsed.message)
        version_id: int | None = None
        page_version = self._version_of_page(capture["referrer"]) if capture["classification"] == "attachment" else None
        if parsed.document is not None and looks_like_missing_page(parsed.document.title, parsed.document.text):
            report = self.archive.reports.at_url(capture["url"])
            if report is not None and self.archive.reports.record_missing(
                report_id=int(report["id"]),
                reason="soft 404 (page says it is gone)",
                seen_at=capture["fetched_at"],
                run_id=self.run_id,
                threshold=self.removal_threshold,
            ):
                self.summary.removals += 1
        elif page_version is not None:
            version_id = int(page_version["id"])
            self.archive.reports.link_attachment(
                version_id=version_id,
                url=capture["url"],
                document_sha256=sha,
                capture_id=capture["id"],
                link_text=capture["link_text"],
                seen_at=capture["fetched_at"],
                run_id=self.run_id,
            )
            self.summary.attachments += 1
            if parsed.report is not None and parsed.report.observations:
                self._store_numbers(page_version["report_id"], version_id, sha, capture["id"], parsed.report)
            if parsed.report is not None and parsed.report.metadata.agency:  # a stub page that names nobody
                self.archive.reports.name_report(int(page_version["report_id"]), parsed.report.metadata.agency)
        elif (
            parsed.report is not None
            and parsed.status in ("ok", "no_data")
            and capture["classification"] in REPORT_CLASSES
        ):
            # the crawler's verdict holds: a page it found to be no report (a notice about reports, 图解, a hub
            # page) is archived and its text kept, but it is never recorded as a report
            version_id = self._record_report(capture, parsed)
        self.record_parse(sha, parsed.status, parsed.message, version_id)

    def _record_report(self, capture: dict[str, Any], parsed: _Parsed) -> int | None:
        meta = parsed.report.metadata
        if not meta.report_year:
            return None  # without a year there is no series to put it in; the capture stays archived
        # without an agency the report is still kept (keyed by its URL, shown as unnamed), never dropped
        assert parsed.document is not None
        outcome = self.archive.reports.record_version(
            agency=meta.agency,
            report_year=int(meta.report_year),
            scope=getattr(meta, "scope", "") or "",
            content_hash=content_hash(parsed.document),
            url=capture["url"],
            capture_id=capture["id"],
            document_sha256=capture["document_sha256"],
            seen_at=capture["fetched_at"],
            run_id=self.run_id,
            title=meta.title,
            published=meta.published,
            report_format=meta.format,
            parser_version=PARSER_VERSION,
            region_code=meta.region_code,
            level=meta.level,
            portal_id=capture["portal_id"],
            text=parsed.document.text,
        )
        self._count(outcome.kind)
        self._store_numbers(
            outcome.report_id, outcome.version_id, capture["document_sha256"], capture["id"], parsed.report
        )
        if outcome.kind == "new_version":
            event = self.archive.events.get(outcome.events[0])
            previous = event["previous_version_id"] if event else None
            if previous:
                self.archive.reports.attachments_removed(
                    version_id=outcome.version_id,
                    previous_version_id=previous,
                    seen_at=capture["fetched_at"],
                    run_id=self.run_id,
                )
        return outcome.version_id

    def _store_numbers(self, report_id: int, version_id: int, sha: str, capture_id: int, report: Any) -> None:
        self.archive.reports.replace_observations(
            report_id=report_id,
            version_id=version_id,
            parser_version=PARSER_VERSION,
            document_sha256=sha,
            capture_id=capture_id,
            observations=[_observation_row(o) for o in report.observations],
            checks=[c.to_json() for c in report.checks],
        )

    def _count(self, kind: str) -> None:
        if kind == "new_report":
            self.summary.new_reports += 1
        elif kind == "new_version":
            self.summary.new_versions += 1
        elif kind == "moved":
            self.summary.moved += 1


def _is_home(location: str, url: str) -> bool:
    target = urlsplit(urljoin(url, location))
    return target.path in ("", "/", "/index.html", "/index.htm", "/index.shtml", "/index.jsp")


def captures_to_process(archive: Archive, *, run_id: str | None = None) -> list[dict[str, Any]]:
    """Captures of one crawl run, or (run_id None) every capture whose document this parser has not read.

    Report pages come before attachments, so an attachment finds its page's version, and answers that say a
    page is gone (404, redirects) come last, so a report that moved is found at its new address first
    (:data:`archive.captures.PROCESSING_ORDER`).
    """
    if run_id is not None:
        return archive.captures.of_run(run_id)
    return archive.captures.unread(PARSER_VERSION)


def ingest(
    archive: Archive,
    *,
    run_id: str | None,
    crawl_run_id: str | None = None,
    removal_threshold: int = REMOVAL_RUNS,
    progress: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """Process the captures of ``crawl_run_id`` (or every unparsed document) and return what happened."""
    if crawl_run_id is not None:
        return ingest_crawls(
            archive, run_id=run_id, crawl_run_ids=[crawl_run_id], removal_threshold=removal_threshold,
            progress=progress,
        )  # fmt: skip
    return ingest_crawls(
        archive, run_id=run_id, crawl_run_ids=[], unread=True, removal_threshold=removal_threshold, progress=progress
    )


def ingest_crawls(
    archive: Archive,
    *,
    run_id: str | None,
    crawl_run_ids: list[str],
    unread: bool = False,
    removal_threshold: int = REMOVAL_RUNS,
    progress: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """Process the captures of each crawl run in turn (the order they ran), then, with ``unread``, every
    document this parser version has not read yet (a new parser version reads everything again)."""
    ingestor = Ingestor(archive, run_id, removal_threshold=removal_threshold)
    batches = [captures_to_process(archive, run_id=crawl_run_id) for crawl_run_id in crawl_run_ids]
    total = sum(len(batch) for batch in batches)
    done = 0
    for batch in batches:
        done = _process(ingestor, batch, done, total, progress)
    if unread:  # read after the crawls: what they brought in is read (or skipped) by now
        seen = {capture["id"] for batch in batches for capture in batch}
        batch = [capture for capture in captures_to_process(archive) if capture["id"] not in seen]
        done = _process(ingestor, batch, done, total + len(batch), progress)
    return ingestor.summary


def _process(
    ingestor: Ingestor,
    captures: list[dict[str, Any]],
    done: int,
    total: int,
    progress: Callable[[int, int], None] | None,
) -> int:
    for capture in captures:
        try:
            ingestor.process(capture)
        except Exception as exc:  # one bad document must not stop the batch; it is recorded as an error
            logger.exception("capture %s (%s) could not be processed", capture["id"], capture["url"])
            ingestor.summary.failed += 1
            if capture.get("document_sha256"):
                ingestor.record_parse(capture["document_sha256"], "error", f"{type(exc).__name__}: {exc}", None)
        done += 1
        if progress:
            progress(done, total)
    return done
