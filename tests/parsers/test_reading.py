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


def _html_table_report(rows: list[list[str]]) -> bytes:
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (
        "<html><head><meta charset='utf-8'><title>某某縣人民政府2020年政府信息公開工作年度報告</title></head><body>"
        f"<div class='article'><p>二、主動公開政府信息情況</p><table>{body}</table></div></body></html>"
    ).encode()


def test_a_structured_table_in_traditional_script_with_glosses_is_read() -> None:
    page = _html_table_report(
        [["第二十條第(一)項", "", "", ""], ["信息內容", "本年新制作數(shù)量", "本年新公開數量", "對外公開總數量"],
         ["規(guī)章", "0", "0", "3"], ["規範性文件", "2", "2", "17"]],
    )  # fmt: skip
    report = parsers.parse_html(page, url="http://www.example.gov.cn/big5/a.html")
    assert report.value("normative_docs.published_total") == 17
    assert report.value("rules.published_total") == 3
    evidence = next(o for o in report.observations if o.indicator == "normative_docs.made").evidence
    assert "規範性文件" in evidence  # evidence stays in the page's own script


def test_a_structured_table_two_with_broken_headers_is_read_by_its_row_labels() -> None:
    """Header cells 本年新 | 本年新 name no column: the row-label reader reads the rows of the real table."""
    page = _html_table_report(
        [["第二十条第(一)项", "", "", ""], ["信息内容", "本年新", "本年新", "对外公开总数量"],
         ["规章", "0", "0", "0"], ["规范性文件", "4", "3", "25"]],
    )  # fmt: skip
    report = parsers.parse_html(page, url="http://www.example.gov.cn/a.html")
    assert report.value("normative_docs.made") == 4
    assert report.value("normative_docs.published") == 3
    assert report.value("normative_docs.published_total") == 25


def test_a_count_over_channels_listed_together_is_the_total_and_one_channel_s_is_that_channel() -> None:
    def read(text: str) -> dict[str, Decimal]:
        return {o.indicator: o.value for o in extract_prose(text)}

    assert read("全年厅门户网站、微信、微博发布政府信息共有3343条。") == {"proactive.total": Decimal(3343)}
    assert read("省公安厅政务网站和新媒体共公开18296条政府信息。") == {"proactive.total": Decimal(18296)}
    # one channel: its own key, also when its account name holds another channel's word
    assert read("通过“台山政府网”微信公众号发布信息760条。") == {"proactive.via.wechat": Decimal(760)}
    assert read("移动新媒体方面:中国绥宁微信公众号信息发布量82条。") == {"proactive.via.wechat": Decimal(82)}
    # a part of a total given before (其中…) keeps its channel key
    parts = read("全年主动公开政府信息8731条,其中门户网站公开信息7717条,微博、微信发布信息1014条。")
    assert parts["proactive.total"] == 8731 and "proactive.via.website" in parts
    assert list(parts.values()).count(Decimal(1014)) <= 1 and parts.get("proactive.total") != 1014


def test_a_count_published_through_one_channel_alone_is_that_channel_s_also_from_the_clause_before() -> None:
    def read(text: str) -> dict[str, Decimal]:
        return {o.indicator: o.value for o in extract_prose(text)}

    website = "proactive.via.website"
    assert read("紧紧围绕中心工作,通过“中国·贵阳”门户网站,全年发布各类政务信息29306条。") == {website: Decimal(29306)}
    assert read("我镇在县人民政府外网主动公开政府信息数13条。") == {website: Decimal(13)}
    assert read("我街道在都匀市人民政府网,截至2022年12月31日共发布信息89条。") == {website: Decimal(89)}
    assert read("微信公众号保持常态化运营,全年发布信息502篇。") == {"proactive.via.wechat": Decimal(502)}
    assert read("政府网站访问量大增,全年主动公开政府信息120条。") == {
        "proactive.total": Decimal(120)
    }  # named, not the way
    # other channels named with it, 等平台, a clause further away, or counts of other channels after: not the website's
    assert read("通过门户网站、政务微博等渠道,全年主动公开政府信息500条。") == {"proactive.total": Decimal(500)}
    assert read("通过门户网站专栏等平台,累计主动公开政府信息29条。") == {"proactive.total": Decimal(29)}
    assert read("及时在网站上发布各类通知等信息,提高工作透明度,全年主动公开政府信息774条。") == {
        "proactive.total": Decimal(774)
    }
    got = read("本年度,我局通过政府信息公开平台公开信息93条,政府网站公开信息508条,微信公众号公开信息42条。")
    assert got.get(website) == 508


