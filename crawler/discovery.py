"""Find what to fetch next from a page: report candidates, columns, pagination, attachments, images.

Pure functions; the spider turns :class:`Candidate` objects into requests.  Pagination covers the forms in
portals.md §3: 下一页 links, ``index_N.html`` with TRS ``createPageHTML(...)``, Hanweb ``dataproxy.jsp``
record sets and the ``xxgkAnnualReport.jsp?fbtime=YEAR&area=CODE`` year switch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from crawler.classify import (
    MENTIONS_REPORT,
    is_attachment_url,
    is_image_url,
)
from crawler.page import Link, ParsedPage, parse_fragment_links
from crawler.script import compile_either

# candidate kinds
REPORT_CANDIDATE = "report"  # may be a report, a sub-column or a notice: the fetch decides
PAGINATION = "pagination"
COLUMN = "column"
HUB = "hub"
ATTACHMENT = "attachment"
IMAGE = "image"
DATAPROXY = "dataproxy"
#: requests for pages that list reports: when one fails or is cut, the portal's listing was not read completely
LISTING_KINDS = frozenset({"seed", COLUMN, HUB, PAGINATION, DATAPROXY})

#: Link texts that say "a further page of this list": they alone make a page a list (crawler.analysis) …
PAGINATION_WORDS = frozenset({"下一页", "下页", "后页", "尾页", "末页"})
#: … and, with these, are followed as pagination
NEXT_TEXTS = PAGINATION_WORDS | {"后一页", "最后一页", "next", ">", ">>", "»", "›"}
_PAGE_NUMBER = re.compile(r"^\[?\d{1,4}\]?$")
_COLUMN_TEXT = compile_either(
    r"(信息公开|政务公开|政府公开).{0,6}(年报|年度报告)|年度报告|年报|部门.{0,4}年报|(乡镇|街道).{0,6}年报"
)
_COLUMN_SLUG = re.compile(
    r"/(?:[a-z_]*ndbg[a-z0-9_]*|[a-z_]*gknb[a-z0-9_]*|[a-z_]*xxgknb[a-z0-9_]*|[a-z0-9_]*nianbao[a-z0-9_]*|"
    r"bmnb[a-z0-9_]*|zfnb[a-z0-9_]*|\d{4}n|\d{4}nb|\d{4}_nd)/",
    re.IGNORECASE,
)
_HUB_TEXT = compile_either(
    r"^(政府信息公开|政务公开|信息公开|政府信息公开专栏|政务公开专栏|法定主动公开内容|信息公开目录)$"
)
_CREATE_PAGE = re.compile(r"createPageHTML\s*\(([^)]*)\)", re.IGNORECASE)
_COUNT_VAR = re.compile(r"\b(?:countPage|totalPage|pageCount|page_count|totalpage)\s*[=:]\s*['\"]?(\d{1,4})", re.I)
_QUOTED = re.compile(r"['\"]([^'\"]*)['\"]")
_INDEX_NAME = re.compile(r"^(?P<stem>[A-Za-z]+)(?:_\d+)?\.(?P<ext>s?html?)$")
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL | re.IGNORECASE)
_TOTAL_RECORD = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>|totalRecord\s*[:=]\s*(\d+)", re.IGNORECASE)
_PERPAGE = re.compile(r"\bperpage\s*[:=]\s*['\"]?(\d+)", re.IGNORECASE)
_DATAPROXY_URL = re.compile(r"['\"]?([^'\"\s<>]*?/module/(?:web/)?jpage/dataproxy\.jsp[^'\"\s<>]*)", re.IGNORECASE)
_DATAPROXY_PARAM = re.compile(
    r"\b(columnid|unitid|webid|appid|col|path|sourceContentType|webname|permissiontype)\s*[:=]\s*['\"]?([^'\",&}\s]*)",
    re.IGNORECASE,
)
_FBTIME = re.compile(r"fbtime=(\d{4})")
_YEAR_VALUE = re.compile(r"^(19[89]\d|20\d\d)$")
MAX_GENERATED_PAGES = 500
DATAPROXY_PAGES_PER_CALL = 3


@dataclass(frozen=True)
class Candidate:
    url: str
    kind: str
    text: str
    reason: str


def _candidate(link: Link, kind: str, reason: str) -> Candidate:
    return Candidate(link.url, kind, link.text, reason)


def is_next_link(link: Link) -> bool:
    text = link.text.strip().lower()
    if text in NEXT_TEXTS:
        return True
    return link.in_pagination and bool(_PAGE_NUMBER.match(text))


def is_report_candidate(text: str) -> bool:
    return bool(MENTIONS_REPORT.search(text))


def is_column_link(link: Link) -> bool:
    return bool(_COLUMN_TEXT.search(link.text)) or bool(_COLUMN_SLUG.search(urlsplit(link.url).path + "/"))


def create_page_urls(page: ParsedPage) -> list[str]:
    """index.html, index_1.html, … from TRS ``createPageHTML(count, current, "index", "html")`` (or a count var)."""
    count = None
    stem, ext = "index", None
    match = _CREATE_PAGE.search(page.scripts)
    if match:
        args = match.group(1)
        numbers = [int(n) for n in re.findall(r"(?<![\w'\"])(\d{1,4})(?![\w'\"])", args)]
        quoted = _QUOTED.findall(args)
        for first, second in pairwise(quoted):
            if second.lower() in ("html", "htm", "shtml"):
                stem, ext = first or "index", second
                break
        if numbers:
            count = numbers[0]
    if count is None:
        var = _COUNT_VAR.search(page.scripts)
        if var:
            count = int(var.group(1))
    if not count or count < 2:
        return []
    parts = urlsplit(page.url)
    directory, _, name = parts.path.rpartition("/")
    if ext is None:
        named = _INDEX_NAME.match(name)
        if not named:
            if name:
                return []
            ext = "html"
        else:
            stem, ext = named.group("stem"), named.group("ext")
    count = min(count, MAX_GENERATED_PAGES)
    names = [f"{stem}.{ext}"] + [f"{stem}_{n}.{ext}" for n in range(1, count)]
    return [urlunsplit((parts.scheme, parts.netloc, f"{directory}/{n}", "", "")) for n in names]


def hanweb_records(text: str, base: str) -> list[Link]:
    """Links inside Hanweb ``<record><![CDATA[<li>…</li>]]></record>`` items (page script or dataproxy XML)."""
    links: list[Link] = []
    for fragment in _RECORD.findall(text):
        links.extend(parse_fragment_links(fragment, base))
    return links


def page_records(page: ParsedPage) -> list[Link]:
    """The Hanweb records of a page's scripts, parsed once per page (classification and discovery both ask)."""
    if page.script_records is None:
        page.script_records = hanweb_records(page.scripts, page.url)
    return page.script_records


