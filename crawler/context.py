"""The inputs and the shared state of one crawl: :class:`CrawlContext`, one object passed explicitly.

``crawler.run`` creates it (the archive writer for the run, the portals, the host guard, the known reports) and
hands it to the spider as its argument; each component takes it once, in ``from_crawler``
(:meth:`CrawlContext.of`).  Counters are not kept here but in ``crawler.stats`` (:mod:`crawler.stats`); what is
kept here is state the run needs after the crawl: report links seen on list pages, portals whose listing was not
read completely, and the known URLs not asked because they were not due.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from crawler.recheck import RecheckPolicy
from crawler.registry import Portal
from crawler.safety import HostGuard
from crawler.urls import host_allowed

if TYPE_CHECKING:
    from datetime import datetime

    from scrapy.crawler import Crawler

    from archive import Archive
    from archive.history import Listed, UrlHistory
    from archive.writer import CaptureWriter

logger = logging.getLogger(__name__)


class CrawlContext:
    """Everything a crawl's components share: portals, the archive writer, the host guard, the run's listings."""

    def __init__(
        self,
        archive: Archive,
        writer: CaptureWriter,
        run_id: str,
        portals: list[Portal],
        *,
        recheck: RecheckPolicy,
        allow_private: bool = False,
        guard: HostGuard | None = None,
        history: dict[str, UrlHistory] | None = None,
        started_at: datetime | None = None,
    ) -> None:
        self.archive = archive
        self.writer = writer
        self.run_id = run_id
        self.portals = {p.id: p for p in portals}
        self.allow_private = allow_private
        self.guard = guard or HostGuard(allow_private=allow_private)
        self.history = history or {}  # known reports and attachments (archive.history)
        self.recheck = recheck
        self.started_at = started_at
        self.listed: dict[str, Listed] = {}  # report links seen on list pages this run
        self.incomplete_listings: set[str] = set()  # portals a list page of which failed or was cut
        self.not_rechecked: set[str] = set()  # known reports/attachments not asked: not due (crawler.recheck)

    @staticmethod
    def of(crawler: Crawler) -> CrawlContext:
        """The context of ``crawler``'s crawl (the spider's argument); for components' ``from_crawler``."""
        context = getattr(crawler.spider, "context", None)
        if not isinstance(context, CrawlContext):
            raise RuntimeError("crawler components need a spider with a CrawlContext (crawler.spiders.portal)")
        return context

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
