"""T3-SUBTOTAL (report-formats.md §7.1) and the 2014–2018 identities of §7.5: generated inputs that pass, and
altered copies that fail (or become uncertain when an operand is blank)."""

from __future__ import annotations

import pytest

import parsers
from tests.generate_reports import generate_report
from tests.parsers.t3_builder import APPLICANTS7, build, to_html, to_text

GROUPS_2021 = ("outcome.denied", "outcome.unable", "outcome.not_processed", "outcome.other")


def _checks(report: parsers.ParsedReport, rule: str) -> list[parsers.Check]:
    return [c for c in report.checks if c.rule == rule]


def _parse_t3(t, layout: str) -> parsers.ParsedReport:
    if layout in ("leaf", "row"):
        return parsers.parse_html(to_html(t, subtotal_style=layout).encode("utf-8"))
    return parsers.parse_text(to_text(t, layout=layout))


@pytest.mark.parametrize("layout", ["leaf", "row", "pipe", "lines"])
@pytest.mark.parametrize("fmt", ["2021", "2019"])
def test_subtotal_rows_are_read_and_pass(fmt, layout):
    t = build(fmt, seed=3, subtotals=True)
    report = _parse_t3(t, layout)
    groups = GROUPS_2021 if fmt == "2021" else GROUPS_2021[:3]  # 2019 （六）其他处理 is one row, no subtotal
    checks = _checks(report, "T3-SUBTOTAL")
    assert len(checks) == len(groups) * 7
    assert {c.status for c in checks} == {"pass"}
    for group in groups:
        for a in APPLICANTS7:
            obs = [o for o in report.observations if o.key == (group, a, "year")]
            assert len(obs) == 1 and not obs[0].derived, (group, a)
            assert obs[0].raw == t.value(group, a)
    # the subtotal rows are not counted twice in （七）总计
    assert [c.detail for c in report.checks if c.status != "pass"] == []
    first = next(c for c in checks if c.detail.startswith("natural_person") and "outcome.denied " in c.detail)
    assert first.operands[0]["indicator"] == "outcome.denied" and first.operands[0]["raw"] is not None
    assert [op["indicator"] for op in first.operands[1:]] == [
        f"outcome.denied.{k}"
        for k in (
            "state_secret", "other_law", "security_stability", "third_party",
            "internal_affairs", "process_info", "enforcement_file", "admin_query",
        )
    ]  # fmt: skip


@pytest.mark.parametrize("layout", ["leaf", "row", "pipe"])
def test_altered_subtotal_fails_and_is_kept(layout):
    t = build("2021", seed=4, subtotals=True)
    written = int(t.value("outcome.unable", "research")) + 2
    t.set("outcome.unable", "research", str(written))
    report = _parse_t3(t, layout)
    fails = [c for c in _checks(report, "T3-SUBTOTAL") if c.status == "fail"]
    assert len(fails) == 1
    assert fails[0].detail.startswith(f"research: outcome.unable {written} ≠ sum of items {written - 2}")
    assert fails[0].operands[0]["value"] == written
    assert report.value("outcome.unable", "research") == written  # never corrected
    # the other 27 subtotal cells still pass
    assert sum(1 for c in _checks(report, "T3-SUBTOTAL") if c.status == "pass") == 27


def test_altered_item_fails_the_subtotal_of_its_group():
    t = build("2021", seed=5, subtotals=True)
    t.set("outcome.other.unpaid_fee", "total", str(int(t.value("outcome.other.unpaid_fee", "total")) + 1))
    report = _parse_t3(t, "leaf")
    fails = {(c.rule, c.detail.split(":")[0]) for c in report.checks if c.status == "fail"}
    assert ("T3-SUBTOTAL", "total") in fails
    failing_sub = [c for c in _checks(report, "T3-SUBTOTAL") if c.status == "fail"]
    assert len(failing_sub) == 1 and "outcome.other " in failing_sub[0].detail


def test_blank_cells_make_the_subtotal_uncertain_not_derived():
    t = build("2021", seed=6, subtotals=True)
    t.set("outcome.denied.third_party", "commercial", "")  # an item cell blank
    t.set("outcome.not_processed", "legal_service", "/")  # a subtotal cell blank
    report = _parse_t3(t, "leaf")
    by_column = {(c.detail.split(":")[0], c.operands[0]["indicator"]): c for c in _checks(report, "T3-SUBTOTAL")}
    item_blank = by_column[("commercial", "outcome.denied")]
    assert item_blank.status == "uncertain" and "outcome.denied.third_party" in item_blank.detail
    assert [op["value"] for op in item_blank.operands if op["indicator"] == "outcome.denied.third_party"] == [None]
    sub_blank = by_column[("legal_service", "outcome.not_processed")]
    assert sub_blank.status == "uncertain" and "subtotal row" in sub_blank.detail
    assert sub_blank.operands[0]["value"] is None
    assert {c.status for c in _checks(report, "T3-SUBTOTAL")} == {"pass", "uncertain"}


def test_templates_without_subtotal_rows_have_no_subtotal_check():
    for fmt in ("2021", "2019"):
        t = build(fmt, seed=7, subtotals=False)
        for layout in ("leaf", "pipe"):
            report = _parse_t3(t, layout)
            assert _checks(report, "T3-SUBTOTAL") == []
            assert {c.status for c in _checks(report, "T3-SUM")} == {"pass"}
    g = generate_report("吉林市昌邑区人民政府", 2022, "2021", 2, "html")
    assert _checks(parsers.parse_html(g.html.encode("utf-8")), "T3-SUBTOTAL") == []


# --- 2014–2018 statistics table (§7.5) ------------------------------------------------------------------------


