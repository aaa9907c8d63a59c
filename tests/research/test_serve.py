"""`ogi serve`: Datasette on the catalog, read-only, with ogi's routes; and a real browser looking at it."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from archive import Archive
from tests.research.conftest import HAIDIAN, RR, SHANGHAI, Built
from tests.research.server import ogi_serve

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server(catalog_dir: Built) -> Iterator[str]:
    with ogi_serve(catalog_dir.path) as url:
        yield url


def get(url: str, **params: str) -> tuple[int, dict[str, str], bytes]:
    full = url + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(full, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_binds_loopback_and_is_read_only(server: str, catalog_dir: Built) -> None:
    assert server.startswith("http://127.0.0.1:")
    status, _, body = get(server + "catalog.json", sql="delete from reports")
    assert status == 400
    status, _, body = get(server + "catalog.json", sql="select count(*) as n from reports", _shape="array")
    assert status == 200 and json.loads(body) == [{"n": 6}]
    archive = Archive.open(catalog_dir.path)
    assert archive.db.execute("select count(*) from reports").fetchone()[0] == 6
    archive.close()


def test_table_search_finds_two_character_words(server: str) -> None:
    for word, how in (("复议", "substring scan"), ("行政复议", "trigram index")):
        status, _, body = get(server + "catalog/report_versions.json", _search=word, _shape="array")
        assert status == 200
        rows = json.loads(body)
        assert len(rows) == 2 and all(word in r["text"] for r in rows)
        _, _, html = get(server + "catalog/report_versions", _search=word)
        assert how in html.decode()
    _, _, body = get(server + "catalog/search_reports.json", q="复议", _shape="array")
    assert {r["method"] for r in json.loads(body)} == {"like"} and len(json.loads(body)) == 2


def test_metadata_facets_and_canned_queries(server: str) -> None:
    _, _, body = get(server + "catalog.json")
    queries = {q["name"] for q in json.loads(body)["queries"]}
    assert {"series", "agencies_missing_year", "failing_checks", "latest_changes", "search_reports"} <= queries
    _, _, body = get(server + "catalog/agencies_missing_year.json", year="2020", _shape="array")
    assert [r["agency"] for r in json.loads(body)] == [SHANGHAI]
    _, _, body = get(server + "catalog/failing_checks.json", _shape="array")
    assert {(r["agency"], r["year"]) for r in json.loads(body)} == {(HAIDIAN, 2020), (HAIDIAN, 2021)}
    _, _, body = get(server + "catalog/observations.json", _facet="indicator")
    assert json.loads(body)["facet_results"]["indicator"]["results"][0]["value"] == RR
    _, _, html = get(server + "catalog/observations")
    assert "Every indicator value with its evidence" in html.decode()


def test_capture_route_serves_archived_bytes_sandboxed(server: str, catalog_dir: Built) -> None:
    capture = catalog_dir.captures[f"{HAIDIAN}|2020|v2|1.0.0"]
    status, headers, body = get(server + f"-/ogi/capture/{capture}")
    assert status == 200 and headers["Content-Security-Policy"] == "sandbox"
    assert "修订：表格数据更正" in body.decode("utf-8")
    status, _, _ = get(server + "-/ogi/capture/99999")
    assert status == 404


def test_chart_route_renders_png(server: str) -> None:
    status, headers, body = get(server + "-/ogi/chart.png", indicator=RR, agency="海淀")
    assert status == 200 and headers["content-type"] == "image/png" and body[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_browser_series_page_shows_values_conflicts_and_evidence(server: str, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(server + "-/ogi/series?" + urllib.parse.urlencode({"indicator": RR, "agency": "海淀"}))
    assert page.locator("h1").inner_text().startswith("Series: 收到申请数")
    rows = page.locator("table.ogi-series tbody tr")
    assert rows.count() == 3
    cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(3)]
    assert [(c[0], c[1], c[2]) for c in cells] == [
        (HAIDIAN, "2019", "120"),
        (HAIDIAN, "2020", "155"),
        (HAIDIAN, "2021", "200"),
    ]
    assert cells[1][5].startswith("sources,versions: 155 table v2; 150 text v2")
    assert "1 with conflicting readings" in page.locator("body").inner_text()
    chart = page.locator("img.ogi-chart")
    assert chart.evaluate("img => img.complete && img.naturalWidth") == 900
    rows.nth(1).locator("a.ogi-evidence").click()
    page.wait_for_url("**/-/ogi/evidence/*")
    assert page.locator("h1").inner_text() == f"{HAIDIAN} 2020: 收到申请数"
    assert page.locator("blockquote mark").inner_text() == "155"
    assert "fail text_vs_table: text 150 ≠ table 155" in page.locator("body").inner_text()
    page.locator("a.ogi-capture").first.click()
    page.wait_for_url("**/-/ogi/capture/*")
    assert "修订：表格数据更正" in page.locator("body").inner_text()
    page.close()


def test_browser_change_list(server: str, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(server + "catalog/latest_changes")
    table = page.locator("table.rows-and-columns")
    text = table.inner_text()
    assert "new_version" in text and "removed" in text and "new_report" in text
    first = table.locator("tbody tr").first.locator("td").all_inner_texts()
    assert first[1] == "removed" and first[2] == "广东省深圳市教育局"
    edited = table.locator("tbody tr", has_text="new_version")
    assert edited.count() == 1 and HAIDIAN in edited.inner_text() and "2020" in edited.inner_text()
    page.goto(server + "catalog/observations?indicator=" + RR + "&value=155")
    link = page.locator("a.ogi-evidence")
    assert link.count() == 1 and link.inner_text() == "（一）本年新收政府信息公开申请数量 155"
    page.close()
