"""Classify what was fetched: report | list | attachment | other | blocked, always with a reason.

Pure functions over status, headers and a :class:`~crawler.page.ParsedPage`; no Scrapy, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from crawler.page import ParsedPage
from crawler.script import compile_either, either_script

REPORT = "report"
LIST = "list"
ATTACHMENT = "attachment"
OTHER = "other"
BLOCKED = "blocked"

YEAR = r"(?:19[89]\d|20\d\d|二〇[一二〇]\S|二零[一二零]\S)"
#: The names of information disclosure a report title uses (all report-word patterns below are built on it).
DISCLOSURE_WORDS = r"(?:政府信息公开|政务信息公开|政务公开|信息公开|政府公开)"
_DISCLOSURE = either_script(DISCLOSURE_WORDS)
_REPORT_WORD = either_script(r"(?:年度报告|年报|工作报告|情况的?报告|年度工作情况|工作年度报告|报告)")
#: A report title: disclosure wording, a report word, a year (e.g. 2019年政府信息公开工作年度报告).
REPORT_TITLE = re.compile(rf"(?=.*{YEAR})(?=.*{_DISCLOSURE}).*{_REPORT_WORD}")
#: A report title without its year (某局政府信息公开工作年度报告): a report only when the body clearly is one.
YEARLESS_REPORT_TITLE = re.compile(_DISCLOSURE + either_script(r".{0,10}(?:年度报告|年报)"))
_BODY_YEAR = re.compile(YEAR)
YEARLESS_MARKERS = 4  # body markers a page with a yearless title needs
#: Wording of pages *about* reports: notices, work plans, explanations, trainings (precision guard).
NOT_A_REPORT = compile_either(
    r"通知|通报|关于(?:做好|印发|开展|报送|编制|加强|进一步|组织|认真)|编制工作|编制和发布|工作要点|解读|图解|"
    r"培训|会议|提纲|模板|格式|目录|指南|考核|评估|评议|检查|征求|方案|计划(?!生育)|制度|办法|实施意见|整改|问答|"
    r"专题|链接|栏目|汇总表|一览表"
)
#: Link or title that mentions an annual report at all (a candidate worth fetching).
MENTIONS_REPORT = compile_either(rf"年度报告|年报|{DISCLOSURE_WORDS}.{{0,12}}报告|工作报告|年度.{{0,8}}报告")
#: Section headings and phrases found in the body of real reports (2008 and 2019 formats).
BODY_MARKERS = (
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议",
    "行政诉讼",
    "存在的主要问题",
    "依申请公开",
    "主动公开",
    "其他需要报告的事项",
    "信息公开条例",
    "收费",
    "基本情况",
)
ATTACHMENT_EXTENSIONS = frozenset(
    {"pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "ofd", "zip", "rar", "7z", "txt", "rtf", "odt", "ods"}
)
IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp"})
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_XML_TYPES = ("text/xml", "application/xml")
_CHALLENGE_MARKERS = (
    ("$_ts", "瑞数 dynamic-cookie challenge ($_ts script)"),
    ("__jsl_clearance", "加速乐 challenge (__jsl_clearance)"),
    ("jsl_clearance", "加速乐 challenge"),
    ("wzws_cid", "网站卫士 challenge (wzws_cid)"),
    ("wzwschallenge", "网站卫士 challenge"),
    ("_wzws", "网站卫士 challenge"),
)
_CAPTCHA = re.compile(r"captcha|验证码|人机验证|滑动验证|安全验证|访问验证", re.IGNORECASE)
TINY_BODY = 4096


@dataclass(frozen=True)
class Verdict:
    classification: str
    reason: str


def extension_of(url: str) -> str:
    path = unquote(urlsplit(url).path).lower()
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1] if "." in name else ""


@lru_cache(maxsize=65536)
def is_attachment_url(url: str) -> bool:
    """A link to a document file (pdf, doc, docx, wps, xls, xlsx, et, ofd, zip, …)."""
    if extension_of(url) in ATTACHMENT_EXTENSIONS:
        return True
    if "?" not in url:
        return False
    query = unquote(urlsplit(url).query).lower()
    return any(query.endswith("." + ext) or f".{ext}&" in query for ext in ATTACHMENT_EXTENSIONS)


@lru_cache(maxsize=65536)
def is_image_url(url: str) -> bool:
    return extension_of(url) in IMAGE_EXTENSIONS


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_html(content_type: str | None, body_start: bytes = b"") -> bool:
    kind = media_type(content_type)
    if kind in _HTML_TYPES:
        return True
    if kind in ("", "text/plain", "application/octet-stream"):
        head = body_start[:512].lstrip().lower()
        return head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta"))
    return False


def is_xml(content_type: str | None, body_start: bytes = b"") -> bool:
    kind = media_type(content_type)
    if kind in _XML_TYPES or (kind.endswith("+xml") and kind not in _HTML_TYPES):
        return True
    head = body_start[:512].lstrip()
    return head.startswith((b"<?xml", b"<datastore"))


def blocked_reason(status: int, body_text: str, location: str | None = None) -> str | None:
    """Why a response is an anti-bot challenge rather than content (portals.md §6); None when it is not."""
    if location and "wzws" in location.lower():
        return f"redirect to a 网站卫士 challenge ({location[:120]})"
    sample = body_text[:20000]
    for marker, label in _CHALLENGE_MARKERS:
        if marker in sample:
            return f"HTTP {status}: {label}"
    tiny = len(body_text.strip()) < TINY_BODY
    if status == 521:
        return "HTTP 521: 加速乐 JS challenge"
    if status == 412:
        return "HTTP 412 challenge (瑞数-style)" if tiny else "HTTP 412 Precondition Failed"
    if status in (202, 403) and tiny and "<script" in sample.lower():
        return f"HTTP {status} with a tiny scripted body (JS challenge)"
    if status == 403 and tiny:
        return "HTTP 403 with a tiny body (access refused)"
    if tiny and _CAPTCHA.search(sample):
        return f"HTTP {status}: CAPTCHA page"
    return None


def report_title(page: ParsedPage, link_text: str | None = None) -> tuple[str | None, str | None]:
    """(title that says 'report', title that says 'about a report') from the most trusted title that mentions one."""
    candidates = page.title_candidates()
    if link_text:
        candidates.append(link_text)
    for title in candidates:
        if not MENTIONS_REPORT.search(title):
            continue
        if NOT_A_REPORT.search(title):
            return None, title
        if REPORT_TITLE.search(title):
            return title, None
    return None, None


def yearless_report_title(page: ParsedPage, link_text: str | None = None) -> str | None:
    """The first title that names a disclosure report but gives no year (and is not about one)."""
    for title in [*page.title_candidates(), *([link_text] if link_text else [])]:
        if YEARLESS_REPORT_TITLE.search(title) and not NOT_A_REPORT.search(title):
            return title
    return None


_BODY_MARKER_PATTERNS = tuple((marker, compile_either(re.escape(marker))) for marker in BODY_MARKERS)


def body_markers(text: str) -> list[str]:
    """The report headings and phrases ``text`` contains (in either script), named in simplified script."""
    return [marker for marker, pattern in _BODY_MARKER_PATTERNS if pattern.search(text)]


def report_like_links(page: ParsedPage) -> int:
    """Links to other report pages (attachments of this page do not count)."""
    return sum(
        1
        for link in page.links
        if REPORT_TITLE.search(link.text) and not NOT_A_REPORT.search(link.text) and not is_attachment_url(link.url)
    )


def classify_html(
    page: ParsedPage,
    *,
    link_text: str | None = None,
    is_seed: bool = False,
    has_pagination: bool = False,
) -> Verdict:
    """Report, list or other for an HTML page."""
    title, about = report_title(page, link_text)
    body = page.content_text or page.text
    markers = body_markers(body)
    listed = report_like_links(page)
    content_images = [image for image in page.images if image.in_content]
    listy = (listed >= 3 and len(markers) < 3) or (has_pagination and listed >= 1 and len(markers) < 3)
    if title and not listy:
        if len(markers) >= 2:
            return Verdict(REPORT, f"title {title[:80]!r}; body has {', '.join(markers[:4])}")
        if page.body_chars >= 600:
            return Verdict(REPORT, f"title {title[:80]!r}; {page.body_chars} characters of body text")
        if content_images:
            return Verdict(REPORT, f"title {title[:80]!r}; image-only body ({len(content_images)} images)")
        attached = [link for link in page.links if is_attachment_url(link.url)]
        if attached:
            return Verdict(REPORT, f"title {title[:80]!r}; published as attachment ({len(attached)} files)")
    if not title and not about and not listy and len(markers) >= YEARLESS_MARKERS:
        yearless = yearless_report_title(page, link_text)
        if yearless and _BODY_YEAR.search(body[:2000]):
            return Verdict(REPORT, f"title without a year {yearless[:80]!r}; body has {', '.join(markers[:4])}")
    if listed >= 1 or has_pagination:
        return Verdict(LIST, f"{listed} report links" + ("; pagination" if has_pagination else ""))
    if is_seed:
        return Verdict(LIST, "start page of the portal")
    if about:
        return Verdict(OTHER, f"about a report, not a report: {about[:80]!r}")
    if title:
        return Verdict(OTHER, f"title {title[:80]!r} but no report body ({page.body_chars} characters)")
    return Verdict(OTHER, "no report title")


def classify_binary(url: str, content_type: str | None, referrer_kind: str | None) -> Verdict:
    """Attachments and images: anything not HTML or XML that was followed from a report or list page."""
    kind = media_type(content_type) or "unknown type"
    origin = f" linked from a {referrer_kind} page" if referrer_kind else ""
    if kind.startswith("image/") or is_image_url(url):
        return Verdict(ATTACHMENT, f"image ({kind}){origin}")
    return Verdict(ATTACHMENT, f"{kind} document{origin}")
