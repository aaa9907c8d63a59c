"""Discovery: report candidates, columns, pagination in every form of portals.md §3, attachments, images."""

from __future__ import annotations

from crawler.discovery import (
    ATTACHMENT,
    COLUMN,
    DATAPROXY,
    HUB,
    IMAGE,
    PAGINATION,
    REPORT_CANDIDATE,
    annual_report_year_urls,
    create_page_urls,
    dataproxy_urls,
    discover,
    discover_dataproxy,
    hanweb_records,
)
from crawler.page import parse_html

BASE = "http://www.example.gov.cn/zwgk/zfxxgkndbg/"


def kinds(candidates: list) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for c in candidates:
        out.setdefault(c.kind, []).append(c.url)
    return out


def test_create_page_html_generates_index_n_pages() -> None:
    html = '<html><body><script>createPageHTML(4, 0, "index", "html");</script></body></html>'
    assert create_page_urls(parse_html(html, BASE + "index.html")) == [
        BASE + "index.html", BASE + "index_1.html", BASE + "index_2.html", BASE + "index_3.html",
    ]  # fmt: skip


def test_create_page_html_variants() -> None:
    six_args = "<script>createPageHTML('page_div',3, 1,'index','shtml',46);</script>"
    assert create_page_urls(parse_html(six_args, BASE + "index_1.shtml"))[-1] == BASE + "index_2.shtml"
    count_var = "<script>var countPage = 2//共多少页\n</script>"
    assert create_page_urls(parse_html(count_var, BASE)) == [BASE + "index.html", BASE + "index_1.html"]
    assert create_page_urls(parse_html("<script>createPageHTML(1, 0, 'index', 'html');</script>", BASE)) == []


HANWEB = """<html><body><div id="17622"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=3&path=/&columnid=4501&unitid=17622&webname=%E7%A4%BA&permissiontype=0"></a>]]></nextgroup>
<recordset><record><![CDATA[<li><a href="/art/2024/1/10/art_4501_1.html" title="示例市财政局2023年政府信息公开工作年度报告">示例市财政局2023年…</a></li>]]></record>
<record><![CDATA[<li><a href="/art/2024/1/11/art_4501_2.html">示例市2024年政务公开工作要点</a></li>]]></record>
</recordset></datastore></script></div><script>var p = {totalRecord:100, perpage:15, sourceContentType:'1'};</script></body></html>"""


def test_hanweb_datastore_records_and_dataproxy_ranges() -> None:
    url = "http://www.example.gov.cn/col/col4501/index.html"
    page = parse_html(HANWEB, url)
    records = hanweb_records(page.scripts, url)
    assert [r.text for r in records] == ["示例市财政局2023年政府信息公开工作年度报告", "示例市2024年政务公开工作要点"]
    urls = dataproxy_urls(page.scripts, url, already=2)
    assert len(urls) == 3  # records 3..47, 48..92, 93..100: three display pages per call
    assert urls[0].startswith(
        "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=47&perpage=15"
    )
    assert "columnid=4501" in urls[0] and "unitid=17622" in urls[0] and "sourceContentType=1" in urls[0]
    assert "&page=" not in urls[0] and "?page=" not in urls[0]
    found = kinds(discover(page, "list", depth=2))
    assert found[REPORT_CANDIDATE] == ["http://www.example.gov.cn/art/2024/1/10/art_4501_1.html"]
    assert found[DATAPROXY] == urls


def test_dataproxy_answer() -> None:
    xml = ('<?xml version="1.0"?><datastore><totalrecord>100</totalrecord><recordset><record><![CDATA[<li>'
           '<a href="/art/2023/1/1/art_4501_9.html">某镇人民政府2022年政府信息公开工作年度报告</a></li>]]></record>'
           "</recordset></datastore>")  # fmt: skip
    records = hanweb_records(xml, "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=16")
    found = discover_dataproxy(records)
    assert len(records) == 1 and [c.url for c in found] == ["http://www.example.gov.cn/art/2023/1/1/art_4501_9.html"]


def test_annual_report_endpoint_years() -> None:
    url = "http://www.lishui.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=113325000026455663"
    html = '<select id="fbtime"><option value="">请选择</option><option value="2018">2018</option><option value="2017">2017</option></select>'
    assert annual_report_year_urls(parse_html(html, url)) == [
        url + "&fbtime=2018", url + "&fbtime=2017",
    ]  # fmt: skip
    assert annual_report_year_urls(parse_html(html, BASE + "index.html")) == []


def test_next_page_links_columns_and_hubs() -> None:
    html = """<html><body>
      <a href="/zwgk/index.html">政务公开</a>
      <a href="/zwgk/bmnb/index.html">部门年报</a>
      <a href="/zwgk/xxgknb/2023nb/">2023年</a>
      <ul><li><a href="./t1.html">某县2019年政府信息公开工作年度报告</a></li>
          <li><a href="./t2.html">县长主持召开常务会议</a></li></ul>
      <div class="page"><a href="list_2.html">下一页</a> <a href="list_3.html">3</a> <a href="list_9.html">尾页</a></div>
    </body></html>"""
    found = kinds(discover(parse_html(html, "http://a.gov.cn/plain/list.html"), "list", depth=0))
    assert found[PAGINATION] == ["http://a.gov.cn/plain/list_2.html", "http://a.gov.cn/plain/list_3.html",
                                 "http://a.gov.cn/plain/list_9.html"]  # fmt: skip
    # "部门年报" mentions 年报: fetched as a candidate, and the fetch classifies it (a list here)
    assert found[REPORT_CANDIDATE] == ["http://a.gov.cn/zwgk/bmnb/index.html", "http://a.gov.cn/plain/t1.html"]
    assert found[COLUMN] == ["http://a.gov.cn/zwgk/xxgknb/2023nb/"]  # by its URL slug only
    assert found[HUB] == ["http://a.gov.cn/zwgk/index.html"]
    deeper = kinds(discover(parse_html(html, "http://a.gov.cn/plain/list.html"), "list", depth=3))
    assert HUB not in deeper


def test_report_page_yields_attachments_and_body_images_but_not_chrome() -> None:
    html = """<html><body><div class="header"><img src="/images/logo.png"></div>
      <h1>某县2019年政府信息公开工作年度报告</h1>
      <div class="TRS_Editor"><p>一、总体情况</p><img src="./W020190301.png"></div>
      <div class="fujian"><a href="./P020190301.pdf">附件1</a> <a href="./P020190302.xls">统计表</a></div>
      <div class="footer"><a href="/">首页</a></div></body></html>"""
    found = kinds(discover(parse_html(html, BASE + "201903/t20190301_1.html"), "report", depth=3))
    assert found[ATTACHMENT] == [BASE + "201903/P020190301.pdf", BASE + "201903/P020190302.xls"]
    assert found[IMAGE] == [BASE + "201903/W020190301.png"]


def test_blocked_and_attachment_pages_yield_nothing() -> None:
    page = parse_html('<a href="/x.html">2019年政府信息公开工作年度报告</a>', BASE)
    assert discover(page, "blocked", depth=1) == []
    assert discover(page, "attachment", depth=1) == []