def dataproxy_urls(text: str, page_url: str, already: int) -> list[str]:
    """Further ``dataproxy.jsp`` calls for a Hanweb column, each covering three display pages."""
    total_match = _TOTAL_RECORD.search(text)
    if not total_match:
        return []
    total = int(total_match.group(1) or total_match.group(2))
    if total <= already:
        return []
    proxy = _DATAPROXY_URL.search(text)
    if proxy:
        raw = proxy.group(1).replace("&amp;", "&")
        proxy_url = urljoin(page_url, raw)
    else:
        proxy_url = urljoin(page_url, "/module/web/jpage/dataproxy.jsp")
    parts = urlsplit(proxy_url)
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in _RANGE_KEYS]
    known = {k.lower() for k, _ in params}
    for key, value in _DATAPROXY_PARAM.findall(text):
        if key.lower() not in known and value:
            params.append((key, value))
            known.add(key.lower())
    perpage_match = _PERPAGE.search(text)
    perpage = int(perpage_match.group(1)) if perpage_match else 15
    perpage = max(1, min(perpage, 100))
    step = perpage * DATAPROXY_PAGES_PER_CALL
    urls: list[str] = []
    start = already + 1
    while start <= total and len(urls) < MAX_GENERATED_PAGES:
        end = min(start + step - 1, total)
        query = urlencode([("startrecord", start), ("endrecord", end), ("perpage", perpage), *params])
        urls.append(urlunsplit((parts.scheme, parts.netloc, parts.path, query, "")))
        start = end + 1
    return urls


