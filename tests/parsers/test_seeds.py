"""The five real seed reports: every table cell of 000/003/004, the main prose numbers of 001/002, and
their real inconsistencies as failing checks (never corrected)."""

from __future__ import annotations

from collections import defaultdict

import parsers

# seed 000 (吉林市昌邑区 2012): (key, 累计数, 2012年发生数); None = "-" (missing)
SEED_000 = [
    ("staff.total", None, 51), ("staff.fulltime", None, 3), ("staff.parttime", None, 48),
    ("trainings.held", 4, 1), ("trainings.attendees", 420, 102),
    ("proactive.total", 13519, 2677),
    ("extra.县(市)区及开发区本级公开信息数", 7135, 988), ("extra.乡镇街道公开信息数", 6384, 1689),
    ("extra.规范性文件类信息数", 2899, 489), ("extra.规划计划和完成情况类信息数", 1398, 561),
    ("extra.公共资金使用和监督类信息数", 1047, 184), ("extra.机构调整和人员变动类信息数", 369, 127),
    ("extra.其他类信息数", 7806, 1316),
    ("extra.与公众利益密切相关事项类(包括公共卫生、扶贫优抚、招考和教育收费、社会保障和劳动就业、土地征用等)信息数", 4254, 864),
    ("extra.在信息公开专栏或信息公开网站发布信息数", 10198, 1069),
    ("extra.政府(含开发区)设置的政府信息公开专栏或网站的点击次数", 58317, 15074),
    ("org.reading_points", 1, 1), ("extra.可进行电子信息查阅的查阅点数", 1, 1),
    ("extra.政府(含开发区)设立的公共信息查阅点汇集信息总数", 6370, 844),
    ("extra.电子信息数", 4237, 625), ("extra.纸质信息数", 2133, 219),
    ("extra.政府(含开发区)设立的公共信息查阅点接待公众查阅人数", 658, 113),
    ("extra.群众到政府(含开发区)设立的公共信息查阅点借阅文件数", 0, 0),
    ("extra.政府公报(政报)发放数", 0, 0), ("extra.其他种类公报的名称和数量", 0, 0),
    ("press_conferences.total", 0, 0), ("extra.新闻发布会发布信息数", 0, 0),
    ("extra.文件信息从生成到网上公开不超过20个工作日的数量", 3032, 562), ("extra.超过20个工作日的数量", 184, 37),
    ("extra.文件信息从生成到向公共查阅点报送不超过30个工作日的数量", 2875, 524),
    ("extra.超过30个工作日的数量", 341, 75),
    ("requests.received", 1838, 96), ("requests.channel.online", 1106, 12), ("requests.channel.in_person", 628, 76),
    ("requests.channel.letter", 0, 0), ("requests.channel.other", 104, 8),
    ("outcome.total", 1838, 96), ("outcome.granted", 1516, 58), ("outcome.partial", 306, 35),
    ("outcome.denied", 27, 3), ("outcome.not_exist", 0, 0), ("extra.申请内容不明数", 0, 0),
    ("outcome.denied.state_secret", 27, 3), ("extra.其他原因数", 0, 0),
    ("review.total", 0, 0), ("extra.受理数", 0, 0), ("extra.办结数", 0, 0), ("review.upheld", 0, 0),
    ("review.corrected", 0, 0), ("litigation.total", 0, 0),
    ("fees.amount", 0, 0), ("extra.依申请提供政府信息收取复印、递送等成本费用数", 0, 0), ("extra.其他费用金额", 0, 0),
]  # fmt: skip

