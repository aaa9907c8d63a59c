"""Report metadata: title, agency, report (data) year, publication date, 索引号, 发布机构, region."""

from __future__ import annotations

import re

from parsers.model import Document
from parsers.numbers import normalize
from parsers.region import lookup_region
from parsers.report import ReportMeta

_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_REPORT_WORDS = re.compile(r"(政府信息公开|政务公开|信息公开)(工作)?(年度)?(情况)?(的)?(年度)?(工作)?(报告|年报)")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


def _date(value: str | None) -> str | None:
    if not value:
        return None
    m = _DATE.search(value)
    if not m:
        return None
    month, day = int(m.group(2)), int(m.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{m.group(1)}-{month:02d}-{day:02d}"


def _report_year(title: str, text: str, published: str | None) -> int | None:
    for source in (title, text[:600]):
        for m in _TITLE_YEAR.finditer(source):
            after = source[m.end() : m.end() + 40]
            if _REPORT_WORDS.search(after) or "报告" in after[:30]:
                return int(m.group(1))
    compiled = re.search(r"编制((?:19|20)\d{2})年度", text[:2000])
    if compiled:
        return int(compiled.group(1))
    if title:
        in_title = _TITLE_YEAR.search(title)
        if in_title:
            return int(in_title.group(1))
    if published:
        return int(published[:4]) - 1
    return None


def _agency(title: str, text: str, meta: dict[str, str]) -> str:
    t = normalize(title)
    m = _TITLE_YEAR.search(t)
    if m and m.start() > 1:
        return t[: m.start()]
    if m:
        rest = t[m.end() :]
        w = _REPORT_WORDS.search(rest)
        if w and w.start() >= 2:
            return rest[: w.start()]
    for key in ("发布机构", "ContentSource"):
        if meta.get(key):
            return meta[key]
    found = re.search(r"填报单位(?:\(盖章\)|（盖章）)?[:：]\s*(\S{2,30})", text)
    if found:
        return found.group(1)
    m2 = re.search(r"编制\d{4}年度(\S{2,30}?)(?:政府)?信息公开工作年度报告", text[:3000])
    if m2:
        return m2.group(1)
    return ""


def report_metadata(doc: Document) -> ReportMeta:
    meta = doc.meta
    title = doc.title.strip()
    published = _date(meta.get("发布日期")) or _date(meta.get("PubDate"))
    year = _report_year(title, doc.text, published)
    agency = _agency(title, doc.text, meta)
    region_code, level = lookup_region(agency, context=doc.text[:300]) if agency else (None, None)
    if region_code is None and meta.get("发布机构"):
        region_code, level = lookup_region(meta["发布机构"], context=doc.text[:300])
    return ReportMeta(
        title=title,
        agency=agency,
        report_year=year,
        published=published,
        region_code=region_code,
        level=level,
        index_no=meta.get("索引号"),
        publisher=meta.get("发布机构"),
    )


def looks_like_report(doc: Document) -> bool:
    blob = doc.title + doc.text[:3000]
    return bool(_REPORT_WORDS.search(blob) or re.search(r"年度报告|依申请公开|主动公开", blob))
