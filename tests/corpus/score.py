"""Score the parser against the labelled corpus: recall, wrong share, year right, agency right.

    python -m tests.corpus.score                    # development split, by era and by form
    python -m tests.corpus.score --split heldout    # the held-out fifth (measure only, never tune on it)
    python -m tests.corpus.score --split all --via html --misses 20

A gold value is *found* when the parser reports the same indicator (and applicant column, and scope) with the
same value.  A reported value is *wrong* when the gold has that indicator with another value, or when it reads a
number the gold labels as another indicator.  Reported values the gold does not mention are *unlabelled*: neither
right nor wrong, counted apart.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import opencc

from parsers import ParsedReport, parse_html, parse_text
from tests.corpus.split import split_of

REPORTS = Path(__file__).resolve().parent / "reports"
_AGENCY_SUFFIXES = ("人民政府", "政府", "办公室", "办公厅")
_simplified = opencc.OpenCC("t2s").convert


def load_reports(split: str = "all") -> list[dict[str, Any]]:
    reports = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(REPORTS.glob("*.json"))]
    for r in reports:
        r["split"] = split_of(r["url"])
    return [r for r in reports if split == "all" or r["split"] == split]


def as_html(report: dict[str, Any]) -> str:
    """The report text as a government CMS page would carry it: a title, then one <p> per line."""
    title = report.get("title") or ""
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in report["text"].split("\n"))
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
        f"<body><div class='article'><h1>{html.escape(title)}</h1>\n{body}</div></body></html>"
    )


def parse_via(via: str) -> Callable[[dict[str, Any]], ParsedReport]:
    if via == "html":
        return lambda r: parse_html(as_html(r).encode("utf-8"), url=r["url"])
    return lambda r: parse_text(r["text"])


def _group(key: str, applicant: str | None, scope: str) -> tuple[str, str, str]:
    return (key, applicant or "total", scope or "year")


def _agency_forms(name: str) -> set[str]:
    name = _simplified("".join(name.split()))
    forms = {name}
    for suffix in _AGENCY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            forms.add(name[: -len(suffix)])
    return forms


def agency_right(found: str, report: dict[str, Any]) -> bool:
    if not found:
        return False
    wanted: set[str] = set()
    for name in [report["agency"], *report.get("agency_aliases", [])]:
        wanted |= _agency_forms(name)
    return bool(_agency_forms(found) & wanted)


def _gold_span(text: str, gold: dict[str, Any]) -> tuple[int, int]:
    at = text.find(gold["evidence"])
    inner = gold["evidence"].find(gold["raw"])
    return (at + inner, at + inner + len(gold["raw"]))


@dataclass
class Outcome:
    """The comparison of one parsed report with its gold."""

    report: dict[str, Any]
    found: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    wrong: list[dict[str, Any]] = field(default_factory=list)
    right_predictions: int = 0
    unlabelled: int = 0
    year_right: bool = False
    agency_right: bool = False
    year_found: int | None = None
    agency_found: str = ""


def compare(report: dict[str, Any], parsed: ParsedReport) -> Outcome:
    out = Outcome(report)
    text = report["text"]
    gold_by_group: dict[tuple[str, str, str], set[Decimal]] = defaultdict(set)
    gold_spans: list[tuple[int, int, str]] = []
    for g in report["gold"]:
        gold_by_group[_group(g["key"], g.get("applicant"), g.get("scope", "year"))].add(Decimal(str(g["value"])))
        a, b = _gold_span(text, g)
        gold_spans.append((a, b, g["key"]))
    predicted: dict[tuple[tuple[str, str, str], Decimal], Any] = {}
    for o in parsed.observations:
        if o.indicator.startswith("extra."):
            continue  # a row no rule knows, kept under its label: no indicator, so neither right nor wrong
        predicted.setdefault((_group(o.indicator, o.applicant, o.scope), Decimal(o.value)), o)
    for g in report["gold"]:
        hit = (_group(g["key"], g.get("applicant"), g.get("scope", "year")), Decimal(str(g["value"])))
        (out.found if hit in predicted else out.missed).append(g)
    for (group, value), o in predicted.items():
        if value in gold_by_group.get(group, set()):
            out.right_predictions += 1
            continue
        clash = group in gold_by_group
        if not clash and o.source == "text" and o.start is not None:
            clash = any(a < o.end and o.start < b and k != group[0] for a, b, k in gold_spans)
        if clash:
            out.wrong.append(
                {"key": o.indicator, "applicant": o.applicant, "scope": o.scope, "value": str(value),
                 "evidence": o.evidence, "gold": sorted(str(v) for v in gold_by_group.get(group, set()))}
            )  # fmt: skip
        else:
            out.unlabelled += 1
    out.year_found, out.agency_found = parsed.metadata.report_year, parsed.metadata.agency or ""
    out.year_right = out.year_found == report["year"]
    # a report that never names its author ("我局") has no agency to find: finding none is right, any name wrong
    if report["agency"]:
        out.agency_right = agency_right(parsed.metadata.agency or "", report)
    else:
        out.agency_right = not parsed.metadata.agency
    return out


@dataclass
class Figures:
    reports: int = 0
    gold: int = 0
    found: int = 0
    predictions: int = 0
    wrong: int = 0
    unlabelled: int = 0
    year_right: int = 0
    agency_right: int = 0

    def add(self, o: Outcome) -> None:
        self.reports += 1
        self.gold += len(o.report["gold"])
        self.found += len(o.found)
        self.predictions += o.right_predictions + len(o.wrong) + o.unlabelled
        self.wrong += len(o.wrong)
        self.unlabelled += o.unlabelled
        self.year_right += o.year_right
        self.agency_right += o.agency_right

    def as_dict(self) -> dict[str, float | int]:
        return {
            "reports": self.reports,
            "gold": self.gold,
            "recall": round(self.found / self.gold, 4) if self.gold else 1.0,
            "wrong": round(self.wrong / self.predictions, 4) if self.predictions else 0.0,
            "unlabelled": self.unlabelled,
            "year_right": round(self.year_right / self.reports, 4) if self.reports else 1.0,
            "agency_right": round(self.agency_right / self.reports, 4) if self.reports else 1.0,
        }


def tabulate(
    outcomes: Iterable[Outcome], delivery: Callable[[dict[str, Any]], str] | None = None
) -> dict[str, dict[str, Figures]]:
    """Figures overall, per era, per form and (given ``delivery``) per way the report reached the parser."""
    table: dict[str, dict[str, Figures]] = {"all": defaultdict(Figures), "era": defaultdict(Figures),
                                            "form": defaultdict(Figures)}  # fmt: skip
    if delivery is not None:
        table["delivery"] = defaultdict(Figures)
    for o in outcomes:
        table["all"]["all"].add(o)
        table["era"][o.report["era"]].add(o)
        for form in o.report["forms"]:
            table["form"][form].add(o)
        if delivery is not None:
            table["delivery"]["as " + delivery(o.report)].add(o)
    return table


def score(reports: Iterable[dict[str, Any]], via: str = "text") -> tuple[dict[str, dict[str, Figures]], list[Outcome]]:
    """Figures overall, per era and per form, and each report's outcome."""
    parse = parse_via(via)
    outcomes = [compare(report, parse(report)) for report in reports]
    return tabulate(outcomes), outcomes


