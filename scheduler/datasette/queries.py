"""Canned queries shown on the catalog page of `ogi serve` (plain SQL, editable by the user in Datasette)."""

from __future__ import annotations

from typing import Any

SERIES = """
select r.agency, r.report_year as year, o.value, o.unit, indicator_label(o.indicator) as label, o.source,
  case when (select count(distinct o2.value) from observations o2
             where o2.report_id = o.report_id and o2.indicator = o.indicator
               and coalesce(o2.scope, 'year') = 'year' and (o2.applicant is null or o2.applicant = 'total')) > 1
       then 'conflict' else '' end as conflict,
  r.region_code, v.version_no, o.evidence, o.id as observation, o.capture_id as capture, o.report_id as report
from observations o
  join reports r on r.id = o.report_id
  join report_versions v on v.id = o.report_version_id
where o.indicator = :indicator
  and (:agency = '' or instr(r.agency, :agency) > 0)
  and v.id = r.current_version_id
  and coalesce(o.scope, 'year') = 'year' and (o.applicant is null or o.applicant = 'total')
order by r.agency, r.report_year, o.source, o.id
"""

MISSING_YEAR = """
select agency, group_concat(report_year, ', ') as years_with_reports, count(*) as reports
from (select distinct agency, report_year from reports order by report_year)
group by agency
having sum(report_year = cast(:year as integer)) = 0
order by agency
"""

FAILING_CHECKS = """
select r.agency, r.report_year as year, v.version_no, c.rule, c.status, json_extract(c.detail, '$.detail') as detail,
  c.parser_version, c.report_version_id as version
from checks c
  join report_versions v on v.id = c.report_version_id
  join reports r on r.id = v.report_id
where c.status = 'fail'
order by r.agency, r.report_year, c.rule
"""

LATEST_CHANGES = """
select e.occurred_at, e.kind, r.agency, r.report_year as year, e.url, e.previous_url, e.detail,
  e.report_id as report, e.version_id as version
from events e left join reports r on r.id = e.report_id
order by e.occurred_at desc, e.id desc
limit 500
"""

SEARCH = """
select v.id as version, r.agency, r.report_year as year, v.version_no, v.title, v.url,
  snippet(report_text_fts, 1, '[', ']', '…', 24) as snippet, 'trigram' as method
from report_text_fts f
  join report_versions v on v.id = f.rowid
  join reports r on r.id = v.report_id
where length(:q) >= 3 and report_text_fts match '"' || replace(:q, '"', '""') || '"'
union all
select v.id as version, r.agency, r.report_year as year, v.version_no, v.title, v.url,
  substr(v.text, max(1, instr(v.text, :q) - 12), 40) as snippet, 'like' as method
from report_versions v join reports r on r.id = v.report_id
where length(:q) between 1 and 2 and (instr(v.text, :q) > 0 or instr(v.title, :q) > 0)
union all
select v.id as version, r.agency, r.report_year as year, v.version_no, v.title, a.url,
  '附件 ' || coalesce(a.link_text, '') || ': ' || snippet(document_text_fts, 0, '[', ']', '…', 24) as snippet,
  'trigram, attachment' as method
from document_text_fts f
  join documents d on d.rowid = f.rowid
  join report_attachments a on a.document_sha256 = d.sha256
  join report_versions v on v.id = a.report_version_id
  join reports r on r.id = v.report_id
where length(:q) >= 3 and document_text_fts match '"' || replace(:q, '"', '""') || '"'
union all
select v.id as version, r.agency, r.report_year as year, v.version_no, v.title, a.url,
  '附件 ' || coalesce(a.link_text, '') || ': ' || substr(d.text, max(1, instr(d.text, :q) - 12), 40) as snippet,
  'like, attachment' as method
from report_attachments a
  join documents d on d.sha256 = a.document_sha256
  join report_versions v on v.id = a.report_version_id
  join reports r on r.id = v.report_id
where length(:q) between 1 and 2 and instr(d.text, :q) > 0
limit 500
"""


def canned_queries() -> dict[str, dict[str, Any]]:
    return {
        "series": {
            "title": "Series of one indicator",
            "description_html": (
                "Values of one indicator from the current version of every report; <code>agency</code> "
                "matches part of the name (leave empty for all).  Rows marked <b>conflict</b> have readings "
                "that disagree.  The <a href='/-/ogi/series'>series page</a> shows provenance, conflicts "
                "between versions and a chart."
            ),
            "sql": SERIES,
        },
        "agencies_missing_year": {
            "title": "Agencies missing a year",
            "description": "Agencies with reports in other years but none for :year.",
            "sql": MISSING_YEAR,
        },
        "failing_checks": {
            "title": "Failing checks",
            "description": "Arithmetic and text-vs-table checks that failed, by agency and year.",
            "sql": FAILING_CHECKS,
        },
        "latest_changes": {
            "title": "Latest changes",
            "description": "New reports, new versions, moved, removed and reappeared reports, newest first.",
            "sql": LATEST_CHANGES,
        },
        "search_reports": {
            "title": "Search report text and attachments",
            "description": (
                "Words of 3+ characters use the trigram index; 1-2 character words (公开, 复议) fall back to "
                "a substring scan, because a trigram index cannot match them. Attachment hits show the "
                "attachment's URL and a snippet of its extracted text."
            ),
            "sql": SEARCH,
        },
    }
