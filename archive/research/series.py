"""One indicator as a series: one row per report (agency × year × report scope) × applicant.

Every row names the report, the version and the observation its value came from.  Disagreements are kept
visible: ``conflict`` says ``sources`` when readings of the chosen version differ (text vs table, page vs
attachment) and ``versions`` when another version of the same report gave a different value; ``readings``
lists every reading (when there is more than one).  The displayed value is the preferred reading of the
current version (table before text, read before derived), never an average or a silent pick between
disagreeing numbers.
"""

from __future__ import annotations

import gc
import sqlite3
from collections import defaultdict
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from archive.research.checks import CHECK_RANK_SQL, LATEST_PARSER_SQL, status_name
from archive.research.filters import ReportFilter
from archive.research.query import json_list, newest_parser_rows, register_functions


class Reading(NamedTuple):
    """One value read for the row's indicator: which version, which source, which observation."""

    value: float | None
    source: str
    version_no: int
    derived: bool
    observation_id: int
    document_sha256: str | None


class SeriesRow(NamedTuple):
    """One agency-year value with its provenance (a tuple: cheap to build by the hundred thousand)."""

    agency: str
    region_code: str | None
    level: str | None
    year: int
    report_scope: str
    indicator: str
    applicant: str | None
    scope: str
    value: float | None
    unit: str
    source: str
    conflict: str  # "" | sources | versions | sources,versions
    check_status: str
    report_id: int
    version_no: int
    current_version_no: int | None
    version_id: int
    observation_id: int
    capture_id: int | None
    url: str | None
    evidence: str
    readings: list[Reading]

    def as_dict(self) -> dict[str, Any]:
        data = self._asdict()
        data["readings"] = [reading._asdict() for reading in self.readings]
        return data

    def readings_text(self) -> str:
        """``12 table v2; 15 text v2; 11 table v1`` (empty when every reading agrees)."""
        if not self.conflict:
            return ""
        return "; ".join(
            f"{_fmt(r.value)} {r.source}{' derived' if r.derived else ''} v{r.version_no}" for r in self.readings
        )


SERIES_COLUMNS: tuple[str, ...] = SeriesRow._fields


def series(
    conn: sqlite3.Connection,
    indicator: str,
    filters: ReportFilter | None = None,
    *,
    applicant: str | None = "total",
    scope: str = "year",
    with_checks: bool = True,
) -> list[SeriesRow]:
    """The series of ``indicator`` for the reports ``filters`` select.

    ``applicant="total"`` selects the all-applicant value: the 总计 column of 2019+ tables and the single
    value of older reports (stored without applicant).  ``applicant=None`` returns every applicant column.
    """
    filters = filters or ReportFilter()
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of small objects and no cycles: the cyclic GC only costs time here
    try:
        return _series(conn, indicator, filters, applicant, scope, with_checks)
    finally:
        if collecting:
            gc.enable()


def _series(
    conn: sqlite3.Connection,
    indicator: str,
    filters: ReportFilter,
    applicant: str | None,
    scope: str,
    with_checks: bool,
) -> list[SeriesRow]:
    rows = _observations(conn, indicator, filters, applicant, scope, with_checks)
    out: list[SeriesRow] = []
    # rows arrive ordered by report id (the index order), so a report's readings are adjacent
    for _, report_rows in groupby(rows, key=itemgetter(_REPORT)):
        group = list(report_rows)
        if applicant == "total" or len(group) == 1:
            out.append(_series_row(indicator, group))
        else:
            by_applicant: dict[str | None, list[tuple[Any, ...]]] = defaultdict(list)
            for row in group:
                by_applicant[row[_APPLICANT]].append(row)
            out.extend(_series_row(indicator, rows_) for rows_ in by_applicant.values())
    _fill_current_version_no(conn, out)
    if applicant == "total":  # one row per report: (agency, year, report scope) is unique
        out.sort(key=itemgetter(0, 3, 4))
    else:
        out.sort(key=lambda s: (s.agency, s.year, s.report_scope, s.applicant or ""))
    return out


# column positions in the rows of _observations()
(_ID, _REPORT, _VERSION, _DOC, _CAPTURE, _PARSER, _APPLICANT, _SCOPE, _VALUE, _UNIT, _SOURCE, _EVIDENCE,
 _DERIVED, _APPROX, _CONFIDENCE, _AGENCY, _YEAR, _REPORT_SCOPE, _REGION, _LEVEL, _CURRENT, _VERSION_NO,
 _URL, _CHECK) = range(24)  # fmt: skip


