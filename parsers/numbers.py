"""Cell and prose number parsing: full-width digits, separators, 万/万元, signs, missing tokens."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

#: tokens that mean "no value" (never 0)
MISSING_TOKENS = frozenset({"", "/", "-", "—", "–", "——", "--", "－", "―", "无", "空", "×", "\\", "…"})
#: cells of a 本年增/减 column that say the count did not change
NO_CHANGE_TOKENS = frozenset({"未增未减", "无增减", "无增无减", "不增不减", "持平", "无变化", "没有变化"})
UNITS = ("万元", "人次", "元", "件", "条", "项", "个", "人", "次", "篇", "期", "场", "%")
UNIT_TOKENS = frozenset(UNITS) | {"单位", "计量单位"}

_NUM_RE = re.compile(
    r"^(?P<sign>[+\-]|增加|减少|增|减)?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?"
    r"(?P<approx>余|多)?(?P<unit>万元|万|人次|元|件|条|项|个|人|次|篇|批次|批|%)?$"
)


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """NFKC (full-width digits and punctuation to ASCII) and no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@dataclass(frozen=True)
class Number:
    value: Decimal
    unit: str | None  # unit written in the token itself (万元, 元, %, 件 ...)
    approximate: bool = False


def is_missing(raw: str) -> bool:
    return normalize(raw) in MISSING_TOKENS


def is_unit(raw: str) -> bool:
    return normalize(raw) in UNIT_TOKENS


@lru_cache(maxsize=8192)
def parse_number(raw: str) -> Number | None:
    """Parse a cell such as ``1,234``, ``１２``, ``-3``, ``减少1``, ``251000元``, ``90.2``, ``未增未减`` (0);
    None if not a number."""
    text = normalize(raw).replace("，", ",")
    if text in NO_CHANGE_TOKENS:
        return Number(Decimal(0), None)
    m = _NUM_RE.match(text)
    if not m:
        return None
    try:
        value = Decimal(m.group("num").replace(",", "") + (m.group("frac") or ""))
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        return None
    sign = m.group("sign")
    if sign in ("-", "减少", "减"):
        value = -value
    unit = m.group("unit")
    if unit == "万":
        value *= 10000
        unit = None
    elif unit == "万元":
        value *= 10000
        unit = "元"
    return Number(value, unit, bool(m.group("approx")))


def to_json_number(value: Decimal) -> int | float:
    """Integral values as int, others as float (rounded to 6 places)."""
    if value == value.to_integral_value():
        return int(value)
    return float(round(value, 6))
