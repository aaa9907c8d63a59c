"""Headline indicators written in sentences (主动公开政府信息N条, 收到申请N件, 行政复议N件 ...)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from decimal import Decimal

from parsers.catalog import unit_of
from parsers.evidence import snippet
from parsers.numbers import parse_number
from parsers.report import Observation

# a number as written in prose (ASCII or full-width digits, separators, decimals, 万), optional 余/多
N = (
    r"(?:超过|将近|大约|近|约|逾)?(?P<num>[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?)"
    r"\s*(?P<wan>万)?(?P<approx>余|多)?"
)
_PRE_APPROX = re.compile(r"(超过|近|约|逾|将近|大约|上)$")
_GAP = r"[^。；;，,、\d０-９]{0,8}?"

# (key, pattern). Patterns must contain N exactly once and end with the unit.
PATTERNS: list[tuple[str, str]] = [
    ("proactive.total", rf"主动公开(?:各类|各种)?政府信息(?:共计|共|总数为|总数|合计|数为)?\s*{N}\s*(?:条|个|件)"),
    ("proactive.total", rf"公开信息总数为?\s*{N}\s*(?:条|个)"),
    ("proactive.total", rf"主动公开{_GAP}{N}\s*条政府信息"),
    ("normative_docs.issued", rf"制发规范性文件(?:总数)?为?\s*{N}\s*件"),
    ("proactive.via.website", rf"(?:通过)?政府(?:门户)?网站(?:共)?(?:公开|发布)(?:各类)?政府信息\s*{N}\s*条"),
    ("proactive.via.weibo", rf"微博{_GAP}公开政府信息\s*{N}\s*条"),
    ("proactive.via.wechat", rf"(?:微信|公众号){_GAP}(?:公开|发布)政府信息\s*{N}\s*条"),
    ("responses.hotspots", rf"回应公众关注热点或重大舆情\s*{N}\s*次"),
    ("interpretations.published", rf"发布\s*{N}\s*(?:条|篇)政策解读"),
    ("interpretations.published", rf"政策解读(?:稿件|文章)?\s*{N}\s*(?:条|篇)"),
    ("online_interviews.total", rf"在线访谈\s*{N}\s*(?:期|次|场)"),
    (
        "requests.received",
        rf"(?:收到|受理|提出)(?:政府信息公开|依申请公开)?(?:政府信息)?申请(?:总数|数)?(?:共计|共|为)?\s*{N}\s*(?:件|个|条)",
    ),
    ("requests.received", rf"(?:共|共计)(?:收到|受理){_GAP}申请\s*{N}\s*(?:件|个)"),
    ("requests.carried_over", rf"上年结转(?:政府信息公开申请)?\s*{N}\s*件"),
    ("requests.carried_forward", rf"结转(?:至)?下(?:一)?年度?(?:继续办理)?\s*{N}\s*件"),
    ("requests.channel.in_person", rf"当面申请(?:数)?(?:为)?\s*{N}\s*(?:件|个)"),
    ("requests.channel.fax", rf"传真申请(?:数)?(?:为)?\s*{N}\s*(?:件|个)"),
    ("requests.channel.online", rf"(?:网上|网络)申请(?:数)?(?:为)?\s*{N}\s*(?:件|个)"),
    ("requests.channel.letter", rf"信函申请(?:数)?(?:为)?\s*{N}\s*(?:件|个)"),
    ("requests.channel.email", rf"电子邮件申请(?:数)?(?:为)?\s*{N}\s*(?:件|个)"),
    ("requests.channel.other", rf"其[他它]形式申请(?:数)?(?:为)?\s*{N}\s*(?:件|个)"),
    ("outcome.partial", rf"同意部分公开(?:申请的)?(?:答复数)?(?:为)?\s*{N}\s*(?:件|个)"),
    ("outcome.granted", rf"(?<!部分)(?:同意公开|予以公开)(?:答复数)?(?:为)?\s*{N}\s*(?:件|个)"),
    ("outcome.denied", rf"(?:否决公开|不予公开|不同意公开)(?:答复数)?(?:为)?\s*{N}\s*(?:件|个)"),
    ("outcome.total", rf"(?:申请的|申请)答复(?:总)?数为?\s*{N}\s*(?:件|个)"),
    ("litigation.direct.total", rf"未经复议直接(?:提起)?(?:行政)?(?:起)?诉(?:讼)?\s*{N}\s*(?:件|起)"),
    ("litigation.after_review.total", rf"复议后(?:提起)?(?:行政)?(?:起)?诉(?:讼)?\s*{N}\s*(?:件|起)"),
    ("review.total", rf"行政复议(?:案件)?(?:共)?\s*{N}\s*(?:件|起)"),
    ("litigation.total", rf"行政诉讼(?:案件)?(?:共)?\s*{N}\s*(?:件|起)"),
    ("fees.amount", rf"(?:收取|收费)[^。；;\d]{{0,12}}?(?:共计|共|合计)?\s*{N}\s*元"),
    ("staff.total", rf"从事(?:政府)?信息公开工作(?:的)?人员(?:为)?\s*{N}\s*(?:人|名)"),
    ("staff.fulltime", rf"专职(?:工作)?人员(?:为)?\s*{N}\s*(?:人|名)"),
    ("staff.parttime", rf"兼职(?:工作)?人员(?:为)?\s*{N}\s*(?:人|名)"),
    ("meetings.held", rf"召开\s*{N}\s*次政府信息公开工作会议"),
    ("meetings.held", rf"召开(?:政府信息公开)?(?:工作会议|专题会议)\s*{N}\s*次"),
    ("trainings.held", rf"举办(?:各类)?培训(?:班)?\s*{N}\s*(?:次|期|场)"),
    ("trainings.attendees", rf"(?:接受|参加)?培训(?:人员)?\s*{N}\s*(?:人次|人)"),
]
_COMPILED = [(key, re.compile(p)) for key, p in PATTERNS]
_REVIEW_CORRECTED = re.compile(rf"被依法纠错\s*{N}\s*件")

_ZERO_REVIEW_LIT = re.compile(
    r"(?:未发生|没有发生|无)[^。；;]{0,30}?行政复议[^。；;]{0,6}?(?:和|及|、|或)(?:行政)?诉讼"
)
_ZERO_REVIEW = re.compile(r"(?:未发生|没有发生)[^。；;]{0,30}?行政复议(?![^。；;]{0,6}?(?:和|及|、|或)(?:行政)?诉讼)")
_ZERO_FEES = re.compile(r"未收取任何费用|无收费|未发生[^。；;]{0,20}?收费|未收取[^。；;]{0,10}?费用")
#: a number followed by a unit, as every pattern ends: N [万][余|多] unit (a necessary condition, checked first)
_COUNT = re.compile(r"[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?\s*万?(?:余|多)?\s*[条个件次篇期场起元人名]")
_CLAUSE_END = re.compile(r"[。！？!?\n]")
_DOC_NUMBER_BEFORE = re.compile(r"[〔\[【第]$")
_NOT_A_COUNT_AFTER = re.compile(r"\s*[%％年月日号]")
_HAS_DIGIT = re.compile(r"[0-9０-９]")
_HAS_NONE = re.compile(r"未|无|没有")
_CUMULATIVE = re.compile(r"截至|截止|累计|历年")
_POINT_IN_TIME = ("staff.", "org.")  # stocks: "截至年末N人" is the year's value, not a cumulative one


def _clauses(text: str) -> list[tuple[int, int]]:
    """Spans of sentences (split on 。！？ and line breaks) — the scope unit."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CLAUSE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _scope(text: str, sent_start: int, pos: int, key: str, inherited: bool = False) -> str:
    if key.startswith(_POINT_IN_TIME):
        return "year"
    before = text[sent_start:pos]
    semi = max(before.rfind("；"), before.rfind(";"))
    head = before if semi < 0 else before[semi + 1 :]
    if semi < 0 and inherited:
        return "cumulative"
    return "cumulative" if _CUMULATIVE.search(head) else "year"