# seed 003 (泰州市海陵区 2017), 统计指标 | 单位 | 合计, then the 申请来源 table
SEED_003_MAIN = {
    "proactive.total": 9585, "proactive.normative_docs": 8468, "normative_docs.issued": 1117,
    "proactive.via.gazette": 125, "proactive.via.website": 10732, "proactive.via.weibo": 1043,
    "proactive.via.wechat": 1500, "proactive.via.other": 65, "responses.hotspots": 64,
    "press_conferences.total": 4, "press_conferences.by_leaders": 3, "online_interviews.total": 20,
    "online_interviews.by_leaders": 19, "interpretations.published": 114, "responses.weibo_wechat": 172,
    "responses.other": 11, "requests.received": 70, "requests.channel.in_person": 15, "requests.channel.fax": 0,
    "requests.channel.online": 32, "requests.channel.letter": 23, "requests.completed": 70,
    "requests.completed_on_time": 70, "requests.completed_extended": 0, "outcome.total": 70,
    "outcome.already_public": 2, "outcome.granted": 17, "outcome.partial": 4, "outcome.denied": 5,
    "outcome.denied.state_secret": 0, "outcome.denied.commercial_secret": 0, "outcome.denied.privacy": 1,
    "outcome.denied.security_stability": 0, "outcome.denied.not_gov_info": 8, "outcome.denied.other_law": 6,
    "outcome.not_this_agency": 3, "outcome.not_exist": 15, "outcome.correction_requested": 4,
    "outcome.other_channel": 5, "requests.source.party_gov": 0, "requests.source.social_org": 3,
    "requests.source.enterprise": 0, "requests.source.media": 0, "requests.source.research": 0,
    "requests.source.citizen": 48, "requests.source.citizen.lawyer": 0, "requests.source.citizen.researcher": 0,
    "requests.source.citizen.journalist": 0, "requests.source.other": 3, "review.total": 26, "review.upheld": 12,
    "review.corrected": 3, "review.other": 11, "litigation.total": 39, "litigation.upheld": 20,
    "litigation.corrected": 2, "litigation.other": 17, "complaints.total": 13150,
    "extra.政府信息公开意见箱办理信件数量": 534, "fees.amount": 0, "org.dedicated_bodies": 41,
    "org.reading_points": 472, "extra.向政府信息公开查阅服务场所移送相关文件、资料": 3018, "staff.total": 128,
    "staff.fulltime": 17, "staff.parttime": 111, "budget.amount": 902000, "meetings.held": 22,
    "trainings.held": 38, "trainings.attendees": 1802, "extra.政务服务事项业务数": 17344, "extra.行政许可": 45992,
    "extra.行政征收": 203, "extra.行政裁决": 0, "extra.行政确认": 6128, "extra.行政奖励": 0,
    "extra.其他行政权力": 3494, "extra.政务服务事项不见面服务业务数": 11864, "extra.政务服务事项不见面占比": 100,
    "extra.实现统一认证业务数": 14371, "extra.实现统一认证占比": 84.18, "extra.实现在线办理业务数": 17104,
    "extra.实现在线办理占比": 100, "extra.电子证照提供目录模板数": 34, "extra.提交电子证照数": 10164,
}  # fmt: skip
SEED_003_SOURCES = {
    "requests.source.party_gov": 0, "requests.source.social_org": 3, "requests.source.enterprise": 0,
    "requests.source.media": 0, "requests.source.research": 0, "requests.source.citizen": 64,
    "requests.source.citizen.lawyer": 0, "requests.source.citizen.researcher": 0,
    "requests.source.citizen.journalist": 0, "requests.source.other": 3, "requests.received": 70,
}  # fmt: skip

# seed 004 (统计局龙潭分局 2017, table labelled 2016年度): the filled cells; every other cell is blank
SEED_004 = {
    "proactive.total": 5, "proactive.via.website": 5, "org.dedicated_bodies": 1, "staff.total": 5,
    "staff.fulltime": 1, "staff.parttime": 4, "meetings.held": 1, "trainings.held": 2, "trainings.attendees": 14,
}  # fmt: skip


def table_values(report: parsers.ParsedReport, table: int | None = None) -> dict[tuple[str, str], list[float]]:
    out: dict[tuple[str, str], list[float]] = defaultdict(list)
    for o in report.observations:
        if o.source == "table" and not o.derived and (table is None or o.table == table):
            out[(o.indicator, o.scope)].append(float(o.value))
    return dict(out)


def failing(report: parsers.ParsedReport, rule: str) -> list[str]:
    return [c.detail for c in report.checks if c.rule == rule and c.status == "fail"]


def test_seed_000_every_cell(seed_reports):
    report = seed_reports["000"]
    got = table_values(report)
    expected: dict[tuple[str, str], list[float]] = defaultdict(list)
    for key, cum, year in SEED_000:
        if cum is not None:
            expected[(key, "cumulative")].append(cum)
        expected[(key, "year")].append(year)
    # 公开信息总数 is printed twice (rows 4 and 5)
    expected[("proactive.total", "cumulative")].append(13519)
    expected[("proactive.total", "year")].append(2677)
    assert got == dict(expected)
    assert report.metadata.format == "pre2014"
    assert report.metadata.report_year == 2012
    assert report.metadata.agency == "吉林市昌邑区人民政府"
    assert (report.metadata.region_code, report.metadata.level) == ("220202", "county")


def test_seed_000_cumulative_outcomes_do_not_add_up(seed_reports):
    report = seed_reports["000"]
    assert failing(report, "STAT-ANSWERS") == ["cumulative: outcome.total 1838 ≠ sum 1849"]
    passed = [c.detail for c in report.checks if c.rule == "STAT-ANSWERS" and c.status == "pass"]
    assert passed == ["year: outcome.total 96 = sum 96"]
    # the stored values stay as printed
    assert report.value("outcome.total", scope="cumulative") == 1838


