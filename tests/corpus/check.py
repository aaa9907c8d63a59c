"""Check the labelled corpus: shape, keys, evidence in the text, the value in the evidence.

    python -m tests.corpus.check            # every report; exit 1 and a list of problems if any
    python -m tests.corpus.check FILE...    # only these

Independent of ``parsers`` on purpose: the gold must not be checked by the code it measures.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPORTS = HERE / "reports"
INDICATORS = HERE.parent.parent / "parsers" / "data" / "indicators.csv"

LEVELS = {"ministry", "province", "prefecture", "county", "township", "department"}
ERAS = {"2008-2013", "2014-2018", "2019-2020", "2021+"}
FORMS = {"prose", "table2014", "table2019", "table2021", "flattened", "transposed", "traditional"}
APPLICANTS = {"natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total"}
REQUIRED = ("id", "url", "agency", "year", "level", "era", "forms", "script", "text", "gold")

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_FULL = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_ZERO_WORDS = ("未", "无", "無", "没有", "沒有", "零", "均未", "不存在")


def indicator_keys(path: Path = INDICATORS) -> dict[str, str]:
    """Every key of indicators.csv (brace forms expanded) with its unit."""
    keys: dict[str, str] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key, unit = row["key"], row["unit"]
            m = re.fullmatch(r"(.*)\{([^}]*)\}(.*)", key)
            if m:
                for part in m.group(2).split("|"):
                    keys[m.group(1) + part + m.group(3)] = unit
            else:
                keys[key] = unit
    return keys


def chinese_number(raw: str) -> Decimal | None:
    """三 -> 3, 一百二十 -> 120, 十余 -> 10, 两 -> 2 (the small numerals reports write)."""
    s = raw.rstrip("余多")
    if not s or any(ch not in _DIGITS and ch not in _SMALL and ch != "万" for ch in s):
        return None
    total, section, digit = 0, 0, 0
    for ch in s:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL:
            section += (digit or 1) * _SMALL[ch]
            digit = 0
        else:  # 万
            total += (section + digit) * 10000
            section, digit = 0, 0
    return Decimal(total + section + digit)


def raw_value(raw: str) -> Decimal | None:
    """The number a raw string writes (before any unit conversion)."""
    s = raw.translate(_FULL).replace(",", "").strip()
    s = re.sub(r"^(超过|将近|大约|近|约|逾|共|计)", "", s)
    s = re.sub(r"(余|多)$", "", s)
    factor = Decimal(1)
    if s.endswith(("万", "萬")):
        s, factor = s[:-1], Decimal(10000)
    elif s.endswith(("亿", "億")):
        s, factor = s[:-1], Decimal(100000000)
    try:
        return Decimal(s) * factor
    except InvalidOperation:
        value = chinese_number(s)
        return None if value is None else value * factor


def check_report(path: Path, keys: dict[str, str]) -> list[str]:
    problems: list[str] = []
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{path.name}: unreadable ({exc})"]
    for field in REQUIRED:
        if field not in report:
            problems.append(f"{path.name}: missing field {field!r}")
    if problems:
        return problems
    name = report["id"]
    if path.stem != name:
        problems.append(f"{name}: file name {path.name} does not match the id")
    if report["level"] not in LEVELS:
        problems.append(f"{name}: level {report['level']!r} not one of {sorted(LEVELS)}")
    if report["era"] not in ERAS:
        problems.append(f"{name}: era {report['era']!r} not one of {sorted(ERAS)}")
    if not set(report["forms"]) <= FORMS:
        problems.append(f"{name}: forms {report['forms']} not within {sorted(FORMS)}")
    year = report["year"]
    if year is not None and (not isinstance(year, int) or not 2007 <= year <= 2030):
        problems.append(f"{name}: year {year!r} is not a report year")
    text = report["text"]
    for i, gold in enumerate(report["gold"]):
        where = f"{name} gold[{i}] {gold.get('key')}"
        key = gold.get("key")
        if key not in keys:
            problems.append(f"{where}: unknown indicator key")
            continue
        if gold.get("unit") != keys[key]:
            problems.append(f"{where}: unit {gold.get('unit')!r}, indicators.csv says {keys[key]!r}")
        evidence, raw = gold.get("evidence", ""), gold.get("raw", "")
        if not evidence or evidence not in text:
            problems.append(f"{where}: evidence {evidence!r} is not in the text")
        if not raw or raw not in evidence:
            problems.append(f"{where}: raw {raw!r} is not in the evidence {evidence!r}")
        if gold.get("scope") not in ("year", "cumulative"):
            problems.append(f"{where}: scope {gold.get('scope')!r}")
        if gold.get("applicant") is not None and gold["applicant"] not in APPLICANTS:
            problems.append(f"{where}: applicant {gold['applicant']!r}")
        try:
            value = Decimal(str(gold.get("value")))
        except InvalidOperation:
            problems.append(f"{where}: value {gold.get('value')!r} is not a number")
            continue
        if value == 0 and raw.startswith(_ZERO_WORDS):
            continue
        written = raw_value(raw)
        if written is None:
            problems.append(f"{where}: raw {raw!r} is not a number")
        elif written != value and written * 10000 != value:  # 万元 -> 元
            problems.append(f"{where}: raw {raw!r} is {written}, not {value}")
    return problems


def main(argv: list[str]) -> int:
    keys = indicator_keys()
    paths = [Path(a) for a in argv] or sorted(REPORTS.glob("*.json"))
    problems: list[str] = []
    for path in paths:
        problems += check_report(path, keys)
    urls: dict[str, str] = {}
    for path in paths:
        try:
            url = json.loads(path.read_text(encoding="utf-8")).get("url", "")
        except ValueError:
            continue
        if url in urls:
            problems.append(f"{path.stem}: same url as {urls[url]}")
        urls[url] = path.stem
    for p in problems:
        print(p)
    n_gold = sum(len(json.loads(p.read_text(encoding="utf-8")).get("gold", [])) for p in paths if p.exists())
    print(f"{len(paths)} reports, {n_gold} gold values, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
