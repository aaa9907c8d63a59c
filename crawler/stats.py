"""The crawl's counters: Scrapy's ``crawler.stats``, under ``ogi/`` keys.  Each is counted in one place.

======================================  ==============================================================
key                                     counted by
======================================  ==============================================================
``ogi/pages``                           ArchiveMiddleware: responses archived (any status)
``ogi/new_bodies``                      ArchiveMiddleware: response records (a new payload was written)
``ogi/revisits``                        ArchiveMiddleware: identical payload, revisit record
``ogi/not_modified``                    ArchiveMiddleware: 304 answers (server-not-modified revisits)
``ogi/lists``                           ArchiveMiddleware: captures classified list
``ogi/reports``, ``ogi/new_reports``    ArchiveMiddleware: distinct report URLs; of them, with a new body
``ogi/attachments``                     ArchiveMiddleware: distinct attachment URLs
``ogi/status/<code>``                   ArchiveMiddleware: captures per HTTP status
``ogi/blocked/<host>``                  ArchiveMiddleware: challenge answers per host (HostGuard reads it)
``ogi/skipped/<reason>``                the component that decided not to send a request
``ogi/errors/<kind>``                   the component that met the error (:func:`record_error`)
``ogi/error_samples``                   :func:`record_error`: the first 20 errors, ``kind: detail``
======================================  ==============================================================

Scrapy's own ``robotstxt/forbidden`` is shown as ``skipped: robots.txt``.  :mod:`crawler.summary` reads all of
them into the :class:`~crawler.summary.CrawlSummary` a run returns; :mod:`crawler.extensions.progress` reads them
live.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector

PREFIX = "ogi/"
PAGES = "ogi/pages"
NEW_BODIES = "ogi/new_bodies"
REVISITS = "ogi/revisits"
NOT_MODIFIED = "ogi/not_modified"
LISTS = "ogi/lists"
REPORTS = "ogi/reports"
NEW_REPORTS = "ogi/new_reports"
ATTACHMENTS = "ogi/attachments"
STATUS = "ogi/status/"
BLOCKED = "ogi/blocked/"
SKIPPED = "ogi/skipped/"
ERRORS = "ogi/errors/"
ERROR_SAMPLES = "ogi/error_samples"
MAX_ERROR_SAMPLES = 20
ROBOTS_FORBIDDEN = "robotstxt/forbidden"  # Scrapy's RobotsTxtMiddleware


def skip(stats: StatsCollector, reason: str, count: int = 1) -> None:
    """``count`` requests not sent, for ``reason``."""
    stats.inc_value(SKIPPED + reason, count)


def record_error(stats: StatsCollector, kind: str, detail: str) -> None:
    """One error of ``kind``; the first :data:`MAX_ERROR_SAMPLES` keep their detail."""
    stats.inc_value(ERRORS + kind)
    samples = stats.get_value(ERROR_SAMPLES)
    if samples is None:
        samples = []
        stats.set_value(ERROR_SAMPLES, samples)
    if len(samples) < MAX_ERROR_SAMPLES:
        samples.append(f"{kind}: {detail}")


def counter(stats: Mapping[str, Any], prefix: str) -> Counter[str]:
    """The counters under ``prefix`` (``ogi/skipped/``), keyed by what follows it, in the order first counted."""
    return Counter({key[len(prefix) :]: int(value) for key, value in stats.items() if key.startswith(prefix)})
