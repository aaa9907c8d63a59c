"""Generated reports in every era and layout: the parser finds exactly the values written, all checks pass."""

from __future__ import annotations

from decimal import Decimal

import pytest

import parsers
from tests.generate_reports import FORMATS, LAYOUTS, generate_report

YEARS = {"2021": 2022, "2019": 2020, "2014": 2016, "pre2014": 2010, "prose": 2011}
AGENCIES = ["吉林市昌邑区人民政府", "泰州市海陵区人民政府办公室", "钦州市人民政府"]


def _parse(g):
    return parsers.parse_html(g.html.encode("utf-8")) if g.html else parsers.parse_text(g.text)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", [0, 1])
def test_generated_report_values(fmt, layout, seed):
    g = generate_report(AGENCIES[seed % len(AGENCIES)], YEARS[fmt], fmt, seed, layout)
    report = _parse(g)
    assert report.status == "ok"
    assert report.metadata.format == fmt
    assert report.metadata.report_year == YEARS[fmt]
    got: dict = {}
    for o in sorted(report.observations, key=lambda o: o.source != "table"):
        if not o.derived:
            got.setdefault(o.key, o.value)
    expected = {k: Decimal(str(v)) for k, v in g.expected.items()}
    written_in_prose = {(k, None, "year"): Decimal(str(v)) for k, v in g.prose_values.items()}
    assert {k: v for k, v in got.items() if k in expected} == expected
    assert {k: v for k, v in got.items() if k not in expected} == {
        k: v for k, v in written_in_prose.items() if k not in expected
    }
    assert [c.detail for c in report.checks if c.status == "fail"] == []


@pytest.mark.parametrize("fmt", ["2021", "2019"])
def test_modern_checks_and_derived_totals(fmt):
    g = generate_report("吉林市昌邑区人民政府", YEARS[fmt], fmt, 5, "html")
    report = _parse(g)
    rules = {c.rule for c in report.checks if c.status == "pass"}
    assert {"T3-BAL", "T3-SUM", "T3-COL", "T4-SUM", "X-TEXT"} <= rules
    derived = {o.indicator for o in report.observations if o.derived}
    assert {"outcome.denied", "outcome.unable", "outcome.not_processed", "litigation.total"} <= derived
    assert ("outcome.other" in derived) == (fmt == "2021")
    lit = [o for o in report.observations if o.indicator == "litigation.total" and o.derived]
    assert lit[0].raw == "" and lit[0].evidence in report_text(g)
    expected = (
        g.expected[("litigation.direct.total", None, "year")]
        + g.expected[("litigation.after_review.total", None, "year")]
    )
    assert report.value("litigation.total") == expected


def report_text(g) -> str:
    doc = parsers.html_to_document(g.html) if g.html else parsers.text_to_document(g.text)
    return doc.text


def test_html_metadata_and_region():
    g = generate_report("吉林市昌邑区人民政府", 2022, "2021", 3, "html")
    m = _parse(g).metadata
    assert m.title == g.title
    assert m.agency == "吉林市昌邑区人民政府"
    assert m.published == g.published
    assert m.index_no and m.index_no.endswith(g.published[:4] + "-" + m.index_no[-5:])
    assert (m.region_code, m.level) == ("220202", "county")


def test_blank_cells_are_missing_and_checks_uncertain():
    g = generate_report("吉林市昌邑区人民政府", 2022, "2021", 0, "html")
    html = g.html.replace(">0</span>", "></span>")  # blank every 0 cell
    report = parsers.parse_html(html)
    assert all(o.value != 0 or o.source == "text" for o in report.observations)
    statuses = {c.status for c in report.checks if c.rule in ("T3-COL", "T3-SUM")}
    assert "uncertain" in statuses and "fail" not in statuses


def test_a_changed_cell_fails_the_identities_and_is_kept():
    g = generate_report("吉林市昌邑区人民政府", 2022, "2021", 1, "pipe")
    lines = g.text.split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("（一）予以公开"))
    cells = lines[i].split(" | ")
    cells[1] = str(int(cells[1]) + 7)
    lines[i] = " | ".join(cells)
    report = parsers.parse_text("\n".join(lines))
    assert report.value("outcome.granted", "natural_person") == int(cells[1])
    fails = {c.rule for c in report.checks if c.status == "fail"}
    assert {"T3-COL", "T3-SUM"} <= fails


def test_report_inside_a_layout_table():
    g = generate_report("吉林市昌邑区人民政府", 2022, "2021", 3, "html")
    body = g.html[g.html.index("<body>") + 6 : g.html.index("</body>")]
    nav = "<ul>" + "".join(f"<li><a href='/c{i}'>栏目{i}</a></li>" for i in range(20)) + "</ul>"
    page = g.html.replace(body, f"<table width='100%'><tr><td>{nav}</td><td>{body}</td></tr></table>")
    report = parsers.parse_html(page.encode("utf-8"))
    table_obs = {o.key: o.value for o in report.observations if o.source == "table" and not o.derived}
    assert table_obs == {k: Decimal(str(v)) for k, v in g.expected.items() if k[0] != "proactive.total"}
    assert [c for c in report.checks if c.status == "fail"] == []
