"""Report scope: a government's aggregate report (本级及所属部门, 全市/全县 汇总) or an office's own report.

A 县级以上人民政府 often publishes both for the same year: the aggregate of the government and its departments, and
the report of the 人民政府办公室/办公厅 itself (report-formats.md §1.1, "scope trap").  ``scope`` is ``aggregate`` or
``self`` only when the title or a sentence about what the report covers says so clearly; otherwise ``""``.  Table
text is never used (the table 三 row "本机关不掌握相关政府信息" is no statement of scope).
"""

from __future__ import annotations

import re

AGGREGATE = "aggregate"
SELF = "self"

#: title words of an aggregate report
_TITLE_AGGREGATE = re.compile(
    r"汇总|本级及(?:其)?所属|及(?:其)?所属(?:各)?部门|含(?:所属|市直|县直|区直)部门|"
    r"全(?:省|市|县|区|州|旗|盟)(?:各级行政机关|各级政府|政府系统)?政府信息公开工作"
)
#: title words of an office's own report
_TITLE_SELF = re.compile(r"机关本级|办公(?:厅|室)本级|本机关")
#: the agency named in the title is the government's general office: its report is its own
_OFFICE = re.compile(r"(?:人民)?政府办公(?:厅|室)$|政府办$")
#: a sentence that says what the report covers
_COVERAGE = re.compile(r"本报告|本年报|本年度报告|所列数据|统计范围|数据统计")
_TEXT_AGGREGATE = re.compile(
    r"汇总|本级及(?:其)?所属|及(?:其)?所属(?:各)?部门|各(?:部门|乡镇|街道|县（市、区）|县\(市、区\)|县市区)"
    r"(?:[^。]{0,12})?(?:政府信息公开|工作情况|年度报告)|全(?:省|市|县|区)各级(?:行政机关|政府)|"
    r"全(?:省|市|县|区|州|旗|盟)(?:\d{4}年度?)?(?:的)?(?:政府信息公开|政务公开)工作"
)
_TEXT_SELF = re.compile(r"本机关|机关本级|办公(?:厅|室)本级|不(?:含|包括)(?:所属|下属|各)")
_BOUNDARIES = "。！？\n"
_BOUNDARY = re.compile(r"[。！？\n]")
HEAD_CHARS = 3000


def report_scope(title: str, agency: str, text: str, table_spans: list[tuple[int, int]] | None = None) -> str:
    """``aggregate``, ``self`` or ``""`` (unclear, or the signals disagree)."""
    signals: set[str] = set()
    if _TITLE_AGGREGATE.search(title):
        signals.add(AGGREGATE)
    if _TITLE_SELF.search(title) or (agency and _OFFICE.search(agency) and "关于" not in title):
        signals.add(SELF)
    spans = table_spans or []
    head = text[:HEAD_CHARS]
    done = -1
    for m in _COVERAGE.finditer(head):
        if m.start() < done:
            continue  # same sentence as the previous match
        start = max(head.rfind(c, 0, m.start()) for c in _BOUNDARIES) + 1
        end_match = _BOUNDARY.search(head, m.end())
        done = end_match.start() if end_match else len(head)
        if any(a <= start < b for a, b in spans):
            continue
        sentence = head[start:done]
        if _TEXT_AGGREGATE.search(sentence):
            signals.add(AGGREGATE)
        if _TEXT_SELF.search(sentence):
            signals.add(SELF)
    return signals.pop() if len(signals) == 1 else ""
