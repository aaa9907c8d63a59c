"""Saved inputs with their expected public JSON beside them (tests/data/pages/NAME.{html,txt} + NAME.json).

To accept a deliberate change of output, delete the .json file and run this test once: it is rewritten
and the test fails, so a review of the diff is forced.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scheduler.commands.parse import parse_path

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
