"""Synthetic annual OGI reports in every era and layout, with the values they contain.

Used by the parser tests, by ``bench/parse.py`` and by the portal replica (which serves the HTML).  The
generator is deterministic: the same ``(agency, year, fmt, seed)`` always gives the same report.

Public API::

    generate_report(agency, year, fmt, seed, layout="html") -> GeneratedReport
    generate_report_html(agency, year, fmt, seed, split=False) -> str
    generate_report_text(agency, year, fmt, seed, layout="lines") -> str

``fmt`` is one of ``FORMATS`` (``2021``, ``2019``, ``2014``, ``pre2014``, ``prose``); ``layout`` is one of
``LAYOUTS``: ``html`` (one ``<table>`` per statistical table), ``split`` (table 三 split over two
``<table>`` elements), ``lines`` (flattened text, one cell per line ending in ``|`` as in PDF/Word copies),
``pipe`` (flattened text, one row per line, cells separated by ``|``).  ``GeneratedReport.expected`` maps
``(indicator, applicant, scope)`` to the value the parser must find (only values that are written in the
report; blank cells are absent, derived values are not included).
"""

from __future__ import annotations

import html as html_lib
import random
from dataclasses import dataclass, field

FORMATS = ("2021", "2019", "2014", "pre2014", "prose")
LAYOUTS = ("html", "split", "lines", "pipe")

APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org")
APPLICANT_LABELS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")

Key = tuple[str, "str | None", str]

# (group label or "", item label, indicator key) for the outcome rows of table 三
_T3_OUTCOMES_COMMON: list[tuple[str, str, str]] = [
    ("", "（一）予以公开", "outcome.granted"),
    ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "outcome.partial"),
    ("（三）不予公开", "1.属于国家秘密", "outcome.denied.state_secret"),
    ("（三）不予公开", "2.其他法律行政法规禁止公开", "outcome.denied.other_law"),
    ("（三）不予公开", "3.危及“三安全一稳定”", "outcome.denied.security_stability"),
    ("（三）不予公开", "4.保护第三方合法权益", "outcome.denied.third_party"),
    ("（三）不予公开", "5.属于三类内部事务信息", "outcome.denied.internal_affairs"),
    ("（三）不予公开", "6.属于四类过程性信息", "outcome.denied.process_info"),
    ("（三）不予公开", "7.属于行政执法案卷", "outcome.denied.enforcement_file"),
    ("（三）不予公开", "8.属于行政查询事项", "outcome.denied.admin_query"),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", "outcome.unable.not_held"),
    ("（四）无法提供", "2.没有现成信息需要另行制作", "outcome.unable.needs_creation"),
    ("（四）无法提供", "3.补正后申请内容仍不明确", "outcome.unable.unclear"),
    ("（五）不予处理", "1.信访举报投诉类申请", "outcome.not_processed.petition"),
    ("（五）不予处理", "2.重复申请", "outcome.not_processed.duplicate"),
    ("（五）不予处理", "3.要求提供公开出版物", "outcome.not_processed.publication"),
    ("（五）不予处理", "4.无正当理由大量反复申请", "outcome.not_processed.mass_repeat"),
    ("（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", "outcome.not_processed.confirm"),
]
_T3_OTHER_2021: list[tuple[str, str, str]] = [
    (
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "outcome.other.no_correction",
    ),
    (
        "（六）其他处理",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "outcome.other.unpaid_fee",
    ),
    ("（六）其他处理", "3.其他", "outcome.other.other"),
]
_T3_OTHER_2019: list[tuple[str, str, str]] = [("", "（六）其他处理", "outcome.other")]

_T4_BLOCKS = ("review", "litigation.direct", "litigation.after_review")
_T4_ITEMS = ("upheld", "corrected", "other", "pending", "total")
_T4_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

_NOISE_NAV = "".join(
    f'<li><a href="/col/col{i}/index.html">{name}</a></li>'
    for i, name in enumerate(
        ["首页", "政务公开", "政务服务", "互动交流", "走进本地", "政策文件", "政策解读", "新闻发布", "专题专栏"] * 3,
        start=100,
    )
)


