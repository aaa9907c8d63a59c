"""The prose lexicon data files: every row names catalog keys, compiles, and its wordings read as that key."""

from __future__ import annotations

import pytest

from parsers.catalog import indicator_units
from parsers.lexicon import _rows, all_of, wordings, zero_statements
from parsers.prose import extract_prose


def _keys(key: str) -> list[str]:
    if key == "none":
        return []
    out = []
    for part in key.split("|"):
        out += [part.replace("{appeal}", a) for a in ("review", "litigation")] if "{appeal}" in part else [part]
    return out


@pytest.mark.parametrize("w", wordings(), ids=lambda w: f"{w.order}:{w.key}")
def test_every_wording_names_catalog_keys(w) -> None:  # type: ignore[no-untyped-def]
    units = indicator_units()
    # {appeal} rows resolve to review.* or litigation.*; a form the catalog lacks (litigation.pending) is dropped
    assert any(k in units for k in _keys(w.key)) or w.key == "none", w.key
    assert w.side in ("before", "after")


@pytest.mark.parametrize("z", zero_statements(), ids=lambda z: "|".join(z.keys))
def test_every_statement_of_none_names_catalog_keys(z) -> None:  # type: ignore[no-untyped-def]
    assert all(k in indicator_units() for k in z.keys)


