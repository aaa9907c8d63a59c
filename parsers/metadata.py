"""Report metadata: title, agency, report (data) year, publication date, 索引号, 发布机构, region.

Everything is matched on the reading text (simplified script, ASCII digits), so a big5 mirror gives the same
metadata as the simplified page.  The agency is given in simplified script (one name per body, whatever the copy).

Where they come from, in order of trust:
- year: the title; the statistics period (统计期限自2016年1月1日); the report's own naming of itself
  (编制的2014年度政府信息公开年度报告, 现将2020年度…报告如下); a paragraph opening on a year (2019年，…); a date
  line at the top of the report (the publication date, early in the next year); the page's publication date.
- agency: the title; the page's 发布机构; the report's naming of its author (由上海市环境保护局编制, 交通运输部编制了…,
  现将2020年度市人力资源社会保障局…报告如下); a first line that is a body's name.  A candidate must be a body's
  name (ends like one: 人民政府, 局, 委员会, 街道办事处 …) and never holds sentence words (根据, 关于, 《, 条例 …).
"""

from __future__ import annotations

import re

from parsers.model import Document
from parsers.numbers import normalize
from parsers.region import lookup_region
from parsers.report import ReportMeta
from parsers.simplify import reading_text

_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_REPORT_WORDS = re.compile(r"(政府信息公开|政务公开|信息公开)(工作)?(年度)?(情况)?(的)?(年度)?(工作)?(报告|年报)")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_PERIOD = re.compile(
    r"(?:统计期限|统计时限|统计时间|数据统计|统计数据|统计区间|所列数据)[^。\n]{0,16}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"
)
_RANGE = re.compile(r"((?:19|20)\d{2})年1月1日(?:起)?(?:至|到|—|-|~)(?:((?:19|20)\d{2})年)?12月31日")
_SELF_NAMED = re.compile(
    r"(?:编制|编写|形成|制作|发布|公布|现将|特向社会公布)[^。\n]{0,40}?((?:19|20)\d{2})\s*年度?[^。\n]{0,30}?(?:报告|年报)"
)
_REPORT_OF_YEAR = re.compile(
    r"((?:19|20)\d{2})\s*年度?(?:[^。\n《》]{0,30}?)(?:政府信息公开|政务公开|信息公开)[^。\n《》]{0,8}?(?:报告|年报)"
)
_OPENING_YEAR = re.compile(
    r"(?:^|\n)\s*(?:[一二三四五六七八九十]、[^\n]{0,12}\n\s*)?((?:19|20)\d{2})\s*年(?:度|以来)?[，,\s]"
)
_DATE_LINE = re.compile(r"(?:^|\n)\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:\n|$)")

