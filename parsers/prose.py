"""Indicators written in sentences, read with the prose lexicon (``parsers/lexicon.py``).

The text is read in its simplified, ASCII-digit form without pinyin glosses (:func:`parsers.simplify.reading`),
so traditional-script pages read like simplified ones; every offset is mapped back into the original.

For every number that carries a unit (21件, 三名, 1.3万条, 400余条, 5.2万元) the reader looks at the words just
before it (back to the previous number or the clause start) and just after its unit, picks the wording of the
lexicon that ends closest to the number, and resolves words that depend on context (维持, 纠正, 尚未审结: 行政复议
or 行政诉讼?  受理, 予以公开: about requests?) by the nearest topic word of the sentence, else the section heading.
Numbers that are not counts (dates, 〔2017〕63号, percentages, phone numbers, changes such as 较上年增加5件) are
never read.  Statements of none (未发生行政复议和行政诉讼) give 0.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from decimal import Decimal

from parsers.catalog import indicator_units, unit_of
from parsers.evidence import snippet
from parsers.lexicon import AllOf, Wording, all_of, wordings, zero_statements
from parsers.report import Observation
from parsers.simplify import reading

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SCALE = {"十": 10, "百": 100, "千": 1000}
UNIT_WORDS = "人次|万元|亿元|元|件|条|次|篇|场|期|人|名|位|个|项|起|宗|例|份|处|家|批|部"
TOKEN = re.compile(
    r"(?P<num>\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
    rf"\s*(?P<mag>万|亿)?(?P<approx>余|多)?\s*(?P<unit>{UNIT_WORDS})"
)
#: a count written without a unit right after words that name it a count (政务微信公开政府信息数170, 发布信息数量144)
_BARE_COUNT = re.compile(
    r"(?:(?<=数)|(?<=量)|(?<=数为)|(?<=量为)|(?<=数是)|(?<=量是)|(?<=数:)|(?<=量:)|(?<=数：)|(?<=量：))"
    rf"(?P<num>\d+(?:,\d{{3}})*)(?P<mag>)(?P<approx>)(?P<unit>)(?![\d.%％年月日号]|,\d|\s*(?:{UNIT_WORDS}|万|亿|余|多))"
)


def _tokens(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The numbers of ``text[start:end]`` a count may be: with a unit, or bare after 数/数量."""
    tokens = list(TOKEN.finditer(text, start, end))
    taken = [(m.start(), m.end()) for m in tokens]
    for m in _BARE_COUNT.finditer(text, start, end):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            tokens.append(m)
    return sorted(tokens, key=lambda m: m.start())


_ANY_NUMBER = re.compile(
    r"(?<![A-Za-z\d])\d+|[零〇一二两三四五六七八九十百千万]+(?=[件条次篇场期人名位个项起宗例份处家批元部])"
)
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
#: a unit followed by these is not a count of that unit (12个工作日, 1条龙, 一次性)
_NOT_A_COUNT_AFTER = re.compile(r"^(?:工作日|月|小时|季度|年度?|百分点|性|龙|化|线|体|站式|站|端|门|批次|倍|%|％)")
_NOT_A_COUNT_BEFORE = re.compile(r"(?:第|每|逐|这|那|某|单|同|〔|\[|【|［|No\.?|編號|编号|电话|传真|邮编|邮政编码|-)$")
#: the words between the label and the number say it is a change, not a level (较上年增加5件)
#: kinds of channel a count can be published through; a count whose clause names two or more is the total
#: (通过政府网站、政务微博、政务微信等渠道公开…3226条, 门户网站和微信平台公布信息202条), never one channel's
_CHANNELS = tuple(
    re.compile(p)
    for p in (r"网站|门户|官网|政府网|公开网|信息网|外网|局网|(?:信息|政务)公开平台", r"微博", r"微信|公众号",
              r"新媒体|客户端|APP|抖音|头条号",
              r"公报", r"报刊|报纸|日报|电视|广播|(?<!新)媒体", r"公开栏(?!目)|宣传栏|公示栏")
)  # fmt: skip
_NEW_MEDIA = 3  # 新媒体 is the family of 微博 and 微信: named with one of them it is that one
_CLAUSE_BREAK = re.compile(r"[，,；;。]")
_LISTED = re.compile(r"^$|[、和及与或/]")
_BRACKETED_OR_NAMED = re.compile(r"[(（][^)）]*[)）]|“[^”]*”|\"[^\"]*\"")  # member lists, account names


