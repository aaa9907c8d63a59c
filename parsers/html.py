"""HTML page -> :class:`Document`: main-content container by scoring, page metadata, tables as grids."""

from __future__ import annotations

import logging
import re

import lxml.etree as etree

from parsers.decode import decode_bytes
from parsers.model import Document, DocumentBuilder
from parsers.text import add_line_tables

logger = logging.getLogger(__name__)

MAX_COLSPAN = 60
MAX_ROWSPAN = 300
MAX_TABLE_CELLS = 20000

_SKIP = {"script", "style", "noscript", "template", "iframe", "object", "select", "option", "button", "head"}
_BLOCK = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "tr",
    "table", "blockquote", "pre", "center", "dd", "dt", "dl", "hr", "ucapcontent", "header", "footer",
    "form", "caption", "td", "th",
}  # fmt: skip
_KNOWN_IDS = {"ivs_content", "webeditorview", "zoom", "zoomcon", "content", "article", "main-content"}
_KNOWN_CLASSES = {"trs_editor", "custom_unionstyle", "xxgk_content", "article", "content", "view", "zoom"}
_MARKERS = ("政府信息公开工作年度报告", "一、总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请",
            "行政复议", "依申请公开", "年度报告")  # fmt: skip
_NOISE = ("首页", "版权所有", "ICP备", "网站地图", "友情链接", "联系我们", "主办单位", "网站标识码", "公网安备",
          "无障碍", "分享到", "打印本页", "关闭窗口", "当前位置")  # fmt: skip
_META_NAMES = ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "ArticleTitle", "PubDate",
               "ContentSource", "Keywords", "Author", "Description", "Url")  # fmt: skip
_PAGE_FIELDS = {
    "索引号": r"索\s*引\s*号",
    "发布机构": r"发布机构|发文机关|发布单位|信息来源",
    "发布日期": r"发布日期|发布时间|公开日期|发文日期|成文日期",
    "文号": r"文\s*号",
}
_WS = re.compile(r"\s+")
_STRING = etree.XPath("string()")
#: every text node of a page in document order (plain str; the same strings as ``root.itertext()``)
_ALL_TEXT = etree.XPath("//text()", smart_strings=False)
#: total length of the text of all links below an element (EXSLT str:concat, one call)
_LINK_TEXT_LENGTH = etree.XPath("string-length(str:concat(.//a))", namespaces={"str": "http://exslt.org/strings"})
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)


def _clean(text: str) -> str:
    return _WS.sub(" ", text.replace("\u3000", " ").replace("\xa0", " ")).strip()


def _clean_short(text: str) -> str:
    if text.isalnum():
        return text
    return _clean(text)


def _text_of(el: etree._Element) -> str:
    parts: list[str] = []
    walker = etree.iterwalk(el, events=("start", "end"))
    for event, node in walker:
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if tag in _SKIP or not tag:
                walker.skip_subtree()
                continue
            if tag in _BLOCK:
                parts.append(" ")
            if node.text:
                parts.append(node.text)
        elif node is not el and node.tail:
            parts.append(node.tail)
    return _clean("".join(parts))


_COMPLEX_IN_CELL = ("p", "br", "div", "li", "table", "script", "style", "noscript", etree.Comment, etree.PI)


def _cell_text(td: etree._Element) -> str:
    """Text of a table cell (fast path: cells holding no scripts, breaks or blocks and one paragraph at most)."""
    if len(td) == 0:
        return _clean_short(td.text or "")
    blocks = td.iter(*_COMPLEX_IN_CELL)
    first = next(blocks, None)
    if first is None or (first.tag == "p" and next(blocks, None) is None):
        return _clean_short(_text_nodes(td))
    return _text_of(td)


