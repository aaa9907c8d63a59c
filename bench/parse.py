"""Parsing throughput on one core: reports/s for generated 2021 HTML (~20 KB), flattened-text 2014 reports and
prose-only reports, plus peak memory.  Baseline in the same run: lxml parsing the same HTML alone.

Rates are reports per CPU second of this process (``time.process_time``), the best of ``--repeat`` passes, so
that other jobs on a shared machine slow the figures down less than they would wall-clock rates.

    .venv/bin/python bench/parse.py [--n 300] [--repeat 3]

Timings on a shared machine vary by ±15 %; instruction counts do not.  ``--count-only KIND`` parses one warm-up
report and then ``--n`` reports of one kind (html, lxml, flat, prose) without timing, for a run under callgrind;
the difference between ``--n 20`` and ``--n 0`` divided by 20 is the instructions per report:

    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python bench/parse.py --count-only html --n 20
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import lxml.html

import parsers
from tests.generate_reports import generate_report_html, generate_report_text

REPEAT = 3


def rate(func: Callable[[object], object], inputs: list[object]) -> float:
    """Reports per CPU second, best of REPEAT passes over ``inputs``."""
    func(inputs[0])  # warm-up (catalog, region index)
    best = float("inf")
    for _ in range(REPEAT):
        t = time.process_time()
        for item in inputs:
            func(item)
        best = min(best, time.process_time() - t)
    return len(inputs) / best


def peak_mib(func: Callable[[object], object], inputs: list[object]) -> float:
    tracemalloc.start()
    for item in inputs[:30]:
        func(item)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


COUNT_POOL = 51


def count_only(kind: str, n: int) -> None:
    """Parse a warm-up report, then ``n`` (<= 50) reports of one kind: no timing, for instruction counting.

    The same 51 inputs are generated whatever ``n`` is, so that two runs differ only by the parsing.
    """
    func: Callable[[object], object]
    items: list[object]
    if kind in ("html", "lxml"):
        items = [generate_report_html("吉林市昌邑区人民政府", 2022, "2021", s).encode() for s in range(COUNT_POOL)]
        func = parsers.parse_html if kind == "html" else (lambda b: lxml.html.document_fromstring(b.decode()))
    elif kind == "flat":
        items = [generate_report_text("泰州市海陵区人民政府", 2016, "2014", s) for s in range(COUNT_POOL)]
        func = parsers.parse_text
    else:
        items = [generate_report_text("大安市人民政府", 2011, "prose", s) for s in range(COUNT_POOL)]
        func = parsers.parse_text
    func(items[-1])  # warm-up: region index, catalog, caches
    for item in items[: min(n, COUNT_POOL - 1)]:
        func(item)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--count-only", choices=["html", "lxml", "flat", "prose"], default=None)
    args = ap.parse_args()
    n = args.n
    if args.count_only:
        count_only(args.count_only, n)
        return
    global REPEAT
    REPEAT = max(1, args.repeat)
    html = [generate_report_html("吉林市昌邑区人民政府", 2022, "2021", s).encode() for s in range(n)]
    flat = [generate_report_text("泰州市海陵区人民政府", 2016, "2014", s) for s in range(n)]
    prose = [generate_report_text("大安市人民政府", 2011, "prose", s) for s in range(n)]
    size = sum(len(h) for h in html) / n / 1024
    rows = [
        ("lxml.html parse only (baseline)", rate(lambda b: lxml.html.document_fromstring(b.decode()), html), None),
        (f"2021-format HTML, {size:.1f} KB avg", rate(parsers.parse_html, html), peak_mib(parsers.parse_html, html)),
        ("2014-format flattened text", rate(parsers.parse_text, flat), peak_mib(parsers.parse_text, flat)),
        ("prose-only text", rate(parsers.parse_text, prose), peak_mib(parsers.parse_text, prose)),
    ]
    print(f"python bench/parse.py --n {n} --repeat {REPEAT}  (one process, one core, CPU time, best pass)")
    print("| input | reports/s | peak traced memory (MiB) |")
    print("|---|---:|---:|")
    for name, r, mem in rows:
        print(f"| {name} | {r:,.0f} | {'' if mem is None else f'{mem:.1f}'} |")
    base = rows[0][1]
    print(f"\nfull HTML parse costs {base / rows[1][1]:.1f}x a bare lxml parse of the same pages")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS after all runs (inputs held in memory): {rss:.0f} MiB")


if __name__ == "__main__":
    main()