def test_the_parts_of_a_value_the_sentence_breaks_down_are_not_more_values_of_it() -> None:
    text = "及时解读知识产权政府信息19条,其中主要负责人解读1条,音视频解读1条,图片解读2条,文字解读15条。"
    values = [(o.indicator, o.value) for o in extract_prose(text)]
    assert values == [("interpretations.published", Decimal(19))]


def test_request_counts_in_zong_and_wordings_of_completion_and_staff() -> None:
    text = "本年收到申请125宗,本年辦結121宗。共有专职信息人员2名。结转2020年继续办理的6件。"
    got = {(o.indicator, o.value) for o in extract_prose(text)}
    assert ("requests.completed", Decimal(121)) in got
    assert ("requests.completed", Decimal(3)) in {(o.indicator, o.value) for o in extract_prose("办理完成3件。")}
    assert ("staff.fulltime", Decimal(2)) in got and ("requests.carried_forward", Decimal(6)) in got


def test_the_title_of_a_plain_text_report_split_cut_or_behind_breadcrumbs() -> None:
    cases = [
        ("宿州市人民政府2016年\n政府信息公开工作年度报告\n宿州市人民政府办公室\n一、概述", "宿州市人民政府", 2016),
        ("道县文广新局2013年度信息公开工作\n年度报告\n一、主动公开政府信息的情况", "道县文广新局", 2013),
        ("当前位置: 首页 > 公开 > 年度报告\n\n广州市国资委2019年政府信息公开工作年度报告\n一、总体情况", "广州市国资委", 2019),
        ("荆州市荆州区人民政府办公室2021年政府信息公开工作年度报告(以下简称年报)是根据《中华人民共和国政府信息公开条例》"
         "和国务院办公厅有关通知规定编制,所列数据的统计期限从2021年1月1日起至2021年12月31日止。",
         "荆州市荆州区人民政府办公室", 2021),
        ("黑龍江省體育局2015年政府信息公開年度報告\n一、概述", "黑龙江省体育局", 2015),
        ("政府信息公开\n\n2017年财政部政府信息公开工作年度报告\n\n根据《条例》要求编制。", "财政部", 2017),
        ("朗读\n2011年谷来镇人民政府信息公开年报\n引 言", "谷来镇人民政府", 2011),
    ]  # fmt: skip
    for text, agency, year in cases:
        meta = parsers.parse_text(text).metadata
        assert (meta.agency, meta.report_year) == (agency, year), text[:30]


def test_the_agency_beside_the_title_in_a_letter_s_title_or_in_the_opening_and_never_我街() -> None:
    cases = [
        ("标      题 西藏自治区审计厅2025年政务信息公开工作开展年度报告\n一、总体情况", "西藏自治区审计厅"),
        ("福建省公安厅关于报送2020年政府信息公开工作年度报告的函\n省政府办公厅:\n根据要求,现报送贵厅。", "福建省公安厅"),
        ("关于2021年度政府信息公开工作的年度报告\n\nwww.panzhihua.gov.cn 发布时间:2022-01-25\n\n盐边县新九镇人民政府\n\n"
         "关于2021年度政府信息公开工作的年度报告\n一、总体情况", "盐边县新九镇人民政府"),
        ("本年度报告根据《条例》要求,汇总2021年度大东坝镇人民政府的政务公开年度报告编制而成。", "大东坝镇人民政府"),
        ("依据《条例》规定,现公开西安市临潼区人民政府办公室2025年政府信息公开工作年度报告,本报告所列数据的统计期限自2025年"
         "1月1日至2025年12月31日。", "西安市临潼区人民政府办公室"),
        ("一、总体情况\n2023年,我街按照《中华人民共和国政府信息公开条例》有关要求,认真落实政府信息公开工作。", ""),
        ("如对本报告有任何疑问,请联系我社(联系地址:温州市龙湾区)。", ""),
        ("本年报由江干区行政审批服务管理办公室(公共资源交易管理委员会办公室)编制的2017年度政府信息公开工作年度报告。",
         "江干区行政审批服务管理办公室"),
        ("二是完成信息目录编制工作。全面梳理了本单位职责范围内的各类信息,成功编制了涵盖机构职能的目录。", ""),
    ]  # fmt: skip
    for text, agency in cases:
        assert parsers.parse_text(text).metadata.agency == agency, text[:30]


def test_a_report_the_text_cites_is_not_its_title() -> None:
    text = (
        "根据《中华人民共和国政府信息公开条例》有关规定,编制本报告。\n一、总体情况\n"
        "2022年,国家新闻出版署坚持以习近平新时代中国特色社会主义思想为指导,深入推进政府信息公开工作。\n"
        "二是稳妥做好主动公开。公开发布《国家新闻出版署2021年政府信息公开工作年度报告》。"
    )
    assert parsers.parse_text(text).metadata.report_year == 2022


