"""Content fingerprints for change tracking, and recognising pages that say "this page is gone".

A report's version changes only when its *content* changes: the main text and the table cells, not the
page bytes.  View counters (点击数/浏览次数), "today is …" banners, print/close buttons and whitespace are
removed before hashing, so they never create versions.
"""

from __future__ import annotations

import hashlib
import re

from parsers.model import Document

_VOLATILE = [
    # view counters: 点击数：123 / 浏览次数: 45 / 访问量 6 / 阅读次数
    re.compile(r"(点击|浏览|访问|阅读|查看)(数|次数|量|人次)?\s*[:：]?\s*\[?\s*\d+\s*\]?\s*次?"),
    # "today" banners: 今天是2026年11月22日 星期日
    re.compile(r"今天是\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(星期[一二三四五六日天])?"),
    # print / close / font-size controls
    re.compile(r"[【\[]\s*(打印(本页|此页)?|关闭(窗口|本页)?|字体\s*[:：]?\s*[大中小]|[大中小])\s*[】\]]"),
    re.compile(r"(打印本页|关闭窗口|保存本页|返回顶部)"),
    # session tokens sometimes echoed into the body
    re.compile(r"(jsessionid|sessionid|sid|token)=[0-9A-Za-z]+", re.I),
]
_SPACE = re.compile(r"\s+")

_MISSING_PAGE = re.compile(
    r"(页面不存在|页面已删除|信息已删除|文章已删除|该信息已被删除|您访问的页面不存在|找不到(该)?页面|"
    r"页面未找到|404\s*Not\s*Found|^\s*404\s*$|error\s*404|该页面已失效|内容已下线|信息不存在)",
    re.I,
)


def normalise_text(text: str) -> str:
    """Text with volatile page furniture and all whitespace removed."""
    for pattern in _VOLATILE:
        text = pattern.sub("", text)
    return _SPACE.sub("", text)


def content_hash(document: Document) -> str:
    """SHA-256 of the normalised main text plus every table cell (tables are part of the text already)."""
    digest = hashlib.sha256()
    digest.update(normalise_text(document.text).encode("utf-8"))
    for table in document.tables:
        digest.update(b"\x1e")
        for row in table.rows:
            digest.update(b"\x1f".join(normalise_text(cell).encode("utf-8") for cell in row))
            digest.update(b"\x1d")
    return digest.hexdigest()


def looks_like_missing_page(title: str, text: str) -> bool:
    """A soft-404: an HTTP 200 page whose title or short body says the page or the information is gone."""
    if _MISSING_PAGE.search(title or ""):
        return True
    body = (text or "").strip()
    return len(body) < 600 and bool(_MISSING_PAGE.search(body))
