"""Render the replica :class:`~tests.replica.site.Site` into HTTP resources (path -> :class:`Resource`).

Static pages are rendered once per site version; ``dataproxy.jsp``, ``xxgkAnnualReport.jsp``, the
pagination trap and the calendar are rendered per request from the query string.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from tests.replica.binaries import png_logo
from tests.replica.site import Column, Entry, Site

Headers = list[tuple[str, str]]


@dataclass
class Resource:
    body: bytes
    content_type: str
    status: int = 200
    headers: Headers = field(default_factory=list)
    cacheable: bool = True  # send ETag/Last-Modified and answer conditional requests


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _page(title: str, body: str, *, charset: str | None = "utf-8", extra_head: str = "") -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    return (
        f"<!DOCTYPE html>\n<html><head>{meta}<title>{_esc(title)}</title>{extra_head}</head><body>"
        '<div class="header"><img src="/images/logo.png" alt="logo"> <a href="/">首页</a> '
        '<a href="/zwgk/index.html">政务公开</a></div>'
        f"{body}"
        '<div class="footer">主办：示例市人民政府办公室 <a href="/sitemap.html">网站地图</a></div></body></html>'
    )


def _encode(text: str, encoding: str) -> bytes:
    return text.encode("gbk" if encoding == "gbk" else "utf-8", errors="xmlcharrefreplace")


def _html(text: str, encoding: str, header_charset: bool) -> Resource:
    charset = "GBK" if encoding == "gbk" else "UTF-8"
    content_type = f"text/html; charset={charset}" if header_charset else "text/html"
    return Resource(_encode(text, encoding), content_type)


def _link(entry: Entry, offsite: str) -> str:
    return (entry.link or entry.path).replace("{OFFSITE}", offsite)


def article(entry: Entry, column_title: str) -> Resource:
    """A report or notice page."""
    if entry.document:
        text = entry.document
        meta = (
            f'<meta http-equiv="Content-Type" content="text/html; charset={entry.declared}">' if entry.declared else ""
        )
        text = re.sub(r"<meta charset=[\"']?[\w-]+[\"']?>", meta, text, count=1)
        if entry.attachments or entry.images:
            text = text.replace("</body>", _attachment_block(entry) + "</body>", 1)
        return _html(text, entry.encoding, entry.header_charset)
    body = (
        f'<div class="location">当前位置：<a href="/">首页</a> &gt; {_esc(column_title)}</div>'
        f'<div class="xl_tit"><h1>{_esc(entry.title)}</h1><span>发布日期：{entry.date}</span></div>'
        f'<div class="TRS_Editor" id="zoom">{entry.body_html}</div>{_attachment_block(entry)}'
    )
    head = f'<meta name="ArticleTitle" content="{_esc(entry.title)}"><meta name="PubDate" content="{entry.date}">'
    return _html(
        _page(entry.title, body, charset=entry.declared, extra_head=head), entry.encoding, entry.header_charset
    )


def _attachment_block(entry: Entry) -> str:
    if not entry.attachments:
        return ""
    items = "".join(f'<li><a href="{_esc(a.path)}">{_esc(a.name)}</a></li>' for a in entry.attachments)
    return f'<div class="fujian">附件：<ul>{items}</ul></div>'


def _items(entries: list[Entry], offsite: str) -> str:
    return "".join(
        f'<li><a href="{_esc(_link(e, offsite))}" title="{_esc(e.title)}" target="_blank">{_esc(e.title[:24])}</a>'
        f"<span>{e.date}</span></li>"
        for e in entries
    )


def _visible(column: Column) -> list[Entry]:
    return [e for e in column.entries if not e.removed and e.expected != "unlinked"]


def trs_pages(column: Column, site: Site, offsite: str) -> dict[str, Resource]:
    entries = _visible(column)
    pages = max(1, math.ceil(len(entries) / column.per_page))
    out = {}
    side = "".join(f'<li><a href="{_esc(p)}">{_esc(t)}</a></li>' for t, p in column.side_links)
    extra = ""
    if column.id == "trs":
        extra = "".join(
            f'<li><a href="{_esc(u.replace("{OFFSITE}", offsite))}">{_esc(t)}</a></li>' for t, u in site.offsite_links
        )
    for n in range(pages):
        chunk = entries[n * column.per_page : (n + 1) * column.per_page]
        script = f'<script type="text/javascript">createPageHTML({pages}, {n}, "index", "html");</script>'
        body = (
            f'<div class="left"><ul class="sub-nav">{side}</ul></div>'
            f'<div class="list"><h2>{_esc(column.title)}</h2><ul class="list-ul">{_items(chunk, offsite)}'
            f'{extra if n == 0 else ""}</ul><div class="page">{script}</div></div>'
        )
        name = "index.html" if n == 0 else f"index_{n}.html"
        text = _page(column.title, body, charset=column.declared)
        out[column.base + name] = _html(text, column.encoding, False)
    return out


def hanweb_first_page(column: Column) -> Resource:
    entries = _visible(column)
    first = entries[: column.per_page]
    records = "".join(f"<record><![CDATA[{_record(e)}]]></record>" for e in first)
    proxy = "/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid=4501&unitid=17622&webname=%E7%A4%BA%E4%BE%8B%E5%B8%82&permissiontype=0"
    datastore = (
        f'<div id="17622"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="{proxy}"></a>]]></nextgroup>'
        f"<recordset>{records}</recordset></datastore></script></div>"
        '<script language="javascript" src="/module/web/jpage/jpage.js"></script>'
        f"<script>var pageParams = {{totalRecord:{len(entries)}, perpage:{column.per_page}, columnid:'4501', "
        "unitid:'17622', webid:'1', appid:'1', sourceContentType:'1', permissiontype:'0'};</script>"
    )
    body = f'<div class="lmcon"><h2>{_esc(column.title)}</h2>{datastore}</div>'
    return _html(_page(column.title, body), "utf-8", True)


def _record(entry: Entry) -> str:
    return f'<li><a href="{_esc(entry.path)}" title="{_esc(entry.title)}" target="_blank">{_esc(entry.title)}</a><span>{entry.date}</span></li>'


def dataproxy(site: Site, query: str) -> Resource:
    """Hanweb jpage: records ``startrecord``..``endrecord`` of the column as XML."""
    params = parse_qs(query)
    entries = _visible(site.columns["hanweb"])
    try:
        start = max(1, int(params.get("startrecord", ["1"])[0]))
        end = min(len(entries), int(params.get("endrecord", [str(start + 44)])[0]))
        perpage = max(1, int(params.get("perpage", ["15"])[0]))
    except ValueError:
        return Resource(b"<error>bad range</error>", "text/xml; charset=UTF-8", status=400)
    records = "".join(f"<record><![CDATA[{_record(e)}]]></record>" for e in entries[start - 1 : end])
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{len(entries)}</totalrecord>'
        f"<totalpage>{math.ceil(len(entries) / perpage)}</totalpage><recordset>{records}</recordset></datastore>"
    )
    return Resource(xml.encode("utf-8"), "text/xml; charset=UTF-8")


def annual_report(site: Site, query: str) -> Resource:
    params = parse_qs(query)
    area = params.get("area", [""])[0]
    if area != site.annual.area:
        return Resource(_page("无数据", "<p>无数据</p>").encode(), "text/html; charset=UTF-8")
    years = sorted(site.annual.years, reverse=True)
    try:
        year = int(params.get("fbtime", [str(years[0])])[0])
    except ValueError:
        year = years[0]
    entries = [e for e in site.annual.years.get(year, []) if not e.removed]
    options = "".join(f'<option value="{y}"{" selected" if y == year else ""}>{y}年</option>' for y in years)
    select = (
        f"<select id=\"fbtime\" onchange=\"window.location='xxgkAnnualReport.jsp?fbtime='+this.value+'&area={area}'\">"
        f"{options}</select>"
    )
    body = f'<div class="nb"><h2>政府信息公开年度报告</h2>{select}<ul>{"".join(_record(e) for e in entries)}</ul></div>'
    return Resource(_page("政府信息公开年度报告", body).encode(), "text/html; charset=UTF-8")


def plain_pages(column: Column, site: Site, offsite: str) -> dict[str, Resource]:
    entries = _visible(column)
    pages = max(1, math.ceil(len(entries) / column.per_page))
    out = {}
    for n in range(pages):
        name = "list.html" if n == 0 else f"list_{n + 1}.html"
        out[column.base + name] = plain_list_page(column, entries, n, pages)
    return out


def plain_list_page(column: Column, entries: list[Entry], n: int, pages: int) -> Resource:
    """Page ``n`` (0-based) of the plain list; past the last page it keeps serving the last items (a trap)."""
    last = pages - 1
    chunk = entries[min(n, last) * column.per_page : (min(n, last) + 1) * column.per_page]
    nxt = f"list_{n + 2}.html" if n + 1 < pages else f"more?page={n + 2}"
    prev = "" if n == 0 else f'<a href="{"list.html" if n == 1 else f"list_{n}.html"}">上一页</a> '
    if n > last:
        prev = ""
    nav = f'<div class="fy">{prev}<a href="{column.base}{nxt}">下一页</a> <a href="{column.base}calendar?month=2024-01">活动日历</a></div>'
    body = f"<h2>{_esc(column.title)}</h2><ul>{_items(chunk, '')}</ul>{nav}"
    return _html(_page(column.title, body), "utf-8", True)


def calendar(query: str) -> Resource:
    month = parse_qs(query).get("month", ["2024-01"])[0]
    try:
        year, mon = (int(x) for x in month.split("-", 1))
    except ValueError:
        year, mon = 2024, 1
    nxt = f"{year + mon // 12}-{mon % 12 + 1:02d}"
    body = f'<h2>{year}年{mon}月活动</h2><p>本月无活动。</p><a href="/plain/calendar?month={nxt}">下一月</a>'
    return Resource(_page("活动日历", body).encode(), "text/html; charset=UTF-8")


def home(site: Site) -> dict[str, Resource]:
    hub = "".join(f'<li><a href="{_esc(p)}">{_esc(t)}</a></li>' for t, p in site.hub_links)
    robots = "User-agent: *\nDisallow: /private/\n"
    if site.crawl_delay:
        robots += f"Crawl-delay: {site.crawl_delay:g}\n"
    return {
        "/": _html(
            _page("示例市人民政府", '<ul class="nav"><li><a href="/zwgk/index.html">政务公开</a></li></ul>'),
            "utf-8",
            True,
        ),
        "/zwgk/index.html": _html(_page("政务公开", f'<ul class="zwgk">{hub}</ul>'), "utf-8", True),
        "/robots.txt": Resource(robots.encode(), "text/plain"),
        "/images/logo.png": Resource(png_logo(), "image/png"),
    }


def render(site: Site, offsite: str) -> tuple[dict[str, Resource], dict[str, str]]:
    """(static resources by path, behaviours by path) for the current state of ``site``."""
    resources = home(site)
    behaviours: dict[str, str] = {}
    for column in site.columns.values():
        if column.style == "trs":
            resources.update(trs_pages(column, site, offsite))
        elif column.style == "hanweb":
            resources[column.base] = hanweb_first_page(column)
        else:
            resources.update(plain_pages(column, site, offsite))
    # served but linked from nowhere: a page cut short mid-body (tests crawl it by URL)
    cut = next((e for e in site.entries() if e.key == "trs-2019"), None)
    if cut is not None:
        resources["/zwgk/zfxxgkndbg/cut/t20200301_9999.html"] = article(cut, "年度报告")
        behaviours["/zwgk/zfxxgkndbg/cut/t20200301_9999.html"] = "truncate"
    for entry in site.entries():
        if entry.removed:
            continue
        if entry.behaviour == "redirect" and entry.link:
            behaviours[entry.link] = "redirect:" + entry.path
        if entry.behaviour and entry.behaviour != "redirect":
            behaviours[entry.path] = entry.behaviour
        if entry.behaviour == "missing":
            continue
        column_title = next((c.title for c in site.columns.values() if entry in c.entries), "年度报告")
        if not entry.path.endswith(".pdf"):
            resources[entry.path] = article(entry, column_title)
        for attachment in entry.attachments + entry.images:
            resources[attachment.path] = Resource(attachment.body, attachment.content_type)
    return resources, behaviours


def split_target(target: str) -> tuple[str, str]:
    parts = urlsplit(target)
    return parts.path or "/", parts.query
