"""parse_document: Document -> ParsedReport (tables, prose, derived totals, checks, metadata)."""

from __future__ import annotations

import dataclasses
import logging
import re

from parsers.checks import conflict_checks, modern_checks, prose_staff_check, stat_checks, text_checks
from parsers.evidence import derived_observation
from parsers.metadata import looks_like_report, report_metadata
from parsers.model import Document, Table
from parsers.modern_tables import era_of_tables, read_table2, read_table3, read_table4, table_kind
from parsers.numbers import normalize
from parsers.prose import extract_prose
from parsers.report import (
    APPLICANTS,
    STATUS_EMPTY,
    STATUS_NO_DATA,
    STATUS_NO_REPORT,
    STATUS_OK,
    Check,
    Observation,
    ParsedReport,
)
from parsers.scope import report_scope
from parsers.simplify import reading_table, reading_text
from parsers.stat_tables import read_stat_table, table_year_labels
from parsers.stream_rows import find_stream_tables
from parsers.text_table2 import read_text_table2
from parsers.text_table3 import read_text_table3
from parsers.transposed import read_transposed

logger = logging.getLogger(__name__)

_DERIVED_GROUPS = {
    "outcome.denied": [f"outcome.denied.{k}" for k in ("state_secret", "other_law", "security_stability",
                       "third_party", "internal_affairs", "process_info", "enforcement_file", "admin_query")],
    "outcome.unable": [f"outcome.unable.{k}" for k in ("not_held", "needs_creation", "unclear")],
    "outcome.not_processed": [f"outcome.not_processed.{k}" for k in ("petition", "duplicate", "publication",
                              "mass_repeat", "confirm")],
    "outcome.other": ["outcome.other.no_correction", "outcome.other.unpaid_fee", "outcome.other.other"],
}  # fmt: skip


def _stat_era(tables: list[Table]) -> tuple[str | None, str]:
    blob = normalize(
        " ".join(c.text for t in tables for row in t.cells for c in row) + " ".join(t.caption for t in tables)
    )
    for word in ("统计指标", "回应解读情况", "申请办结数", "申请答复数", "机构建设和保障经费"):
        if word in blob:
            return "2014", word
    for word in ("历年累计", "本期实际", "本年累计", "累计数", "免予公开范围", "行政申诉数"):
        if word in blob:
            return "pre2014", word
    return None, ""


def _derive(text: str, observations: list[Observation]) -> list[Observation]:
    by_key = {(o.indicator, o.applicant, o.scope): o for o in observations if o.source == "table"}
    out: list[Observation] = []
    applicants = sorted({o.applicant for o in observations if o.applicant}, key=lambda a: APPLICANTS.index(a))
    for total, parts in _DERIVED_GROUPS.items():
        for a in applicants:
            if (total, a, "year") in by_key:
                continue
            found = [by_key.get((p, a, "year")) for p in parts]
            if total == "outcome.other" and all(f is None for f in found):
                continue
            if found and all(f is not None for f in found):
                out.append(derived_observation(text, total, [f for f in found if f is not None], applicant=a))
    for item in ("upheld", "corrected", "other", "pending", "total"):
        key = f"litigation.{item}"
        if (key, None, "year") in by_key:
            continue
        d, r = (
            by_key.get((f"litigation.direct.{item}", None, "year")),
            by_key.get((f"litigation.after_review.{item}", None, "year")),
        )
        if d is not None and r is not None:
            out.append(derived_observation(text, key, [d, r]))
    return out


