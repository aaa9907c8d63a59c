"""What the catalog knows of each URL's past checks: when it was last asked, since when its content is the same,
and when a list page last linked it.

The crawler's recheck policy (:mod:`crawler.recheck`) decides from this which known report pages and
attachments to ask again.  Content means the report's normalised version where the URL is a known report
(view counters change the raw bytes on every visit), the decoded body otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from archive.reports import REMOVAL_RUNS
from archive.rows import select_rows

#: answers that say something about the URL: everything but blocked captures, server errors and failures
_DEFINITE = "blocked = 0 and status > 0 and status < 500"
_GOOD = "blocked = 0 and status in (200, 203, 304)"


@dataclass(frozen=True, slots=True)
class UrlHistory:
    url: str
    classification: str  # of the last good (200/203/304) capture
    last_checked: datetime  # last definite answer (2xx, 3xx, 304, 4xx)
    unchanged_since: datetime  # first capture with the content it has now (after any other content)
    portal_id: str | None
    depth: int
    referrer: str | None
    link_text: str | None


def url_history(
    db: Database, classifications: Iterable[str], portal_ids: Iterable[str] | None = None
) -> dict[str, UrlHistory]:
    """One :class:`UrlHistory` per URL whose last good capture has one of ``classifications`` (and, when
    ``portal_ids`` is given, was made for one of those portals)."""
    kinds = list(classifications)
    portals = None if portal_ids is None else list(portal_ids)
    if not kinds or portals == []:
        return {}
    marks = ", ".join("?" for _ in kinds)
    portal_clause = "" if portals is None else f" and g.portal_id in ({', '.join('?' for _ in portals)})"
    rows = select_rows(
        db,
        f"""
        with ids as (
            select url, max(case when {_GOOD} then id end) as good_id,
                max(case when {_DEFINITE} then id end) as latest_id
            from captures group by url
        ),
        known as (
            select g.url, g.classification, g.portal_id, g.depth, g.referrer, g.link_text,
                l.fetched_at as last_checked,
                case when exists (select 1 from reports r where r.url = g.url)
                    then (select max(v.last_seen) from reports r join report_versions v on v.report_id = r.id
                        where r.url = g.url and v.id != r.current_version_id)
                    else (select max(o.fetched_at) from captures o
                        where o.url = g.url and o.status in (200, 203) and o.blocked = 0
                        and o.document_sha256 is not g.document_sha256)
                end as last_different
            from ids join captures g on g.id = ids.good_id join captures l on l.id = ids.latest_id
            where g.classification in ({marks}){portal_clause}
        )
        select known.*,
            (select min(f.fetched_at) from captures f
                where f.url = known.url and f.blocked = 0 and f.status in (200, 203, 304)
                and f.fetched_at > coalesce(known.last_different, '')) as unchanged_since
        from known
        """,
        [*kinds, *(portals or [])],
    )
    out = {}
    for row in rows:
        url = row["url"]
        last_checked = datetime.fromisoformat(row["last_checked"])
        out[url] = UrlHistory(
            url=url,
            classification=row["classification"] or "",
            last_checked=last_checked,
            unchanged_since=datetime.fromisoformat(row["unchanged_since"]) if row["unchanged_since"] else last_checked,
            portal_id=row["portal_id"],
            depth=int(row["depth"] or 0),
            referrer=row["referrer"],
            link_text=row["link_text"],
        )
    return out


@dataclass(frozen=True, slots=True)
class Listed:
    """A report link seen on a list page during a crawl."""

    portal_id: str
    list_url: str
    link_text: str


@dataclass(frozen=True)
class ListingChanges:
    delisted: list[str]  # linked before, now missing from `threshold` complete listings in a row
    relisted: list[str]  # linked again after having been delisted


def record_listed(
    db: Database,
    listed: dict[str, Listed],
    run_id: str,
    at: datetime,
    *,
    complete_portals: Iterable[str] = (),
    threshold: int = REMOVAL_RUNS,
) -> ListingChanges:
    """Note that each URL of ``listed`` was linked from a list page at ``at``; count a miss for every other
    URL of the ``complete_portals`` (portals whose lists this crawl read completely).

    A URL is *delisted* when its misses reach ``threshold`` (reported once), *relisted* when it is linked again
    after that.  Incomplete crawls (stopped early, a list page failing) count no misses, so a listing that
    could not be read never looks emptied.
    """
    when = at.isoformat()
    complete = sorted(set(complete_portals))
    urls = list(listed)
    before: dict[str, int] = {}
    for start in range(0, len(urls), 500):
        chunk = urls[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in select_rows(db, f"select url, missing_runs from listings where url in ({marks})", chunk):
            before[row["url"]] = int(row["missing_runs"] or 0)
    relisted = [url for url in urls if before.get(url, 0) >= threshold]
    with db.atomic():
        db.conn.executemany(
            "insert into listings (url, portal_id, first_listed, last_listed, last_listed_run, list_url, link_text, "
            "missing_runs) values (?, ?, ?, ?, ?, ?, ?, 0) on conflict(url) do update set "
            "portal_id = excluded.portal_id, last_listed = excluded.last_listed, "
            "last_listed_run = excluded.last_listed_run, list_url = excluded.list_url, "
            "link_text = excluded.link_text, missing_runs = 0",
            [(url, item.portal_id, when, when, run_id, item.list_url, item.link_text) for url, item in listed.items()],
        )
        delisted: list[str] = []
        for portal_id in complete:
            db.conn.execute(
                "update listings set missing_runs = missing_runs + 1 where portal_id = ? and last_listed_run != ?",
                [portal_id, run_id],
            )
            rows = select_rows(
                db,
                "select url from listings where portal_id = ? and missing_runs = ? order by url",
                [portal_id, threshold],
            )
            delisted += [row["url"] for row in rows]
    return ListingChanges(delisted, relisted)