def _clause_from(sentence: str, start: int) -> str:
    """The clause of ``sentence`` that begins at ``start`` (to the next comma or semicolon)."""
    end = _CLAUSE_BREAK.search(sentence, start)
    return sentence[start : end.start() if end else len(sentence)]


def _channels_named(before: str) -> int:
    """How many kinds of channel the clause before a number lists together (网站、微博、微信 / 网站和新媒体);
    bracketed member lists and quoted account names apart."""
    clause = _BRACKETED_OR_NAMED.sub(lambda m: " " * len(m.group(0)), _CLAUSE_BREAK.split(before)[-1])
    found = sorted((m.start(), m.end(), i) for i, channel in enumerate(_CHANNELS) for m in channel.finditer(clause))
    kinds: set[int] = set()
    for (_, end, kind), (start, _, other) in itertools.pairwise(found):
        if kind != other and 0 <= start - end <= 6 and _LISTED.search(clause[end:start]):  # 公报刊登: one channel
            kinds |= {kind, other}
    if _NEW_MEDIA in kinds and kinds & {1, 2}:
        kinds.discard(_NEW_MEDIA)
    return len(kinds)


#: the sentence names the body's website as the way it publishes (通过门户网站，全年发布…), before the number's clause
_THROUGH_WEBSITE = re.compile(rf"(?:通过|在|依托|利用|借助)[^，,。；;]{{0,24}}?(?:{_CHANNELS[0].pattern})")
_SEVERAL_WAYS = re.compile(r"等(?:渠道|方式|途径|载体|媒体|形式|平台|多种)|多(?:种|个)(?:渠道|方式|途径|载体)")
_DATE = re.compile(r"(?:19|20)\d\d年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日")


#: the channels a count published through one of them alone belongs to, by their index in _CHANNELS
_CHANNEL_KEYS = {
    0: "proactive.via.website",
    1: "proactive.via.weibo",
    2: "proactive.via.wechat",
    4: "proactive.via.gazette",
}


def _through_one_channel(head: str, rest: str) -> str | None:
    """The channel a count published through one channel alone belongs to (通过“中国·贵阳”门户网站，全年发布政务信息N条
    / 微信公众号保持常态化运营，全年发布信息502篇), also when the channel is named in the clause before; none when other
    channels are named with it or counts of other channels follow in the sentence. The website must be the way the count
    was published (通过/在…网站), not merely mentioned."""
    head = _DATE.sub(lambda m: "-" * len(m.group(0)), head)
    head = "，".join(_CLAUSE_BREAK.split(re.split(r"\d", head)[-1])[-2:])  # this clause and the one before
    head = _BRACKETED_OR_NAMED.sub(lambda m: " " * len(m.group(0)), head)
    named = {i for i, channel in enumerate(_CHANNELS) if channel.search(head)}
    if len(named) != 1 or _SEVERAL_WAYS.search(head) or any(channel.search(rest) for channel in _CHANNELS):
        return None
    (kind,) = named
    if kind == 0 and not _THROUGH_WEBSITE.search(head):
        return None
    return _CHANNEL_KEYS.get(kind)


#: 报纸等其他媒体发布…N条: the channels listed are the "other" ones, not all of them
_OTHER_WAYS = re.compile(r"其[他它](?:媒体|方式|渠道|途径|形式|载体)")


#: a further item of a list of document counts: the noun alone after the previous count (、行政规范性文件)
_NEXT_DOCUMENT = re.compile(r"^\s*[，,、和及与]+\s*[^\d。；;，,、]{0,12}?(?P<noun>规章|规范性文件)(?:各|共|数)?$")
_DOCUMENT_NOUNS = {"规章": "rules", "规范性文件": "normative_docs"}
#: 2019-2020 reports count documents made (本年新制作) and published (本年新公开); 2021+ ones issued (本年制发):
#: 制定 is made, 发布 published; 印发 and 出台 say both, and stay issued
_ERA_VERBS = ((re.compile(r"发布|公开|公布"), "published"), (re.compile(r"制定|制发"), "made"))


def _in_the_year_s_terms(observations: list[Observation], year: int | None) -> list[Observation]:
    """制定/发布 … 规章 in a 2019 or 2020 report is what its table 二 calls 本年新制作 (made) or 本年新公开
    (published)."""
    if year not in (2019, 2020):
        return observations
    out = []
    for o in observations:
        prefix, _, suffix = o.indicator.partition(".")
        if prefix in _DOCUMENT_NOUNS.values() and suffix == "issued":
            term = next((term for verb, term in _ERA_VERBS if verb.search(o.label)), suffix)
            o = replace(o, indicator=f"{prefix}.{term}")
        out.append(o)
    return out


