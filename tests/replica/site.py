"""The replica portal as data: columns of entries (reports, notices, broken links, traps) and attachments.

:func:`build_site` makes the default site from the seed reports (``tests/data/seeds``) and generated reports
(``tests/generate_reports.py``).  The data is plain dataclasses, so tests and the admin endpoint can
mutate it (edit a report, remove one, move one); :mod:`tests.replica.render` turns it into HTTP resources
and :meth:`Site.manifest` says what a perfect crawl must find.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tests.generate_reports import generate_report_html
from tests.replica import binaries

ROOT = Path(__file__).resolve().parents[2]
SEED_DIRS = (ROOT / "tests" / "data" / "seeds",)

# What a crawl must make of each entry (None: must never be requested, e.g. robots-disallowed)
REPORT = "report"
OTHER = "other"
BLOCKED = "blocked"

# Titles of the five real seed reports (their text files start with varying headers)
SEED_TITLES = {
    "000": ("吉林市昌邑区人民政府", 2012, "吉林市昌邑区人民政府2012年政府信息公开工作年度报告"),
    "001": ("大安市人民政府", 2017, "大安市人民政府2017年度政府信息公开工作年度报告"),
    "002": ("钦州市人民政府", 2009, "钦州市人民政府2009年度政府信息公开工作情况的报告"),
    "003": ("泰州市海陵区人民政府", 2017, "2017年海陵区政务公开工作年度报告"),
    "004": ("吉林市统计局龙潭分局", 2017, "吉林市统计局龙潭分局2017年度信息公开工作年度报告"),
}


@dataclass
class Attachment:
    path: str
    name: str  # link text
    body: bytes
    content_type: str


@dataclass
class Entry:
    key: str  # stable id for mutations
    path: str  # where the page is served (the link target unless ``link`` is set)
    title: str
    date: str  # YYYY-MM-DD shown in lists
    expected: str | None  # REPORT | OTHER | BLOCKED | None (never requested)
    body_html: str = ""  # content of the article container
    document: str = ""  # a complete HTML document (generated reports); wins over body_html
    encoding: str = "utf-8"  # utf-8 | gbk
    declared: str | None = "utf-8"  # charset in <meta>; None: undeclared
    header_charset: bool = True  # send charset in the Content-Type header
    attachments: list[Attachment] = field(default_factory=list)
    images: list[Attachment] = field(default_factory=list)  # embedded in the body
    link: str | None = None  # the URL the list links to, when not ``path`` (redirects, off-site)
    behaviour: str = ""  # slow | flaky | challenge | error500 | missing | redirect
    removed: bool = False


@dataclass
class Column:
    id: str
    title: str
    style: str  # trs | hanweb | plain
    base: str  # directory (trs/plain) or column path (hanweb)
    entries: list[Entry]
    per_page: int = 10
    encoding: str = "utf-8"
    declared: str | None = "utf-8"
    side_links: list[tuple[str, str]] = field(default_factory=list)  # (text, path) in the column nav


@dataclass
class AnnualUnit:
    """Hanweb xxgkAnnualReport.jsp: reports of one area code, by year."""

    area: str
    years: dict[int, list[Entry]]


@dataclass
class Site:
    columns: dict[str, Column]
    annual: AnnualUnit
    crawl_delay: float = 0.0
    slow_seconds: float = 0.5
    hub_links: list[tuple[str, str]] = field(default_factory=list)
    offsite_links: list[tuple[str, str]] = field(default_factory=list)  # (text, absolute URL or {OFFSITE} path)
    version: int = 0  # bumped by every mutation

    def entries(self) -> list[Entry]:
        out = [e for c in self.columns.values() for e in c.entries]
        out += [e for year in self.annual.years.values() for e in year]
        return out

    def entry(self, key: str) -> Entry:
        for entry in self.entries():
            if entry.key == key:
                return entry
        raise KeyError(key)

    # -- mutations (used by tests through the admin endpoint) -------------------------------------
    def edit(self, key: str, text: str) -> Entry:
        """Append a paragraph to a report: a silent edit, same URL, new content."""
        entry = self.entry(key)
        marker = f"<p class='edited'>{text}</p>"
        if entry.document:
            # inside the report body (before section 二), where a real correction goes; text appended
            # after the body's container is page chrome and rightly creates no new version
            anchors = [a for a in ("<p><strong>二、", "<h2>二、", "</body>") if a in entry.document]
            anchor = anchors[0]
            entry.document = entry.document.replace(anchor, marker + anchor, 1)
        else:
            entry.body_html += marker
        self.version += 1
        return entry

    def remove(self, key: str) -> Entry:
        entry = self.entry(key)
        entry.removed = True
        self.version += 1
        return entry

    def move(self, key: str, new_path: str) -> Entry:
        entry = self.entry(key)
        entry.path = new_path
        entry.link = None
        self.version += 1
        return entry

    def replace_attachment(self, path: str, append: bytes) -> Entry:
        """Change an attachment's file under the same URL; the report page linking it stays as it was."""
        for entry in self.entries():
            for attachment in entry.attachments + entry.images:
                if attachment.path == path:
                    attachment.body += append
                    self.version += 1
                    return entry
        raise KeyError(path)

    def manifest(self) -> dict[str, list[str]]:
        """What a perfect crawl finds: paths (or absolute URLs) by expected outcome."""
        reports, others, blocked, never, attachments = [], [], [], [], []
        for entry in self.entries():
            if entry.removed:
                continue
            if entry.expected == REPORT:
                reports.append(entry.path)
                attachments += [a.path for a in entry.attachments + entry.images]
            elif entry.expected == OTHER:
                others.append(entry.path)
            elif entry.expected == BLOCKED:
                blocked.append(entry.path)
            elif entry.expected is None:
                never.append(entry.link or entry.path)
        for column in self.columns.values():
            for entry in column.entries:
                if entry.expected == "attachment" and not entry.removed:
                    attachments.append(entry.path)
        never += [url for _, url in self.offsite_links]
        never += ["/plain/calendar?month=2024-01"]
        return {
            "reports": sorted(reports),
            "attachments": sorted(set(attachments)),
            "other": sorted(others),
            "blocked": sorted(blocked),
            "never_requested": sorted(never),
        }


