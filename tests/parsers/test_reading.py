"""Reading text: traditional script and pinyin glosses read like simplified text, evidence points at the original."""

from __future__ import annotations

from decimal import Decimal

import parsers
from parsers.prose import chinese_numeral, extract_prose
from parsers.simplify import reading, reading_text


def test_traditional_script_reads_like_simplified() -> None:
    text = "2010年，我辦受理政府信息公開申請6件，答復6件，全年共採集、發布、修訂信息616條。"
    assert len(reading_text(text)) == len(text)
    got = {(o.indicator, o.value) for o in extract_prose(text)}
    assert ("requests.received", Decimal(6)) in got and ("outcome.total", Decimal(6)) in got
    for o in extract_prose(text):
        assert text[o.start : o.end] == o.raw and o.raw in o.evidence


def test_pinyin_glosses_are_read_through_and_offsets_stay_in_the_original() -> None:
    text = "本年度共收到政府信息公開申請(qǐng)3件，未發(fā)生行政復(fù)議。"
    view = reading(text)
    assert "申请3件" in view.text and "(qǐng)" not in view.text
    obs = {o.indicator: o for o in extract_prose(text)}
    assert obs["requests.received"].value == 3 and text[obs["requests.received"].start] == "3"
    assert obs["review.total"].value == 0 and text[obs["review.total"].start : obs["review.total"].end].startswith("未")


def test_chinese_numerals() -> None:
    assert [chinese_numeral(s) for s in ("一", "十二", "两", "一百二十", "三千零五", "十")] == [1, 12, 2, 120, 3005, 10]
    got = {(o.indicator, o.value) for o in extract_prose("配备了3名专职和两名兼职工作人员，召开新闻发布会三次。")}
    assert got == {("staff.fulltime", 3), ("staff.parttime", 2), ("press_conferences.total", 3)}


def test_numbers_that_are_not_counts_are_never_read() -> None:
    text = (
        "根据《通知》（某政办发〔2017〕63号），联系电话：0431-88886666，主动公开政府信息较上年增加15条，"
        "网站访问量同比增长12.5%，全年咨询2070人次。"
    )
    assert extract_prose(text) == []


def test_the_metadata_of_a_big5_mirror_is_the_simplified_page_s() -> None:
    r = parsers.parse_text("本報告是根據《條例》要求，由北京市商務委員會編制的2014年度政府信息公開年度報告。")
    assert (r.metadata.agency, r.metadata.report_year) == ("北京市商务委员会", 2014)
