"""State of one crawl, passed explicitly to the spider and the middlewares (no module globals).

:class:`CrawlContext` owns the archive writer for the run and the per-run bookkeeping; :class:`CrawlSummary`
is what the run returns and what the progress display and the one-screen summary show.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from crawler.recheck import RecheckPolicy
from crawler.registry import Portal
from crawler.safety import HostGuard
from crawler.urls import host_allowed, host_of

if TYPE_CHECKING:
    from datetime import datetime

    from archive import Archive, CaptureResult
    from archive.history import Listed, UrlHistory
    from archive.writer import CaptureWriter

logger = logging.getLogger(__name__)


@dataclass
class CrawlSummary:
    run_id: str = ""
    status: str = "ok"  # ok | failed | interrupted
    finish_reason: str = ""
    portals: list[str] = field(default_factory=list)
    pages: int = 0  # responses archived (any status)
    new_bodies: int = 0  # response records (a new payload was written)
    revisits: int = 0  # identical payload, revisit record
    not_modified: int = 0  # 304 answers (revisit records)
    reports: set[str] = field(default_factory=set)  # URLs classified report
    new_reports: set[str] = field(default_factory=set)  # report URLs with a new body this run
    attachments: set[str] = field(default_factory=set)
    lists: int = 0
    blocked: Counter[str] = field(default_factory=Counter)  # host -> challenge answers
    errors: Counter[str] = field(default_factory=Counter)  # kind -> count
    error_samples: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> requests not sent
    not_rechecked: set[str] = field(default_factory=set)  # known reports/attachments not due (crawler.recheck)
    incomplete_listings: set[str] = field(default_factory=set)  # portals a list page of which failed or was cut
    listed: int = 0  # report links seen on list pages
    delisted: list[str] = field(default_factory=list)  # report URLs taken off their listing (archive.history)
    relisted: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    elapsed: float = 0.0

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.error_samples) < 20:
            self.error_samples.append(f"{kind}: {detail}")

    def as_stats(self) -> dict[str, Any]:
        """Counters for ``runs.stats`` (JSON) and the known ``runs`` columns."""
        return {
            "pages": self.pages,
            "new_reports": len(self.new_reports),
            "new_versions": self.new_bodies,
            "errors": sum(self.errors.values()),
            "blocked_hosts": sorted(self.blocked),
            "reports": len(self.reports),
            "attachments": len(self.attachments),
            "revisits": self.revisits,
            "not_modified": self.not_modified,
            "lists": self.lists,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "error_kinds": dict(self.errors),
            "skipped": dict(self.skipped),
            "not_rechecked": len(self.not_rechecked),
            "listed": self.listed,
            "incomplete_listings": sorted(self.incomplete_listings),
            "delisted": self.delisted,
            "relisted": self.relisted,
            "finish_reason": self.finish_reason,
            "elapsed_seconds": round(self.elapsed, 3),
        }


class CrawlContext:
    """Everything a crawl's components share: portals, the archive writer, the host guard, the summary."""

    def __init__(
        self,
        archive: Archive,
        writer: CaptureWriter,
        run_id: str,
        portals: list[Portal],
        *,
        allow_private: bool = False,
        guard: HostGuard | None = None,
        history: dict[str, UrlHistory] | None = None,
        recheck: RecheckPolicy | None = None,
        started_at: datetime | None = None,
    ) -> None:
        self.archive = archive
        self.writer = writer
        self.run_id = run_id
        self.portals = {p.id: p for p in portals}
        self.allow_private = allow_private
        self.guard = guard or HostGuard(allow_private=allow_private)
        self.summary = CrawlSummary(run_id=run_id, portals=list(self.portals))
        self.history = history or {}  # known reports and attachments (archive.history)
        self.listed: dict[str, Listed] = {}  # report links seen on list pages this run
        self.recheck = recheck or RecheckPolicy()
        self.started_at = started_at

    def recheck_due(self, history: UrlHistory) -> bool:
        return self.started_at is None or self.recheck.due(history, self.started_at)

    def portal(self, portal_id: str | None) -> Portal | None:
        return self.portals.get(portal_id or "")

    def portal_for_url(self, url: str) -> Portal | None:
        for portal in self.portals.values():
            if portal.allows(url):
                return portal
        return None

    def host_allowed(self, url: str, portal_id: str | None) -> bool:
        portal = self.portal(portal_id)
        if portal is not None:
            return portal.allows(url)
        return any(host_allowed(url, p.allowed_hosts) for p in self.portals.values())

    def private_allowed(self, url: str, portal_id: str | None) -> bool:
        if self.allow_private:
            return True
        portal = self.portal(portal_id) or self.portal_for_url(url)
        return bool(portal and portal.allow_private)

    def count_capture(self, url: str, classification: str, status: int, result: CaptureResult) -> None:
        summary = self.summary
        summary.pages += 1
        summary.statuses[status] += 1
        if result.revisit_profile == "server-not-modified":
            summary.not_modified += 1
        elif result.record_type == "revisit":
            summary.revisits += 1
        else:
            summary.new_bodies += 1
        if classification == "report":
            summary.reports.add(url)
            if result.new_payload:
                summary.new_reports.add(url)
        elif classification == "attachment":
            summary.attachments.add(url)
        elif classification == "list":
            summary.lists += 1
        elif classification == "blocked":
            summary.blocked[host_of(url)] += 1