# -- building -----------------------------------------------------------------------------------
def _fmt(year: int) -> str:
    return "2021" if year >= 2021 else "2019" if year >= 2019 else "2014" if year >= 2014 else "pre2014"


def _paragraphs(text: str) -> str:
    lines = [line.strip().strip("|").strip() for line in text.splitlines()]
    return "\n".join(f"<p>{line}</p>" for line in lines if line)


def load_seeds() -> list[tuple[str, str, int, str, str]]:
    """(key, agency, year, title, text) of the seed reports that are present."""
    for directory in SEED_DIRS:
        if directory.is_dir():
            out = []
            for path in sorted(directory.glob("*.txt")):
                prefix = path.name[:3]
                if prefix in SEED_TITLES:
                    agency, year, title = SEED_TITLES[prefix]
                    out.append((f"seed-{prefix}", agency, year, title, path.read_text(encoding="utf-8")))
            return out
    return []


def generated(key: str, agency: str, year: int, path: str, date: str, seed: int, **kw: object) -> Entry:
    title = f"{agency}{year}年政府信息公开工作年度报告"
    document = generate_report_html(agency, year, _fmt(year), seed)
    return Entry(key=key, path=path, title=title, date=date, expected=REPORT, document=document, **kw)  # type: ignore[arg-type]


def _trs_path(base: str, year: int, n: int) -> str:
    return f"{base}{year + 1}03/t{year + 1}03{10 + n % 18:02d}_{1000 + n}.html"