def test_seed_000_prose(seed_reports):
    r = seed_reports["000"]
    text = {(o.indicator, o.scope): o for o in r.observations if o.source == "text"}
    assert float(text[("requests.received", "year")].value) == 96
    assert float(text[("requests.received", "cumulative")].value) == 1838
    assert float(text[("outcome.granted", "cumulative")].value) == 1516
    assert float(text[("staff.total", "year")].value) == 51  # 截止年末 stock, not cumulative
    assert float(text[("trainings.held", "year")].value) == 1
    attendees = text[("trainings.attendees", "year")]
    assert attendees.approximate and attendees.raw == "100余"
    assert [c.status for c in r.checks if c.rule == "X-TEXT" and "trainings.attendees" in c.detail] == ["uncertain"]
    assert float(text[("review.total", "cumulative")].value) == 0
    # phone number, postcode, percentages and the 2011 date are not read as anything
    values = {float(o.value) for o in r.observations if o.source == "text"}
    assert not values & {62755126, 132000, 65077766, 5.9, 94.1, 2742, 42}


def test_seed_001_prose(seed_reports):
    r = seed_reports["001"]
    got = {(o.indicator, o.scope): float(o.value) for o in r.observations}
    assert got == {
        ("proactive.total", "year"): 4293,
        ("proactive.via.website", "cumulative"): 33675,  # 截至2017年12月31日,通过…网站公开政府信息33675条
        ("online_interviews.total", "year"): 2,  # 进行两次在线访谈
        ("requests.received", "year"): 2,  # 收到省转件依申请公开件2件
        ("normative_docs.issued", "year"): 3,
        ("proactive.via.website", "year"): 1914,
        ("review.total", "year"): 0,
        ("litigation.total", "year"): 0,
        ("fees.amount", "year"): 0,
    }
    m = r.metadata
    assert (m.format, m.report_year, m.published, m.agency) == ("prose", 2017, "2018-03-14", "大安市人民政府")
    assert (m.region_code, m.level) == ("220882", "county")


def test_seed_002_prose(seed_reports):
    r = seed_reports["002"]
    [obs] = r.observations
    assert (obs.indicator, float(obs.value), obs.approximate, obs.raw) == (
        "proactive.via.website",
        13000,
        True,
        "1.3万",
    )
    m = r.metadata
    assert (m.format, m.report_year, m.agency, m.region_code, m.level) == (
        "prose", 2009, "钦州市人民政府", "450700", "prefecture")  # fmt: skip


def test_seed_003_every_cell(seed_reports):
    r = seed_reports["003"]
    # the page has no cell separators: both tables are read as one region, main table first
    got = {k: v for (k, _), v in table_values(r).items()}
    expected = {k: [float(v)] for k, v in SEED_003_MAIN.items()}
    for k, v in SEED_003_SOURCES.items():  # the 占比 column is not stored as counts
        expected[k].append(float(v))
    assert got == expected
    m = r.metadata
    assert (m.format, m.report_year, m.published, m.index_no, m.publisher) == (
        "2014", 2017, "2018-02-27", "001000/2018-00003", "海陵区政府")  # fmt: skip
    assert m.region_code == "321202"


def test_seed_003_inconsistencies_surface(seed_reports):
    r = seed_reports["003"]
    fails = failing(r, "X-TEXT")
    for detail in (
        "requests.channel.in_person year: text 3 ≠ table 15",
        "requests.channel.online year: text 44 ≠ table 32",
        "review.total year: text 3 ≠ table 26",
        "litigation.total year: text 5 ≠ table 39",
    ):
        assert detail in fails
    assert failing(r, "X-DUP") == ["requests.source.citizen year: tables disagree (48 vs 64)"]
    assert failing(r, "STAT-ANSWERS") == ["year: outcome.total 70 ≠ sum 55"]
    # table values are kept as printed
    assert r.value("review.total") == 26 and r.value("requests.channel.in_person") == 15


def test_seed_004_every_cell(seed_reports):
    r = seed_reports["004"]
    got = {k: v for (k, _), v in table_values(r).items()}
    assert got == {k: [float(v)] for k, v in SEED_004.items()}
    m = r.metadata
    assert (m.report_year, m.published, m.format, m.agency, m.region_code) == (
        2017, "2018-03-01", "2014", "吉林市统计局龙潭区分局", "220203")  # fmt: skip


def test_seed_004_inconsistencies_surface(seed_reports):
    r = seed_reports["004"]
    assert failing(r, "X-YEAR") == ["table 0 is labelled 2016年 inside the 2017 report"]
    assert sorted(failing(r, "X-TEXT")) == [
        "meetings.held year: text 2 ≠ table 1",
        "trainings.held year: text 1 ≠ table 2",
    ]


def test_evidence_is_in_the_text_and_holds_the_raw_value(seed_reports):
    for prefix, report in seed_reports.items():
        from tests.parsers.conftest import seed_text

        text = seed_text(prefix)
        for o in report.observations:
            assert o.evidence in text
            assert o.raw in o.evidence
            if not o.derived:
                assert text[o.start : o.end] == o.raw