_RANGE_KEYS = frozenset({"startrecord", "endrecord", "perpage", "page"})


def annual_report_year_urls(page: ParsedPage) -> list[str]:
    """Hanweb ``xxgkAnnualReport.jsp``: one URL per year offered by the page's year switch."""
    parts = urlsplit(page.url)
    if not parts.path.lower().endswith("xxgkannualreport.jsp"):
        return []
    params = parse_qsl(parts.query, keep_blank_values=True)
    years = {v for v in page.options if _YEAR_VALUE.match(v)}
    years.update(_FBTIME.findall(page.scripts))
    years.update(y for link in page.links for y in _FBTIME.findall(link.url))
    urls: list[str] = []
    for year in sorted(years, reverse=True):
        query = [(k, v) for k, v in params if k != "fbtime"] + [("fbtime", year)]
        urls.append(urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), "")))
    return urls


def discover(page: ParsedPage, classification: str, *, depth: int, hub_depth: int = 1) -> list[Candidate]:
    """What to fetch next from a page classified as ``classification``."""
    found: list[Candidate] = []
    if classification == "report":
        for link in page.links:
            if is_attachment_url(link.url):
                found.append(_candidate(link, ATTACHMENT, "attachment of a report"))
            elif is_image_url(link.url) and link.in_content:
                found.append(_candidate(link, IMAGE, "image linked from a report body"))
            elif is_report_candidate(link.text) and not link.in_chrome:
                found.append(_candidate(link, REPORT_CANDIDATE, "report link on a report page"))
        in_content = [image for image in page.images if image.in_content]
        for image in in_content or [i for i in page.images if not _chrome_image(i.url)]:
            found.append(Candidate(image.url, IMAGE, image.alt, "image in a report body"))
        return found
    if classification not in ("list", "other"):
        return found
    records = page_records(page)
    for link in [*page.links, *records]:
        if is_next_link(link) and classification == "list":
            found.append(_candidate(link, PAGINATION, f"pagination link {link.text!r}"))
        elif is_report_candidate(link.text):
            kind = ATTACHMENT if is_attachment_url(link.url) else REPORT_CANDIDATE
            found.append(_candidate(link, kind, "link text mentions an annual report"))
        elif is_column_link(link) and not is_attachment_url(link.url):
            found.append(_candidate(link, COLUMN, "annual-report column"))
        elif depth < hub_depth and _HUB_TEXT.match(link.text):
            found.append(_candidate(link, HUB, "information-disclosure section"))
    if classification == "list":
        for url in create_page_urls(page):
            found.append(Candidate(url, PAGINATION, "", "createPageHTML page count"))
        for url in dataproxy_urls(page.scripts, page.url, already=len(records)):
            found.append(Candidate(url, DATAPROXY, "", "Hanweb dataproxy.jsp record range"))
        for url in annual_report_year_urls(page):
            found.append(Candidate(url, PAGINATION, "", "xxgkAnnualReport.jsp year"))
    return found


def discover_dataproxy(records: list[Link]) -> list[Candidate]:
    """Report candidates among the records of a Hanweb dataproxy.jsp XML answer (:func:`hanweb_records`)."""
    found = []
    for link in records:
        kind = ATTACHMENT if is_attachment_url(link.url) else REPORT_CANDIDATE
        if is_report_candidate(link.text) or is_column_link(link):
            found.append(_candidate(link, kind, "Hanweb record"))
    return found


def _chrome_image(url: str) -> bool:
    name = urlsplit(url).path.rsplit("/", 1)[-1].lower()
    return bool(re.search(r"logo|icon|banner|btn|button|arrow|spacer|share|qrcode|ewm|bg|line|dot", name))
