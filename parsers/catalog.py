"""The indicator catalog (indicators.csv, shipped as package data) plus the keys this parser adds."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

#: keys added by this parser for rows the catalog lacks (documented in docs/indicators.md)
ADDED_KEYS: dict[str, str] = {
    "admin_appeals.total": "件",
    "requests.source.party_gov": "件",
    "requests.source.social_org": "件",
    "requests.source.enterprise": "件",
    "requests.source.media": "件",
    "requests.source.research": "件",
    "requests.source.citizen": "件",
    "requests.source.citizen.lawyer": "件",
    "requests.source.citizen.researcher": "件",
    "requests.source.citizen.journalist": "件",
    "requests.source.other": "件",
}
#: Chinese names of the added keys, as the source tables word them (docs/indicators.md)
ADDED_LABELS: dict[str, str] = {
    "admin_appeals.total": "行政申诉数",
    "requests.source.party_gov": "申请来源：党政机关",
    "requests.source.social_org": "申请来源：社会团体",
    "requests.source.enterprise": "申请来源：企业",
    "requests.source.media": "申请来源：宣传媒体",
    "requests.source.research": "申请来源：科研院校",
    "requests.source.citizen": "申请来源：公民",
    "requests.source.citizen.lawyer": "申请来源：公民，其中律师",
    "requests.source.citizen.researcher": "申请来源：公民，其中科研人员",
    "requests.source.citizen.journalist": "申请来源：公民，其中媒体从业人员",
    "requests.source.other": "申请来源：其他",
}
#: prefix of keys made from unknown table rows: ``extra.<normalised row label>``
EXTRA_PREFIX = "extra."


@lru_cache(maxsize=1)
def indicator_units() -> dict[str, str]:
    """Every catalog key (``{a|b}`` patterns expanded) mapped to its unit."""
    units: dict[str, str] = {}
    text = resources.files("parsers").joinpath("data/indicators.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        key, unit = row["key"], row["unit"]
        for expanded in _expand(key):
            units[expanded] = unit
    units.update(ADDED_KEYS)
    return units


def _expand(key: str) -> list[str]:
    m = re.search(r"\{([^}]+)\}", key)
    if not m:
        return [key]
    out: list[str] = []
    for alt in m.group(1).split("|"):
        out += _expand(key[: m.start()] + alt + key[m.end() :])
    return out


def unit_of(key: str, default: str = "") -> str:
    return indicator_units().get(key, default)


def is_known(key: str) -> bool:
    return key in indicator_units() or key.startswith(EXTRA_PREFIX)
