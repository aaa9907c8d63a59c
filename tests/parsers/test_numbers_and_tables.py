"""Cell numbers, prose distractors and HTML grid quirks."""

from __future__ import annotations

from decimal import Decimal

import pytest

import parsers
from parsers.numbers import is_missing, parse_number


@pytest.mark.parametrize(
    ("raw", "value", "unit", "approx"),
    [
        ("1,234", "1234", None, False),
        ("１２３", "123", None, False),
        ("+2", "2", None, False),
        ("-3", "-3", None, False),
        ("减少1", "-1", None, False),
        ("增加4", "4", None, False),
        ("251000元", "251000", "元", False),
        ("90.2万元", "902000", "元", False),
        ("1.3万", "13000", None, False),
        ("100余", "100", None, True),
        (" 7 ", "7", None, False),
        ("未增未减", "0", None, False),
        ("31批次", "31", "批次", False),
    ],
)
def test_parse_number(raw, value, unit, approx):
    n = parse_number(raw)
    assert n is not None
    assert (n.value, n.unit, n.approximate) == (Decimal(value), unit, approx)


@pytest.mark.parametrize("raw", ["", "/", "—", "-", "无", "－", "——"])
def test_missing_tokens_are_missing_not_zero(raw):
    assert is_missing(raw)
    assert parse_number(raw) is None


@pytest.mark.parametrize("raw", ["abc", "2017年", "12.5%x", "〔2017〕63号"])
def test_not_numbers(raw):
    assert parse_number(raw) is None


def test_prose_distractors_are_not_indicators():
    text = (
        "某市2019年政府信息公开工作年度报告\n"
        "根据《通知》（某政办发〔2019〕63号）要求，联系电话：0431-88886666，地址：人民路21号。"
        "网站访问量同比增长12.5%。全年办理人大代表建议45件。2019年3月1日起施行。"
        "全年共收到政府信息公开申请120件，其中当面申请20件、网上申请80件、信函申请20件。"
        "全年因政府信息公开被申请行政复议3件，未经复议直接起诉2件，复议后起诉1件。"
        "参加培训超过300人次。"
    )
    r = parsers.parse_text(text)
    got = {(o.indicator, o.scope): (float(o.value), o.approximate) for o in r.observations}
    assert got == {
        ("requests.received", "year"): (120, False),
        ("requests.channel.in_person", "year"): (20, False),
        ("requests.channel.online", "year"): (80, False),
        ("requests.channel.letter", "year"): (20, False),
        ("review.total", "year"): (3, False),
        ("litigation.direct.total", "year"): (2, False),
        ("litigation.after_review.total", "year"): (1, False),
        ("trainings.attendees", "year"): (300, True),
    }


def test_header_and_data_colspans_that_disagree_map_by_grid():
    # 上海 2019 quirk: the header puts colspan=2 on 本年新公开数量, the data rows on the first value
    html = """<html><body><div id="zoom"><p>某区2019年政府信息公开工作年度报告</p><table>
    <tr><td colspan="5">第二十条第（一）项</td></tr>
    <tr><td>信息内容</td><td>本年新制作数量</td><td colspan="2">本年新公开数量</td><td>对外公开总数量</td></tr>
    <tr><td>规章</td><td colspan="2">3</td><td>2</td><td>40</td></tr>
    <tr><td>规范性文件</td><td colspan="2">12</td><td>10</td><td>251</td></tr>
    </table></div></body></html>"""
    r = parsers.parse_html(html)
    got = {o.indicator: int(o.value) for o in r.observations}
    assert got == {
        "rules.made": 3, "rules.published": 2, "rules.published_total": 40,
        "normative_docs.made": 12, "normative_docs.published": 10, "normative_docs.published_total": 251,
    }  # fmt: skip
    assert r.metadata.format == "2019"


def test_era_mismatch_is_reported_not_corrected():
    from tests.generate_reports import generate_report_html

    html = generate_report_html("吉林市昌邑区人民政府", 2022, "2019", 1)
    r = parsers.parse_html(html)
    assert r.metadata.format == "2019" and r.metadata.report_year == 2022
    [era] = [c for c in r.checks if c.rule == "X-ERA"]
    assert era.status == "fail" and "2021 format expected" in era.detail
    assert r.value("rules.made") is not None


def test_one_column_layout_table_is_read_as_text():
    html = "<html><body><table><tr><td>某县2020年政府信息公开工作年度报告。全年主动公开政府信息88条。</td></tr></table></body></html>"
    r = parsers.parse_html(html)
    assert r.value("proactive.total") == 88


def _table_two(text: str) -> dict[str, Decimal]:
    report = parsers.parse_text("2019年度政府信息公开工作年度报告\n二、主动公开政府信息情况\n" + text)
    return {o.indicator: o.value for o in report.observations if not o.indicator.startswith("proactive")}


def test_table_two_as_text_with_cells_glued_to_their_labels_one_digit_per_column() -> None:
    text = (
        "信息内容本年新制作数量本年新公开数量对外公开总数量\n规章000\n规范性文件120\n"
        "第二十条(五)项\n信息内容上一年项目数量本年增/减处理决定数量\n行政许可1225\n行政处罚305\n"
    )
    got = _table_two(text)
    assert (got["rules.made"], got["normative_docs.made"], got["normative_docs.published"]) == (0, 1, 2)
    assert (got["penalty.prev_items"], got["penalty.change"], got["penalty.decisions"]) == (3, 0, 5)
    # four digits for three columns could be 1|2|25 or 12|2|5: left out, never guessed
    assert not any(k.startswith("licensing.") for k in got)


def test_table_two_with_a_caption_cut_short_and_unchanged_counts_written_out() -> None:
    cells = ["第二十条第", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "行政规范性文件", "2", "0", "9",
             "第二十条第", "信息内容", "本年处理决定数量", "行政许可", "124"]  # fmt: skip
    got = _table_two("\n".join(cells).replace("2019年", "2021年"))
    assert (got["normative_docs.issued"], got["normative_docs.in_force"], got["licensing.decisions"]) == (2, 9, 124)
    rows = "第二十条第(五)项 |\n信息内容 |\n上一年项目数量 |\n本年增/减 |\n处理决定数量 |\n行政许可 |\n4 |\n未增未减 |\n7 |"
    got = _table_two(rows)
    assert (got["licensing.prev_items"], got["licensing.change"], got["licensing.decisions"]) == (4, 0, 7)
    # a mirror's 規範性檔案 is 规范性文件; 行政事业型收费 a typing slip of 行政事业性收费
    got = _table_two("第二十條第(一)項\n信息內容\n規範性檔案\n4\n4\n130\n第二十条第(八)项\n行政事业型收费 | 2 | 1 |")
    assert (got["normative_docs.made"], got["normative_docs.published_total"], got["admin_fees.change"]) == (4, 130, 1)
    got = _table_two("第二十条第(九)项\n信息内容\n采购项目数量\n采购总金额\n政府集中采购\n3\n13000000(预算金额)")
    assert (got["procurement.projects"], got["procurement.amount"]) == (3, 13000000)