# one real-report wording per family of rows (from the corpus notes), with what it must read
EXAMPLES = [
    ("全年受理依申请信息公开21件，包括信函申请2件、网络申请19件。", {("requests.received", 21),
     ("requests.channel.letter", 2), ("requests.channel.online", 19)}),
    ("其中予以公开10件，部分公开2件。", {("outcome.granted", 10), ("outcome.partial", 2)}),
    ("全年共收到行政复议1件，维持结果1件，尚未办结0件。", {("review.total", 1), ("review.upheld", 1), ("review.pending", 0)}),
    ("印发规范性文件1件，召开新闻发布会3次。", {("normative_docs.issued", 1), ("press_conferences.total", 3)}),
    ("答复政府信息公开申请34430件。", {("outcome.total", 34430)}),
    ("全年共采集、发布、修订信息616条。", {("proactive.total", 616)}),
    ("本年度未发生因政府信息公开引发的行政复议和行政诉讼。", {("review.total", 0), ("litigation.total", 0)}),
    ("本年度未收取信息处理费。", {("fees.amount", 0)}),
    ("全年举办培训班2期，培训人员120人次。", {("trainings.held", 2), ("trainings.attendees", 120)}),
    ("另有5件申请结转下年度继续办理。", {("requests.carried_forward", 5)}),
    ("被申请行政复议、提起行政诉讼的案件0件。", {("review.total", 0), ("litigation.total", 0)}),
    ("收到申请8件，其中本办不掌握相关政府信息2件。", {("requests.received", 8), ("outcome.unable.not_held", 2)}),
    ("收到申请9件，没有现成信息需要另行制作2件，补正后申请内容仍不明确1件，要求行政机关确认或重新出具已获取信息3件，"
     "属于四类过程性信息1件。", {("requests.received", 9), ("outcome.unable.needs_creation", 2),
     ("outcome.unable.unclear", 1), ("outcome.not_processed.confirm", 3), ("outcome.denied.process_info", 1)}),
    ("政府行政复议6件,5件结果维持,1件结果纠正。", {("review.total", 6), ("review.upheld", 5), ("review.corrected", 1)}),
    ("本年辦結121宗,解读政策525件。", {("requests.completed", 121), ("interpretations.published", 525)}),
    ("本年度制发的省政府规章5件,废止省政府规章9件,废止行政规范性文件3件,现行有效规范性文件40件。",
     {("rules.issued", 5), ("rules.repealed", 9), ("normative_docs.repealed", 3), ("normative_docs.in_force", 40)}),
    ("制定政府规章4部。", {("rules.issued", 4)}),
    ("回應公共關注熱點2次,配備了3個工作人員。", {("responses.hotspots", 2), ("staff.total", 3)}),
    ("有关政府信息公开事务的行政诉讼案0件。", {("litigation.total", 0)}),
    ("我局未发生针对本部门有关政府信息公开事务的依申请公开情况。", {("requests.received", 0)}),
    ("本年度政府信息公开工作没有被举报和被投诉情况。", {("complaints.total", 0)}),
    ("全年举办培训次数2次,通过举办新闻发布会回应解读1次。", {("trainings.held", 2), ("press_conferences.total", 1)}),
    ("其中规范性文件类信息为3条。", {("proactive.normative_docs", 3)}),
    ("我局主动公开政府信息历年累计52条。", {("proactive.total", 52)}),
    ("向社会公开政务要闻、政府文件、重大决策、便民服务等政府信息共计4891条。", {("proactive.total", 4891)}),
    ("“周至政务”公众号共发布信息294期1014条。", {("proactive.via.wechat", 1014)}),
    ("全省政府公报刊登政府规章和规范性文件等信息0.24万条。", {("proactive.via.gazette", 2400)}),
    ("全年省政府公报出刊24期。", set()),
    ("通过报刊、广播、电视等媒体公开246条。", {("proactive.via.other", 246)}),
    ("媒体网站、报纸等其他媒体发布信息868余条。", {("proactive.via.other", 868)}),
    ("其中政務信息公開網554條,其它方式61條。", {("proactive.via.website", 554), ("proactive.via.other", 61)}),
    ("通过新闻媒体公开信息1600余条、通过其他形式公开信息600余条。", {("proactive.via.other", 600)}),
    ("全年通过局网站主动公开各类政府信息521条、通过其它方式公开各类政府信息58条。",
     {("proactive.via.website", 521), ("proactive.via.other", 58)}),
    ("行政处罚2项、行政强制0项,行政事业性收费0元。", {("admin_fees.amount", 0)}),
    ("我局接到12项依申请公开政府信息申请。", {("requests.received", 12)}),
    ("受理申请9件,其中“同意公开”的7件,“不予公开”的1件。", {("requests.received", 9), ("outcome.granted", 7),
     ("outcome.denied", 1)}),
    ("收到申请7件,其中3条已公开,3条属于个人隐私,不予以公开,1条属于重复申请。", {("requests.received", 7),
     ("outcome.granted", 3), ("outcome.denied", 3), ("outcome.not_processed.duplicate", 1)}),
    ("收到申请9件,1宗不予公开,8宗我办不掌握相关政府信息。", {("requests.received", 9), ("outcome.denied", 1),
     ("outcome.unable.not_held", 8)}),
    ("4宗被行政复议结果维持。", {("review.total", 4), ("review.upheld", 4)}),
    ("2023年共发布300件主动公开信息。", {("proactive.total", 300)}),
    ("二、主动公开政府信息情况\n2025年公开政务信息91条。", {("proactive.total", 91)}),
    ("2019年度完成政府信息公开301条。", {("proactive.total", 301)}),
    ("2014年度共主动公开政府信息(综合政务类)287条。", {("proactive.total", 287)}),
    ("局网发布信息450余条。", {("proactive.via.website", 450)}),
    ("市自然资源局接收到申请书55份,上年结转办理1件,1宗结转下年度继续办理。", {("requests.received", 55),
     ("requests.carried_over", 1), ("requests.carried_forward", 1)}),
    ("全年共收到依申请公开件1件,无转结下年度继续办理件。", {("requests.received", 1), ("requests.carried_forward", 0)}),
    ("2018年,我局未涉及到要求政府信息公开的申请。", {("requests.received", 0)}),
    ("海南海事局未共收到依申請公開申請。", {("requests.received", 0)}),
    ("微信公众号推送涉及教育、医疗、公共文化、社会保障等的政务动态68余条。", {("proactive.via.wechat", 68)}),
    ("微信公众号发布政策解读、工作动态、服务信息等共计158条。", {("proactive.via.wechat", 158)}),
    ("依法答復3宗,本機關不掌握的政府信息4件。", {("outcome.total", 3), ("outcome.unable.not_held", 4)}),
    ("收到申请5件,其中公开3件,“非本机关政府信息”的1件;发布政策解读稿5篇。", {("requests.received", 5),
     ("outcome.granted", 3), ("outcome.not_this_agency", 1), ("interpretations.published", 5)}),
    ("本年度未被行政诉讼。", {("litigation.total", 0)}),
    ("其中政府网站公开政府信息数238条,政务微信公开政府信息数170,微信公众号发布信息数量144。",
     {("proactive.via.website", 238), ("proactive.via.wechat", 170)}),
    ("网站访问量12345,申请数量为3,占总数的80%,2019年主动公开信息数量2019年。", {("requests.received", 3)}),
    ("1宗復議后訴訟結果維持。", {("litigation.after_review.total", 1), ("litigation.after_review.upheld", 1)}),
    ("通過局門戶網站、微信等有效途徑對外公開資訊1740條,政策解讀資訊7條。", {("proactive.total", 1740),
     ("interpretations.published", 7)}),
    ("办结144件申请,其中,属于公开范围的55件、不予公开的48件。", {("requests.completed", 144), ("outcome.denied", 48)}),
    ("省政府及省政府办公厅共制发规章6件、行政规范性文件9件,废止规章17件、行政规范性文件0件。",
     {("rules.issued", 6), ("normative_docs.issued", 9), ("rules.repealed", 17), ("normative_docs.repealed", 0)}),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expected"), EXAMPLES, ids=[e[0][:12] for e in EXAMPLES])
def test_real_wordings(sentence: str, expected: set[tuple[str, int]]) -> None:
    assert {(o.indicator, int(o.value)) for o in extract_prose(sentence)} == expected


_COUNT_OF = {"requests.received": "全年收到政府信息公开申请3件", "review.total": "因政府信息公开被申请行政复议3件",
             "litigation.total": "因政府信息公开被提起行政诉讼3件"}  # fmt: skip


@pytest.mark.parametrize("row", all_of(), ids=lambda r: r.key)
def test_every_shared_subject_row_reads_its_example(row) -> None:  # type: ignore[no-untyped-def]
    """Each prose_all_of.csv row, on the wording of its note after a count, gives that count to its key too, with the
    words that say so as evidence."""
    example = next(r["note"] for r in _rows("prose_all_of.csv") if r["key"] == row.key and r["pattern"] == row.source)
    base = next(k for k in _COUNT_OF if k in row.bases)
    got = {o.indicator: o for o in extract_prose(f"{_COUNT_OF[base]},{example}。")}
    assert got[base].value == 3 and got[row.key].value == 3
    assert got[row.key].raw.startswith(("均", "全部", "都")) and got[row.key].raw in got[row.key].evidence


def test_a_shared_subject_after_a_list_of_counts_is_not_given_to_any() -> None:
    got = {(o.indicator, int(o.value)) for o in extract_prose("收到行政复议申请8件,行政诉讼16件,均维持原行政行为。")}
    assert got == {("review.total", 8), ("litigation.total", 16)}
    # a clause that says something else of all of them (均在法定期限内答复) gives no other indicator
    assert {o.indicator for o in extract_prose("全年共收到政府信息公开申请17件,均在法定期限内办结。")} == {
        "requests.received"
    }


def test_document_counts_in_a_2019_or_2020_report_take_that_era_s_terms() -> None:
    sentence = "其中新制定行政规范性文件15件,发布省政府规章11部、规范性文件83件,印发规范性文件通知1件。"
    got = {(o.indicator, int(o.value)) for o in extract_prose(sentence, year=2020)}
    assert got == {("normative_docs.made", 15), ("rules.published", 11), ("normative_docs.published", 83)}
    later = {(o.indicator, int(o.value)) for o in extract_prose("发布政府规章4部、行政规范性文件19件。", year=2023)}
    assert later == {("rules.issued", 4), ("normative_docs.issued", 19)}
