"""What a crawl returns: :class:`CrawlSummary`, read from ``crawler.stats`` (:mod:`crawler.stats`) at the end of the
run, and the one-screen text of ``ogi crawl``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from crawler import stats as keys


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
    reports: int = 0  # distinct URLs classified report
    new_reports: int = 0  # of them, with a new body this run
    attachments: int = 0  # distinct URLs classified attachment
    lists: int = 0
    blocked: Counter[str] = field(default_factory=Counter)  # host -> challenge answers
    errors: Counter[str] = field(default_factory=Counter)  # kind -> count
    error_samples: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> requests not sent
    not_rechecked: int = 0  # known reports/attachments not due (crawler.recheck)
    incomplete_listings: set[str] = field(default_factory=set)  # portals a list page of which failed or was cut
    listed: int = 0  # report links seen on list pages
    delisted: list[str] = field(default_factory=list)  # report URLs taken off their listing (archive.history)
    relisted: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    elapsed: float = 0.0

    def read_stats(self, stats: Mapping[str, Any]) -> None:
        """Take the counters of a crawl from its ``crawler.stats``."""
        self.pages = int(stats.get(keys.PAGES, 0))
        self.new_bodies = int(stats.get(keys.NEW_BODIES, 0))
        self.revisits = int(stats.get(keys.REVISITS, 0))
        self.not_modified = int(stats.get(keys.NOT_MODIFIED, 0))
        self.reports = int(stats.get(keys.REPORTS, 0))
        self.new_reports = int(stats.get(keys.NEW_REPORTS, 0))
        self.attachments = int(stats.get(keys.ATTACHMENTS, 0))
        self.lists = int(stats.get(keys.LISTS, 0))
        self.blocked = keys.counter(stats, keys.BLOCKED)
        self.errors = keys.counter(stats, keys.ERRORS)
        self.error_samples = list(stats.get(keys.ERROR_SAMPLES) or [])
        self.skipped = keys.counter(stats, keys.SKIPPED)
        forbidden = int(stats.get(keys.ROBOTS_FORBIDDEN, 0))
        if forbidden:
            self.skipped["robots.txt"] += forbidden
        self.statuses = Counter({int(code): n for code, n in keys.counter(stats, keys.STATUS).items()})

    def as_stats(self) -> dict[str, Any]:
        """Counters for ``runs.stats`` (JSON) and the known ``runs`` columns."""
        return {
            "pages": self.pages,
            "new_reports": self.new_reports,
            "new_versions": self.new_bodies,
            "errors": sum(self.errors.values()),
            "blocked_hosts": sorted(self.blocked),
            "reports": self.reports,
            "attachments": self.attachments,
            "revisits": self.revisits,
            "not_modified": self.not_modified,
            "lists": self.lists,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "error_kinds": dict(self.errors),
            "skipped": dict(self.skipped),
            "not_rechecked": self.not_rechecked,
            "listed": self.listed,
            "incomplete_listings": sorted(self.incomplete_listings),
            "delisted": self.delisted,
            "relisted": self.relisted,
            "finish_reason": self.finish_reason,
            "elapsed_seconds": round(self.elapsed, 3),
        }


def format_summary(summary: CrawlSummary) -> str:
    """The one-screen summary printed at the end of ``ogi crawl``."""
    lines = [
        f"crawl {summary.run_id}: {summary.status} ({summary.finish_reason or 'finished'}) in {summary.elapsed:.1f} s",
        f"  portals      {', '.join(summary.portals[:8])}{' …' if len(summary.portals) > 8 else ''}",
        f"  pages        {summary.pages} archived: {summary.new_bodies} new bodies, "
        f"{summary.not_modified} not modified (304), {summary.revisits} unchanged (identical payload)",
        f"  reports      {summary.reports} found, {summary.new_reports} new or changed",
        f"  attachments  {summary.attachments}",
        f"  list pages   {summary.lists}",
    ]
    listing = f"  listings     {summary.listed} report links on list pages"
    if summary.delisted or summary.relisted:
        listing += f"; taken off: {len(summary.delisted)}, back on: {len(summary.relisted)}"
    if summary.incomplete_listings:
        listing += f"; incomplete (no misses counted): {', '.join(sorted(summary.incomplete_listings)[:5])}"
    lines.append(listing)
    if summary.not_rechecked:
        lines.append(
            f"  not due      {summary.not_rechecked} known reports and attachments checked recently "
            "(asked again when due; --recheck-all asks now)"
        )
    if summary.blocked:
        hosts = ", ".join(f"{host} ({n})" for host, n in summary.blocked.most_common(6))
        lines.append(f"  blocked      {sum(summary.blocked.values())} challenge answers from {hosts}")
    else:
        lines.append("  blocked      none")
    if summary.skipped:
        skipped = ", ".join(f"{reason} {n}" for reason, n in summary.skipped.most_common(6))
        lines.append(f"  not fetched  {skipped}")
    errors = sum(summary.errors.values())
    if errors:
        kinds = ", ".join(f"{kind} {n}" for kind, n in summary.errors.most_common(5))
        lines.append(f"  errors       {errors}: {kinds}")
        lines += [f"    {sample[:150]}" for sample in summary.error_samples[:5]]
    else:
        lines.append("  errors       none")
    return "\n".join(lines)
