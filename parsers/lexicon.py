"""The prose lexicon: how sentences name indicators, loaded from ``data/prose_lexicon.csv`` and
``data/prose_zeros.csv`` (data files, one row per wording, so a new wording is a new row and a test).

``…`` in a pattern is a short gap inside one clause (no digits, no clause or sentence punctuation).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from parsers.catalog import unit_of

#: a list of channels (网站、微博等) is no one channel, and words of another channel end a channel's gap
GAP = r"(?:(?!微信|公众号|微博|抖音|客户端|复议|诉讼|起诉|解读)[^。；;！？!?，,等\d]){0,16}?"
#: after a number the gap also stops at 、: words past the next list item are that item's (的9件、结转下年度7件)
GAP_AFTER = GAP.replace("，,等", "，,、等")
#: words that may stand between an indicator's words and its number (数为, 共计, 达, 了, a remark in brackets ...)
FILLER = (
    r"(?P<gap>(?:[(（][^()（）\d]{1,12}[)）]"
    r"|数|数量|总数|总量|为|是|共|共计|合计|总计|计|达|达到|了|有|约|近|超过|逾|分别为|历年|累计|的|”|」|\"|\s|:|：)*)"
)
#: the units a number may carry for an indicator of each canonical unit
UNITS_BY_CANONICAL: dict[str, frozenset[str]] = {
    "件": frozenset(["件", "个", "起", "宗", "例", "项", "条", "次", "份"]),
    "条": frozenset(["条", "件", "个", "篇", "项", "份", "期"]),
    "次": frozenset(["次", "场", "期", "个", "件", "批"]),
    "篇": frozenset(["篇", "条", "件", "次", "期", "份"]),
    "人": frozenset(["人", "名", "位"]),
    "人次": frozenset(["人次", "人", "名"]),
    "元": frozenset(["元", "万元", "亿元"]),
    "个": frozenset(["个", "处", "家", "所"]),
    "项": frozenset(["项", "个", "件"]),
}
TOPICS = frozenset({"request", "review", "litigation", "appeal", "proactive", "fees", "org"})


@dataclass(frozen=True)
class Wording:
    """One row of the lexicon: an indicator, where its words stand, the words, the units it takes."""

    key: str  # may hold {appeal}: review or litigation, by context
    side: str  # before | after
    pattern: re.Pattern[str]
    units: frozenset[str]
    topic: str  # required topic, or ""
    order: int
    source: str  # the pattern as written in the data file

    def allows(self, unit: str, key: str) -> bool:
        if key == "none" or not unit:
            return True  # no unit: a count the words name a count (政府信息数170), in the key's own unit
        key = key.split("|")[0]
        return unit in (self.units or UNITS_BY_CANONICAL.get(unit_of(key), frozenset()))


@dataclass(frozen=True)
class AllOf:
    """One row of prose_all_of.csv: 均/全部/都 after a count of ``bases`` says it is all ``key``."""

    bases: frozenset[str]
    pattern: re.Pattern[str]
    key: str
    source: str  # the pattern as written in the data file


@dataclass(frozen=True)
class ZeroStatement:
    """A sentence saying that something did not happen: each key gets the value 0."""

    keys: tuple[str, ...]
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None
    source: str


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("parsers").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def compile_pattern(pattern: str, side: str) -> re.Pattern[str]:
    body = pattern.replace("…", GAP if side == "before" else GAP_AFTER)
    if side == "before":
        # the words, then a short gap (为, 共计, 达, 了 ...) that ends where the number starts
        return re.compile(rf"(?:{body}){FILLER}$")
    return re.compile(rf"(?:{body})")


@lru_cache(maxsize=1)
def wordings() -> tuple[Wording, ...]:
    out = []
    for i, row in enumerate(_rows("prose_lexicon.csv")):
        side = row["side"]
        if side not in ("before", "after"):
            raise ValueError(f"prose_lexicon.csv row {i + 1}: side must be before or after, not {side!r}")
        topic = row.get("topic") or ""
        if topic and topic not in TOPICS:
            raise ValueError(f"prose_lexicon.csv row {i + 1}: unknown topic {topic!r}")
        units = frozenset(u for u in (row.get("units") or "").split("|") if u)
        out.append(Wording(row["key"], side, compile_pattern(row["pattern"], side), units, topic, i, row["pattern"]))
    return tuple(out)


@lru_cache(maxsize=1)
def zero_statements() -> tuple[ZeroStatement, ...]:
    out = []
    for row in _rows("prose_zeros.csv"):
        unless = row.get("unless") or ""
        out.append(
            ZeroStatement(
                tuple(row["keys"].split("|")),
                re.compile(row["pattern"].replace("…", r"[^。；;！？!?\d]{0,24}?")),
                re.compile(unless) if unless else None,
                row["pattern"],
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def all_of() -> tuple[AllOf, ...]:
    rows = _rows("prose_all_of.csv")
    return tuple(
        AllOf(frozenset(r["base"].split("|")), re.compile(r["pattern"].replace("…", GAP)), r["key"], r["pattern"])
        for r in rows
    )