#: how the name of a government body ends
_BODY_END = (
    r"(?:人民政府办公厅|人民政府办公室|人民政府|政府办公室|政府办|政府|办公厅|办公室|委员会|管理委员会|管委会|总局|局|厅|委|办|署|部|院|"
    r"中心|街道办事处|办事处|街道|镇|乡|苏木|区|县|市|省|自治区|自治州|旗|盟|会|所|站|队|处)"
)
_BODY = re.compile(rf"^[\u4e00-\u9fa5（）()·]{{2,32}}?{_BODY_END}$")
_NOT_A_NAME = re.compile(
    r"^我|^本(?!溪)|根据|关于|条例|《|》|按照|依据|本报告|要求|规定|以下|我[区县市局委办镇乡厅]|[我本](?:单位|镇|乡|局|委|街道)|^[并在对及]|实现|全文|年度|情况|工作|编制|现将|认真|贯彻|落实|各级|各委|各部门|全市|全县|全区|全省|全镇"
)
_AUTHOR_PATTERNS = [
    # 由上海市环境保护局编制 / 由北京市西城区各委、办、局…编制 (a list of bodies is no name: rejected by _BODY)
    re.compile(r"由([^，。,\n《》]{2,40}?)(?:综合|汇总|负责)?编(?:制|写)"),
    re.compile(r"由([^，。,\n《》]{2,40}?)(?:根据|按照|依据)"),
    # 交通运输部编制了本级行政机关2019年… / 我局编制了
    re.compile(r"[,，。)）]\s*([^，。,\n《》()（）]{2,32}?)编制了"),
    # 现公布台山市人民政府办公室2015年政府信息公开工作年度报告 / 现将2020年度市人社局政府信息公开工作年度报告如下
    re.compile(
        r"(?:现公布|现发布|现公开|现予公开|现将|现向社会公布|特向社会公布|现予公布)(?:(?:19|20)\d{2}年度?)?([^，。,\n《》]{2,32}?)(?:(?:19|20)\d{2}年度?)?(?:政府信息公开|政务公开)"
    ),
    # 2019年，新华街道办事处高度重视… (a paragraph opening on the year, then the body)
    re.compile(
        r"(?:^|\n)\s*(?:19|20)\d{2}\s*年(?:度)?[，,]\s*([^，。,\n《》]{2,32}?)"
        r"(?:在|坚持|认真|高度重视|全面|深入|紧紧|严格|积极|按照|根据|进一步|以|始终|持续|围绕|紧扣|不断|扎实|切实|着力|大力|"
        r"继续|依法|加强|强化)"
    ),
    # 编制大竹县安吉乡人民政府2023年政府信息公开工作年度报告 / 结合杭州市滨江区人民政府2020年度政府信息公开工作编制
    re.compile(
        r"(?:编制|结合|汇总)(?:了)?([^，。,\n《》]{2,32}?)(?:19|20)\d{2}\s*年度?(?:的)?(?:政府信息公开|政务公开|信息公开)"
    ),
    # 汇总2021年度大东坝镇人民政府的政务公开年度报告
    re.compile(r"汇总(?:了)?(?:19|20)\d{2}\s*年度?([^，。,\n《》]{2,32}?)的?(?:政府信息公开|政务公开|信息公开)"),
    # 受理机构为长春市南关区桃源街道办事处
    re.compile(r"受理机构(?:为|是)[:：]?\s*([^，。,\n《》()（）]{2,32})"),
]
#: the body that signs the report: its name on a line of its own, then the date (某某街道办事处 / 2013年3月7日)
_SIGNED = re.compile(r"\n\s*([^\n，。,:：]{2,32}?)\s*\n\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:\n|$)")
#: the office a reader is told to contact (如对本报告有任何疑问，请与平度市政府办公室政府信息公开领导小组办公室联系)
_CONTACT = re.compile(r"请(?:与|联系)[:：]?\s*([^，。,\n《》()（）:：]{2,40}?)(?:联系|[(（,，。:：])")
#: a body's other name in brackets after its name
_OTHER_NAME = re.compile(r"[（(][^()（）]*[)）]$")
_BUREAU_OFFICE = re.compile(r"^(.{2,30}?(?:局|委|厅|院|署|中心|委员会))办公室$")
#: what follows the body's own name in a contact office: its disclosure office, a section (文电科, 综合股)
_SUB_OFFICE = re.compile(
    r"^(?:(?:政府信息公开|信息公开|政务公开)(?:工作)?(?:领导小组)?(?:办公室)?|办公室|[\u4e00-\u9fa5]{1,6}(?:科|股|室|组))$"
)


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


def _title_line(title: str, text: str) -> str:
    """The document's title, or (plain text) an early line that names itself a year's report."""
    if title:
        return title
    lines = [_clean_name(line) for line in text.split("\n")[:15]]
    lines = [line for line in lines if line and not re.search(r">|当前位置|当前页面|首页", line)]
    for strong in (True, False):
        for line in lines:
            m = re.search(r"报告|年报", line)
            if m is None or m.start() > 70 or line.startswith(("本报告", "本年度报告", "本年报", "根据", "依据")):
                continue
            if "《" in line[: m.start()]:
                continue  # a report the text cites (发布《…2021年政府信息公开工作年度报告》), not this one
            line = line[: m.end()]
            if not strong or (_TITLE_YEAR.search(line) and _REPORT_WORDS.search(line)):
                return line
    return ""


