"""The ogi Datasette plugin: SQL functions, 2-character search, evidence / capture links and pages.

Routes (all read-only):

* ``/-/ogi/series``            a series with provenance and conflicts, plus its chart
* ``/-/ogi/chart.png``         the same chart as a PNG (what `ogi plot` draws)
* ``/-/ogi/evidence/<id>``     one observation: value, evidence sentence, report, version, checks, links
* ``/-/ogi/capture/<id>``      the archived bytes of a capture, read from its WARC record by offset
* ``/-/ogi/search``            full-text search (trigram index for 3+ characters, substring scan below)
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils.asgi import Request, Response
from markupsafe import Markup, escape
from sqlite_utils import Database

from archive import Archive, ArchiveError
from archive.research import InvalidFilterError, ReportFilter, parse_years, search, series
from archive.research.query import register_functions
from archive.research.search import search_sql
from scheduler.charts import ChartError, render_series_png
from scheduler.datasette.metadata import DATABASE
from scheduler.labels import label_of, unit_of

CAPTURE_COLUMNS = {"capture_id", "capture", "first_capture_id"}
EVIDENCE_COLUMNS = {("observations", "evidence"), (None, "observation")}


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("indicator_label", 1, lambda key: label_of(key) if key else None, deterministic=True)
    conn.create_function("indicator_unit", 1, lambda key: unit_of(key) if key else None, deterministic=True)
    register_functions(conn)


@hookimpl(trylast=True)
def filters_from_request(request: Request, database: str, table: str, datasette: Any) -> Any:
    """``?_search=`` on report_versions, routed by word length (the trigram index misses 2-character words)."""
    if database != DATABASE or table != "report_versions":
        return None

    async def inner() -> FilterArguments:
        query = (request.args.get("_search") or "").strip()
        if not query:
            return FilterArguments([], extra_context={"supports_search": True})
        try:
            where, named, method = search_sql(query, alias="report_versions")
        except InvalidFilterError:
            return FilterArguments([])
        how = "trigram index" if method == "fts" else "substring scan" if method == "like" else "index + scan"
        return FilterArguments(
            [where], named, [f'text contains "{query}" ({how})'], {"supports_search": True, "search": query}
        )

    return inner


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    if database != DATABASE or value is None:
        return None
    if column in CAPTURE_COLUMNS and isinstance(value, int) and table != "captures":
        return Markup(f'<a href="/-/ogi/capture/{value}" title="archived capture">capture {value}</a>')
    if table == "captures" and column == "id" and isinstance(value, int):
        return Markup(f'{value} <a href="/-/ogi/capture/{value}">archived bytes</a>')
    if (table, column) in EVIDENCE_COLUMNS:
        obs_id = row["id"] if table == "observations" else value
        text = escape(value if table == "observations" else "evidence")
        return Markup(f'<a href="/-/ogi/evidence/{obs_id}" class="ogi-evidence">{text}</a>')
    if table is None and column in ("report", "version") and isinstance(value, int):
        target = "reports" if column == "report" else "report_versions"
        return Markup(f'<a href="/{DATABASE}/{target}/{value}">{value}</a>')
    if column == "indicator" and isinstance(value, str):
        return Markup(f'<span title="{escape(label_of(value))}">{escape(value)}</span>')
    return None


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/-/ogi/series$", series_page),
        (r"^/-/ogi/chart\.png$", chart_png),
        (r"^/-/ogi/evidence/(?P<observation_id>\d+)$", evidence_page),
        (r"^/-/ogi/capture/(?P<capture_id>\d+)$", capture_payload),
        (r"^/-/ogi/search$", search_page),
    ]


def _series_args(request: Request) -> tuple[str, ReportFilter]:
    indicator = (request.args.get("indicator") or "requests.received").strip()
    agencies = tuple(a.strip() for a in request.args.getlist("agency") if a.strip())
    filters = ReportFilter(agencies=agencies, years=parse_years(request.args.get("years")))
    return indicator, filters


async def series_page(request: Request, datasette: Any) -> Response:
    try:
        indicator, filters = _series_args(request)
    except InvalidFilterError as exc:
        return Response.html(str(escape(str(exc))), status=400)
    rows = await datasette.get_database(DATABASE).execute_fn(lambda conn: series(conn, indicator, filters))
    shown = rows[:2000]
    context = {
        "indicator": indicator,
        "label": label_of(indicator),
        "agencies": filters.agencies,
        "years": request.args.get("years") or "",
        "rows": shown,
        "total": len(rows),
        "conflicts": sum(1 for r in rows if r.conflict),
        "chart_query": request.query_string,
        "chartable": 0 < len({r.agency for r in rows}) <= 20,
    }
    return Response.html(await datasette.render_template("ogi_series.html", context, request=request))


async def chart_png(request: Request, datasette: Any) -> Response:
    try:
        indicator, filters = _series_args(request)
    except InvalidFilterError as exc:
        return Response.text(str(exc), status=400)
    rows = await datasette.get_database(DATABASE).execute_fn(
        lambda conn: series(conn, indicator, filters, with_checks=False)
    )
    units = "/".join(sorted({r.unit for r in rows if r.unit}))
    try:
        png = render_series_png(rows, title=f"{label_of(indicator)}（{indicator}）", unit=units)
    except ChartError as exc:
        return Response.text(str(exc), status=400)
    return Response(png, content_type="image/png")


EVIDENCE_SQL = """
select o.*, r.agency, r.report_year, r.region_code, r.level, coalesce(r.scope, '') as report_scope,
  v.version_no, v.url as version_url, v.title, (v.id = r.current_version_id) as is_current,
  (select count(*) from report_versions v2 where v2.report_id = r.id) as versions,
  c.url as capture_url, c.fetched_at, c.warc_file, c.offset as warc_offset, c.content_type
