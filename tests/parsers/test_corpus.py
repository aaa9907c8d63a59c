"""The labelled corpus of real reports (tests/corpus): every file checks, and the parser's figures on the whole
corpus do not fall below the levels measured when they were last raised (BENCHMARKS.md ## Truth of the numbers).

Floors are the measured figures rounded down a little; raise them when the parser improves.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.corpus import check, score

#: whole corpus (490 reports, 3,507 gold values) as plain text, measured 2026-12-03 (session 5): recall 0.938,
#: wrong 0.009, year 0.992, agency 0.816
TEXT_FLOORS = {"recall": 0.93, "wrong": 0.010, "year_right": 0.99, "agency_right": 0.81}
#: the same reports as HTML pages (one <p> per line), measured the same day
HTML_FLOORS = {"recall": 0.93, "wrong": 0.008, "year_right": 0.99, "agency_right": 0.83}  # 0.938 0.007 0.992 0.835


def test_every_corpus_file_checks() -> None:
    keys = check.indicator_keys()
    paths = sorted(check.REPORTS.glob("*.json"))
    assert len(paths) >= 480
    problems = [p for path in paths for p in check.check_report(path, keys)]
    assert problems == []


@pytest.fixture(scope="module")
def reports() -> list[dict[str, Any]]:
    return score.load_reports("all")


@pytest.mark.parametrize(("via", "floors"), [("text", TEXT_FLOORS), ("html", HTML_FLOORS)])
def test_corpus_figures_do_not_fall(reports: list[dict[str, Any]], via: str, floors: dict[str, float]) -> None:
    table, _ = score.score(reports, via)
    got = table["all"]["all"].as_dict()
    assert got["gold"] >= 3400
    assert got["recall"] >= floors["recall"], got
    assert got["wrong"] <= floors["wrong"], got
    assert got["year_right"] >= floors["year_right"], got
    assert got["agency_right"] >= floors["agency_right"], got


def test_a_wrong_reading_is_counted_wrong() -> None:
    """The scorer itself: a value read as another indicator is wrong, a missed one lowers recall."""
    text = "全年共收到政府信息公开申请21件，其中予以公开10件。"
    report = {
        "id": "x", "url": "u", "agency": "", "year": None, "era": "2021+", "forms": ["prose"], "text": text,
        "gold": [
            {"key": "requests.received", "value": 21, "scope": "year", "applicant": None, "raw": "21",
             "evidence": "收到政府信息公开申请21件"},
            {"key": "outcome.partial", "value": 10, "scope": "year", "applicant": None, "raw": "10",
             "evidence": "予以公开10件"},
        ],
    }  # fmt: skip
    outcome = score.compare(report, score.parse_via("text")(report))
    assert [g["key"] for g in outcome.found] == ["requests.received"]
    assert [g["key"] for g in outcome.missed] == ["outcome.partial"]
    assert [w["key"] for w in outcome.wrong] == ["outcome.granted"]  # the number the gold calls partial
