"""Table 三/四 rows flattened into a bare stream of numbers (PDF text): read positionally only when the count is
exactly 7 (table 三) or 15 (table 四); otherwise left missing, with uncertain checks."""

from __future__ import annotations

from decimal import Decimal

import pytest

import parsers
from parsers.model import DocumentBuilder
from tests.generate_reports import generate_report
from tests.parsers.t3_builder import APPLICANTS7, build, to_text

T4_KEYS = [
    f"{block}.{item}"
    for block in ("review", "litigation.direct", "litigation.after_review")
    for item in ("upheld", "corrected", "other", "pending", "total")
]


def _table_values(report: parsers.ParsedReport) -> dict:
    return {o.key: o.value for o in report.observations if o.source == "table" and not o.derived}


def _expected(t) -> dict:
    out = {}
    for _, _, key, cells in t.rows:
        for a, v in zip(APPLICANTS7, cells, strict=True):
            if v:
                out[(key, a, "year")] = Decimal(v)
    for key, v in zip(T4_KEYS, t.t4, strict=True):
        if v:
            out[(key, None, "year")] = Decimal(v)
    return out


@pytest.mark.parametrize("layout", ["stream", "inline"])
@pytest.mark.parametrize(("fmt", "subtotals"), [("2021", False), ("2019", False), ("2021", True)])
def test_stream_rows_are_read_positionally(fmt, subtotals, layout):
    t = build(fmt, seed=11, subtotals=subtotals)
    text = to_text(t, layout=layout)
    report = parsers.parse_text(text)
    assert report.status == "ok" and report.metadata.format == fmt
    assert _table_values(report) == _expected(t)
    assert [c.detail for c in report.checks if c.status != "pass"] == []
    rules = {c.rule for c in report.checks}
    assert {"T3-BAL", "T3-SUM", "T3-COL", "T4-SUM"} <= rules
    for o in report.observations:
        assert o.evidence in text and o.raw in o.evidence
        assert o.derived or text[o.start : o.end] == o.raw


def test_missing_marks_hold_their_column():
    t = build("2021", seed=12)
    t.set("outcome.granted", "research", "")  # written as "—" in the stream: 7 tokens still
    t.set("requests.carried_over", "commercial", "")
    report = parsers.parse_text(to_text(t, layout="stream"))
    got = _table_values(report)
    assert ("outcome.granted", "research", "year") not in got
    assert got[("outcome.granted", "public_interest", "year")] == Decimal(t.value("outcome.granted", "public_interest"))
    assert got == _expected(t)
    statuses = {(c.rule, c.detail.split(":")[0]): c.status for c in report.checks}
    assert statuses[("T3-SUM", "research year")] == "uncertain"
    assert statuses[("T3-BAL", "commercial")] == "uncertain"
    assert "fail" not in statuses.values()


@pytest.mark.parametrize("layout", ["stream", "inline"])
def test_a_dropped_blank_leaves_the_row_missing(layout):
    t = build("2021", seed=13)
    t.set("outcome.denied.process_info", "commercial", "")  # 6 numbers left: positions unknown
    report = parsers.parse_text(to_text(t, layout=layout, drop_blank=True))
    got = _table_values(report)
    assert not any(k[0] == "outcome.denied.process_info" for k in got)  # the whole row: not one value guessed
    expected = {k: v for k, v in _expected(t).items() if k[0] != "outcome.denied.process_info"}
    assert got == expected  # every other row still read, in the right columns
    (stream,) = [c for c in report.checks if c.rule == "X-STREAM"]
    assert stream.status == "uncertain"
    assert stream.operands[0]["count"] == 6 and stream.operands[0]["expected"] == 7
    assert stream.operands[0]["indicator"] == "outcome.denied.process_info"
    sums = {c.status for c in report.checks if c.rule == "T3-SUM"}
    assert sums == {"uncertain"}
    assert "fail" not in {c.status for c in report.checks}