def _report_year(title: str, text: str, published: str | None) -> int | None:
    head = text[:2500]
    for m in _TITLE_YEAR.finditer(title):
        after = title[m.end() : m.end() + 40]
        if _REPORT_WORDS.search(after) or "报告" in after[:30] or "年报" in after[:10]:
            return int(m.group(1))
    for pattern in (_PERIOD, _RANGE, _SELF_NAMED, _REPORT_OF_YEAR):
        for found in pattern.finditer(head):
            if not _in_brackets(head, found.start(1)) and not head.startswith("格式", found.end()):
                return int(found.group(1))
    if title:
        in_title = _TITLE_YEAR.search(title)
        if in_title:
            return int(in_title.group(1))
    opening = _OPENING_YEAR.search(head)
    if opening:
        return int(opening.group(1))
    spoken = _most_spoken_year(head)
    if spoken:
        return spoken
    dated = _DATE_LINE.search(text[:300])
    if dated and int(dated.group(2)) <= 6:
        return int(dated.group(1)) - 1
    if published:
        return int(published[:4]) - 1
    return None


_YEAR_WORD = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d|\s*[0-9一二三四五六七八九十]+月|以来|以前|之前)")


def _in_brackets(text: str, pos: int) -> bool:
    """Inside 《…》 (a cited title) or 〔…〕 / [...] (a document number)."""
    before = text[max(0, pos - 60) : pos]
    return any(before.rfind(a) > before.rfind(b) for a, b in (("《", "》"), ("〔", "〕"), ("[", "]"), ("【", "】")))


