"""Indicator labels and units for display, from the parsers' indicator catalog (parsers/data/indicators.csv).

The label is the first (template) wording of ``label_zh``; for pattern keys such as
``{licensing|penalty}.decisions`` the ``/``-separated names are paired with the alternatives.  Keys the
parser adds beyond the catalog have their names in ``parsers.catalog.ADDED_LABELS``; an ``extra.<row label>``
key is labelled with its row label.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from parsers.catalog import ADDED_KEYS, ADDED_LABELS, EXTRA_PREFIX

_PATTERN = re.compile(r"\{([^}]+)\}")
ADDED_TABLE = "added by the parser (docs/indicators.md)"


@dataclass(frozen=True)
class IndicatorInfo:
    key: str
    label: str
    unit: str
    notes: str = ""
    table: str = ""  # the report format(s) and table it appears in (indicators.csv ``table``)
    eras: str = ""  # the report years it appears in (indicators.csv ``eras``)


@lru_cache(maxsize=1)
def indicator_catalog() -> dict[str, IndicatorInfo]:
    """Every known indicator key -> label, unit, notes, table and eras."""
    text = resources.files("parsers").joinpath("data/indicators.csv").read_text(encoding="utf-8")
    out: dict[str, IndicatorInfo] = {}
    names_seen: dict[str, str] = {}  # pattern alternative -> its Chinese name, from an earlier row
    reader = csv.reader(text.splitlines())
    next(reader)  # header: key, unit, table, eras, label_zh, notes
    for row in reader:
        if len(row) < 5 or not row[0]:
            continue
        key, unit, label, notes = row[0], row[1], row[4].split("|")[0].strip(), row[5] if len(row) > 5 else ""
        for expanded, expanded_label in _expand(key, label, names_seen):
            out[expanded] = IndicatorInfo(expanded, expanded_label, unit, notes, table=row[2], eras=row[3])
    for key, unit in ADDED_KEYS.items():
        out.setdefault(key, IndicatorInfo(key, ADDED_LABELS.get(key, key), unit, table=ADDED_TABLE))
    return out


def _expand(key: str, label: str, names_seen: dict[str, str]) -> list[tuple[str, str]]:
    m = _PATTERN.search(key)
    if not m:
        return [(key, label)]
    alternatives = m.group(1).split("|")
    head, sep, tail = label.partition("×")
    names = [n.strip() for n in head.split("/")]
    if len(names) == len(alternatives):
        names_seen.update(zip(alternatives, names, strict=True))
    out = []
    for alt in alternatives:
        name = names_seen.get(alt)
        alt_label = f"{name} × {tail.strip()}" if name and sep else name or label
        out += _expand(key[: m.start()] + alt + key[m.end() :], alt_label, names_seen)
    return out


def label_of(key: str) -> str:
    info = indicator_catalog().get(key)
    if info is not None:
        return info.label
    return key.removeprefix(EXTRA_PREFIX) if key.startswith(EXTRA_PREFIX) else key


def unit_of(key: str) -> str:
    info = indicator_catalog().get(key)
    return info.unit if info else ""