def extract_prose(text: str, skip: list[tuple[int, int]] | None = None) -> list[Observation]:
    """Observations from sentences; ``skip`` are spans (tables) not to read as prose."""
    starts, ends = _merge(skip or [])
    out: list[Observation] = []
    taken: list[tuple[int, int]] = []

    def in_skip(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < ends[i]

    previous_cumulative = False
    for s_start, s_end in _clauses(text):
        j = bisect_right(starts, s_start) - 1
        if j >= 0 and s_start < ends[j] and in_skip(max(s_start, s_end - 1)):
            continue  # a clause inside a table
        sentence = text[s_start:s_end]
        if not _HAS_DIGIT.search(sentence) and not _HAS_NONE.search(sentence):
            previous_cumulative = bool(_CUMULATIVE.search(sentence))
            continue
        inherited = previous_cumulative and sentence.lstrip().startswith("其中")
        previous_cumulative = bool(_CUMULATIVE.search(sentence)) or inherited
        if _COUNT.search(sentence):  # else no pattern can match (dates, 〔2022〕68号, 30.4%): skip them
            out += _numbers(text, sentence, s_start, inherited, in_skip, taken)
        out += _zeros(text, sentence, s_start)
    return out


def _numbers(
    text: str,
    sentence: str,
    s_start: int,
    inherited: bool,
    in_skip: Callable[[int], bool],
    taken: list[tuple[int, int]],
) -> list[Observation]:
    """The numbers of one sentence that a pattern recognises (``taken`` spans are shared across sentences)."""
    out: list[Observation] = []
    for key, pattern in _COMPILED:
        for m in pattern.finditer(sentence):
            a, b = s_start + m.start("num"), s_start + m.end("num")
            if in_skip(a) or any(x <= a < y for x, y in taken):
                continue
            obs = _make(text, key, m, s_start, a, b, inherited)
            if obs is not None:
                taken.append((a, s_start + m.end()))
                out.append(obs)
    for m in _REVIEW_CORRECTED.finditer(sentence):
        before = sentence[: m.start()]
        key = "litigation.corrected" if before.rfind("诉讼") > before.rfind("复议") else "review.corrected"
        a, b = s_start + m.start("num"), s_start + m.end("num")
        obs = _make(text, key, m, s_start, a, b, inherited)
        if obs is not None:
            out.append(obs)
    return out


def _merge(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Disjoint, sorted ``[start, end)`` intervals covering the same positions as ``spans``."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(spans):
        if a >= b:
            continue
        if starts and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _make(
    text: str, key: str, m: re.Match[str], s_start: int, a: int, b: int, inherited: bool = False
) -> Observation | None:
    raw_num = m.group("num")
    number = parse_number(raw_num + ("万" if m.group("wan") else ""))
    if number is None:
        return None
    prefix = text[max(0, a - 3) : a]
    if _DOC_NUMBER_BEFORE.search(prefix) or _NOT_A_COUNT_AFTER.match(text[b : b + 2]):
        return None
    approximate = bool(m.group("approx")) or bool(_PRE_APPROX.search(text[max(0, a - 2) : a]))
    if m.group("wan") and "." in raw_num.replace("．", "."):
        approximate = True  # 1.3万条: rounded
    raw_end = m.end("approx") if m.group("approx") else (m.end("wan") if m.group("wan") else m.end("num"))
    raw = text[a : s_start + raw_end]
    return Observation(
        indicator=key,
        value=number.value,
        unit=unit_of(key),
        raw=raw,
        source="text",
        evidence=snippet(text, a, s_start + raw_end),
        start=a,
        end=s_start + raw_end,
        scope=_scope(text, s_start, a, key, inherited),
        approximate=approximate,
        label=m.group(0),
    )


def _zero(text: str, key: str, start: int, end: int, s_start: int) -> Observation:
    return Observation(
        indicator=key,
        value=Decimal(0),
        unit=unit_of(key),
        raw=text[start:end],
        source="text",
        evidence=snippet(text, start, end),
        start=start,
        end=end,
        scope=_scope(text, s_start, start, key),
        label="statement of none",
    )


def _zeros(text: str, sentence: str, s_start: int) -> list[Observation]:
    out: list[Observation] = []
    m = _ZERO_REVIEW_LIT.search(sentence)
    if m:
        a, b = s_start + m.start(), s_start + m.end()
        out += [_zero(text, "review.total", a, b, s_start), _zero(text, "litigation.total", a, b, s_start)]
    else:
        m = _ZERO_REVIEW.search(sentence)
        if m:
            out.append(_zero(text, "review.total", s_start + m.start(), s_start + m.end(), s_start))
    m = _ZERO_FEES.search(sentence)
    if m:
        out.append(_zero(text, "fees.amount", s_start + m.start(), s_start + m.end(), s_start))
    return out