def test_a_table_three_word_in_the_opening_does_not_swallow_the_prose_after_it() -> None:
    """本报告由…收到和处理政府信息公开申请情况…组成 starts no table: the prose after it is read, and a table 二
    pasted into paragraphs as | rows is read as a table."""
    lines = [
        "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等部分组成。",
        "一、总体情况",
        "本年度,我局通过政府网站公开信息508条,微信公众号公开信息42条。",
        "二、主动公开政府信息情况",
        "第二十条第(一)项 | |||",
        "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
        "规章 | 0 | 0 | 0 |",
        "规范性文件 | 3 | 3 | 12 |",
    ]
    page = "<html><body><div class='article'>" + "".join(f"<p>{x}</p>" for x in lines) + "</div></body></html>"
    report = parsers.parse_html(page.encode(), url="http://www.example.gov.cn/a.html")
    assert report.value("proactive.via.website") == 508 and report.value("proactive.via.wechat") == 42
    assert report.value("normative_docs.published_total") == 12


def test_table_rows_with_remarks_are_known_and_unknown_rows_are_kept_as_extra() -> None:
    rows = [
        ["第二十条第(一)项", "", "", ""],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章(县级无此项)", "0", "0", "0"],
        ["规范性檔案(行政机关制定发布的决定、公告)", "4", "1", "30"],
        ["其他主动公开文件(含以本单位名义签发的文件)", "12", "0", "40"],
    ]
    report = parsers.parse_html(_html_table_report(rows), url="http://www.example.gov.cn/a.html")
    assert report.value("rules.in_force") == 0 and report.value("normative_docs.in_force") == 30
    extra = {o.indicator: o.value for o in report.observations if o.indicator.startswith("extra.")}
    assert extra == {"extra.其他主动公开文件.issued": 12, "extra.其他主动公开文件.repealed": 0,
                     "extra.其他主动公开文件.in_force": 40}  # fmt: skip
    label = next(o.label for o in report.observations if o.indicator == "extra.其他主动公开文件.issued")
    assert label.startswith("其他主动公开文件(含")


def test_an_unknown_row_of_table_three_is_kept_per_applicant_column() -> None:
    from tests.generate_reports import generate_report_html

    page = generate_report_html("某某县人民政府", 2021, "2021", 3)
    start = page.index("<tr>", page.rindex("<tr>", 0, page.index("四、结转下年度继续办理")))
    row = page[start : page.index("</tr>", start) + 5]
    extra_row = row.replace("四、结转下年度继续办理", "五、本年度申请人撤回申请数")
    page = page.replace(row, row + extra_row, 1)
    report = parsers.parse_html(page.encode(), url="http://www.example.gov.cn/a.html")
    carried = {o.applicant: o.value for o in report.observations if o.indicator == "requests.carried_forward"}
    kept = {o.applicant: o.value for o in report.observations if o.indicator == "extra.本年度申请人撤回申请数"}
    assert len(carried) == 7 and kept == carried  # the same cells, one value per applicant column


def test_a_report_covering_several_years_says_so() -> None:
    several = parsers.parse_text(
        "某某县人民政府2019—2020年度政府信息公开工作年度报告\n本报告所列数据的统计期限自2019年1月1日至2020年12月31日。"
        "全年主动公开政府信息120条。"
    )
    flagged = [c for c in several.checks if c.rule == "X-YEARS"]
    assert [(c.status, c.operands[0]["first_year"], c.operands[0]["last_year"]) for c in flagged] == [
        ("uncertain", 2019, 2020)
    ]
    one = parsers.parse_text("某某县人民政府2020年政府信息公开工作年度报告\n统计期限自2020年1月1日至2020年12月31日。")
    assert not [c for c in one.checks if c.rule == "X-YEARS"]


def test_tables_pasted_as_text_in_traditional_script_with_glosses() -> None:
    text = (
        "某某縣人民政府2020年政府信息公開工作年度報告\n二、主動公開政府信息情況\n第二十條第(一)項\n"
        "信息內容 | 本年新制作數(shù)量 | 本年新公開數量 | 對外公開總數量\n規(guī)章 | 0 | 0 | 2\n規范性文件 | 3 | 3 | 9\n"
        "三、收到和處理政府信息公開申請情況\n"
        "一、本年新收政府信息公開申請數量 | 4 | 1 | 0 | 0 | 0 | 0 | 5\n"
        "二、上年結(jié)轉(zhuǎn)政府信息公開申請數量 | 0 | 0 | 0 | 0 | 0 | 0 | 0\n"
    )
    report = parsers.parse_text(text)
    assert report.value("rules.published_total") == 2 and report.value("normative_docs.made") == 3
    assert report.value("requests.received", "total") == 5 and report.value("requests.carried_over", "total") == 0
    evidence = next(o for o in report.observations if o.indicator == "rules.published_total").evidence
    assert "規(guī)章" in evidence or "2" in evidence