def _stat_report(seed: int = 1) -> tuple[list[str], dict[str, int]]:
    """A generated 2016 report (pipe layout) as lines, and the line index of each row label."""
    g = generate_report("泰州市海陵区人民政府", 2016, "2014", seed, "pipe")
    lines = g.text.split("\n")
    where = {line.split(" | ")[0]: i for i, line in enumerate(lines) if " | " in line}
    return lines, where


def _set(lines: list[str], where: dict[str, int], label: str, value: str) -> None:
    cells = lines[where[label]].split(" | ")
    cells[2] = value
    lines[where[label]] = " | ".join(cells)


def _get(lines: list[str], where: dict[str, int], label: str) -> int:
    return int(lines[where[label]].split(" | ")[2])


PROACTIVE = "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）"
NORMATIVE = "其中：主动公开规范性文件数"
PRESS, PRESS_LEADERS = "1.参加或举办新闻发布会总次数", "其中：主要负责同志参加新闻发布会次数"
INTERVIEWS, INTERVIEW_LEADERS = "2.政府网站在线访谈次数", "其中：主要负责同志参加政府网站在线访谈次数"
STAFF, FULLTIME, PARTTIME = (
    "（三）从事政府信息公开工作人员数",
    "1.专职人员数（不包括政府公报及政府网站工作人员数）",
    "2.兼职人员数",
)


def test_generated_statistics_table_passes_the_inequalities_and_staff_sum():
    for seed in (1, 2, 3):
        lines, _ = _stat_report(seed)
        report = parsers.parse_text("\n".join(lines))
        assert report.metadata.format == "2014"
        statuses = {
            rule: [c.status for c in _checks(report, rule)]
            for rule in ("STAT-NORMATIVE", "STAT-PRESS-LEADERS", "STAT-INTERVIEW-LEADERS", "STAT-STAFF")
        }
        assert statuses == {rule: ["pass"] for rule in statuses}


def test_normative_documents_above_all_documents_fail():
    lines, where = _stat_report()
    total = _get(lines, where, PROACTIVE)
    _set(lines, where, NORMATIVE, str(total + 1))
    (check,) = _checks(parsers.parse_text("\n".join(lines)), "STAT-NORMATIVE")
    assert check.status == "fail"
    assert check.detail == f"year: proactive.normative_docs {total + 1} > proactive.total {total}"
    assert [(op["indicator"], op["value"]) for op in check.operands] == [
        ("proactive.normative_docs", total + 1),
        ("proactive.total", total),
    ]


@pytest.mark.parametrize(
    ("rule", "whole", "part"),
    [("STAT-PRESS-LEADERS", PRESS, PRESS_LEADERS), ("STAT-INTERVIEW-LEADERS", INTERVIEWS, INTERVIEW_LEADERS)],
)
def test_leaders_above_the_total_fail_and_a_blank_total_is_uncertain(rule, whole, part):
    lines, where = _stat_report()
    total = _get(lines, where, whole)
    _set(lines, where, part, str(total + 3))
    (check,) = _checks(parsers.parse_text("\n".join(lines)), rule)
    assert check.status == "fail" and f"> {check.operands[1]['indicator']} {total}" in check.detail
    _set(lines, where, whole, "—")
    (check,) = _checks(parsers.parse_text("\n".join(lines)), rule)
    assert check.status == "uncertain" and check.operands[1]["value"] is None


def test_staff_sum_fails_when_altered_and_is_uncertain_when_blank():
    lines, where = _stat_report()
    _set(lines, where, FULLTIME, str(_get(lines, where, FULLTIME) + 1))
    (check,) = _checks(parsers.parse_text("\n".join(lines)), "STAT-STAFF")
    assert check.status == "fail"
    assert [op["indicator"] for op in check.operands] == ["staff.total", "staff.fulltime", "staff.parttime"]
    _set(lines, where, PARTTIME, "")
    (check,) = _checks(parsers.parse_text("\n".join(lines)), "STAT-STAFF")
    assert check.status == "uncertain" and "staff.parttime" in check.detail


def test_statistics_table_without_the_rows_has_no_inequality_checks():
    lines, where = _stat_report()
    keep = [line for i, line in enumerate(lines) if i not in (where[NORMATIVE], where[PRESS_LEADERS])]
    report = parsers.parse_text("\n".join(keep))
    assert _checks(report, "STAT-NORMATIVE") == [] and _checks(report, "STAT-PRESS-LEADERS") == []
    assert [c.status for c in _checks(report, "STAT-INTERVIEW-LEADERS")] == ["pass"]


STAFF_PROSE = (
    "某县人民政府2010年政府信息公开工作年度报告\n从事政府信息公开工作人员{t}人，其中专职人员{f}人，兼职人员{p}人。\n"
)


@pytest.mark.parametrize(
    ("t", "f", "p", "status"),
    [("12", "3", "9", "pass"), ("12", "4", "9", "fail"), ("12余", "3", "9", "uncertain")],
)
def test_staff_sum_in_prose(t, f, p, status):
    report = parsers.parse_text(STAFF_PROSE.format(t=t, f=f, p=p))
    (check,) = _checks(report, "STAT-STAFF")
    assert check.status == status
    assert [op["source"] for op in check.operands] == ["text"] * 3
    assert [op["raw"] for op in check.operands] == [t, f, p]


def test_staff_in_prose_without_all_three_numbers_has_no_check():
    report = parsers.parse_text("某县人民政府2010年政府信息公开工作年度报告\n现有专职人员3名，兼职人员9名。\n")
    assert report.value("staff.fulltime") == 3
    assert _checks(report, "STAT-STAFF") == []
