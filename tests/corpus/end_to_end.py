"""Score the corpus end to end: serve it as a portal, harvest it, score what the catalog holds.

    python -m tests.corpus.end_to_end                  # whole corpus: text reader vs catalog, by era and form
    python -m tests.corpus.end_to_end --split heldout --archive /tmp/e2e --misses 20

The replica serves every corpus report as an HTML page, a PDF or a Word attachment
(:mod:`tests.replica.corpus_site`).  One harvest (the crawler in its own process, then ingest) archives and
parses them; each report is then looked up in the catalog by its page URL and its newest parser's observations
are compared with the gold exactly as :mod:`tests.corpus.score` compares the text reader's.  Offsets in the
catalog point into the extracted document (PDF text, Word paragraphs), so a value's span in the corpus text is
found again from its evidence, ignoring white space, to tell a wrong reading from an unlabelled one.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from parsers import ParsedReport
from parsers.report import Observation, ReportMeta
from scheduler.demo import LOCAL_REPLICA_CRAWL_ARGS
from scheduler.harvest import HarvestResult, harvest
from scheduler.settings import Settings
from tests.corpus.score import Outcome, compare, load_reports, print_table, tabulate
from tests.corpus.score import score as score_text
from tests.replica.corpus_site import BASE, form_of, page_path
from tests.replica.server import ReplicaServer

_SPACE = re.compile(r"\s+")


def run_harvest(archive: Path) -> HarvestResult:
    """Serve the corpus site and harvest it once into ``archive``."""
    with ReplicaServer(crawl_delay=0.0, slow=0.1, site="corpus") as replica:
        settings = Settings(source="corpus end to end")
        settings.harvest.urls = [replica.url + "/"]
        settings.harvest.allow_private = True  # the replica is on loopback
        settings.harvest.crawl_timeout_minutes = 15
        settings.harvest.crawl_args = list(LOCAL_REPLICA_CRAWL_ARGS)
        return harvest(archive, settings, trigger="corpus-e2e")


def _compact(text: str) -> tuple[str, list[int]]:
    """``text`` without white space, and for each kept character its offset in ``text``."""
    kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


def _span_in(compacted: tuple[str, list[int]], evidence: str, raw: str) -> tuple[int, int] | None:
    """Where ``raw`` inside ``evidence`` sits in the corpus text (given :func:`_compact`), white space ignored;
    None if not found once."""
    compact, where = compacted
    needle = _SPACE.sub("", evidence)
    at = compact.find(needle)
    if not needle or at < 0 or compact.find(needle, at + 1) >= 0:
        return None
    inner = needle.find(_SPACE.sub("", raw))
    if inner < 0:
        return None
    start = at + inner
    return where[start], where[start + len(_SPACE.sub("", raw)) - 1] + 1


def _observation(row: sqlite3.Row, compacted: tuple[str, list[int]]) -> Observation:
    span = _span_in(compacted, row["evidence"] or "", row["raw"] or "") if row["source"] == "text" else None
    return Observation(
        indicator=row["indicator"],
        value=Decimal(str(row["value"])).normalize(),
        unit=row["unit"] or "",
        raw=row["raw"] or "",
        source="text" if span else "catalog",
        evidence=row["evidence"] or "",
        start=span[0] if span else -1,
        end=span[1] if span else -1,
        applicant=None if row["applicant"] in (None, "", "total") else row["applicant"],
        scope=row["scope"] or "year",
    )


def catalog_reading(conn: sqlite3.Connection, report: dict[str, Any]) -> ParsedReport:
    """What the catalog holds for one corpus report: its metadata and newest parser's observations."""
    version = conn.execute(
        "select v.id, r.agency, r.report_year from report_versions v join reports r on r.id = v.report_id "
        "where v.url like ? or v.url like ? order by v.id desc limit 1",
        ["%" + page_path(report), f"%{BASE}files/{report['id']}.%"],
    ).fetchone()
    if version is None:
        return ParsedReport(status="missing", metadata=ReportMeta())
    rows = conn.execute(
        "select * from observations where report_version_id = ? and parser_version = "
        "(select max(parser_version) from observations where report_version_id = ?)",
        [version["id"], version["id"]],
    ).fetchall()
    meta = ReportMeta(agency=version["agency"] or "", report_year=version["report_year"])
    compacted = _compact(report["text"])
    return ParsedReport(status="ok", metadata=meta, observations=[_observation(r, compacted) for r in rows])


def score_catalog(catalog: Path, reports: list[dict[str, Any]]) -> list[Outcome]:
    conn = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [compare(report, catalog_reading(conn, report)) for report in reports]
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    ap.add_argument("--archive", type=Path, help="harvest into this directory (default: a temporary one)")
    ap.add_argument("--reuse", action="store_true", help="score an archive harvested before, without crawling")
    ap.add_argument("--misses", type=int, default=0, help="print this many values the catalog lacks")
    ap.add_argument("--json", action="store_true", help="figures as JSON")
    args = ap.parse_args(argv)
    reports = load_reports("all")
    position = {r["id"]: n for n, r in enumerate(reports)}  # the site's form of each report
    with tempfile.TemporaryDirectory(prefix="ogi-e2e-") as tmp:
        archive = args.archive or Path(tmp) / "archive"
        if not args.reuse:
            result = run_harvest(archive)
            print(f"harvest: {result.status}; {json.dumps(result.stats, ensure_ascii=False, default=str)[:300]}")
        chosen = [r for r in reports if args.split == "all" or r["split"] == args.split]
        outcomes = score_catalog(archive / "catalog.sqlite", chosen)
    text_table, _ = score_text(chosen, "text")
    catalog_table = tabulate(outcomes, delivery=lambda r: form_of(position[r["id"]]))
    if args.json:
        print(json.dumps({"text": {g: {k: v.as_dict() for k, v in t.items()} for g, t in text_table.items()},
                          "catalog": {g: {k: v.as_dict() for k, v in t.items()} for g, t in catalog_table.items()}},
                         ensure_ascii=False))  # fmt: skip
        return 0
    print("== the same reports read from their text")
    print_table(text_table)
    print("== read from the catalog after a harvest (forms: the page's delivery html | pdf | docx)")
    print_table(catalog_table)
    shown = 0
    for o in outcomes:
        for g in o.missed[: max(0, args.misses - shown)]:
            print(
                f"MISS {o.report['id']} ({form_of(position[o.report['id']])}) {g['key']}={g['value']} | {g['evidence']}"
            )
            shown += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