@dataclass
class Cellish:
    """One generated table cell (text, colspan, rowspan)."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False


@dataclass
class GenTable:
    caption: str
    rows: list[list[Cellish]]
    #: logical rows for flattened text: label cells then value cells (no span repetition)
    flat: list[list[str]]


@dataclass
class GeneratedReport:
    agency: str
    year: int
    fmt: str
    layout: str
    title: str
    published: str
    html: str = ""
    text: str = ""
    expected: dict[Key, float] = field(default_factory=dict)
    #: values stated in the prose (they agree with the tables unless ``conflicts`` is set)
    prose_values: dict[str, float] = field(default_factory=dict)


class _Gen:
    def __init__(self, agency: str, year: int, fmt: str, seed: int) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
        self.agency = agency
        self.year = year
        self.fmt = fmt
        self.rng = random.Random(f"{agency}|{year}|{fmt}|{seed}")
        self.expected: dict[Key, float] = {}
        self.prose_values: dict[str, float] = {}
        self.tables: list[GenTable] = []
        self.paragraphs: list[str] = []  # prose before the tables, section by section
        self.sections: list[tuple[str, list[str], list[GenTable]]] = []

    # --- helpers -------------------------------------------------------------------------------
    def n(self, hi: int, lo: int = 0) -> int:
        return self.rng.randint(lo, hi)

    def put(self, key: str, value: float, applicant: str | None = None, scope: str = "year") -> None:
        self.expected[(key, applicant, scope)] = value

    # --- table 三 (2019/2021) ------------------------------------------------------------------
    def table3(self) -> tuple[GenTable, dict[str, dict[str, int]]]:
        outcomes = _T3_OUTCOMES_COMMON + (_T3_OTHER_2021 if self.fmt == "2021" else _T3_OTHER_2019)
        per: dict[str, dict[str, int]] = {}
        blank: set[tuple[str, str]] = set()
        scale = [40, 6, 2, 2, 3, 2]
        for _, _, key in outcomes:
            per[key] = {}
            for a, hi in zip(APPLICANTS, scale, strict=True):
                v = self.n(hi) if self.rng.random() < 0.6 else 0
                per[key][a] = v
                if v == 0 and a != "natural_person" and self.rng.random() < 0.25:
                    blank.add((key, a))
        totals = {a: sum(per[k][a] for _, _, k in outcomes) for a in APPLICANTS}
        carried_forward = {a: self.n(5) for a in APPLICANTS}
        carried_over = {a: min(self.n(5), totals[a] + carried_forward[a]) for a in APPLICANTS}
        received = {a: totals[a] + carried_forward[a] - carried_over[a] for a in APPLICANTS}
        rows_def: list[tuple[str, str, str, dict[str, int]]] = [
            ("", "一、本年新收政府信息公开申请数量", "requests.received", received),
            ("", "二、上年结转政府信息公开申请数量", "requests.carried_over", carried_over),
        ]
        rows_def += [(g, label, key, per[key]) for g, label, key in outcomes]
        rows_def.append(("", "（七）总计", "outcome.total", totals))
        rows_def.append(("", "四、结转下年度继续办理", "requests.carried_forward", carried_forward))
        head = [
            [
                Cellish("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3, True),
                Cellish("申请人情况", 7, 1, True),
            ],
            [Cellish("自然人", 1, 2, True), Cellish("法人或其他组织", 5, 1, True), Cellish("总计", 1, 2, True)],
            [Cellish(x, header=True) for x in APPLICANT_LABELS[1:6]],
        ]
        rows: list[list[Cellish]] = list(head)
        flat: list[list[str]] = [[c.text for c in r] for r in head]
        n_result = len(outcomes) + 1
        seen_groups: set[str] = set()
        first_result = True
        for group, label, key, values in rows_def:
            cells: list[Cellish] = []
            flat_labels: list[str] = []
            in_result = key.startswith("outcome.")
            if in_result and first_result:
                cells.append(Cellish("三、本年度办理结果", 1, n_result))
                flat.append(["三、本年度办理结果"])
                first_result = False
            if group:
                if group not in seen_groups:
                    size = sum(1 for g, _, _ in outcomes if g == group)
                    cells.append(Cellish(group, 1, size))
                    flat.append([group])
                    seen_groups.add(group)
                cells.append(Cellish(label))
            elif in_result:
                cells.append(Cellish(label, 2))
            else:
                cells.append(Cellish(label, 3))
            flat_labels.append(label)
            texts: list[str] = []
            for a in APPLICANTS:
                v = values[a]
                if (key, a) in blank:
                    texts.append("")
                else:
                    texts.append(str(v))
                    self.put(key, v, a)
            total = sum(values.values())
            texts.append(str(total))
            self.put(key, total, "total")
            cells += [Cellish(t) for t in texts]
            rows.append(cells)
            flat.append(flat_labels + texts)
        return GenTable("", rows, flat), {"received": received, "carried_over": carried_over}

    # --- table 四 ----------------------------------------------------------------------------
    def table4(self) -> tuple[GenTable, dict[str, int]]:
        vals: list[str] = []
        totals: dict[str, int] = {}
        for block in _T4_BLOCKS:
            parts = [self.n(4) for _ in range(4)]
            for item, v in zip(_T4_ITEMS[:4], parts, strict=True):
                self.put(f"{block}.{item}", v)
                vals.append(str(v))
            totals[block] = sum(parts)
            self.put(f"{block}.total", totals[block])
            vals.append(str(totals[block]))
        head = [
            [Cellish("行政复议", 5, 1, True), Cellish("行政诉讼", 10, 1, True)],
            [Cellish(x, 1, 2, True) for x in _T4_LABELS]
            + [Cellish("未经复议直接起诉", 5, 1, True), Cellish("复议后起诉", 5, 1, True)],
            [Cellish(x, header=True) for x in _T4_LABELS * 2],
        ]
        rows = [*head, [Cellish(v) for v in vals]]
        flat = [[c.text for c in r] for r in head] + [vals]
        return GenTable("", rows, flat), totals

    # --- table 二 ----------------------------------------------------------------------------
    def table2(self) -> GenTable:
        rows: list[list[Cellish]] = []
        flat: list[list[str]] = []

        def caption(text: str, width: int) -> None:
            rows.append([Cellish(text, width, 1, True)])
            flat.append([text])

        def header(cells: list[tuple[str, int]]) -> None:
            rows.append([Cellish(t, span, 1, True) for t, span in cells])
            flat.append([t for t, _ in cells])

        def data(label: str, values: list[tuple[str, int]]) -> None:
            rows.append([Cellish(label)] + [Cellish(t, span) for t, span in values])
            flat.append([label] + [t for t, _ in values])

        if self.fmt == "2021":
            caption("第二十条第（一）项", 4)
            header([("信息内容", 1), ("本年制发件数", 1), ("本年废止件数", 1), ("现行有效件数", 1)])
            for label, prefix in (("规章", "rules"), ("行政规范性文件", "normative_docs")):
                issued, repealed, in_force = self.n(9), self.n(5), self.n(200, 10)
                data(label, [(str(issued), 1), (str(repealed), 1), (str(in_force), 1)])
                self.put(f"{prefix}.issued", issued)
                self.put(f"{prefix}.repealed", repealed)
                self.put(f"{prefix}.in_force", in_force)
            caption("第二十条第（五）项", 4)
            header([("信息内容", 1), ("本年处理决定数量", 3)])
            v = self.n(2_000_000)
            data("行政许可", [(f"{v:,}" if self.rng.random() < 0.3 else str(v), 3)])
            self.put("licensing.decisions", v)
            caption("第二十条第（六）项", 4)
            header([("信息内容", 1), ("本年处理决定数量", 3)])
            for label, key in (("行政处罚", "penalty"), ("行政强制", "coercion")):
                v = self.n(50_000)
                data(label, [(str(v), 3)])
                self.put(f"{key}.decisions", v)
            caption("第二十条第（八）项", 4)
            header([("信息内容", 1), ("本年收费金额（单位：万元）", 3)])
            cents = self.n(9_999_999)
            wan = f"{cents // 10000}.{cents % 10000:04d}"
            data("行政事业性收费", [(wan, 3)])
            self.put("admin_fees.amount", round(cents, 6))  # 万元 with 4 decimals = 元 * 1
            return GenTable("", rows, flat)
        # 2019 layout: 5-column grid
        caption("第二十条第（一）项", 5)
        header([("信息内容", 1), ("本年新制作数量", 1), ("本年新公开数量", 1), ("对外公开总数量", 2)])
        for label, prefix in (("规章", "rules"), ("规范性文件", "normative_docs")):
            made, pub, tot = self.n(9), self.n(9), self.n(300, 10)
            data(label, [(str(made), 1), (str(pub), 1), (str(tot), 2)])
            self.put(f"{prefix}.made", made)
            self.put(f"{prefix}.published", pub)
            self.put(f"{prefix}.published_total", tot)
        for cap, items in (
            ("第二十条第（五）项", (("行政许可", "licensing"), ("其他对外管理服务事项", "other_services"))),
            ("第二十条第（六）项", (("行政处罚", "penalty"), ("行政强制", "coercion"))),
        ):
            caption(cap, 5)
            header([("信息内容", 1), ("上一年项目数量", 1), ("本年增/减", 1), ("处理决定数量", 2)])
            for label, key in items:
                prev, change, dec = self.n(300), self.n(10) - 5, self.n(90_000)
                data(label, [(str(prev), 1), (f"{change:+d}" if change else "0", 1), (str(dec), 2)])
                self.put(f"{key}.prev_items", prev)
                self.put(f"{key}.change", change)
                self.put(f"{key}.decisions", dec)
        caption("第二十条第（八）项", 5)
        header([("信息内容", 1), ("上一年项目数量", 1), ("本年增/减", 1), ("", 2)])
        prev, change = self.n(50), self.n(4) - 2
        data("行政事业性收费", [(str(prev), 1), (f"{change:+d}" if change else "0", 1), ("", 2)])
        self.put("admin_fees.prev_items", prev)
        self.put("admin_fees.change", change)
        caption("第二十条第（九）项", 5)
        header([("信息内容", 1), ("采购项目数量", 1), ("采购总金额", 1), ("", 2)])
        projects, amount = self.n(80), self.n(90_000_000)
        data("政府集中采购", [(str(projects), 1), (f"{amount}元", 1), ("", 2)])
        self.put("procurement.projects", projects)
        self.put("procurement.amount", amount)
        return GenTable("", rows, flat)

    # --- 2014-2018 national table --------------------------------------------------------------
    def table_2014(self) -> GenTable:
        n = self.n
        total = n(9000, 100)
        normative = n(min(total, 300))
        received_ch = [n(40), n(3), n(60), n(20)]
        received = sum(received_ch)
        on_time = n(received)
        items = [n(5), n(30), n(10)]
        reasons = [n(2) for _ in range(6)]
        denied = sum(reasons)
        items_tail = [n(5), n(10), n(3), n(3)]
        outcome_total = sum(items) + denied + sum(items_tail)
        review = [n(5), n(2), n(3)]
        lit = [n(5), n(2), n(3)]
        ft, pt = n(10, 1), n(60)
        with_response = self.year >= 2016
        rows: list[tuple[str, str, str, str | None]] = [("统计指标", "单位", "统计数", None)]

        def row(label: str, unit: str, value: float | str | None, key: str | None) -> None:
            text = "" if value is None else str(value)
            rows.append((label, unit, text, key))
            if key and value is not None:
                self.put(key, float(value) * 10000 if unit == "万元" else float(value))

        sec = iter(["一", "二", "三", "四", "五", "六", "七", "八", "九"])
        row(f"{next(sec)}、主动公开情况", "—", None, None)
        row("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", total, "proactive.total")
        row("其中：主动公开规范性文件数", "条", normative, "proactive.normative_docs")
        row("制发规范性文件总数", "件", n(40), "normative_docs.issued")
        row("（二）通过不同渠道和方式公开政府信息的情况", "—", None, None)
        row("1.政府公报公开政府信息数", "条", n(200), "proactive.via.gazette")
        row("2.政府网站公开政府信息数", "条", n(9000), "proactive.via.website")
        row("3.政务微博公开政府信息数", "条", n(900), "proactive.via.weibo")
        row("4.政务微信公开政府信息数", "条", n(900), "proactive.via.wechat")
        row("5.其他方式公开政府信息数", "条", n(90), "proactive.via.other")
        if with_response:
            pc = n(10)
            oi = n(10)
            row(f"{next(sec)}、回应解读情况", "—", None, None)
            row(
                "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）",
                "次",
                n(80),
                "responses.hotspots",
            )
            row("（二）通过不同渠道和方式回应解读的情况", "—", None, None)
            row("1.参加或举办新闻发布会总次数", "次", pc, "press_conferences.total")
            row("其中：主要负责同志参加新闻发布会次数", "次", n(pc), "press_conferences.by_leaders")
            row("2.政府网站在线访谈次数", "次", oi, "online_interviews.total")
            row("其中：主要负责同志参加政府网站在线访谈次数", "次", n(oi), "online_interviews.by_leaders")
            row("3.政策解读稿件发布数", "篇", n(120), "interpretations.published")
            row("4.微博微信回应事件数", "次", n(200), "responses.weibo_wechat")
            row("5.其他方式回应事件数", "次", n(20), "responses.other")
        row(f"{next(sec)}、依申请公开情况", "—", None, None)
        row("（一）收到申请数", "件", received, "requests.received")
        for label, key, v in zip(
            ("1.当面申请数", "2.传真申请数", "3.网络申请数", "4.信函申请数"),
            ("in_person", "fax", "online", "letter"),
            received_ch,
            strict=True,
        ):
            row(label, "件", v, f"requests.channel.{key}")
        row("（二）申请办结数", "件", received, "requests.completed")
        row("1.按时办结数", "件", on_time, "requests.completed_on_time")
        row("2.延期办结数", "件", received - on_time, "requests.completed_extended")
        row("（三）申请答复数", "件", outcome_total, "outcome.total")
        row("1.属于已主动公开范围数", "件", items[0], "outcome.already_public")
        row("2.同意公开答复数", "件", items[1], "outcome.granted")
        row("3.同意部分公开答复数", "件", items[2], "outcome.partial")
        row("4.不同意公开答复数", "件", denied, "outcome.denied")
        for label, key, v in zip(
            (
                "其中：涉及国家秘密",
                "涉及商业秘密",
                "涉及个人隐私",
                "危及国家安全、公共安全、经济安全和社会稳定",
                "不是《条例》所指政府信息",
                "法律法规规定的其他情形",
            ),
            ("state_secret", "commercial_secret", "privacy", "security_stability", "not_gov_info", "other_law"),
            reasons,
            strict=True,
        ):
            row(label, "件", v, f"outcome.denied.{key}")
        for label, key, v in zip(
            ("5.不属于本行政机关公开数", "6.申请信息不存在数", "7.告知作出更改补充数", "8.告知通过其他途径办理数"),
            ("not_this_agency", "not_exist", "correction_requested", "other_channel"),
            items_tail,
            strict=True,
        ):
            row(label, "件", v, f"outcome.{key}")
        row(f"{next(sec)}、行政复议数量", "件", sum(review), "review.total")
        row("（一）维持具体行政行为数", "件", review[0], "review.upheld")
        row("（二）被依法纠错数", "件", review[1], "review.corrected")
        row("（三）其他情形数", "件", review[2], "review.other")
        row(f"{next(sec)}、行政诉讼数量", "件", sum(lit), "litigation.total")
        row("（一）维持具体行政行为或者驳回原告诉讼请求数", "件", lit[0], "litigation.upheld")
        row("（二）被依法纠错数", "件", lit[1], "litigation.corrected")
        row("（三）其他情形数", "件", lit[2], "litigation.other")
        row(f"{next(sec)}、举报投诉数量", "件", n(20), "complaints.total")
        row(f"{next(sec)}、依申请公开信息收取的费用", "万元", 0, "fees.amount")
        row(f"{next(sec)}、机构建设和保障经费情况", "—", None, None)
        row("（一）政府信息公开工作专门机构数", "个", n(5, 1), "org.dedicated_bodies")
        row("（二）设置政府信息公开查阅点数", "个", n(30), "org.reading_points")
        row("（三）从事政府信息公开工作人员数", "人", ft + pt, "staff.total")
        row("1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", ft, "staff.fulltime")
        row("2.兼职人员数", "人", pt, "staff.parttime")
        budget = f"{n(99)}.{n(9)}"
        rows.append(
            (
                "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
                "万元",
                budget,
                "budget.amount",
            )
        )
        self.put("budget.amount", round(float(budget) * 10000, 2))
        row(f"{next(sec)}、政府信息公开会议和培训情况", "—", None, None)
        row("（一）召开政府信息公开工作会议或专题会议数", "次", n(10), "meetings.held")
        row("（二）举办各类培训班数", "次", n(10), "trainings.held")
        row("（三）接受培训人员数", "人次", n(900), "trainings.attendees")
        grid = [
            [Cellish(a, header=(i == 0)), Cellish(b, header=(i == 0)), Cellish(c, header=(i == 0))]
            for i, (a, b, c, _) in enumerate(rows)
        ]
        flat = [[a, b, c] for a, b, c, _ in rows]
        self.prose_values["proactive.total"] = total
        self.prose_values["requests.received"] = received
        return GenTable("政府信息公开情况统计表", grid, flat)

    # --- 2008-2013 provincial table (莆田 layout) ----------------------------------------------
    def table_pre2014(self) -> GenTable:
        n = self.n
        rows: list[list[str]] = [["指标名称", "计量单位", f"{self.year}年度", "历年累计"]]

        def row(label: str, unit: str, key: str | None, year_v: int | None, cum_v: int | None) -> None:
            rows.append([label, unit, "" if year_v is None else str(year_v), "" if cum_v is None else str(cum_v)])
            if key and year_v is not None:
                self.put(key, year_v)
            if key and cum_v is not None:
                self.put(key, cum_v, scope="cumulative")

        web, gaz = n(3000), n(300)
        tot = web + gaz + n(500)
        row("主动公开信息数", "条", "proactive.total", tot, tot * 3 + n(100))
        row("其中：1.政府网站", "条", "proactive.via.website", web, web * 3)
        row("2.政府公报", "条", "proactive.via.gazette", gaz, gaz * 3)
        ch = [n(20), n(3), n(5), n(30), n(10), n(2)]
        ch_cum = [v * 4 + n(5) for v in ch]
        row("受理依申请公开信息总数", "件", "requests.received", sum(ch), sum(ch_cum))
        for label, key, v, c in zip(
            (
                "其中：1.当面申请数",
                "2.传真申请数",
                "3.电子邮件申请数",
                "4.网上申请数",
                "5.信函申请数",
                "6.其它形式申请数",
            ),
            ("in_person", "fax", "email", "online", "letter", "other"),
            ch,
            ch_cum,
            strict=True,
        ):
            row(label, "件", f"requests.channel.{key}", v, c)
        g, p, d = n(40), n(10), n(5)
        row("本年度对申请的答复总数", "件", "outcome.total", g + p + d, None)
        row("其中：1.同意公开答复数", "件", "outcome.granted", g, None)
        row("2.同意部分公开答复数", "件", "outcome.partial", p, None)
        row("3.否决公开答复总数", "件", "outcome.denied", d, None)
        row("行政复议数", "件", "review.total", n(3), n(9))
        row("行政诉讼数", "件", "litigation.total", n(3), n(9))
        row("行政申诉数", "件", "admin_appeals.total", n(2), n(5))
        grid = [[Cellish(c, header=(i == 0)) for c in r] for i, r in enumerate(rows)]
        self.prose_values["proactive.total"] = tot
        self.prose_values["requests.received"] = sum(ch)
        return GenTable(f"{self.agency}{self.year}年政府信息公开情况统计表", grid, [list(r) for r in rows])

    # --- prose ----------------------------------------------------------------------------------
    def distractors(self) -> str:
        return (
            f"根据《{self.agency}办公室关于做好{self.year}年政务公开工作的通知》"
            f"（政办发〔{self.year}〕{self.n(99, 10)}号）"
            f"要求，本报告所列数据统计期限自{self.year}年1月1日起至{self.year}年12月31日止，"
            f"网站访问量同比增长{self.n(40, 1)}.{self.n(9)}%。如对本报告有疑问，请联系办公室，"
            f"联系电话：0{self.n(999, 100)}-{self.n(89999999, 10000000)}，地址：人民路{self.n(300, 1)}号。"
        )

    def prose_report(self) -> list[str]:
        n = self.n
        tot = n(5000, 50)
        a, b, c = n(30), n(30), n(20)
        granted = n(a + b + c)
        cum = tot * 4 + n(500)
        ft, pt = n(9, 1), n(50, 1)
        trainings, attendees = n(9, 1), n(500, 10)
        paras = [
            self.distractors(),
            f"一、主动公开政府信息情况。{self.year}年，全年主动公开政府信息{tot}条。截至{self.year}年底，累计主动公开政府信息{cum}条。",
            f"二、依申请公开政府信息情况。全年共受理政府信息公开申请{a + b + c}件，"
            f"其中当面申请{a}件、网上申请{b}件、信函申请{c}件。"
            f"已答复的申请中，同意公开{granted}件。",
        ]
        self.put("proactive.total", tot)
        self.put("proactive.total", cum, scope="cumulative")
        self.put("requests.received", a + b + c)
        self.put("requests.channel.in_person", a)
        self.put("requests.channel.online", b)
        self.put("requests.channel.letter", c)
        self.put("outcome.granted", granted)
        if self.rng.random() < 0.5:
            paras.append("三、行政复议和诉讼情况。本年度未发生因政府信息公开引发的行政复议和行政诉讼。")
            self.put("review.total", 0)
            self.put("litigation.total", 0)
        else:
            r, lt = n(9, 1), n(9, 1)
            paras.append(f"三、行政复议和诉讼情况。本年度因政府信息公开被申请行政复议{r}件，提起行政诉讼{lt}件。")
            self.put("review.total", r)
            self.put("litigation.total", lt)
        fee = n(3) * 10
        if fee:
            paras.append(f"四、收费情况。全年收取检索、复制费用共计{fee}元。")
            self.put("fees.amount", fee)
        else:
            paras.append("四、收费情况。全年未收取任何费用。")
            self.put("fees.amount", 0)
        paras.append(
            f"五、机构建设。现有专职人员{ft}名，兼职人员{pt}名；全年举办培训{trainings}次，培训{attendees}人次，"
            f"另有100余人参加了网上学习。"
        )
        self.put("staff.fulltime", ft)
        self.put("staff.parttime", pt)
        self.put("trainings.held", trainings)
        self.put("trainings.attendees", attendees)
        paras.append("六、存在的主要问题及改进情况。部分单位公开意识有待加强，下一步将进一步规范公开流程。")
        return paras

    def overview_2019(self, received_total: int, carried_over_total: int, t4: dict[str, int]) -> list[str]:
        proactive = self.n(9000, 100)
        self.put("proactive.total", proactive)
        lit = t4["litigation.direct"] + t4["litigation.after_review"]
        self.prose_values.update(
            {
                "proactive.total": proactive,
                "requests.received": received_total,
                "requests.carried_over": carried_over_total,
                "review.total": t4["review"],
                "litigation.total": lit,
            }
        )
        return [
            self.distractors(),
            f"（一）主动公开。{self.year}年，全年共主动公开政府信息{proactive}条。",
            f"（二）依申请公开。全年共收到政府信息公开申请{received_total}件，上年结转{carried_over_total}件，均已按时答复。",
            f"（三）监督保障。全年因政府信息公开被申请行政复议{t4['review']}件，提起行政诉讼{lit}件。",
        ]


def _render_table_html(table: GenTable, css: str = "") -> str:
    out = [f'<table border="1" cellspacing="0" class="{css}" style="width:100%">']
    if table.caption:
        out.append(f"<caption>{html_lib.escape(table.caption)}</caption>")
    for row in table.rows:
        out.append("<tr>")
        for c in row:
            tag = "th" if c.header else "td"
            attrs = ""
            if c.colspan > 1:
                attrs += f' colspan="{c.colspan}"'
            if c.rowspan > 1:
                attrs += f' rowspan="{c.rowspan}"'
            out.append(f'<{tag}{attrs} style="text-align:center"><p><span>{html_lib.escape(c.text)}</span></p></{tag}>')
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def _expand(rows: list[list[Cellish]]) -> list[list[Cellish]]:
    """Expand colspan/rowspan into a grid of references to the original cells."""
    grid: dict[tuple[int, int], Cellish] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    grid[(r + dr, c + dc)] = cell
            c += cell.colspan
    width = max(c for _, c in grid) + 1
    return [[grid.get((r, c), Cellish("")) for c in range(width)] for r in range(len(rows))]


def _compress(grid: list[list[Cellish]]) -> list[list[Cellish]]:
    """Turn a grid of cell references back into rows of spanning cells."""
    done: set[tuple[int, int]] = set()
    out: list[list[Cellish]] = []
    for r, row in enumerate(grid):
        cells: list[Cellish] = []
        for c, ref in enumerate(row):
            if (r, c) in done:
                continue
            w = 1
            while c + w < len(row) and row[c + w] is ref:
                w += 1
            h = 1
            while r + h < len(grid) and grid[r + h][c] is ref:
                h += 1
            for dr in range(h):
                for dc in range(w):
                    done.add((r + dr, c + dc))
            cells.append(Cellish(ref.text, w, h, ref.header))
        out.append(cells)
    return out


def _split_table3(table: GenTable) -> tuple[GenTable, GenTable]:
    """Split table 三 after its 10th data row into two tables (the second restates the row labels)."""
    grid = _expand(table.rows)
    cut = 3 + 10
    return GenTable(table.caption, _compress(grid[:cut]), []), GenTable("", _compress(grid[cut:]), [])


def generate_report(agency: str, year: int, fmt: str, seed: int, layout: str = "html") -> GeneratedReport:
    """One synthetic report; see the module docstring for ``fmt`` and ``layout``."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {LAYOUTS}")
    g = _Gen(agency, year, fmt, seed)
    title = f"{agency}{year}年政府信息公开工作年度报告"
    month = g.n(3, 1)
    published = f"{year + 1}-{month:02d}-{g.n(28, 10):02d}"
    sections: list[tuple[str, list[str], list[GenTable]]] = []
    if fmt in ("2021", "2019"):
        t2 = g.table2()
        t3, t3info = g.table3()
        t4, t4tot = g.table4()
        received_total = sum(t3info["received"].values())
        co_total = sum(t3info["carried_over"].values())
        overview = g.overview_2019(received_total, co_total, t4tot)
        g.prose_values["fees.amount"] = 0  # section 六 below: 本年度未收取信息处理费
        sections = [
            ("一、总体情况", overview, []),
            ("二、主动公开政府信息情况", [], [t2]),
            ("三、收到和处理政府信息公开申请情况", [], [t3]),
            ("四、政府信息公开行政复议、行政诉讼情况", [], [t4]),
            (
                "五、存在的主要问题及改进情况",
                ["一是公开质量有待提高；二是政策解读形式较为单一。下一步将加强培训。"],
                [],
            ),
            ("六、其他需要报告的事项", ["本年度未收取信息处理费。"], []),
        ]
    elif fmt == "2014":
        t = g.table_2014()
        sections = [
            ("一、概述", [g.distractors(), f"全年主动公开政府信息{g.prose_values['proactive.total']}条。"], []),
            ("二、依申请公开情况", [f"全年共收到政府信息公开申请{g.prose_values['requests.received']}件。"], []),
            ("三、存在的主要问题及改进措施", ["部分单位公开意识有待加强。"], []),
            ("附件", [], [t]),
        ]
    elif fmt == "pre2014":
        t = g.table_pre2014()
        sections = [
            ("一、概述", [g.distractors(), f"全年主动公开政府信息{g.prose_values['proactive.total']}条。"], []),
            ("二、存在的主要问题及改进措施", ["部分单位公开意识有待加强。"], []),
            ("附表", [], [t]),
        ]
    else:
        sections = [("", g.prose_report(), [])]
    report = GeneratedReport(agency, year, fmt, layout, title, published, expected=g.expected)
    report.prose_values = dict(g.prose_values)
    if layout in ("html", "split"):
        report.html = _render_html(title, agency, published, sections, split=(layout == "split"), rng=g.rng)
    else:
        report.text = _render_text(title, published, sections, pipe=(layout == "pipe"))
    return report