#: the clause right after a count that says all of it (，均已…, ，全部为…, ，都为…)
_ALL_OF = re.compile(r"\s*[，,]\s*(?:且|并|现)?(?P<all>均|全部|全都|都)(?P<what>[^。；;，,]{0,30})")


_CHANGE = re.compile(r"增加|增长|减少|下降|上升|提高|同比|较上年|较去年|比上年|比去年|多出|少于|环比")
_APPROX_BEFORE = re.compile(r"(?:超过|将近|大约|近|约|逾|上|达到近)$")
_RUNNING = re.compile(r"历年|以来|自(?:19|20)\d\d年")
_TOTAL = re.compile(r"累计|总计")
_AS_OF = re.compile(r"截至|截止|目前")
_DATED_TO_YEAR = re.compile(r"全年|本年|今年|年内|当年|一年来|(?<!截至)(?<!截止)(?:19|20)\d\d年(?:度)?(?!以来|底|末)")
AS_OF = "as-of"
_OWN_YEAR = re.compile(r"(?:19|20)\d\d年|本年|全年|新增")
_POINT_IN_TIME = ("staff.", "org.")  # stocks: "截至年末N人" is the year's value
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|第[一二三四五六七八九十]+部分)"
)
_TOP_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十]+部分)")
_TOPIC_WORDS = re.compile(r"复议|诉讼|起诉|申请|主动公开|收费|费用|机构|人员|经费")
_TOPIC_OF_WORD = {
    "复议": "review", "诉讼": "litigation", "起诉": "litigation", "申请": "request", "主动公开": "proactive",
    "收费": "fees", "费用": "fees", "机构": "org", "人员": "org", "经费": "org",
}  # fmt: skip
_APPEAL = re.compile(r"复议|诉讼|起诉")
_CONTEXT = 40
_AFTER = 20


def chinese_numeral(text: str) -> int | None:
    """一 → 1, 十二 → 12, 两 → 2, 一百二十 → 120, 三千零五 → 3005; None if not a numeral."""
    total, digit, seen = 0, 0, False
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
            seen = True
        elif ch in _CN_SCALE:
            total += (digit if seen else 1) * _CN_SCALE[ch]
            digit, seen = 0, False
        else:
            return None
    return total + digit


@dataclass
class _Carried:
    """What one sentence passes to the next of its paragraph."""

    appeal: str = ""  # the last of 行政复议 / 行政诉讼 named
    scope: str = ""  # it spoke of running totals (cumulative) or of figures 截至… (as-of): 其中… continues them


@dataclass
class _Section:
    """The topic of the heading the text is under (top level, and its sub-heading if any)."""

    top: str = ""
    sub: str = ""

    @property
    def topic(self) -> str:
        return self.sub or self.top


def _heading_topic(line: str) -> str:
    head = line[:40]
    if _APPEAL.search(head):
        return "appeal"
    for word, topic in (("收费", "fees"), ("费用", "fees"), ("依申请", "request"), ("申请", "request"),
                        ("主动公开", "proactive"), ("机构", "org"), ("人员", "org"), ("经费", "org")):  # fmt: skip
        if word in head:
            return topic
    return ""


def _value(m: re.Match[str]) -> Decimal | None:
    num = m.group("num")
    if num[0].isdigit():
        value = Decimal(num.replace(",", ""))
    else:
        n = chinese_numeral(num)
        if n is None:
            return None
        value = Decimal(n)
    if m.group("mag") == "万":
        value *= 10000
    elif m.group("mag") == "亿":
        value *= 100000000
    unit = m.group("unit")
    if unit == "万元":
        value *= 10000
    elif unit == "亿元":
        value *= 100000000
    return value


