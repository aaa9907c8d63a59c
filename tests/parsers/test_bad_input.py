"""Bad input gets a clear status, never a crash and never an invented value."""

from __future__ import annotations

import time

import parsers
from tests.generate_reports import generate_report_html


def test_empty_inputs():
    assert parsers.parse_html(b"").status == "empty"
    assert parsers.parse_html(b"   \n").status == "empty"
    assert parsers.parse_text("").status == "empty"
    assert parsers.parse_html("<html><body></body></html>").status == "empty"


def test_binary_garbage_is_undecodable():
    data = bytes(range(256)) * 20
    report = parsers.parse_html(data)
    assert report.status == "undecodable"
    assert report.observations == []
    assert report.to_json("x")["report"]["status"] == "undecodable"


def test_page_without_report():
    html = "<html><head><title>天气预报</title></head><body><div>今天晴，气温12度，东风3级。</div></body></html>"
    report = parsers.parse_html(html.encode("utf-8"))
    assert report.status == "no_report"
    assert report.observations == []


def test_report_page_without_numbers_is_no_data():
    html = "<html><body><div id='zoom'><h1>某县2020年政府信息公开工作年度报告</h1><p>正在更新。</p></div></body></html>"
    report = parsers.parse_html(html)
    assert report.status == "no_data"
    assert report.metadata.report_year == 2020


def test_gb2312_declared_page_with_gbk_only_characters():
    html = generate_report_html("吉林市昌邑区人民政府", 2022, "2021", 2).replace('charset="utf-8"', "")
    html = html.replace('<meta charset="utf-8">', '<meta charset="gb2312">').replace("联系办公室", "联系镕堃珺办公室")
    data = html.encode("gb18030")
    doc = parsers.html_to_document(data)
    assert "镕堃珺" in doc.text
    assert doc.meta["encoding"] == "gb18030"
    assert parsers.parse_document(doc).status == "ok"


def test_undeclared_gbk_page_decodes():
    html = generate_report_html("吉林市昌邑区人民政府", 2022, "2021", 2).replace('<meta charset="utf-8">', "")
    report = parsers.parse_html(html.encode("gbk"))
    assert report.status == "ok"
    assert report.metadata.agency == "吉林市昌邑区人民政府"


def test_wrong_declared_charset_falls_back():
    html = generate_report_html("吉林市昌邑区人民政府", 2022, "2019", 2)
    report = parsers.parse_html(html.encode("utf-8"), declared_charset="iso-8859-1")
    # latin-1 decodes anything: the text is mojibake, so no report is found, but nothing crashes
    assert report.status in ("no_report", "no_data", "ok")
    good = parsers.parse_html(html.encode("utf-8"), declared_charset="gbk")
    assert good.status == "ok"


def test_ten_megabyte_page_is_bounded():
    filler = "<p>" + "政务公开工作持续推进。" * 40 + "</p>\n"
    html = generate_report_html("吉林市昌邑区人民政府", 2022, "2021", 4)
    big = html.replace("</body>", filler * (10_000_000 // len(filler.encode())) + "</body>")
    assert len(big.encode()) > 10_000_000
    t = time.perf_counter()
    report = parsers.parse_html(big.encode())
    assert time.perf_counter() - t < 60
    assert report.status == "ok"


def test_deeply_nested_tables():
    depth = 400
    html = "<html><body>" + "<table><tr><td>" * depth + "行政复议5件" + "</td></tr></table>" * depth + "</body></html>"
    report = parsers.parse_html(html)
    assert report.status in parsers.STATUSES
    for o in report.observations:
        assert o.raw in o.evidence


def test_text_with_nul_and_odd_line_endings():
    report = parsers.parse_text("某县2012年政府信息公开工作年度报告\r\n全年主动公开政府信息12条。\x00\r")
    assert report.value("proactive.total") == 12
