"""Hypothesis: the parser never crashes, and every observation's evidence is a substring of the document
text that contains its raw value (and the value's span holds exactly the raw text)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import parsers
from tests.generate_reports import FORMATS, LAYOUTS, generate_report

FRAGMENTS = [
    "主动公开政府信息", "条", "件", "申请", "行政复议", "行政诉讼", "|", "\n", "。", "，", "（一）予以公开",
    "本年新收政府信息公开申请数量", "总计", "统计指标", "单位", "累计数", "截至", "余", "万", "万元", "〔2017〕",
    "%", "—", "/", "无", "1,234", "１２", "+3", "减少1", "未发生行政复议和行政诉讼", "<table>", "<tr><td>",
    "</td></tr>", "</table>", "<p>", "自然人", "结果维持", "0", "7", "2019年", "年度报告",
]  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=60).map("".join)


def _assert_evidence(doc_text: str, report: parsers.ParsedReport) -> None:
    assert report.status in parsers.STATUSES
    for o in report.observations:
        assert o.evidence in doc_text
        assert o.raw in o.evidence
        assert 0 <= o.start <= o.end <= len(doc_text)
        if not o.derived:
            assert doc_text[o.start : o.end] == o.raw
    for c in report.checks:
        assert c.status in ("pass", "fail", "uncertain")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_text_never_crashes(text):
    doc = parsers.text_to_document(text)
    _assert_evidence(doc.text, parsers.parse_document(doc))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_html_never_crashes(text):
    html = "<html><body><div id='zoom'>" + text + "</div></body></html>"
    doc = parsers.html_to_document(html)
    _assert_evidence(doc.text, parsers.parse_document(doc))
    parsers.parse_html(html.encode("gb18030"), declared_charset="gbk")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_bytes_never_crash(data):
    report = parsers.parse_html(data)
    assert report.status in parsers.STATUSES


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(FORMATS),
    st.sampled_from(LAYOUTS),
    st.integers(0, 10_000),
    st.integers(0, 400),
    st.text(alphabet="0123456789|/—无 \n余万", max_size=6),
)
def test_mutated_generated_reports(fmt, layout, seed, cut, junk):
    g = generate_report("泰州市海陵区人民政府", 2020, fmt, seed, layout)
    source = g.html or g.text
    pos = (cut * 97) % max(len(source), 1)
    mutated = source[:pos] + junk + source[pos + len(junk) :]
    doc = parsers.html_to_document(mutated) if g.html else parsers.text_to_document(mutated)
    _assert_evidence(doc.text, parsers.parse_document(doc))