class _Reader:
    def __init__(self, original: str, skip: list[tuple[int, int]]) -> None:
        self.original = original
        self.reading = reading(original)
        self.text = self.reading.text
        if self.reading.positions is not None:  # glosses taken out: the table spans move with the text
            skip = [(self._to_reading(a), self._to_reading(b)) for a, b in skip]
        self.starts, self.ends = _merge(skip)
        self.out: list[Observation] = []
        self.doc_verb: tuple[str, Wording] | None = None  # suffix and wording of the sentence's last document count

    def _to_reading(self, original_pos: int) -> int:
        positions = self.reading.positions or ()
        return bisect_right(positions, original_pos - 1) if positions else original_pos

    def _span(self, a: int, b: int) -> tuple[int, int]:
        """The original span of reading span ``[a, b)``."""
        return self.reading.original(a), self.reading.original(b - 1) + 1 if b > a else self.reading.original(a)

    def in_skip(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]

    def read(self) -> list[Observation]:
        text = self.text
        section = _Section()
        pos = 0
        for line in text.split("\n"):
            start, pos = pos, pos + len(line) + 1
            if not line.strip() or self.in_skip(start + len(line) // 2):
                continue
            if _HEADING.match(line):
                topic = _heading_topic(line)
                if _TOP_HEADING.match(line):
                    section = _Section(topic, "")
                else:
                    section.sub = topic
            self._line(start, start + len(line), section)
        return self.out

    def _line(self, start: int, end: int, section: _Section) -> None:
        text = self.text
        carried = _Carried()
        s = start
        for m in _SENTENCE_END.finditer(text, start, end):
            self._sentence(s, m.end(), section, carried)
            s = m.end()
        if s < end:
            self._sentence(s, end, section, carried)

    def _sentence(self, start: int, end: int, section: _Section, carried: _Carried) -> None:
        """Read one sentence; ``carried`` is what the previous sentences of the paragraph pass on."""
        text = self.text
        sentence = text[start:end]
        # 其中… continues a sentence about running totals, unless it names the year (其中2010年新增…)
        inherited = (
            carried.scope if sentence.lstrip().startswith("其中") and not _OWN_YEAR.search(sentence[:20]) else ""
        )
        own = _scope(sentence, "", "")
        carried.scope = inherited or (own if own != "year" else "")
        zeros: set[str] = set()
        for z in zero_statements():
            zm = z.pattern.search(sentence)
            if zm and not (z.unless and z.unless.search(_clause_from(sentence, zm.start()))):
                for key in z.keys:
                    if key not in zeros:
                        zeros.add(key)
                        self._zero(
                            key, start + zm.start(), start + zm.end(), _scope(sentence[: zm.start()], key, inherited)
                        )
        paragraph_appeal = carried.appeal
        self.doc_verb = None
        prev_end = start
        run: tuple[int, int] | None = None  # context start and first number of numbers written back to back
        tokens = _tokens(text, start, end)
        for i, m in enumerate(tokens):
            a = m.start()
            # the context starts after the previous number of any kind (dates included)
            for n in _ANY_NUMBER.finditer(text, prev_end, a):
                prev_end = n.end()
            if i + 1 < len(tokens) and tokens[i + 1].start() == m.end():
                # 294期1014条: the words before the first name the last of numbers written back to back
                run = run or (max(prev_end, a - _CONTEXT), a)
                continue
            context, words_end = run or (max(prev_end, a - _CONTEXT), a)
            run = None
            self._token(m, start, end, context, words_end, section, paragraph_appeal, inherited)
            prev_end = m.end()
        found = _APPEAL.findall(sentence)
        if found:
            carried.appeal = "review" if found[-1] == "复议" else "litigation"

    def _token(
        self,
        m: re.Match[str],
        s_start: int,
        s_end: int,
        c_start: int,
        words_end: int,
        section: _Section,
        paragraph_appeal: str,
        inherited: str,
    ) -> None:
        """Read one number; its words are those of ``[c_start, words_end)`` before it (up to the first of the numbers
        written back to back with it) and those just after its unit."""
        text = self.text
        a, b = m.start(), m.end()
        if self.in_skip(a):
            return
        after = text[b : min(s_end, b + _AFTER)]
        before = text[c_start:words_end]
        if _NOT_A_COUNT_AFTER.match(after) or _NOT_A_COUNT_BEFORE.search(text[max(s_start, words_end - 6) : words_end]):
            return
        nxt = re.search(r"\d", after)
        if nxt:
            after = after[: nxt.start()]
        unit = m.group("unit")
        pick = self._pick(before, after, unit, text[s_start:words_end], section, paragraph_appeal)
        if pick is None:
            pick = self._listed_document(before)
        if pick is None:
            return
        key, _wording, label = pick
        if key == "none":
            return
        if (
            key.startswith("proactive.via.")
            and _channels_named(before) >= 2
            and not _OTHER_WAYS.search(_CLAUSE_BREAK.split(before)[-1])
            and not self._part_of_total(s_start, a)
        ):
            key = "proactive.total"
        elif key == "proactive.total" and _wording.side == "before":
            key = _through_one_channel(text[max(s_start, a - 60) : a], text[b:s_end]) or key
        value = _value(m)
        if value is None:
            return
        approximate = bool(m.group("approx")) or bool(_APPROX_BEFORE.search(text[max(s_start, a - 4) : a]))
        if m.group("mag") and "." in m.group("num"):
            approximate = True
        raw_end = m.end("approx") if m.group("approx") else m.end("mag") if m.group("mag") else m.end("num")
        for one in key.split("|"):  # 复议、诉讼的案件0件: one number, two indicators
            scope = _scope(text[s_start:a], one, inherited)
            self._observe(one, value, a, raw_end, scope, label, approximate)
            if one.startswith(("rules.", "normative_docs.")):
                self.doc_verb = (one.split(".", 1)[1], _wording)
            for other, at, to in self._all_of(one, b, s_end, text[s_start:words_end]):
                self._observe(other.key, value, at, to, scope, other.pattern.pattern, approximate)

    def _pick(
        self, before: str, after: str, unit: str, head: str, section: _Section, paragraph_appeal: str
    ) -> tuple[str, Wording, str] | None:
        """The indicator the words around one number name, or None."""
        if _CHANGE.search(before[-8:]):
            return None
        best: tuple[int, int, int, str, Wording, str] | None = None
        for w in wordings():
            if w.side == "before":
                hit = w.pattern.search(before)
                if hit is None:
                    continue
                rank = (0, 0, -len(hit.group(0)))
            else:
                hit = w.pattern.match(after)
                if hit is None:
                    continue
                rank = (1, hit.start(), -len(hit.group(0)))
            key = self._resolve(w, head, section, paragraph_appeal)
            if key is None or not w.allows(unit, key):
                continue
            candidate = (*rank, key, w, hit.group(0))
            if best is None or candidate[:3] < best[:3] or (candidate[:3] == best[:3] and w.order < best[4].order):
                best = candidate
        if best is None:
            return None
        return best[3], best[4], best[5]

    def _listed_document(self, before: str) -> tuple[str, Wording, str] | None:
        """The next item of a list of document counts takes the verb of the first (制发规章6件、行政规范性文件9件)."""
        listed = _NEXT_DOCUMENT.match(before)
        if listed is None or self.doc_verb is None:
            return None
        suffix, wording = self.doc_verb
        return f"{_DOCUMENT_NOUNS[listed.group('noun')]}.{suffix}", wording, wording.source

    def _resolve(self, w: Wording, head: str, section: _Section, paragraph_appeal: str) -> str | None:
        """The key of a wording in its context (None when its topic is not the sentence's)."""
        appeal = (
            _last_appeal(head)
            or paragraph_appeal
            or (section.topic if section.topic in ("review", "litigation") else "")
        )
        if w.topic:
            topic = _sentence_topic(head) or section.topic
            if w.topic == "appeal":
                if not appeal and topic != "appeal":
                    return None
            elif topic != w.topic and not (w.topic in ("review", "litigation") and topic == "appeal"):
                return None
        if "{appeal}" in w.key:
            if not appeal:
                return None
            key = w.key.replace("{appeal}", appeal)
            return key if key in indicator_units() else None  # litigation has no pending total of its own
        return w.key

    def _all_of(self, key: str, b: int, s_end: int, head: str) -> list[tuple[AllOf, int, int]]:
        """The other indicators a count ending at ``b`` is all of (收到申请3件，均已予以公开), if it is the sentence's
        only count, each with the span of the words that say so (均已按规定及时予以公开)."""
        said = _ALL_OF.match(self.text, b, s_end)
        if said is None or TOKEN.search(head):
            return []
        out = []
        for row in all_of():
            hit = row.pattern.match(said.group("what")) if key in row.bases else None
            if hit:
                out.append((row, said.start("all"), said.start("what") + hit.end()))
        return out

    def _part_of_total(self, s_start: int, a: int) -> bool:
        """The sentence gives a part (其中…, or after a total it already gave): its channels are not the total."""
        paragraph = self.text[max(0, s_start - 200) : a]
        if "其中" in paragraph[paragraph.rfind("。") + 1 :]:
            return True
        lo, hi = self._span(s_start, a)
        return any(o.indicator == "proactive.total" and lo <= o.start < hi for o in self.out)

    def _zero(self, key: str, a: int, b: int, scope: str) -> None:
        self._observe(key, Decimal(0), a, b, scope, "statement of none")

    def _observe(
        self, key: str, value: Decimal, a: int, b: int, scope: str, label: str, approximate: bool = False
    ) -> None:
        """One observation of reading span ``[a, b)``: raw, evidence and offsets from the original text."""
        a, b = self._span(a, b)
        self.out.append(
            Observation(
                indicator=key,
                value=value,
                unit=unit_of(key),
                raw=self.original[a:b],
                source="text",
                evidence=snippet(self.original, a, b),
                start=a,
                end=b,
                scope=scope,
                approximate=approximate,
                label=label,
            )
        )


def _last_appeal(head: str) -> str:
    found = _APPEAL.findall(head)
    if not found:
        return ""
    return "review" if found[-1] == "复议" else "litigation"


def _sentence_topic(head: str) -> str:
    found = _TOPIC_WORDS.findall(head)
    if not found:
        return ""
    topic = _TOPIC_OF_WORD[found[-1]]
    return "appeal" if topic in ("review", "litigation") else topic


def _scope(head: str, key: str, inherited: str) -> str:
    """``year``, ``cumulative``, or ``as-of`` (截至…: a running total or the year's figure, decided per report).

    累计 means a running total unless the clause dates it to a year (全年累计, 2017年…累计204条); 历年 and 以来
    always do; a sentence that starts 其中 continues the previous one's scope unless it names its own year.
    """
    if key.startswith(_POINT_IN_TIME):
        return "year"
    semi = max(head.rfind("；"), head.rfind(";"))
    among = head.rfind("其中")
    if among > semi and _OWN_YEAR.search(head[among : among + 20]):
        return "year"  # 历年累计52条，其中2010年新增14条
    if semi < 0 and inherited:
        return inherited
    clause = head[semi + 1 :]
    if _RUNNING.search(clause):
        return "cumulative"
    comma = max(clause.rfind("，"), clause.rfind(","))
    total = _TOTAL.search(clause[comma + 1 :])
    if total:
        return "year" if _DATED_TO_YEAR.search(clause[: comma + 1 + total.start()]) else "cumulative"
    return AS_OF if _AS_OF.search(clause) else "year"


def _settle_as_of(observations: list[Observation]) -> list[Observation]:
    """截至年底… figures: a running total when the report also gives that indicator's year figure, else the year's;
    截至…未发生 is none in the year, and none ever only in a report that gives running totals."""
    yearly = {(o.indicator, o.value) for o in observations if o.scope == "year"}
    running = any(o.scope == "cumulative" and o.label != "statement of none" for o in observations)
    indicators = {i for i, _ in yearly}
    out = []
    for o in observations:
        if o.scope == "cumulative" and o.label == "statement of none":
            out += [o, replace(o, scope="year")]  # 历年来未发生…: none ever, so none in the year
            continue
        if o.scope == AS_OF:
            if o.label == "statement of none":
                # 截至2019年12月30日尚未接到…: none in the year; in a report of running totals also none ever
                out += [replace(o, scope="year")] + ([replace(o, scope="cumulative")] if running else [])
                continue
            o.scope = "cumulative" if o.indicator in indicators and (o.indicator, o.value) not in yearly else "year"
        out.append(o)
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


def extract_prose(text: str, skip: list[tuple[int, int]] | None = None, year: int | None = None) -> list[Observation]:
    """Observations from sentences; ``skip`` are spans (tables) not to read as prose; ``year`` the report's (its
    era's terms for document counts)."""
    return _first_of_each(_in_the_year_s_terms(_settle_as_of(_Reader(text, skip or []).read()), year))


def _first_of_each(observations: list[Observation]) -> list[Observation]:
    """One value per indicator and scope: a report states a figure first (概述, 主动公开共…条) and then breaks it down
    by category or channel, so a later, different value the same wording reads is one of those parts."""
    first: dict[tuple[str, str | None, str], Decimal] = {}
    named_other = {o.key for o in observations if _OTHER_WAYS.match(o.label or "")}
    out = []
    for o in observations:
        if o.key in named_other and not _OTHER_WAYS.match(o.label or ""):
            continue  # 新闻媒体公开1600条、其他形式公开600条: the way the report calls "other" is the other one
        value = first.setdefault(o.key, o.value)
        if value == o.value:
            out.append(o)
    return out