def parse_document(doc: Document) -> ParsedReport:
    """Parse one document (from HTML, text or an attachment extractor)."""
    meta = report_metadata(doc)
    if not doc.text.strip():
        return ParsedReport(STATUS_EMPTY, meta, message="no text")
    if doc.tables:  # labels are matched in simplified script, as the text readers match theirs
        doc = dataclasses.replace(doc, tables=[reading_table(t) for t in doc.tables])
    table_obs: list[Observation] = []
    modern_tables: list[Table] = []
    stat_tables: list[Table] = []
    t3_map: dict[int, str] = {}
    last_kind: str | None = None
    kinds: set[str | None] = set()
    for table in doc.tables:
        kind = table_kind(table)
        if kind is None and last_kind == "t3" and table.n_cols >= 7:
            kind = "t3"  # continuation of a table 三 split over several <table>s
        if kind == "t3":
            obs, mapping = read_table3(table, doc.text, t3_map)
            t3_map = mapping or t3_map
            table_obs += obs
            modern_tables.append(table)
        elif kind == "t4":
            table_obs += read_table4(table, doc.text)
            modern_tables.append(table)
        elif kind == "t2":
            table_obs += read_table2(table, doc.text)
            modern_tables.append(table)
        else:
            stat_tables.append(table)
        last_kind = kind
        kinds.add(kind)
    table_spans = [_span_of(t) for t in doc.tables if t.cells and any(t.cells)]
    # table 三/四 rows flattened into a stream of numbers in the text (PDF text), read only when no real table has them
    stream = find_stream_tables(
        doc.text, table_spans, len(doc.tables), want_t3="t3" not in kinds, want_t4="t4" not in kinds
    )
    for kind, table in stream.tables:
        table_obs += read_table3(table, doc.text)[0] if kind == "t3" else read_table4(table, doc.text)
        modern_tables.append(table)
        table_spans.append(_span_of(table))
    # a table no format recognises may be a small transposed one (新闻发布会 | 微信 / 3次 | 400余条)
    stat_read = {t.index: read_stat_table(t, doc.text) or read_transposed(t, doc.text) for t in stat_tables}
    # a structured table no reader recognised (a fragment of table 二 without its header, say) is read as text
    structured = [t for t in doc.tables if t.structured and t.cells and any(t.cells) and stat_read.get(t.index, True)]
    next_index = len(doc.tables) + len(stream.tables)
    # table 二 with broken headers (pasted as text, or a structured table whose header cells say 本年新 | 本年新)
    # leaves cells unread; the row-label reader fills in what no table reader read
    have = {o.indicator for o in table_obs}
    not_t2 = [_span_of(t) for t in structured if table_kind(t) != "t2"]
    table_obs += [
        o for o in read_text_table2(doc.text, not_t2, meta.report_year, next_index) if o.indicator not in have
    ]
    table_obs = _with_text_table3(doc.text, table_obs, modern_tables, structured, next_index + 1)
    era, evidence = era_of_tables(modern_tables) if modern_tables else (None, "")
    if era is None and modern_tables:
        era, evidence = (
            ("2021", "table 三/四 only") if (meta.report_year or 0) >= 2021 else ("2019", "table 三/四 only")
        )
    stat_obs = [o for table in stat_tables for o in stat_read[table.index]]
    if era is None and stat_obs:
        era, evidence = _stat_era(stat_tables)
        if era is None:
            era = "pre2014" if (meta.report_year or 9999) <= 2013 else "2014"
            evidence = "statistics table (era from the report year)"
    prose_obs = extract_prose(doc.text, skip=table_spans, year=meta.report_year)
    all_tables = table_obs + stat_obs
    if era is None:
        era, evidence = ("prose", "no statistics table") if prose_obs or looks_like_report(doc) else (None, "")
    meta.format, meta.format_evidence = era, evidence
    meta.scope = report_scope(meta.title, meta.agency, doc.text, table_spans)
    derived = _derive(doc.text, table_obs)
    observations = all_tables + derived + prose_obs
    checks: list[Check] = []
    if table_obs:
        checks += modern_checks(table_obs + derived, era)
    if stat_obs:
        checks += stat_checks(stat_obs, era)
    checks += stream.checks
    checks += conflict_checks(all_tables)
    checks += text_checks(observations, modern=bool(table_obs))
    checks += prose_staff_check(observations)
    checks += _year_checks(doc, meta.report_year)
    checks += _era_checks(era, evidence, meta.report_year)
    if observations:
        status = STATUS_OK
    elif looks_like_report(doc):
        status = STATUS_NO_DATA
    else:
        status = STATUS_NO_REPORT
    return ParsedReport(status, meta, observations, checks)


def _with_text_table3(
    text: str, table_obs: list[Observation], modern_tables: list[Table], structured: list[Table], index: int
) -> list[Observation]:
    """A table 三 pasted as text: rows of exactly seven numbers after a row label replace what the text-table and
    stream readers made of those rows (cell separators shift their columns); a structured table is never touched."""
    if any(t.structured and table_kind(t) == "t3" for t in modern_tables):
        return table_obs
    rows = read_text_table3(text, [_span_of(t) for t in structured], index)
    if not rows:
        return table_obs
    read = {o.indicator for o in rows}
    keep_tables = {t.index for t in structured}
    kept = [o for o in table_obs if not (o.indicator in read and o.table not in keep_tables)]
    return kept + rows


def _span_of(table: Table) -> tuple[int, int]:
    """The characters of ``Document.text`` a table's cells cover."""
    return min([c.start for r in table.cells for c in r]), max([c.end for r in table.cells for c in r])


def _era_checks(era: str | None, evidence: str, year: int | None) -> list[Check]:
    """X-ERA (soft): the table format does not fit the report year (§9); values are read as printed."""
    if era is None or year is None or era == "prose":
        return []
    expected = "2021" if year >= 2021 else "2019" if year >= 2019 else "2014" if year >= 2014 else "pre2014"
    if era == expected:
        return []
    detail = f"{era}-format tables ({evidence}) in a {year} report; {expected} format expected"
    return [Check("X-ERA", "fail", detail, [{"format": era, "evidence": evidence, "report_year": year}])]


#: a report covering several years: 2019—2020年度, 2019年至2020年 in the title, or a statistics period from
#: 1 January of one year to 31 December of a later one
_YEAR_SPAN = re.compile(r"((?:19|20)\d{2})\s*年?度?\s*(?:—|–|-|－|~|～|至|到)\s*((?:19|20)\d{2})\s*年")
_PERIOD_SPAN = re.compile(r"((?:19|20)\d{2})年1月1日(?:起)?(?:至|到|—|-|~)((?:19|20)\d{2})年12月31日")


def _covered_years(title: str, text: str) -> tuple[int, int] | None:
    """(first, last) data year when the report says it covers several, else None."""
    head = reading_text(text)[:2500]  # the document's reading text is cached: metadata computed it already
    for pattern, where in ((_YEAR_SPAN, reading_text(title)), (_PERIOD_SPAN, head)):
        for m in pattern.finditer(where):
            first, last = int(m.group(1)), int(m.group(2))
            if first < last <= first + 10:
                return first, last
    return None


def _year_checks(doc: Document, report_year: int | None) -> list[Check]:
    checks: list[Check] = []
    span = _covered_years(doc.title, doc.text)
    if span is not None:
        checks.append(
            Check(
                "X-YEARS",
                "uncertain",
                f"the report covers {span[0]}–{span[1]}: its values may not be one year's",
                [{"first_year": span[0], "last_year": span[1], "report_year": report_year}],
            )
        )
    if report_year is None:
        return checks
    for table in doc.tables:
        for year in sorted(set(table_year_labels(table))):
            if year != report_year:
                checks.append(
                    Check(
                        "X-YEAR",
                        "fail",
                        f"table {table.index} is labelled {year}年 inside the {report_year} report",
                        [{"table": table.index, "label_year": year, "report_year": report_year}],
                    )
                )
    return checks
