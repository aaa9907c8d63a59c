"""The report list: one row per logical report with its current version and what was read from it."""

from __future__ import annotations

import sqlite3
from typing import Any

from archive.research.filters import ReportFilter
from archive.research.query import dict_rows

REPORT_COLUMNS = (
    "report_id",
    "agency",
    "year",
    "report_scope",
    "region_code",
    "level",
    "status",
    "versions",
    "current_version_no",
    "observations",
    "failing_checks",
    "title",
    "url",
    "first_seen",
    "last_seen",
    "last_listed",
)


#: linked from no list page in the latest crawl that read its portal's lists (but linked before)
DELISTED = "l.last_listed < (select max(l2.last_listed) from listings l2 where l2.portal_id = l.portal_id)"


def list_reports(
    conn: sqlite3.Connection,
    filters: ReportFilter | None = None,
    *,
    limit: int | None = None,
    delisted_only: bool = False,
) -> list[dict[str, Any]]:
    """Reports matching ``filters``, ordered by agency and year (``limit`` rows at most).

    ``delisted_only``: reports that a list page linked once but not in the latest crawl that read their portal's
    lists (taken off the listing; the page itself may still answer).
    """
    filters = filters or ReportFilter()
    where, params = filters.where("r")
    if delisted_only:
        where += f" and {DELISTED}"
    sql = (
        "select r.id as report_id, r.agency, r.report_year as year, coalesce(r.scope, '') as report_scope, "
        "r.region_code, r.level, r.status, "
        "(select count(*) from report_versions v where v.report_id = r.id) as versions, "
        "cv.version_no as current_version_no, "
        "(select count(*) from observations o where o.report_version_id = r.current_version_id) as observations, "
        "(select count(*) from checks c where c.report_version_id = r.current_version_id and c.status = 'fail') "
        "as failing_checks, cv.title, r.url, r.first_seen, r.last_seen, l.last_listed "
        "from reports r left join report_versions cv on cv.id = r.current_version_id "
        "left join listings l on l.url = r.url "
        f"where {where} order by r.agency, r.report_year, r.scope"
    )
    if limit is not None:
        sql += " limit ?"
        params = [*params, int(limit)]
    return list(dict_rows(conn, sql, params))
