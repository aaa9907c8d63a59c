"""Check status of an observation: the worst result (fail > uncertain > pass) of the checks that used it.

``check_operands`` (migration 0004) lists every operand of every check, so the status is one index lookup.
"""

from __future__ import annotations

#: rank -> status name; 0 = no check looked at the value
STATUS_BY_RANK = ("", "pass", "uncertain", "fail")

#: SQL expression for observation alias ``o``: the highest rank among the checks of the same document,
#: parser version, indicator and applicant
CHECK_RANK_SQL = (
    "(select max(case co.status when 'fail' then 3 when 'uncertain' then 2 when 'pass' then 1 else 0 end) "
    "from check_operands co where co.report_version_id = o.report_version_id and co.indicator = o.indicator "
    "and co.parser_version = o.parser_version and co.document_sha256 is o.document_sha256 "
    "and co.applicant is o.applicant)"
)

#: SQL condition for observation alias ``o``: no newer parser version has parsed the same document
#: (``ogi_newer_version`` is registered on the connection by ``query.register_functions``)
LATEST_PARSER_SQL = (
    "not exists (select 1 from parses p where p.document_sha256 = o.document_sha256 "
    "and p.parser_version <> o.parser_version and ogi_newer_version(p.parser_version, o.parser_version))"
)


def status_name(rank: int | None) -> str:
    return STATUS_BY_RANK[rank or 0]