def test_the_last_row_of_table_three_alone_on_a_page_is_read() -> None:
    text = (
        "某某县审计局2020年政府信息公开工作年度报告\nPage 9\n四、结转下年度继续办理 0 1 0 0 0 0 1\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )
    report = parsers.parse_text(text)
    assert report.value("requests.carried_forward", "total") == 1
    assert report.value("requests.carried_forward", "commercial") == 1


def test_the_agency_from_the_report_s_own_template_sentences() -> None:
    """Reports whose title is missing still name their author: the contact office, the signature, 编制…报告."""
    cases = [
        ("本报告中所列数据的统计期限自2010年1月1日起至2010年12月31日止。如对本报告有任何疑问,请与闽侯县水利局"
         "政府信息公开工作领导小组办公室联系(地址:闽侯县甘蔗街道)。", "闽侯县水利局"),
        ("如对本年度报告有任何疑问,请与鹿城区财政局办公室联系(电话:0577—88300000)。", "鹿城区财政局"),
        ("如对本报告有任何疑问,请与钦州市人民政府办公室文电科联系(地址:钦州市永福东大街)。", "钦州市人民政府办公室"),
        ("一、概述\n今年我街道信息公开工作稳步推进。\n桦甸市人民政府新华街道办事处\n2013年3月7日", "桦甸市人民政府新华街道办事处"),
        ("根据《条例》等相关规定,编制大竹县安吉乡人民政府2023年政府信息公开工作年度报告。", "大竹县安吉乡人民政府"),
        ("本报告所列统计数据期限自2022年1月1日起至12月31日止。受理机构为长春市南关区桃源街道办事处。",
         "长春市南关区桃源街道办事处"),
        ("一、總體情況\n2022年,撫遠市自然資源局不斷強化宣傳信息報送工作。", "抚远市自然资源局"),
    ]  # fmt: skip
    for text, agency in cases:
        assert parsers.parse_text(text).metadata.agency == agency, text[:30]


def test_sentence_fragments_are_never_agencies() -> None:
    for text in (
        "2020 年,我单位对形成的政府信息实现了依法、有序公开。",
        "2019年,在区政府及上级主管部门的指导下开展工作。",
    ):
        assert parsers.parse_text(text).metadata.agency == "", text


def test_a_later_different_value_of_an_indicator_is_a_part_not_a_second_value() -> None:
    text = (
        "2019年共主动公开政府信息51件。其中省厅文件类14件,部门文件类3件,其他应主动公开的政府信息29件。"
        "通过主流报刊广播电视等新闻媒体发布,共发布信息6000余篇。"
    )
    values = [o.value for o in extract_prose(text) if o.indicator == "proactive.total"]
    assert values == [Decimal(51)]


def test_small_transposed_tables_are_read_by_the_prose_lexicon() -> None:
    text = (
        "某某县2019年政府信息公开工作年度报告\n（一）主动公开\n"
        "新闻发布会 | 电视采访 | 数字图文 | 微信 |\n3次 | 2次 | 21条 | 400余条 |\n"
    )
    report = parsers.parse_text(text)
    got = {(o.indicator, o.value, o.approximate) for o in report.observations}
    assert got == {("press_conferences.total", 3, False), ("proactive.via.wechat", 400, True)}
    wechat = next(o for o in report.observations if o.indicator == "proactive.via.wechat")
    assert (wechat.raw, wechat.source, text[wechat.start : wechat.end]) == ("400余", "table", "400余")
    page = (
        "<html><body><div class='article'><p>某某县2019年政府信息公开工作年度报告</p><table>"
        "<tr><td>新闻发布会</td><td>政策解读</td><td>微博</td></tr><tr><td>3次</td><td>12篇</td><td>1.3万条</td></tr>"
        "</table></div></body></html>"
    )
    html = parsers.parse_html(page.encode(), url="http://www.example.gov.cn/a.html")
    assert {(o.indicator, o.value) for o in html.observations} == {
        ("press_conferences.total", 3),
        ("interpretations.published", 12),
        ("proactive.via.weibo", 13000),
    }
