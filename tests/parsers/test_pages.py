"""Saved inputs with their expected public JSON beside them (tests/data/pages/NAME.{html,txt} + NAME.json).

To accept a deliberate change of output, delete the .json file and run this test once: it is rewritten
and the test fails, so a review of the diff is forced.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pytest

import parsers
from scheduler.commands.parse import parse_path
from tests.parsers.conftest import seed_text

PAGES = Path(__file__).resolve().parent.parent / "data" / "pages"
INPUTS = sorted(p for p in PAGES.iterdir() if p.suffix in (".html", ".txt"))


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_page_matches_expected_json(path):
    got = parse_path(path).to_json(path.name)
    expected_path = path.with_suffix(".json")
    if not expected_path.exists():
        expected_path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        pytest.fail(f"wrote {expected_path.name}; review it and run again")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    expected["report"]["parser_version"] = got["report"]["parser_version"]
    assert got == expected


def test_a_table_pasted_as_one_paragraph_per_cell_reads_like_the_text(seed_reports):
    """CMS editors often flatten a Word table into <p> per cell; seed 003 is such a table."""
    lines = [line.strip() for line in seed_text("003").splitlines() if line.strip()]
    page = "<html><head><meta charset='utf-8'><title>2017年海陵区政务公开工作年度报告</title></head><body>"
    page += "<div class='TRS_Editor'>" + "".join(f"<p>{escape(line)}</p>" for line in lines) + "</div></body></html>"
    from_html = parsers.parse_html(page.encode("utf-8"))
    from_text = seed_reports["003"]
    values = sorted((o.indicator, o.applicant or "", o.value) for o in from_html.observations)
    assert values == sorted((o.indicator, o.applicant or "", o.value) for o in from_text.observations)
    assert len(values) > 100
    assert sorted((c.rule, c.status) for c in from_html.checks) == sorted((c.rule, c.status) for c in from_text.checks)