def test_an_extra_column_is_not_read():
    # some agencies add a 法人或其他组织 subtotal column: 8 numbers, not 7
    t = build("2021", seed=14)
    text = to_text(t, layout="inline")
    received = " ".join(t.rows[0][3])
    extra = [*t.rows[0][3][:1], "99", *t.rows[0][3][1:]]
    text = text.replace(received, " ".join(extra), 1)
    report = parsers.parse_text(text)
    assert not any(o.indicator == "requests.received" and o.source == "table" for o in report.observations)
    (stream,) = [c for c in report.checks if c.rule == "X-STREAM"]
    assert stream.operands[0]["count"] == 8
    assert {c.status for c in report.checks if c.rule == "T3-BAL"} == {"uncertain"}


def test_table_four_needs_exactly_fifteen_numbers():
    t = build("2021", seed=15)
    t.t4[6] = ""
    report = parsers.parse_text(to_text(t, layout="stream", drop_blank=True))
    assert not any(k in T4_KEYS for k, _, _ in _table_values(report))
    (stream,) = [c for c in report.checks if c.rule == "X-STREAM"]
    assert stream.operands[0]["count"] == 14 and stream.operands[0]["expected"] == 15
    assert not any(c.rule == "T4-SUM" and c.status != "uncertain" for c in report.checks)
    # with a missing mark the positions are known: 15 tokens, read
    report = parsers.parse_text(to_text(t, layout="stream"))
    got = _table_values(report)
    assert ("litigation.direct.corrected", None, "year") not in got
    assert got[("litigation.direct.other", None, "year")] == Decimal(t.t4[7])
    assert [c.status for c in report.checks if c.rule == "T4-SUM" and "litigation.direct" in c.detail] == ["uncertain"]


def test_page_numbers_between_rows_are_skipped():
    t = build("2021", seed=16)
    lines = to_text(t, layout="stream").split("\n")
    i = lines.index("（一）予以公开")
    lines[i + 1 : i + 1] = ["- 7 -", "第7页 共9页"]
    report = parsers.parse_text("\n".join(lines))
    assert _table_values(report) == _expected(t)
    assert not any(c.rule == "X-STREAM" for c in report.checks)


def test_extractor_paragraphs_are_read_too():
    # an attachment extractor gives one paragraph per PDF line (no Table found by the PDF tool)
    t = build("2021", seed=17)
    builder = DocumentBuilder(title="某某县人民政府2022年政府信息公开工作年度报告", extractor="pdf")
    for line in to_text(t, layout="inline").split("\n"):
        builder.add_paragraph(line)
    report = parsers.parse_document(builder.build())
    assert _table_values(report) == _expected(t)


def test_real_tables_win_and_prose_with_numbers_is_not_a_row():
    g = generate_report("吉林市昌邑区人民政府", 2022, "2021", 4, "html")
    para = "<p>（一）予以公开 1 2 3 4 5 6 7</p><p>复议后起诉</p><p>1 1 1 1 4 1 1 1 1 4 1 1 1 1 4</p>"
    report = parsers.parse_html(g.html.replace("<p><strong>五、", para + "<p><strong>五、").encode("utf-8"))
    assert not any(c.rule in ("X-DUP", "X-STREAM") for c in report.checks)
    assert _table_values(report) == {k: Decimal(str(v)) for k, v in g.expected.items() if k[0] != "proactive.total"}
    # numbers in ordinary text (no table 三 context) are not rows
    text = "某县人民政府2022年政府信息公开工作年度报告\n一、总体情况\n（一）予以公开 1 2 3 4 5 6 7\n"
    assert parsers.parse_text(text).observations == []


def test_a_number_line_under_an_older_review_heading_is_not_a_table_four_row():
    text = (
        "某市人民政府2011年政府信息公开工作年度报告\n四、行政复议、行政诉讼情况\n本年度未发生行政复议和诉讼。\n2011\n"
        "五、其他需要报告的事项\n"
    )
    report = parsers.parse_text(text)
    assert [c.rule for c in report.checks] == []
    assert {(o.indicator, o.value) for o in report.observations} == {
        ("review.total", Decimal(0)),
        ("litigation.total", Decimal(0)),
    }
