"""The Atom feed of change events, written into the archive directory after each run."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator

from archive import Archive

FEED_NAME = "changes.atom"
FEED_ENTRIES = 500

EVENT_TITLES = {
    "new_report": "新报告 new report",
    "new_version": "报告被修改 report edited (new version)",
    "attachment_added": "新增附件 attachment added",
    "attachment_removed": "附件被删除 attachment removed",
    "attachment_changed": "附件被修改 attachment changed",
    "moved": "报告地址变更 report moved",
    "removed": "报告被删除 report removed",
    "reappeared": "报告重新出现 report reappeared",
    "delisted": "报告从列表撤下 report taken off the listing",
    "relisted": "报告重新列出 report listed again",
}


def recent_events(
    archive: Archive,
    *,
    since: str | None = None,
    agency: str | None = None,
    kinds: list[str] | None = None,
    limit: int = FEED_ENTRIES,
) -> list[dict[str, Any]]:
    """Events newest first, joined with their report's agency and year (:meth:`archive.events.Events.recent`)."""
    return archive.events.recent(since=since, agency=agency, kinds=kinds, limit=limit)


def write_feed(archive: Archive, *, base_url: str = "urn:ogi-archive:") -> Path:
    """Write ``<archive>/changes.atom`` (newest events first) atomically; returns its path."""
    feed = FeedGenerator()
    feed.id(f"{base_url}{archive.path.resolve()}")
    feed.title("ogi-archive: changes to government information disclosure reports")
    feed.subtitle("New, edited, moved, removed and reappeared reports")
    feed.author({"name": "ogi-archive"})
    feed.link(href=f"file://{archive.path.resolve() / FEED_NAME}", rel="self")
    feed.language("zh-CN")
    events = recent_events(archive)
    for event in reversed(events):  # feedgen prepends entries: add oldest first
        entry = feed.add_entry()
        entry.id(f"{base_url}event:{event['id']}")
        label = EVENT_TITLES.get(event["kind"], event["kind"])
        entry.title(f"{label}: {event['agency'] or ''} {event['report_year'] or ''}".strip())
        when = datetime.fromisoformat(event["occurred_at"])
        entry.updated(when)
        entry.published(when)
        if event["url"]:
            entry.link(href=event["url"])
        detail = json.loads(event["detail"] or "{}")
        lines = [f"kind: {event['kind']}", f"report: {event['report_key']}", f"url: {event['url']}"]
        if event["previous_url"]:
            lines.append(f"previous url: {event['previous_url']}")
        lines += [f"{k}: {v}" for k, v in sorted(detail.items())]
        entry.content("\n".join(lines), type="text")
    if not events:
        feed.updated(archive.clock())
    target = archive.path / FEED_NAME
    tmp = target.with_suffix(".tmp")
    feed.atom_file(str(tmp), pretty=True)
    tmp.replace(target)
    return target
