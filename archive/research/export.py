"""Long-format observations with provenance, streamed in report-id order (bounded memory)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

from archive.research.checks import CHECK_RANK_SQL, LATEST_PARSER_SQL, status_name
from archive.research.filters import ReportFilter
from archive.research.query import dict_rows, json_list, newest_parser_rows, register_functions

EXPORT_COLUMNS = (
    "agency",
    "region_code",
    "level",
    "year",
    "report_scope",
    "indicator",
    "applicant",
    "scope",
    "value",
    "unit",
    "raw",
    "source",
    "derived",
    "approximate",
    "confidence",
    "evidence",
    "report_id",
    "version_no",
    "current_version",
    "report_url",
    "capture_id",
    "capture_time",
    "warc_file",
    "warc_offset",
    "document_sha256",
    "parser_version",
    "check_status",
    "observation_id",
)

_SQL = (
    "select o.id as observation_id, o.report_id, o.report_version_id, o.document_sha256, o.capture_id, "
    "o.parser_version, o.indicator, o.applicant, coalesce(o.scope, 'year') as scope, o.value, o.unit, o.raw, "
    "o.source, o.evidence, o.derived, o.approximate, o.confidence, "
    "r.agency, r.report_year as year, coalesce(r.scope, '') as report_scope, r.region_code, r.level, "
    "v.version_no, (v.id = r.current_version_id) as current_version, v.url as report_url, "
    "c.fetched_at as capture_time, c.warc_file, c.offset as warc_offset, "
    f"{CHECK_RANK_SQL} as check_rank "
    "from observations o join reports r on r.id = o.report_id "
    "join report_versions v on v.id = o.report_version_id "
    "left join captures c on c.id = o.capture_id "
    "where o.report_id in (select value from json_each(?))"
)


def export_rows(
    conn: sqlite3.Connection,
    filters: ReportFilter | None = None,
    *,
    indicators: tuple[str, ...] = (),
    all_versions: bool = False,
    all_parsers: bool = False,
    chunk: int = 2000,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Every observation of the selected reports as a flat dict with the EXPORT_COLUMNS keys.

    By default only current versions and, per document, the newest parser version; ``all_versions`` adds
    older versions (``current_version`` tells them apart), ``all_parsers`` older parser outputs.
    ``progress(reports done, reports selected)`` is called as the rows of each report have been yielded.
    """
    filters = filters or ReportFilter()
    register_functions(conn)
    where, params = filters.where("r")
    report_ids = [row[0] for row in conn.execute(f"select r.id from reports r where {where} order by r.id", params)]
    for start in range(0, len(report_ids), chunk):
        sql = _SQL
        sql_params: list[Any] = [json_list(report_ids[start : start + chunk])]
        if indicators:
            sql += " and o.indicator in (select value from json_each(?))"
            sql_params.append(json_list(indicators))
        if not all_versions:
            sql += " and v.id = r.current_version_id"
        if not all_parsers:
            sql += f" and {LATEST_PARSER_SQL}"
        sql += " order by r.id, v.version_no, o.id"
        rows = list(dict_rows(conn, sql, sql_params))
        if not all_parsers:
            rows = newest_parser_rows(rows, "report_version_id", "document_sha256", "parser_version")
        position = {report_id: start + i for i, report_id in enumerate(report_ids[start : start + chunk])}
        for row in rows:
            if progress:
                progress(position[row["report_id"]], len(report_ids))
            row["check_status"] = status_name(row["check_rank"])
            row["current_version"] = bool(row["current_version"])
            row["derived"] = bool(row["derived"])
            row["approximate"] = bool(row["approximate"])
            yield {name: row[name] for name in EXPORT_COLUMNS}
        if progress:
            progress(min(start + chunk, len(report_ids)), len(report_ids))
