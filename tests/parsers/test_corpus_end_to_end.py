"""The corpus end to end: served by the replica as pages, PDF and Word attachments, harvested (the crawler in its
own process, then ingest into a real catalog), and scored from the catalog (tests/corpus/end_to_end.py).

Floors are the figures measured when they were last raised (BENCHMARKS.md ## Truth of the numbers, end to end).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.corpus import end_to_end, score
from tests.replica.corpus_site import form_of

#: measured 2026-12-03 (session 5) on 490 reports (3,507 gold values): recall 0.922, wrong 0.010, year 0.990,
#: agency 0.831
FLOORS = {"recall": 0.91, "wrong": 0.011, "year_right": 0.985, "agency_right": 0.82}
#: per way of delivery (a third of the reports each): html 0.901, docx 0.950, pdf 0.918
DELIVERY_RECALL = {"as html": 0.89, "as docx": 0.94, "as pdf": 0.91}


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], list[score.Outcome], Path]:
    archive = tmp_path_factory.mktemp("e2e") / "archive"
    result = end_to_end.run_harvest(archive)
    assert result.status == "ok", result.stats
    reports = score.load_reports("all")
    position = {r["id"]: n for n, r in enumerate(reports)}
    outcomes = end_to_end.score_catalog(archive / "catalog.sqlite", reports)
    table = score.tabulate(outcomes, delivery=lambda r: form_of(position[r["id"]]))
    return table, outcomes, archive


def test_every_corpus_report_reaches_the_catalog(scored: tuple[dict[str, Any], list[score.Outcome], Path]) -> None:
    """Crawled, classified as a report (traditional-script titles too) and recorded, named or not."""
    import sqlite3

    _, outcomes, archive = scored
    conn = sqlite3.connect(archive / "catalog.sqlite")
    conn.row_factory = sqlite3.Row
    missing = [o.report["id"] for o in outcomes if end_to_end.catalog_reading(conn, o.report).status == "missing"]
    assert len(missing) <= len(outcomes) // 50, missing  # a report without a year is not recorded


def test_end_to_end_figures_do_not_fall(scored: tuple[dict[str, Any], list[score.Outcome], Path]) -> None:
    table, _, _ = scored
    got = table["all"]["all"].as_dict()
    assert got["reports"] >= 350 and got["gold"] >= 2500
    assert got["recall"] >= FLOORS["recall"], got
    assert got["wrong"] <= FLOORS["wrong"], got
    assert got["year_right"] >= FLOORS["year_right"], got
    assert got["agency_right"] >= FLOORS["agency_right"], got
    for delivery, floor in DELIVERY_RECALL.items():
        figures = table["delivery"][delivery].as_dict()
        assert figures["recall"] >= floor, (delivery, figures)


def test_catalog_values_keep_their_evidence(scored: tuple[dict[str, Any], list[score.Outcome], Path]) -> None:
    """Every value found end to end points at a capture whose document holds its evidence."""
    import sqlite3

    _, _, archive = scored
    conn = sqlite3.connect(archive / "catalog.sqlite")
    orphans = conn.execute(
        "select count(*) from observations o left join captures c on c.id = o.capture_id where c.id is null"
    ).fetchone()[0]
    assert orphans == 0
    total = conn.execute("select count(*) from observations").fetchone()[0]
    assert total >= 1500