def _observations(
    conn: sqlite3.Connection,
    indicator: str,
    filters: ReportFilter,
    applicant: str | None,
    scope: str,
    with_checks: bool,
) -> list[tuple[Any, ...]]:
    register_functions(conn)
    check = CHECK_RANK_SQL if with_checks else "0"
    sql = (
        "select o.id, o.report_id, o.report_version_id, o.document_sha256, o.capture_id, o.parser_version, "
        "o.applicant, o.scope, o.value, o.unit, o.source, o.evidence, o.derived, o.approximate, o.confidence, "
        "r.agency, r.report_year, r.scope, r.region_code, r.level, r.current_version_id, v.version_no, v.url, "
        f"{check} from observations o join reports r on r.id = o.report_id "
        "join report_versions v on v.id = o.report_version_id "
        f"where o.indicator = ? and coalesce(o.scope, 'year') = ? and {LATEST_PARSER_SQL}"
    )
    params: list[Any] = [indicator, scope]
    if applicant == "total":
        sql += " and (o.applicant is null or o.applicant = 'total')"
    elif applicant is not None:
        sql += " and o.applicant = ?"
        params.append(applicant)
    if not filters.is_empty:
        where, where_params = filters.where("r")
        report_ids = [row[0] for row in conn.execute(f"select r.id from reports r where {where}", where_params)]
        if not report_ids:
            return []
        sql += " and o.report_id in (select value from json_each(?))"
        params.append(json_list(report_ids))
    sql += " order by o.report_id"  # free: the (indicator, report_id) index is read in that order
    return conn.execute(sql, params).fetchall()


def _preference(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return (bool(row[_DERIVED]), row[_SOURCE] != "table", bool(row[_APPROX]), -(row[_CONFIDENCE] or 0), row[_ID])


def _series_row(indicator: str, group: list[tuple[Any, ...]]) -> SeriesRow:
    conflicts: list[str] = []
    if len(group) == 1:
        best = group[0]
        ordered = group
    else:
        group = newest_parser_rows(group, _VERSION, _DOC, _PARSER)
        by_version: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for row in group:
            by_version[row[_VERSION]].append(row)
        current_id = group[0][_CURRENT]
        if current_id in by_version:
            chosen_version = current_id
        else:  # the current version lacks this value: show the latest version that has it
            chosen_version = max(by_version, key=lambda v: by_version[v][0][_VERSION_NO])
        chosen_rows = sorted(by_version[chosen_version], key=_preference)
        best = chosen_rows[0]
        if len({r[_VALUE] for r in chosen_rows}) > 1:
            conflicts.append("sources")
        others = [min(rs, key=_preference) for v, rs in by_version.items() if v != chosen_version]
        if any(o[_VALUE] != best[_VALUE] for o in others):
            conflicts.append("versions")
        ordered = sorted(group, key=lambda r: (-r[_VERSION_NO], *_preference(r)))
    readings = (
        [Reading(r[_VALUE], r[_SOURCE], r[_VERSION_NO], bool(r[_DERIVED]), r[_ID], r[_DOC]) for r in ordered]
        if len(ordered) > 1
        else []
    )
    return SeriesRow(
        best[_AGENCY],
        best[_REGION],
        best[_LEVEL],
        best[_YEAR],
        best[_REPORT_SCOPE] or "",
        indicator,
        best[_APPLICANT],
        best[_SCOPE] or "year",
        best[_VALUE],
        best[_UNIT] or "",
        best[_SOURCE] + " derived" if best[_DERIVED] else best[_SOURCE],
        ",".join(conflicts),
        status_name(best[_CHECK]),
        best[_REPORT],
        best[_VERSION_NO],
        best[_VERSION_NO] if best[_VERSION] == best[_CURRENT] else None,
        best[_VERSION],
        best[_ID],
        best[_CAPTURE],
        best[_URL],
        best[_EVIDENCE] or "",
        readings,
    )


def _fill_current_version_no(conn: sqlite3.Connection, rows: list[SeriesRow]) -> None:
    """The current version number of reports whose value came from an older version (rare)."""
    missing = {r.report_id for r in rows if r.current_version_no is None}
    if not missing:
        return
    found = dict(
        conn.execute(
            "select r.id, v.version_no from reports r join report_versions v on v.id = r.current_version_id "
            "where r.id in (select value from json_each(?))",
            [json_list(missing)],
        ).fetchall()
    )
    for i, row in enumerate(rows):
        if row.current_version_no is None:
            rows[i] = row._replace(current_version_no=found.get(row.report_id))


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