def _text_nodes(el: etree._Element) -> str:
    """The concatenated text nodes below ``el``, the same as ``"".join(el.itertext())``."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


_BLOCKS_IN_CELLS = ("br", "div", "li", "script", "style", "noscript", "table", etree.Comment, etree.PI)
_CELL_TAGS = frozenset({"td", "th"})


def _simple_cells(table: etree._Element) -> bool:
    """True when no cell of ``table`` needs :func:`_text_of`: no breaks, blocks or scripts anywhere in the table,
    and at most one ``<p>`` per cell (then a cell's text is its text nodes joined, cleaned)."""
    if next(table.iterdescendants(*_BLOCKS_IN_CELLS), None) is not None:
        return False
    owners: set[etree._Element] = set()
    for p in table.iterdescendants("p"):
        owner = p.getparent()
        while owner is not None and owner.tag not in _CELL_TAGS:
            if owner is table:
                return False  # a paragraph outside any cell
            owner = owner.getparent()
        if owner is None or owner in owners:
            return False
        owners.add(owner)
    return True


def _simple_cell_text(td: etree._Element) -> str:
    """:func:`_cell_text` of a cell known to hold no blocks (see :func:`_simple_cells`)."""
    if len(td) == 0:
        return _clean_short(td.text or "")
    return _clean_short(_text_nodes(td))


def _single_column(table: etree._Element) -> bool:
    """A one-column table is page layout (a framed text block), not statistics."""
    for tr in table.iter("tr"):
        if sum(1 for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")) > 1:
            return False
    return True


def _has_nested_table(table: etree._Element) -> bool:
    return any(True for _ in table.iterdescendants("table"))


def expand_table(table: etree._Element) -> tuple[list[list[str]], dict[tuple[int, int], tuple[int, int]]]:
    """Grid of cell texts with colspan/rowspan expanded, plus the copy map for :meth:`add_table`."""
    if _has_nested_table(table):
        rows = [r for r in table.iter("tr") if _owner_table(r) is table]
    else:
        rows = list(table.iter("tr"))
    n_rows = len(rows)
    cell_text = _simple_cell_text if _simple_cells(table) else _cell_text
    grid: list[list[str | None]] = [[] for _ in range(n_rows)]
    copies: dict[tuple[int, int], tuple[int, int]] = {}
    n_cells = 0
    height = 0
    for r, tr in enumerate(rows):
        line = grid[r]
        c = 0
        for td in tr.iterchildren("td", "th"):
            n = len(line)
            while c < n and line[c] is not None:
                c += 1
            span = td.get("colspan")
            colspan = 1 if span is None else _span(span, MAX_COLSPAN)
            span = td.get("rowspan")
            rowspan = 1 if span is None else min(_span(span, MAX_ROWSPAN), n_rows - r)
            text = cell_text(td)
            if colspan == 1 and rowspan == 1:
                if c < n:
                    line[c] = text
                else:
                    line.append(text)
            else:
                for dr in range(rowspan):
                    target = grid[r + dr]
                    if len(target) < c + colspan:
                        target.extend([None] * (c + colspan - len(target)))
                    for dc in range(colspan):
                        if target[c + dc] is None:
                            target[c + dc] = text
                            if dr or dc:
                                copies[(r + dr, c + dc)] = (r, c)
                if r + rowspan > height:
                    height = r + rowspan
            if r >= height:
                height = r + 1
            n_cells += colspan * rowspan
            c += colspan
            if n_cells > MAX_TABLE_CELLS:
                break
        if n_cells > MAX_TABLE_CELLS:
            logger.info("table truncated after %d cells", n_cells)
            break
    if not height:
        return [], {}
    width = max(len(line) for line in grid)
    out = [[("" if v is None else v) for v in line] + [""] * (width - len(line)) for line in grid[:height]]
    return out, copies


def _owner_table(tr: etree._Element) -> etree._Element | None:
    parent = tr.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _span(value: str | None, cap: int) -> int:
    if value is None or value == "1":
        return 1
    if not value:
        return 1
    if value.isdigit():
        return max(1, min(int(value), cap))
    m = re.match(r"\s*(\d+)", value)
    if not m:
        return 1
    return max(1, min(int(m.group(1)), cap))


def _score(el: etree._Element) -> float:
    text = _STRING(el)
    if len(text) < 50:
        return -1.0
    link_text = int(_LINK_TEXT_LENGTH(el))
    score = len(text) - 3.0 * link_text
    score += sum(400 for m in _MARKERS if m in text)
    score -= sum(250 for n in _NOISE if n in text)
    ident = (el.get("id") or "").lower()
    classes = set((el.get("class") or "").lower().split())
    if ident in _KNOWN_IDS or classes & _KNOWN_CLASSES or el.tag in ("ucapcontent", "article"):
        score += 300
    return score


def _candidates(root: etree._Element) -> list[etree._Element]:
    out: list[etree._Element] = list(root.iter("div", "article", "section", "ucapcontent", "body"))
    for table in root.iter("table"):
        if not _has_nested_table(table):
            continue  # a data table: its cells are not containers
        for td in table.iter("td"):
            if next(td.iterdescendants("table", "div"), None) is not None:
                out.append(td)
    return out


def select_container(root: etree._Element) -> etree._Element:
    """The element most likely to hold the report body (portals.md §2)."""
    best: tuple[float, etree._Element] | None = None
    for el in _candidates(root):
        score = _score(el)
        if best is None or score > best[0]:
            best = (score, el)
    if best is None or best[0] < 0:
        body = root.find(".//body")
        return body if body is not None else root
    return best[1]


def _page_meta(root: etree._Element, page_text: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for m in root.iter("meta"):
        name = m.get("name") or m.get("property")
        if name and name in _META_NAMES and m.get("content"):
            meta[name] = _clean(m.get("content") or "")
    for key, label in _PAGE_FIELDS.items():
        found = re.search(rf"(?:{label})\s*[:：]?\s*([^\s:：|]{{2,40}})", page_text)
        if found and key not in meta:
            value = found.group(1)
            if key == "发布日期":
                d = re.match(r"(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})", value)
                if not d:
                    continue
                value = f"{d.group(1)}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
            meta[key] = value
    return meta


def _title(root: etree._Element, meta: dict[str, str]) -> str:
    if meta.get("ArticleTitle"):
        return meta["ArticleTitle"]
    for tag in ("h1", "h2"):
        for el in root.iter(tag):
            t = _text_of(el)
            if "报告" in t:
                return t
    t = root.find(".//title")
    if t is not None:
        text = _text_of(t)
        return re.split(r"[_|－—-]{1,2}", text)[0].strip() if text else ""
    return ""


def parse_tree(text: str) -> etree._Element:
    text = _XML_DECL.sub("", text)
    if not text.strip():
        raise ValueError("empty page")
    parser = etree.HTMLParser(huge_tree=True, remove_comments=True, recover=True, remove_pis=True)
    root = etree.fromstring(text, parser=parser)
    if root is None:
        raise ValueError("no HTML elements")
    return root


def html_to_document(data: bytes | str, url: str | None = None, declared_charset: str | None = None) -> Document:
    """Decode (when given bytes), parse, pick the main container and build a :class:`Document`."""
    if isinstance(data, bytes):
        text, encoding = decode_bytes(data, declared_charset)
    else:
        text, encoding = data, "str"
    builder = DocumentBuilder(url=url, extractor="html")
    builder.meta["encoding"] = encoding
    try:
        root = parse_tree(text)
    except (ValueError, etree.ParserError, etree.XMLSyntaxError):
        return builder.build()
    page_text = " ".join(_ALL_TEXT(root))
    builder.meta.update(_page_meta(root, page_text))
    builder.title = _title(root, builder.meta)
    container = select_container(root)
    _emit(container, builder)
    if not builder.tables:
        add_line_tables(builder)  # a table pasted into the editor as | rows or one paragraph per cell
    return builder.build()


def _emit(container: etree._Element, builder: DocumentBuilder) -> None:
    buf: list[str] = []

    def flush() -> None:
        if buf:
            builder.add_paragraph(_clean("".join(buf)))
            buf.clear()

    walker = etree.iterwalk(container, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _SKIP or not tag:
                walker.skip_subtree()
                continue
            if tag == "table" and not _has_nested_table(el) and not _single_column(el):
                flush()
                grid, copies = expand_table(el)
                if grid:
                    caption = el.find("caption")
                    builder.add_table(grid, caption=_text_of(caption) if caption is not None else "", copies=copies)
                walker.skip_subtree()
                continue
            if tag in _BLOCK:
                flush()
            if el.text:
                buf.append(el.text)
        else:
            if tag in _BLOCK or tag == "table":
                flush()
            if el is not container and el.tail:
                buf.append(el.tail)
    flush()
