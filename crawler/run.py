"""Run a crawl in this process: ``crawl(archive_dir, portals=..., urls=...) -> CrawlSummary``.

A Twisted reactor cannot be restarted, so call :func:`crawl` once per process.  Long-lived callers (the
scheduler) run ``python -m crawler ...`` as a child process instead (see :mod:`crawler.__main__`).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from archive import Archive
from archive.history import record_listed, url_history
from crawler import stats as keys
from crawler.context import CrawlContext
from crawler.downloadermiddlewares import pagelimit
from crawler.errors import NothingToCrawlError, UnsafeStartError
from crawler.recheck import RECHECKED_CLASSES, RecheckPolicy
from crawler.registry import Portal, Registry, adhoc_portal
from crawler.safety import HostGuard, refused_start_urls
from crawler.settings import SCRAPY_SETTINGS, ogi_defaults
from crawler.spiders.portal import PortalSpider
from crawler.summary import CrawlSummary

logger = logging.getLogger(__name__)


def build_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """Scrapy defaults < our politeness settings and OGI_* defaults < ``overrides``."""
    settings = Settings()
    settings.setdict({**SCRAPY_SETTINGS, **ogi_defaults()}, priority="project")
    if overrides:
        for key, value in overrides.items():
            current = settings.get(key)
            if isinstance(value, dict) and (isinstance(current, dict) or hasattr(current, "copy_to_dict")):
                merged = dict(current.copy_to_dict() if hasattr(current, "copy_to_dict") else current)
                merged.update(value)
                value = merged
            settings.set(key, value, priority="cmdline")
    return settings


def select_portals(
    registry: Registry | None,
    portal_ids: Iterable[str] = (),
    *,
    all_portals: bool = False,
    urls: Iterable[str] = (),
    allow_private: bool = False,
) -> list[Portal]:
    """The portals a crawl covers; raises UnknownPortalError / NothingToCrawlError."""
    selected: list[Portal] = []
    if all_portals and registry is not None:
        selected.extend(registry)
    elif registry is not None:
        selected.extend(registry.get(pid) for pid in portal_ids)
    url_list = list(urls)
    if url_list:
        selected.append(adhoc_portal(url_list, allow_private=allow_private))
    if not selected:
        raise NothingToCrawlError("nothing to crawl: pass --portal ID, --all or --url URL")
    return selected


def crawl(
    archive_dir: str | os.PathLike[str],
    portals: Iterable[Portal] = (),
    urls: Iterable[str] = (),
    *,
    max_pages: int = 0,
    max_depth: int | None = None,
    allow_private: bool = False,
    recheck_all: bool = False,
    settings: Mapping[str, Any] | None = None,
    operator: str = "",
) -> CrawlSummary:
    """Harvest ``portals`` (and ad-hoc ``urls``) into the archive at ``archive_dir``.  Blocks until done.

    ``recheck_all`` asks again for every known report and attachment, due or not (:mod:`crawler.recheck`).
    Raises ArchiveLockedError when another process is writing the archive, NotAnArchiveError when the
    directory is something else, NothingToCrawlError when there is nothing to do, UnsafeStartError when
    the address guard refuses every start URL, RecheckSettingsError when the recheck settings contradict
    each other (:mod:`crawler.exits` gives each its exit status).
    """
    portal_list = list(portals)
    url_list = list(urls)
    if url_list:
        portal_list.append(adhoc_portal(url_list, allow_private=allow_private))
    if not portal_list:
        raise NothingToCrawlError("nothing to crawl: pass --portal ID, --all or --url URL")
    overrides = _overrides(settings, max_pages=max_pages, max_depth=max_depth, allow_private=allow_private,
                           recheck_all=recheck_all)  # fmt: skip
    scrapy_settings = build_settings(overrides)
    recheck = RecheckPolicy.from_settings(scrapy_settings)  # RecheckSettingsError before anything starts
    guard = HostGuard(allow_private=scrapy_settings.getbool("OGI_ALLOW_PRIVATE"))
    _check_start_urls(portal_list, guard)
    record = _run_record(scrapy_settings, portal_list, recheck, operator)
    archive = Archive.open(Path(archive_dir), create=True)
    try:
        run_id = archive.start_run("crawl", settings=record)
        started = time.monotonic()
        summary = CrawlSummary(run_id=run_id, portals=[p.id for p in portal_list], status="failed")
        try:
            with archive.writer(
                run_id, settings=record, max_file_size=scrapy_settings.getint("OGI_WARC_MAX_SIZE")
            ) as writer:
                context = CrawlContext(
                    archive, writer, run_id, portal_list, recheck=recheck, guard=guard, started_at=archive.clock(),
                    allow_private=scrapy_settings.getbool("OGI_ALLOW_PRIVATE"),
                    history=url_history(archive.db, RECHECKED_CLASSES, [p.id for p in portal_list]),
                )  # fmt: skip
                _run_process(scrapy_settings, context, summary)
                _record_listings(archive, context, summary, scrapy_settings.getint("OGI_DELIST_RUNS"))
            summary.status = "interrupted" if summary.finish_reason in ("shutdown", "cancelled") else "ok"
        except KeyboardInterrupt:
            summary.status = "interrupted"
            summary.finish_reason = "interrupted"
        finally:
            summary.elapsed = time.monotonic() - started
            archive.finish_run(run_id, summary.status, stats=summary.as_stats())
    finally:
        archive.close()
    return summary


def _overrides(
    settings: Mapping[str, Any] | None, *, max_pages: int, max_depth: int | None, allow_private: bool, recheck_all: bool
) -> dict[str, Any]:
    """The caller's settings with the keyword arguments of :func:`crawl` applied over them."""
    overrides: dict[str, Any] = dict(settings or {})
    overrides["OGI_ALLOW_PRIVATE"] = allow_private or bool(overrides.get("OGI_ALLOW_PRIVATE"))
    if max_pages:
        overrides["OGI_MAX_PAGES"] = max_pages  # pagelimit (Scrapy's CLOSESPIDER_PAGECOUNT overshoots)
    if max_depth is not None:
        overrides["OGI_MAX_DEPTH"] = max_depth
    if recheck_all:
        overrides["OGI_RECHECK_MIN_HOURS"] = overrides["OGI_RECHECK_MAX_DAYS"] = 0
    return overrides