def print_table(table: dict[str, dict[str, Figures]]) -> None:
    print(f"{'':14} {'reports':>7} {'gold':>6} {'recall':>7} {'wrong':>7} {'unlab.':>6} {'year':>6} {'agency':>6}")
    for group in table:
        for name in sorted(table[group]):
            d = table[group][name].as_dict()
            print(
                f"{name:14} {d['reports']:>7} {d['gold']:>6} {d['recall']:>7.3f} {d['wrong']:>7.3f} "
                f"{d['unlabelled']:>6} {d['year_right']:>6.3f} {d['agency_right']:>6.3f}"
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("dev", "heldout", "all"), default="dev")
    ap.add_argument("--via", choices=("text", "html"), default="text")
    ap.add_argument("--misses", type=int, default=0, help="print this many missed and wrong values")
    ap.add_argument("--json", action="store_true", help="figures as JSON")
    args = ap.parse_args(argv)
    table, outcomes = score(load_reports(args.split), args.via)
    if args.json:
        print(json.dumps({g: {k: v.as_dict() for k, v in t.items()} for g, t in table.items()}, ensure_ascii=False))
    else:
        print_table(table)
    if args.misses:
        shown = 0
        for o in outcomes:
            for g in o.missed:
                if shown < args.misses:
                    print(f"MISS {o.report['id']} {g['key']}={g['value']} | {g['evidence']}")
                    shown += 1
            for w in o.wrong:
                print(f"WRONG {o.report['id']} {w['key']}={w['value']} gold={w['gold']} | {w['evidence'][:80]}")
            if not o.year_right:
                print(f"YEAR {o.report['id']} want {o.report['year']} got {o.year_found}")
            if not o.agency_right:
                print(f"AGENCY {o.report['id']} want {o.report['agency']} got {o.agency_found or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
