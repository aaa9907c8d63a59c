"""The change-detection stage: the listing changes of the crawls a run takes in, as events.

Version, move, removal and attachment events are written by ingest as it records each capture
(:mod:`archive.reports`).  What is left after ingest is the listings: every crawl records in its run's
counters which report URLs its complete listings stopped linking (``delisted``) or linked again
(``relisted``) (:func:`archive.history.record_listed`); this stage turns those into events for the known
reports at those URLs, after ingest, so a report that moved in the same crawl is found at its new address.
"""

from __future__ import annotations

import logging

from archive import Archive

logger = logging.getLogger(__name__)


def detect_listing_changes(archive: Archive, *, run_id: str | None, crawl_run_ids: list[str]) -> int:
    """``delisted`` / ``relisted`` events for the listing changes the crawls recorded; returns how many."""
    count = 0
    with archive.atomic():
        for crawl_run_id in crawl_run_ids:
            stats = archive.runs.stats(crawl_run_id)
            delisted, relisted = list(stats.get("delisted", [])), list(stats.get("relisted", []))
            if delisted or relisted:
                count += archive.events.record_listing_changes(
                    delisted=delisted, relisted=relisted, run_id=run_id, occurred_at=archive.clock().isoformat()
                )
    if count:
        logger.info("%d listing events from crawl runs %s", count, ", ".join(crawl_run_ids))
    return count