from observations o join reports r on r.id = o.report_id join report_versions v on v.id = o.report_version_id
  left join captures c on c.id = o.capture_id
where o.id = ?
"""


async def evidence_page(request: Request, datasette: Any) -> Response:
    obs_id = int(request.url_vars["observation_id"])
    db = datasette.get_database(DATABASE)
    result = await db.execute(EVIDENCE_SQL, [obs_id])
    row = result.first()
    if row is None:
        return Response.html(f"no observation {obs_id}", status=404)
    obs = dict(row)
    checks = await db.execute(
        "select distinct c.rule, c.status, json_extract(c.detail, '$.detail') as detail from check_operands co "
        "join checks c on c.id = co.check_id where co.report_version_id = ? and co.indicator = ? "
        "and co.applicant is ? and co.parser_version = ?",
        [obs["report_version_id"], obs["indicator"], obs["applicant"], obs["parser_version"]],
    )
    evidence = obs["evidence"] or ""
    raw = obs["raw"] or ""
    at = evidence.find(raw) if raw else -1
    parts = (evidence[:at], evidence[at : at + len(raw)], evidence[at + len(raw) :]) if at >= 0 else (evidence, "", "")
    context = {
        "obs": obs,
        "label": label_of(obs["indicator"]),
        "evidence_parts": parts,
        "checks": [dict(c) for c in checks.rows],
    }
    return Response.html(await datasette.render_template("ogi_evidence.html", context, request=request))


async def capture_payload(request: Request, datasette: Any) -> Response:
    """The archived bytes, sandboxed: archived pages never run scripts in Datasette's origin."""
    capture_id = int(request.url_vars["capture_id"])
    config = datasette.plugin_config("ogi") or {}
    archive_dir = Path(config.get("archive", "."))

    def read(conn: sqlite3.Connection) -> tuple[bytes, str]:
        archive = Archive(archive_dir, Database(conn, recursive_triggers=False))
        row = archive.capture(capture_id)
        return archive.payload(capture_id), row["content_type"] or "application/octet-stream"

    try:
        body, content_type = await datasette.get_database(DATABASE).execute_fn(read)
    except ArchiveError as exc:
        return Response.text(str(exc), status=404)
    charset = ""
    if content_type.startswith("text/") and "charset" not in content_type:
        rows = await datasette.get_database(DATABASE).execute(
            "select coalesce(detected_charset, declared_charset) from captures where id = ?", [capture_id]
        )
        found = rows.first()
        charset = f"; charset={found[0]}" if found and found[0] else ""
    return Response(
        body,
        content_type=content_type + charset,
        headers={"Content-Security-Policy": "sandbox", "X-Content-Type-Options": "nosniff"},
    )


async def search_page(request: Request, datasette: Any) -> Response:
    query = (request.args.get("q") or "").strip()
    hits: list[Any] = []
    error = ""
    if query:
        try:
            hits = await datasette.get_database(DATABASE).execute_fn(lambda conn: search(conn, query, limit=200))
        except InvalidFilterError as exc:
            error = str(exc)
    context = {"q": query, "hits": hits, "error": error}
    return Response.html(await datasette.render_template("ogi_search.html", context, request=request))