def build_site(*, crawl_delay: float = 0.0, slow_seconds: float = 0.5, hanweb_records: int = 40) -> Site:
    trs_base = "/zwgk/zfxxgkndbg/"
    gbk = {"encoding": "gbk", "header_charset": False}
    declared_cycle: list[str | None] = ["gb2312", "gbk", None]
    trs: list[Entry] = []
    for n, year in enumerate(range(2023, 2013, -1)):
        trs.append(
            generated(
                f"trs-{year}", "示例市人民政府", year, _trs_path(trs_base, year, n), f"{year + 1}-03-{10 + n:02d}",
                seed=year, declared=declared_cycle[n % 3], **gbk,
            )
        )  # fmt: skip
    for n, (key, _agency, year, title, text) in enumerate(load_seeds()):
        body = _paragraphs(text)
        if n == 0:
            body += "<p>联系人：王镕、李堃、赵珺</p>"  # GBK-only characters on a page declared gb2312
        trs.append(
            Entry(key, _trs_path(trs_base, year, 40 + n), title, f"{year + 1}-03-01", REPORT, body_html=body,
                  declared="gb2312", **gbk)  # type: ignore[arg-type]
        )  # fmt: skip
    pdf_title = "示例市人民政府2013年政府信息公开工作年度报告"
    paragraphs = (
        "一、总体情况 2013年，示例市认真贯彻《中华人民共和国政府信息公开条例》。",
        "二、主动公开政府信息情况。",
    )
    trs.append(
        Entry("trs-2013-pdf", _trs_path(trs_base, 2013, 60), pdf_title, "2014-03-20", REPORT,
              body_html="<p>详见附件。</p>", declared="gbk",
              attachments=[Attachment(f"{trs_base}201403/P020140320_1.pdf", "示例市2013年政府信息公开工作年度报告.pdf",
                                      binaries.pdf_report(pdf_title, paragraphs), "application/pdf")], **gbk)  # type: ignore[arg-type]
    )  # fmt: skip
    trs[8].attachments.append(
        Attachment(f"{trs_base}201603/P020160312_2.xls", "2015年政府信息公开情况统计表.xls",
                   binaries.xls_table("主动公开情况", (("信息内容", "本年制发件数"), ("规章", "3"), ("规范性文件", "12"))),
                   "application/vnd.ms-excel")
    )  # fmt: skip
    trs[7].attachments.append(
        Attachment(f"{trs_base}201703/P020170311_3.doc", "2016年政府信息公开工作年度报告.doc",
                   binaries.doc_report(trs[7].title, paragraphs), "application/msword")
    )  # fmt: skip
    notice = "关于做好2023年度政府信息公开工作年度报告编制和发布工作的通知"
    trs.append(
        Entry("trs-notice", f"{trs_base}202401/t20240105_2001.html", notice, "2024-01-05", OTHER,
              body_html="<p>各县（市、区）人民政府：请按照《中华人民共和国政府信息公开条例》要求，于1月31日前完成"
              "政府信息公开工作年度报告的编制，报告应包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
              "政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。</p>" * 2,
              declared="gbk", **gbk)  # type: ignore[arg-type]
    )  # fmt: skip
    trs.append(
        Entry("trs-explainer", f"{trs_base}202303/t20230330_2002.html", "图解：示例市2022年政府信息公开工作年度报告",
              "2023-03-30", OTHER, body_html="<p>一图读懂年度报告。主动公开政府信息情况一览。</p>", declared="gbk",
              **gbk)  # type: ignore[arg-type]
    )  # fmt: skip
    trs.append(
        Entry("private", "/private/zwgk/t20200301_9.html", "示例市保密局2019年政府信息公开工作年度报告", "2020-03-01", None,
              body_html="<p>robots.txt disallows this path.</p>", declared="gbk", **gbk)  # type: ignore[arg-type]
    )  # fmt: skip
    moved = generated("trs-redirected", "示例市审计局", 2019, f"{trs_base}202003/t20200320_300.html", "2020-03-20", 77,
                      declared="gbk", link="/zwgk/old/t20200320_300.html", behaviour="redirect", **gbk)  # fmt: skip
    trs.append(moved)
    dept_base = f"{trs_base}bmnb/"
    units = ["示例市财政局", "示例市教育局", "示例市卫生健康委员会", "示例市生态环境局", "城关镇人民政府", "东街街道办事处",
             "示例市公安局", "桥头镇人民政府", "示例市民政局", "示例市交通运输局", "示例市水利局", "河西乡人民政府"]  # fmt: skip
    dept = [
        generated(f"dept-{n}", unit, 2022 + n % 2, _trs_path(dept_base, 2022 + n % 2, n), f"{2023 + n % 2}-01-{20 + n % 9}",
                  seed=500 + n, declared="gbk", **gbk)  # type: ignore[arg-type]
        for n, unit in enumerate(units)
    ]  # fmt: skip
    hanweb_units = ["发展和改革委员会", "工业和信息化局", "司法局", "人力资源和社会保障局", "自然资源局", "住房和城乡建设局",
                    "农业农村局", "商务局", "文化广电旅游局", "应急管理局", "审计局", "市场监督管理局", "统计局",
                    "医疗保障局", "林业局", "体育局", "信访局", "退役军人事务局"]  # fmt: skip
    hanweb: list[Entry] = []
    for n in range(hanweb_records):
        year = 2023 - (n // len(hanweb_units)) % 3
        unit = "示例市" + hanweb_units[n % len(hanweb_units)]
        path = f"/art/{year + 1}/1/{10 + n % 19}/art_4501_{60000 + n}.html"
        if n in (5, 23):
            title = (
                f"关于{year}年度政府信息公开工作年度报告的解读"
                if n == 5
                else f"关于开展{year}年度政府信息公开工作年度报告评议的通知"
            )
            body = "<p>本文解读政府信息公开工作年度报告的主要内容：总体情况、主动公开政府信息情况。</p>" * 3
            hanweb.append(Entry(f"hanweb-{n}", path, title, f"{year + 1}-01-{10 + n % 19}", OTHER, body_html=body))
        elif n in (11, 31):
            title = f"示例市{year + 1}年政务公开工作要点"  # not linked as a report: never fetched
            body = "<p>做好政府信息公开工作年度报告编制发布工作。</p>"
            hanweb.append(Entry(f"hanweb-{n}", path, title, f"{year + 1}-02-01", "unlinked", body_html=body))
        else:
            hanweb.append(generated(f"hanweb-{n}", unit, year, path, f"{year + 1}-01-{10 + n % 19}", seed=900 + n))
    annual_years = {
        year: [
            generated(f"annual-{year}-{k}", f"示例市{unit}", year, f"/art/{year + 1}/1/25/art_4502_{year * 10 + k}.html",
                      f"{year + 1}-01-25", seed=year * 10 + k)
            for k, unit in enumerate(["档案局", "机关事务管理局", "地方金融监督管理局"])
        ]
        for year in (2023, 2022, 2021)
    }  # fmt: skip
    plain: list[Entry] = []
    for n, year in enumerate(range(2012, 2007, -1)):
        doc = generate_report_html("示例县人民政府", year, "pre2014" if n % 2 else "prose", 300 + n)
        plain.append(
            Entry(f"plain-{year}", f"/plain/detail/{100 + n}.html", f"示例县人民政府{year}年政府信息公开工作年度报告",
                  f"{year + 1}-03-2{n}", REPORT, document=doc)
        )  # fmt: skip
    image_title = "示例县人民政府2018年政府信息公开工作年度报告（图片版）"
    plain.append(
        Entry("plain-image", "/plain/detail/200.html", image_title, "2019-03-29", REPORT,
              body_html="<p style='text-align:center'><img src='/plain/img/2019/ndbg_p1.png' alt='第1页'></p>"
              "<p style='text-align:center'><img src='/plain/img/2019/ndbg_p2.png' alt='第2页'></p>",
              images=[Attachment("/plain/img/2019/ndbg_p1.png", "第1页",
                                 binaries.png_text(("示例县人民政府", "2018年政府信息公开工作年度报告", "一、总体情况")),
                                 "image/png"),
                      Attachment("/plain/img/2019/ndbg_p2.png", "第2页",
                                 binaries.png_text(("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况")),
                                 "image/png")])
    )  # fmt: skip
    for key, path, year, behaviour, expected in (
        ("plain-slow", "/plain/detail/slow.html", 2019, "slow", REPORT),
        ("plain-flaky", "/plain/detail/flaky.html", 2020, "flaky", REPORT),
        ("plain-guard", "/plain/detail/guard.html", 2017, "challenge", BLOCKED),
        ("plain-broken", "/plain/detail/broken.html", 2016, "error500", OTHER),
        ("plain-missing", "/plain/detail/missing.html", 2015, "missing", OTHER),
    ):
        entry = generated(key, "示例县人民政府", year, path, f"{year + 1}-03-28", seed=700 + year, behaviour=behaviour)
        entry.expected = expected
        plain.append(entry)
    pdf_only = "示例县人民政府2013年政府信息公开工作年度报告"
    plain.append(
        Entry("plain-pdf", "/plain/files/2014/ndbg2013.pdf", pdf_only + ".pdf", "2014-03-31", "attachment",
              attachments=[])
    )  # fmt: skip
    site = Site(
        columns={
            "trs": Column("trs", "政府信息公开年度报告", "trs", trs_base, trs, per_page=8, encoding="gbk", declared="gb2312",
                          side_links=[("部门年报", f"{dept_base}index.html")]),
            "dept": Column("dept", "部门年报", "trs", dept_base, dept, per_page=5, encoding="gbk", declared="gbk"),
            "hanweb": Column("hanweb", "政府信息公开年报", "hanweb", "/col/col4501/index.html", hanweb, per_page=15),
            "plain": Column("plain", "信息公开年报（旧版）", "plain", "/plain/", plain, per_page=5),
        },
        annual=AnnualUnit("113300000000000001", annual_years),
        crawl_delay=crawl_delay,
        slow_seconds=slow_seconds,
        hub_links=[
            ("政府信息公开年报", f"{trs_base}index.html"),
            ("政府信息公开年度报告（大汉版）", "/col/col4501/index.html"),
            ("年度报告查询", "/module/xxgk/xxgkAnnualReport.jsp?area=113300000000000001"),
            ("信息公开年报（旧版）", "/plain/list.html"),
            ("2024年政务公开工作要点", "/art/2024/2/1/art_4501_60011.html"),
            ("活动日历", "/plain/calendar?month=2024-01"),
        ],
        offsite_links=[
            ("示例市人民政府2022年政府信息公开工作年度报告（备用地址）", "{OFFSITE}/zwgk/zfxxgkndbg/202303/t20230311_1000.html"),
            ("示例市人民政府2021年政府信息公开工作年度报告（转载）", "http://www.hongxingpaper.com/gov/2021ndbg.html"),
        ],
    )  # fmt: skip
    pdf_entry = site.columns["plain"].entries[-1]
    pdf_entry.attachments = [
        Attachment(pdf_entry.path, pdf_entry.title, binaries.pdf_report(pdf_only, paragraphs), "application/pdf")
    ]
    return site