def _render_html(
    title: str,
    agency: str,
    published: str,
    sections: list[tuple[str, list[str], list[GenTable]]],
    *,
    split: bool,
    rng: random.Random,
) -> str:
    container = rng.choice(['div id="zoom"', 'div class="TRS_Editor"', 'div id="ivs_content"', "ucapcontent"])
    close = container.split()[0]
    body: list[str] = []
    for heading, paras, tables in sections:
        if heading:
            body.append(f"<p><strong>{html_lib.escape(heading)}</strong></p>")
        body += [f"<p>　　{html_lib.escape(p)}</p>" for p in paras]
        for t in tables:
            if split and any(c.text == "三、本年度办理结果" for r in t.rows for c in r):
                a, b = _split_table3(t)
                body.append(_render_table_html(a))
                body.append('<p style="page-break-after:always"></p>')
                body.append(_render_table_html(b))
            else:
                body.append(_render_table_html(t))
    index_no = f"{rng.randint(10**8, 10**9 - 1)}/{published[:4]}-{rng.randint(1, 99999):05d}"
    footer = "".join(f"<a href='/link{i}.html'>友情链接{i}</a>" for i in range(30))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{html_lib.escape(title)}_{html_lib.escape(agency)}</title>
<meta name="SiteName" content="{html_lib.escape(agency)}门户网站">
<meta name="ArticleTitle" content="{html_lib.escape(title)}">
<meta name="PubDate" content="{published} 09:30">
<meta name="ContentSource" content="{html_lib.escape(agency)}办公室">
<style>body{{font-family:SimSun}} .nav li{{display:inline}}</style>
<script>var countPage = 1; function share(){{return false;}}</script>
</head><body>
<div class="header"><ul class="nav">{_NOISE_NAV}</ul><div class="search">搜索 登录 无障碍 长者模式</div></div>
<div class="location">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<table class="xxgk_table"><tr><td>索引号：</td><td>{index_no}</td><td>主题分类：</td><td>综合政务</td></tr>
<tr><td>发布机构：</td><td>{html_lib.escape(agency)}</td><td>发布日期：</td><td>{published}</td></tr></table>
<h1 class="title">{html_lib.escape(title)}</h1>
<div class="info">发布时间：{published} 来源：{html_lib.escape(agency)} 浏览次数：{rng.randint(10, 9999)}</div>
<{container}>
{chr(10).join(body)}
</{close}>
<div class="share">分享到：微信 微博 【打印本页】【关闭窗口】</div>
<div class="footer">{footer}<p>主办单位：{html_lib.escape(agency)}办公室 网站标识码：{rng.randint(10**9, 10**10 - 1)}
ICP备案号：某ICP备05001234号 公网安备 12010102000123号</p></div>
</body></html>
"""


def _render_text(
    title: str, published: str, sections: list[tuple[str, list[str], list[GenTable]]], *, pipe: bool
) -> str:
    lines = [title, f"发布日期：{published}", ""]
    for heading, paras, tables in sections:
        if heading:
            lines.append(heading)
        lines += paras
        for t in tables:
            if t.caption:
                lines.append(t.caption)
            for row in t.flat:
                if pipe:
                    lines.append(" | ".join(row))
                else:
                    lines += [f"{c} |" if c else "|" for c in row]
    return "\n".join(lines) + "\n"


def generate_report_html(agency: str, year: int, fmt: str, seed: int, split: bool = False) -> str:
    """The report as a complete HTML page (UTF-8 declared), as a portal would serve it."""
    return generate_report(agency, year, fmt, seed, layout="split" if split else "html").html


def generate_report_text(agency: str, year: int, fmt: str, seed: int, layout: str = "lines") -> str:
    """The report as flattened plain text (``layout`` is ``lines`` or ``pipe``)."""
    if layout not in ("lines", "pipe"):
        raise ValueError("text layout must be 'lines' or 'pipe'")
    return generate_report(agency, year, fmt, seed, layout=layout).text
