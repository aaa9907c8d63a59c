"""Parse decoded HTML once into the facts discovery and classification need.  Pure, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from crawler.urls import absolute_url

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
#: Containers that hold the article body on the common CMS platforms (portals.md §2).
CONTENT_SELECTORS = (
    "ivs_content",
    "webeditorview",
    "zoom",
    "zoomcon",
    "TRS_Editor",
    "Custom_UnionStyle",
    "xxgk_content",
    "article-content",
    "content",
)
_CHROME = re.compile(r"(^|[^a-z])(header|footer|nav|menu|banner|breadcrumb|crumb|sidebar|toolbar)([^a-z]|$)", re.I)
_PAGINATION_CLASS = re.compile(r"pag|fenye|page_?(div|box|bar|nav)|pager", re.IGNORECASE)
_REMOVE = ("script", "style", "noscript", "template")


class Link(NamedTuple):
    url: str
    text: str
    in_pagination: bool = False
    in_content: bool = False
    in_chrome: bool = False


class Image(NamedTuple):
    url: str
    alt: str
    in_content: bool


@dataclass
class ParsedPage:
    url: str
    title: str = ""
    headings: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    options: list[str] = field(default_factory=list)  # <option value> of year switchers
    scripts: str = ""
    text: str = ""  # visible text, whitespace collapsed
    link_chars: int = 0  # characters of visible text that sit inside <a>
    content_text: str = ""  # text of the content container, when one was found
    script_records: list[Link] | None = None  # Hanweb records in the scripts (crawler.discovery.page_records)

    @property
    def body_chars(self) -> int:
        """Visible characters outside links (navigation-heavy list pages score low)."""
        return max(0, len(self.text) - self.link_chars)

    def title_candidates(self) -> list[str]:
        """Titles in order of trust: ArticleTitle meta, headings, <title>."""
        out = []
        for key in ("articletitle", "title", "og:title"):
            if self.meta.get(key):
                out.append(self.meta[key])
        out.extend(self.headings)
        if self.title:
            out.append(self.title)
        return [t for t in out if t]


def clean(text: str) -> str:
    """Collapse whitespace (including U+3000) to single spaces."""
    return " ".join(text.split())


def element_text(element: etree._Element) -> str:
    """``text_content()``, without its XPath call for the common element that has no children."""
    if len(element) == 0:
        return element.text or ""
    return str(element.text_content())


_TITLE_CLASS = re.compile(r"(^|[\s_-])(title|bt|tit|biaoti)([\s_-]|$)", re.IGNORECASE)
_CONTENT_TOKENS = frozenset(CONTENT_SELECTORS)
# through the attribute axis: four times faster than ``//*[@class or @id]``, which tests every element
_WITH_CLASS = etree.XPath("//@class/.. | //@id/..")
_STRUCTURAL_TAGS = ("ucapcontent", "article", "header", "footer", "nav")
_CONTAINER_TOKENS = frozenset(CONTENT_SELECTORS[:-1])  # "content" alone is too common to pick the body


@lru_cache(maxsize=65536)
def _resolve_cached(base: str, href: str) -> str | None:
    return absolute_url(base, href)


def resolve(base: str, href: str) -> str | None:
    """``absolute_url`` with a cache for hrefs that do not depend on the page (navigation repeats a lot)."""
    if href.startswith(("http://", "https://")):
        return _resolve_cached("", href) if len(href) < 512 else absolute_url(base, href)
    if href.startswith("/") and not href.startswith("//"):
        parts = urlsplit(base)
        return _resolve_cached(f"{parts.scheme}://{parts.netloc}/", href) if len(href) < 512 else None
    return absolute_url(base, href)


_LINKING_TAGS = ("a", "area", "img", "iframe", "frame", "embed")
Flags = dict[int, list[bool]]  # id(element) -> [in pagination, in content, in chrome]


def parse_html(text: str, url: str) -> ParsedPage:
    """Parse an HTML document (already decoded) into a :class:`ParsedPage`, in one pass over the tree."""
    page = ParsedPage(url=url)
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        return page
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return page
    base = _base_url(root, url)
    # Elements are visited through lxml's C-level tag filters: big report tables (thousands of cells) are
    # never walked in Python.  References are held in ``targets`` so lxml hands out the same proxies again.
    targets = list(root.iter(*_LINKING_TAGS))
    flags, container, class_headings = _mark_regions(root)
    link_chars = _collect_links(page, targets, flags, base)
    _collect_head(page, root, class_headings)
    scripts = [element.text for element in root.iter("script") if element.text]
    removable = list(root.iter("script", "style", "noscript", "template"))
    page.scripts = "\n".join(scripts)
    for dropped in removable:
        if dropped.getparent() is not None:
            dropped.drop_tree()  # keeps the tail text
    page.text = clean(root.text_content())
    page.link_chars = link_chars
    if container is not None:
        page.content_text = clean(container.text_content())
    return page


def _base_url(root: etree._Element, url: str) -> str:
    for base_el in root.iter("base"):
        href = base_el.get("href")
        if href:
            return absolute_url(url, href) or url
    return url


def _mark_regions(root: etree._Element) -> tuple[Flags, etree._Element | None, list[str]]:
    """Which links sit in pagination, content or chrome; the content container; headings named by class."""
    flags: Flags = {}
    container: etree._Element | None = None
    headings: list[str] = []
    classed = _WITH_CLASS(root)
    structural = [e for e in root.iter(*_STRUCTURAL_TAGS) if e.get("class") is None and e.get("id") is None]
    for element in [*classed, *structural]:  # (an XPath union costs four times as much: it sorts)
        tag = element.tag
        names = f"{element.get('class', '')} {element.get('id', '')}"
        tokens = names.split()
        pagination = bool(tokens) and bool(_PAGINATION_CLASS.search(names))
        content = tag in ("ucapcontent", "article") or bool(_CONTENT_TOKENS.intersection(tokens))
        chrome = tag in ("header", "footer", "nav") or (bool(tokens) and bool(_CHROME.search(names)))
        if tokens and len(headings) < 12 and _TITLE_CLASS.search(names):
            value = clean(element.text_content())
            if value and len(value) < 200:
                headings.append(value)
        if container is None and (tag == "ucapcontent" or _CONTAINER_TOKENS.intersection(tokens)):
            container = element  # class matches come first (document order), then a bare <ucapcontent>
        if pagination or content or chrome:
            for inner in element.iter(*_LINKING_TAGS):
                if inner is element:
                    continue
                bits = flags.setdefault(id(inner), [False, False, False])
                bits[0] |= pagination
                bits[1] |= content
                bits[2] |= chrome
    return flags, container, headings


def _collect_links(page: ParsedPage, targets: list[etree._Element], flags: Flags, base: str) -> int:
    """Links and images into ``page``; returns the characters of visible text inside links."""
    link_chars = 0
    for element in targets:
        tag = element.tag
        in_pagination, in_content, in_chrome = flags.get(id(element), (False, False, False))
        if tag in ("a", "area"):
            visible = clean(element_text(element))
            link_chars += len(visible)
            href = element.get("href")
            target = resolve(base, href) if href else None
            if target is not None:
                title_attr = element.get("title")
                label = visible
                if title_attr:
                    title_attr = clean(title_attr)
                    if len(title_attr) > len(label):
                        label = title_attr  # lists often truncate the visible text ("2023年政府信息...")
                page.links.append(Link(target, label, in_pagination, in_content, in_chrome))
        elif tag == "img":
            src = element.get("src") or element.get("data-src")
            target = resolve(base, src) if src else None
            if target:
                page.images.append(Image(target, clean(element.get("alt") or ""), in_content))
        else:
            src = element.get("src")
            target = resolve(base, src) if src else None
            if target:
                page.links.append(Link(target, clean(element.get("title") or ""), in_pagination, in_content, in_chrome))
    return link_chars


def _collect_head(page: ParsedPage, root: etree._Element, class_headings: list[str]) -> None:
    """Meta tags, the title, headings (h1, h2, h3, then those named by class) and year-switch options."""
    for element in root.iter("meta"):
        name = (element.get("name") or element.get("property") or "").strip().lower()
        content_attr = element.get("content")
        if name and content_attr and name not in page.meta:
            page.meta[name] = clean(content_attr)
    for element in root.iter("title"):
        page.title = clean(element.text_content())
        break
    headings: dict[str, list[str]] = {"h1": [], "h2": [], "h3": []}
    for element in root.iter("h1", "h2", "h3"):
        value = clean(element.text_content())
        if value:
            headings[str(element.tag)].append(value[:300])
    page.headings = headings["h1"] + headings["h2"] + headings["h3"] + class_headings
    for element in root.iter("option"):
        value = element.get("value")
        if value:
            page.options.append(value.strip())


def parse_fragment_links(html: str, base: str) -> list[Link]:
    """Links of an HTML fragment (a Hanweb ``<record>`` ``<li>``)."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    links = []
    for anchor in root.iter("a"):
        href = anchor.get("href")
        target = absolute_url(base, href) if href else None
        if target is None:
            continue
        label = clean(anchor.text_content() or "")
        title_attr = clean(anchor.get("title") or "")
        if title_attr and len(title_attr) > len(label):
            label = title_attr
        links.append(Link(target, label))
    return links