def _check_start_urls(portals: list[Portal], guard: HostGuard) -> None:
    refused = refused_start_urls(((u, p.allow_private) for p in portals for u in p.start_urls), guard)
    if refused:
        raise UnsafeStartError(
            f"the address guard refuses every start URL ({'; '.join(refused[:3])}"
            f"{' …' if len(refused) > 3 else ''}): nothing would be asked. For a local test portal (the replica, "
            "the demo) add --allow-private; for a real portal check the URL or its registry entry"
        )


def _run_record(settings: Settings, portals: list[Portal], recheck: RecheckPolicy, operator: str) -> dict[str, Any]:
    """What the run records about how it was asked to crawl (``runs.settings``, the WARC warcinfo)."""
    return {
        "portals": [p.id for p in portals],
        "start_urls": [u for p in portals for u in p.start_urls],
        "user_agent": settings.get("USER_AGENT"),
        "download_delay": settings.getfloat("DOWNLOAD_DELAY"),
        "max_pages": settings.getint("OGI_MAX_PAGES"),
        "max_depth": settings.getint("OGI_MAX_DEPTH"),
        "allow_private": settings.getbool("OGI_ALLOW_PRIVATE"),
        "robotstxt_obey": settings.getbool("ROBOTSTXT_OBEY"),
        "recheck": {
            "min_hours": recheck.min_interval.total_seconds() / 3600,
            "max_days": recheck.max_interval.total_seconds() / 86400,
            "factor": recheck.factor,
        },
        "operator": operator,
    }


def _record_listings(archive: Archive, context: CrawlContext, summary: CrawlSummary, delist_runs: int) -> None:
    """Report links seen on the lists, and which left or came back on portals whose listing was read completely."""
    complete = [p for p in context.portals if p not in context.incomplete_listings]
    changes = record_listed(
        archive.db, context.listed, context.run_id, context.started_at or archive.clock(),
        complete_portals=complete if summary.finish_reason == "finished" else [], threshold=max(1, delist_runs),
    )  # fmt: skip
    summary.delisted, summary.relisted = changes.delisted, changes.relisted
    summary.listed = len(context.listed)


def _run_process(settings: Settings, context: CrawlContext, summary: CrawlSummary) -> None:
    """Run the crawl; ``summary`` then holds its counters and finish reason (also when it was interrupted)."""
    root = logging.getLogger()
    root_configured = bool(root.handlers)
    settings.set("LOG_INSTALL_ROOT_HANDLER", not root_configured, priority="cmdline")
    # Scrapy sets its loggers to DEBUG and leaves filtering to the root handler it would install; when the
    # caller configured logging (`ogi -v`), filter Scrapy's records at LOG_LEVEL on the caller's handlers
    quiet = _LevelFilter("scrapy", logging.getLevelName(str(settings.get("LOG_LEVEL") or "INFO")))
    handlers = list(root.handlers) if root_configured else []
    for handler in handlers:
        handler.addFilter(quiet)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(PortalSpider)
    try:
        process.crawl(crawler, context=context)
        process.start()
    finally:
        for handler in handlers:
            handler.removeFilter(quiet)
        stats = crawler.stats.get_stats() if crawler.stats else {}
        summary.read_stats(stats)
        summary.not_rechecked = len(context.not_rechecked)
        summary.incomplete_listings = context.incomplete_listings
    reason = str(stats.get("finish_reason", "finished"))
    if reason == "finished" and stats.get(keys.SKIPPED + pagelimit.SKIPPED):
        reason = pagelimit.CLOSE_REASON  # requests were dropped at the limit: the crawl did not finish
    summary.finish_reason = reason


class _LevelFilter(logging.Filter):
    """Drop records of one logger tree below a level."""

    def __init__(self, prefix: str, level: int) -> None:
        super().__init__()
        self.prefix = prefix
        self.level = level if isinstance(level, int) else logging.INFO

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == self.prefix or record.name.startswith(self.prefix + "."):
            return record.levelno >= self.level
        return True