def _most_spoken_year(head: str) -> int | None:
    """The year the report's own sentences speak of most (2019年我局…, 2022年,我镇…), cited titles left out."""
    counts: dict[int, int] = {}
    for m in _YEAR_WORD.finditer(head):
        if not _in_brackets(head, m.start()):
            year = int(m.group(1))
            counts[year] = counts.get(year, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


def is_body_name(name: str) -> bool:
    """A government body's name (not a sentence fragment): 2-32 characters ending like a body's name."""
    return bool(_BODY.match(name)) and not _NOT_A_NAME.search(name)


_AFTER_NAME = ("政府信息公开", "信息公开", "政务公开", "")


def _body_prefix(words: str) -> str:
    """The body's name at the start of ``words`` (兴县人民政府信息公开年报 → 兴县人民政府), or ""."""
    best, best_rank = "", len(_AFTER_NAME)
    for end in range(2, min(len(words), 40) + 1):
        name, rest = words[:end], words[end:]
        if not is_body_name(name):
            continue
        for rank, after in enumerate(_AFTER_NAME):
            if (rest.startswith(after) if after else not rest) and rank < best_rank:
                best, best_rank = name, rank
    return best


_FURNITURE = re.compile(
    r"^(?:\[[^\]]*\]|【[^】]*】|中文名\s*\||[A-Za-z][A-Za-z0-9 .:_\-]*(?=[\u4e00-\u9fa5])"
    r"|\d{1,2}[、.．](?!\d)|[•·\s|/])+"
)


def _clean_name(name: str) -> str:
    """Without page furniture around it: [甘霖镇], 中文名 |, Page 9 -, •, ASCII words."""
    name = re.sub(r"^(?:当前位置[:：]?\S*?|首页\S*?)\s", "", name.strip())
    name = re.sub(r"^(?:标\s*题|题\s*目|名\s*称)\s*[:：|]?\s*", "", name)
    name = _FURNITURE.sub("", name)
    return name.strip(" ：:|/-—_•·")


def _agency(title: str, text: str, meta: dict[str, str]) -> str:
    t = _clean_name(normalize(title))
    m = _TITLE_YEAR.search(t)
    if m and m.start() > 1:
        before = _clean_name(t[: m.start()])
        # the words before the year in a title name the body, even when they do not end like one (示例局第3号单位)
        if 2 <= len(before) <= 40 and not _NOT_A_NAME.search(before) and not re.search(r"[，。,:：|]|中文名", before):
            return before
    sender = t.split("关于", 1)[0] if "关于" in t[1:] else ""
    if is_body_name(sender):
        return sender  # 福建省公安厅关于报送2020年政府信息公开工作年度报告的函
    for words in (t[m.end() :] if m else "", t):
        name = _body_prefix(_clean_name(words))
        if name:
            return name
    for key in ("发布机构", "ContentSource"):
        if meta.get(key) and is_body_name(normalize(meta[key])):
            return normalize(meta[key])
    beside = _beside_title(title, text)
    if beside:
        return beside
    head = text[:2500]
    found = re.search(r"填报单位(?:\(盖章\)|（盖章）)?[:：]\s*(\S{2,30})", text)
    if found and is_body_name(found.group(1)):
        return found.group(1)
    for pattern in _AUTHOR_PATTERNS:
        for cand in pattern.finditer(head):
            name = _clean_name(cand.group(1))
            unbracketed = _OTHER_NAME.sub("", name)  # 江干区行政审批服务管理办公室(公共资源交易管理委员会办公室)
            for whole in (name, unbracketed):
                if is_body_name(whole):
                    return whole
            prefix = _body_prefix(name + "政府信息公开")
            # a body at the start of the words, or 现将XX县人民政府信息公开… cut inside 人民政府; never X + 政府
            if prefix and (len(prefix) <= len(name) or name.endswith("人民")):
                return prefix
    signed = [m.group(1).strip() for m in _SIGNED.finditer(text) if is_body_name(m.group(1).strip())]
    if signed:
        return signed[-1]
    for cand in _CONTACT.finditer(text):
        name = _contact_body(cand.group(1).strip())
        if name:
            return name
    first = _clean_name(head.split("\n", 1)[0])
    if len(first) <= 32 and is_body_name(first):
        return first
    return ""


def _beside_title(title: str, text: str) -> str:
    """A body's name on a line of its own just before or after a title that names none (盐边县新九镇人民政府 /
    关于2021年度政府信息公开工作的年度报告), or ""."""
    lines = [normalize(line) for line in text[:2000].split("\n")]
    lines = [line for line in lines if line]
    for at in (i for i, line in enumerate(lines) if title and line.startswith(title[:12])):
        for line in (*lines[max(0, at - 2) : at][::-1], *lines[at + 1 : at + 2]):
            name = _clean_name(line)
            if is_body_name(name) and not line.endswith((":", "：")):  # 省政府办公厅: is whom a letter is sent to
                return name
    return ""


def _contact_body(office: str) -> str:
    """The body of a contact office: 闽侯县水利局政府信息公开工作领导小组办公室 → 闽侯县水利局, 鹿城区财政局办公室 →
    鹿城区财政局 (a bureau's own office), 钦州市人民政府办公室 stays; "" if none."""
    bureau = _BUREAU_OFFICE.match(office)
    if bureau and is_body_name(bureau.group(1)):
        return bureau.group(1)
    for end in range(len(office) - 1, 1, -1):  # the longest body name before a sub-office, never cutting 办公室
        name, rest = office[:end], office[end:]
        inside = rest.startswith(("公室", "室")) or (name.endswith("政府") and rest.startswith("信息公开"))
        if inside or (name.endswith("政府") and rest == "办公室"):
            continue  # inside 办公室 or 政府信息公开, or a government's own 办公室 (kept whole)
        if is_body_name(name) and _SUB_OFFICE.match(rest):
            return name
    return office if is_body_name(office) else ""


def report_metadata(doc: Document) -> ReportMeta:
    meta = doc.meta
    text = reading_text(doc.text)
    title = doc.title.strip()
    reading_title = reading_text(_title_line(title, text))
    published = _date(meta.get("发布日期")) or _date(meta.get("PubDate"))
    year = _report_year(reading_title, text, published)
    agency = _agency(reading_title, text, {k: reading_text(v) for k, v in meta.items()})
    region_code, level = lookup_region(agency, context=text[:300]) if agency else (None, None)
    if region_code is None and meta.get("发布机构"):
        region_code, level = lookup_region(reading_text(meta["发布机构"]), context=text[:300])
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
    blob = reading_text(doc.title + doc.text[:3000])
    return bool(_REPORT_WORDS.search(blob) or re.search(r"年度报告|依申请公开|主动公开", blob))
