"""Parse decoded HTML once into the facts discovery and classification need.  Pure, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from crawler.urls import absolute_url

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
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


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    in_pagination: bool = False
    in_content: bool = False
    in_chrome: bool = False


@dataclass(frozen=True)
class Image:
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
    return _SPACE.sub(" ", text).strip()


def _classes(element: etree._Element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _ancestor_flags(element: etree._Element) -> tuple[bool, bool, bool]:
    """(in pagination container, in content container, in page chrome) for an element."""
    in_pagination = in_content = in_chrome = False
    node = element.getparent()
    while node is not None:
        names = _classes(node)
        tag = node.tag if isinstance(node.tag, str) else ""
        if _PAGINATION_CLASS.search(names):
            in_pagination = True
        if tag in ("ucapcontent", "article") or any(sel in names.split() for sel in CONTENT_SELECTORS):
            in_content = True
        if tag in ("header", "footer", "nav") or _CHROME.search(names):
            in_chrome = True
        node = node.getparent()
    return in_pagination, in_content, in_chrome


def parse_html(text: str, url: str) -> ParsedPage:
    """Parse an HTML document (already decoded) into a :class:`ParsedPage`."""
    page = ParsedPage(url=url)
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        return page
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return page
    base = url
    for base_el in root.iter("base"):
        href = base_el.get("href")
        if href:
            base = absolute_url(url, href) or url
            break
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = meta.get("content")
        if name and content and name not in page.meta:
            page.meta[name] = clean(content)
    title_el = root.find(".//title")
    if title_el is not None:
        page.title = clean(title_el.text_content())
    for tag in ("h1", "h2", "h3"):
        for heading in root.iter(tag):
            value = clean(heading.text_content())
            if value:
                page.headings.append(value[:300])
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        names = _classes(element)
        if len(page.headings) < 12 and re.search(r"(^|[\s_-])(title|bt|tit|biaoti)([\s_-]|$)", names, re.I):
            value = clean(element.text_content())
            if value and len(value) < 200:
                page.headings.append(value)
    scripts = []
    for script in root.iter("script"):
        if script.text:
            scripts.append(script.text)
    page.scripts = "\n".join(scripts)
    for option in root.iter("option"):
        value = option.get("value")
        if value:
            page.options.append(value.strip())
    link_chars = 0
    for anchor in root.iter("a", "area"):
        href = anchor.get("href")
        label = clean(anchor.text_content() or "") or clean(anchor.get("title") or "")
        link_chars += len(clean(anchor.text_content() or ""))
        target = absolute_url(base, href) if href else None
        if target is None:
            continue
        flags = _ancestor_flags(anchor)
        title_attr = clean(anchor.get("title") or "")
        if title_attr and len(title_attr) > len(label):
            label = title_attr  # lists often truncate the visible text ("2023年政府信息...")
        page.links.append(Link(target, label, *flags))
    for frame in root.iter("iframe", "frame", "embed"):
        src = frame.get("src")
        target = absolute_url(base, src) if src else None
        if target:
            page.links.append(Link(target, clean(frame.get("title") or ""), *_ancestor_flags(frame)))
    for img in root.iter("img"):
        src = img.get("src") or img.get("data-src")
        target = absolute_url(base, src) if src else None
        if target:
            _, in_content, _ = _ancestor_flags(img)
            page.images.append(Image(target, clean(img.get("alt") or ""), in_content))
    for dropped in list(root.iter(*_REMOVE)):
        if dropped.getparent() is not None:
            dropped.drop_tree()  # keeps the tail text
    page.text = clean(root.text_content())
    page.link_chars = link_chars
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tokens = _classes(element).split()
        if element.tag == "ucapcontent" or any(sel in tokens for sel in CONTENT_SELECTORS[:-1]):
            page.content_text = clean(element.text_content())
            break
    return page


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
