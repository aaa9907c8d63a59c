"""Classification: report | list | attachment | other | blocked, each with a reason (pure functions)."""

from __future__ import annotations

import pytest

from crawler.analysis import analyse
from crawler.classify import (
    REPORT_TITLE,
    blocked_reason,
    classify_html,
    is_attachment_url,
    report_title,
)
from crawler.page import parse_html
from tests.generate_reports import generate_report_html

URL = "http://www.example.gov.cn/zwgk/ndbg/202403/t20240314_123.html"


@pytest.mark.parametrize(
    "title",
    [
        "吉林市昌邑区人民政府2012年政府信息公开工作年度报告",
        "钦州市人民政府2009年度政府信息公开工作情况的报告",
        "2017年海陵区政务公开工作年度报告",
        "宿州市人民政府2019年政府信息公开工作年度报告（图片版）",
        "XX镇人民政府2022年政府信息公开工作年报",
        "黑龍江省體育局2015年政府信息公開年度報告",  # big5 mirrors keep the traditional script
        "2010年度政府信息公開年度報告",
        "信阳市卫生和计划生育委员会2016年政府信息公开工作年度报告",  # 计划生育 is no work plan (工作计划)
    ],
)
def test_report_titles(title: str) -> None:
    page = parse_html(f"<html><head><title>{title}</title></head><body></body></html>", URL)
    assert report_title(page) == (title, None)


