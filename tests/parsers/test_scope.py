"""Report scope: aggregate (government + departments, 全市/全县 汇总) vs an office's own report (办公室/本机关)."""

from __future__ import annotations

import pytest

import parsers
from tests.generate_reports import generate_report
from tests.parsers.conftest import seed_text

BODY = "一、总体情况\n{sentence}\n全年主动公开政府信息120条。\n"


def _scope(title: str, sentence: str = "") -> str:
    return parsers.parse_text(title + "\n" + BODY.format(sentence=sentence)).metadata.scope


@pytest.mark.parametrize(
    ("title", "sentence", "scope"),
    [
        # the same government, the same year: two reports
        ("某市人民政府2022年政府信息公开工作年度报告（本级及所属部门汇总）", "", "aggregate"),
        ("某市人民政府办公室2022年政府信息公开工作年度报告", "", "self"),
        ("某市人民政府办公厅2022年政府信息公开工作年度报告", "", "self"),
        ("2022年某县全县政府信息公开工作年度报告", "", "aggregate"),
        (
            "某县人民政府2022年政府信息公开工作年度报告",
            "本报告由县政府办公室汇总全县各部门、各乡镇政府信息公开工作情况编制而成。",
            "aggregate",
        ),
        ("某县人民政府2022年政府信息公开工作年度报告", "本报告所列数据为本机关数据，不含所属部门。", "self"),
        ("某市人民政府2022年政府信息公开工作年度报告（机关本级）", "", "self"),
        # nothing said: unknown, not guessed
        (
            "某市人民政府2022年政府信息公开工作年度报告",
            "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
            "",
        ),
        ("某市教育局2022年政府信息公开工作年度报告", "本报告由市教育局办公室编制。", ""),
        # the office publishes the government's report: the title is about the government, not the office
        ("某县人民政府办公室关于某县2022年政府信息公开工作年度报告的通知", "", ""),
        # signals that disagree: unclear
        ("某市人民政府办公室2022年政府信息公开工作年度报告", "本报告汇总全市各部门政府信息公开工作情况。", ""),
    ],
)
def test_scope_from_title_and_coverage_sentence(title, sentence, scope):
    assert _scope(title, sentence) == scope


def test_words_outside_a_coverage_sentence_do_not_count():
    # 汇总 in an ordinary sentence (not about what the report covers) and 本机关 in a table row
    sentence = "区政府办汇总并制定发布《2022年政务公开工作要点》。"
    assert _scope("某区人民政府2022年政府信息公开工作年度报告", sentence) == ""
    g = generate_report("某市人民政府", 2022, "2021", 0, "pipe")
    assert "本机关不掌握相关政府信息" in g.text
    assert parsers.parse_text(g.text).metadata.scope == ""


def test_seed_scopes():
    got = {p: parsers.parse_text(seed_text(p)).metadata.scope for p in ("000", "001", "002", "003", "004")}
    # 001: "汇总大安市各部门政府信息公开工作情况编制而成"; 000: "反映了全区2012年度政府信息公开工作"
    assert got == {"000": "aggregate", "001": "aggregate", "002": "", "003": "", "004": ""}


def test_scope_in_json_and_html():
    page = (
        "<html><head><title>某市人民政府办公室2022年政府信息公开工作年度报告</title></head><body><div id='zoom'>"
        "<h1>某市人民政府办公室2022年政府信息公开工作年度报告</h1><p>全年主动公开政府信息120条。</p></div></body></html>"
    )
    report = parsers.parse_html(page.encode("utf-8"))
    assert report.metadata.scope == "self"
    assert report.to_json("x")["report"]["scope"] == "self"
    assert parsers.ReportMeta().scope == ""


def test_none_as_of_a_date_is_the_year_s_and_also_the_running_total_s_only_in_a_report_of_running_totals() -> None:
    from parsers.prose import extract_prose

    alone = extract_prose("截至2019年12月30日,我苏木尚未接到有关政府信息公开的行政复议。")
    assert {(o.indicator, o.scope) for o in alone} == {("review.total", "year")}
    running = extract_prose("历年累计受理申请1838件。截止2012年末,全区未发生与信息公开相关的行政复议。")
    assert {o.scope for o in running if o.indicator == "review.total"} == {"year", "cumulative"}