@pytest.mark.parametrize(
    "title",
    [
        "关于做好2023年度政府信息公开工作年度报告编制和发布工作的通知",
        "图解：示例市2022年政府信息公开工作年度报告",
        "关于2023年度政府信息公开工作年度报告的解读",
        "关于2019年度政府信息公开工作年度报告发布情况的通报",
        "關於做好2023年度政府信息公開工作年度報告編製和發布工作的通知",
    ],
)
def test_pages_about_reports_are_not_reports(title: str) -> None:
    body = "<p>报告应包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、行政诉讼。</p>" * 5
    page = parse_html(f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>", URL)
    assert report_title(page) == (None, title)
    verdict = classify_html(page)
    assert verdict.classification == "other"
    assert "not a report" in verdict.reason


def test_a_traditional_script_report_page_is_a_report() -> None:
    title = "臺山市人民政府辦公室2015年政府信息公開工作年度報告"
    body = "<p>一、總體情況</p><p>二、主動公開政府信息情況</p><p>三、依申請公開政府信息情況</p>"
    page = parse_html(f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>", URL)
    verdict = classify_html(page)
    assert verdict.classification == "report", verdict.reason
    assert "总体情况" in verdict.reason and "主动公开政府信息情况" in verdict.reason


def test_titles_without_year_or_disclosure_wording_are_not_report_titles() -> None:
    assert not REPORT_TITLE.search("政府信息公开年度报告")  # a column name, no year
    assert not REPORT_TITLE.search("2023年国民经济和社会发展统计公报")
    assert not REPORT_TITLE.search("2023年政府工作报告")  # the government work report is a different document


@pytest.mark.parametrize("fmt", ["2021", "2019", "2014", "pre2014", "prose"])
def test_generated_reports_of_every_era_are_reports(fmt: str) -> None:
    html = generate_report_html("测试县人民政府", 2020, fmt, 7)
    verdict = classify_html(parse_html(html, URL))
    assert verdict.classification == "report", verdict.reason
    assert "测试县人民政府2020年政府信息公开工作年度报告" in verdict.reason


def test_list_page_with_report_links_is_a_list_even_with_a_year_in_its_title() -> None:
    items = "".join(
        f'<li><a href="./2024{n:02d}/t20240{n}01_{n}.html">示例市{unit}2023年政府信息公开工作年度报告</a></li>'
        for n, unit in enumerate(["财政局", "教育局", "公安局", "民政局"], start=1)
    )
    html = f"<html><head><title>2023年度政府信息公开年报</title></head><body><ul>{items}</ul></body></html>"
    verdict = classify_html(parse_html(html, "http://www.example.gov.cn/xxgknb/2023nb/"))
    assert verdict.classification == "list"
    assert "4 report links" in verdict.reason


def test_report_published_as_an_attachment_or_as_images() -> None:
    title = "示例市人民政府2013年政府信息公开工作年度报告"
    attached = f'<h1>{title}</h1><div id="zoom"><p>详见附件。</p><a href="/P0201403.pdf">{title}.pdf</a></div>'
    verdict = classify_html(parse_html(f"<html><body>{attached}</body></html>", URL))
    assert verdict.classification == "report" and "attachment" in verdict.reason
    images = f'<h1>{title}（图片版）</h1><div class="TRS_Editor"><img src="p1.png"><img src="p2.png"></div>'
    verdict = classify_html(parse_html(f"<html><body>{images}</body></html>", URL))
    assert verdict.classification == "report" and "image-only" in verdict.reason


def test_a_page_without_report_title_is_other_and_a_seed_is_a_list() -> None:
    page = parse_html("<html><head><title>政务公开</title></head><body><a href='/x'>首页</a></body></html>", URL)
    assert classify_html(page).classification == "other"
    assert classify_html(page, is_seed=True).classification == "list"


@pytest.mark.parametrize(
    ("status", "body", "location", "expected"),
    [
        (412, '<script>$_ts=window["$_ts"];</script>', None, "$_ts"),
        (202, "<html><script>$_ts={};</script></html>", None, "$_ts"),
        (521, "<script>document.cookie=...</script>", None, "521"),
        (200, "<script>var __jsl_clearance='x'</script>", None, "加速乐"),
        (302, "", "http://a.gov.cn/?wzws_cid=abc", "网站卫士"),
        (200, "<html><body>请输入验证码后继续访问</body></html>", None, "CAPTCHA"),
        (403, "<html><body>Forbidden</body></html>", None, "403"),
    ],
)
def test_challenge_answers_are_blocked(status: int, body: str, location: str | None, expected: str) -> None:
    reason = blocked_reason(status, body, location)
    assert reason is not None and expected in reason


def test_ordinary_answers_are_not_blocked() -> None:
    assert blocked_reason(200, generate_report_html("测试县", 2020, "2021", 1)) is None
    assert blocked_reason(404, "<html><body>404 Not Found</body></html>") is None
    assert blocked_reason(301, "", "/zwgk/ndbg/index.html") is None


def test_analyse_end_to_end_on_raw_gzip_gbk_bytes() -> None:
    import gzip

    html = generate_report_html("测试县人民政府", 2019, "2019", 3).replace(
        '<meta charset="utf-8">', '<meta charset="gb2312">'
    )
    raw = gzip.compress(html.encode("gbk", errors="xmlcharrefreplace"), mtime=0)
    analysis = analyse(URL, 200, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], raw)
    assert analysis.classification == "report"
    assert (analysis.declared_charset, analysis.detected_charset) == ("gb2312", "gb18030")
    assert analysis.page is not None


def test_analyse_binaries_redirects_errors_robots() -> None:
    pdf = analyse(URL[:-4] + "pdf", 200, [("Content-Type", "application/pdf")], b"%PDF-1.4 ...", referrer_kind="report")
    assert (pdf.classification, pdf.reason) == ("attachment", "application/pdf document linked from a report page")
    redirect = analyse(URL, 301, [("Location", "/new.html")], b"")
    assert redirect.classification == "other" and "redirect to /new.html" in redirect.reason
    assert analyse(URL, 404, [], b"not found").reason == "HTTP 404"
    robots = analyse(
        "http://a.gov.cn/robots.txt", 200, [("Content-Type", "text/plain")], b"User-agent: *", is_robots=True
    )
    assert robots.reason == "robots.txt"
    challenge = analyse(URL, 412, [("Content-Type", "text/html")], b"<script>$_ts={}</script>")
    assert challenge.blocked and challenge.classification == "blocked"


def test_attachment_urls() -> None:
    for url in ("http://a.gov.cn/P020.pdf", "http://a.gov.cn/x.DOCX", "http://a.gov.cn/x.wps", "http://a.gov.cn/t.et",
                "http://a.gov.cn/x.ofd", "http://a.gov.cn/download?file=nb2019.xls"):  # fmt: skip
        assert is_attachment_url(url), url
    assert not is_attachment_url("http://a.gov.cn/t20240314_1.html")


STRONG_BODY = (
    "<div class='TRS_Editor'><p>根据《中华人民共和国政府信息公开条例》规定，现公布2019年度报告。</p>"
    "<p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>"
    "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>五、存在的主要问题及改进情况</p></div>"
)


def test_a_title_without_year_is_a_report_when_the_body_is_one() -> None:
    title = "示例县统计局政府信息公开工作年度报告"
    page = parse_html(
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{STRONG_BODY}</body></html>", URL
    )
    verdict = classify_html(page)
    assert verdict.classification == "report"
    assert verdict.reason.startswith("title without a year")


@pytest.mark.parametrize(
    "body",
    [
        "<p>一、总体情况</p><p>二、主动公开</p>",  # too few report sections
        STRONG_BODY.replace("2019", "今"),  # no year anywhere near the top of the body
    ],
)
def test_a_title_without_year_and_a_weak_body_is_not_a_report(body: str) -> None:
    title = "示例县统计局政府信息公开工作年度报告"
    page = parse_html(f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>", URL)
    assert classify_html(page).classification == "other"
