"""The replica portal's own tests: it serves the patterns it claims to, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import email.utils
import gzip
import http.client
import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.replica.server import ReplicaServer
from tests.replica.site import build_site


@pytest.fixture(scope="module")
def replica(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReplicaServer]:
    log = tmp_path_factory.mktemp("replica") / "requests.jsonl"
    with ReplicaServer(crawl_delay=1.5, slow=0.4, log=log) as server:
        yield server


def fetch(
    base: str, path: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_prints_its_url_and_binds_loopback(replica: ReplicaServer) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", replica.url)
    status, _, body = fetch(replica.url, "/")
    assert status == 200 and "政务公开".encode() in body


def test_robots_txt_disallows_private_and_sets_crawl_delay(replica: ReplicaServer) -> None:
    status, _, body = fetch(replica.url, "/robots.txt")
    assert status == 200
    assert b"Disallow: /private/" in body
    assert b"Crawl-delay: 1.5" in body


def test_trs_column_is_gbk_with_create_page_html(replica: ReplicaServer) -> None:
    status, headers, body = fetch(replica.url, "/zwgk/zfxxgkndbg/index.html")
    assert status == 200
    assert headers["content-type"] == "text/html"  # charset only in the page, as on many TRS sites
    text = body.decode("gb18030")
    assert "charset=gb2312" in text
    assert 'createPageHTML(3, 0, "index", "html")' in text
    assert re.search(r'href="/zwgk/zfxxgkndbg/\d{6}/t\d{8}_\d+\.html"', text)
    assert fetch(replica.url, "/zwgk/zfxxgkndbg/index_2.html")[0] == 200
    assert fetch(replica.url, "/zwgk/zfxxgkndbg/index_3.html")[0] == 404


def test_gbk_only_characters_on_a_page_declared_gb2312(replica: ReplicaServer) -> None:
    site = build_site()
    seed = next(e for e in site.entries() if e.key.startswith("seed-"))
    status, _, body = fetch(replica.url, seed.path)
    assert status == 200
    assert b"charset=gb2312" in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("gb2312")
    assert "王镕、李堃、赵珺" in body.decode("gb18030")


def test_hanweb_column_dataproxy_and_annual_report_endpoint(replica: ReplicaServer) -> None:
    _, _, page = fetch(replica.url, "/col/col4501/index.html")
    text = page.decode()
    assert "<datastore>" in text and text.count("<record>") == 15 and "totalRecord:38" in text
    status, headers, xml = fetch(
        replica.url, "/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=15&columnid=4501"
    )
    assert status == 200 and headers["content-type"].startswith("text/xml")
    assert xml.decode().count("<record>") == 15 and b"<totalrecord>38</totalrecord>" in xml
    # the same by POST with the parameters in the body, as jpage.js sends them
    parts = urlsplit(replica.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    connection.request(
        "POST",
        "/module/web/jpage/dataproxy.jsp?startrecord=31&endrecord=45&perpage=15",
        body="col=1&appid=1&webid=1&path=/&columnid=4501",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert connection.getresponse().read().decode().count("<record>") == 8
    connection.close()
    _, _, annual = fetch(replica.url, "/module/xxgk/xxgkAnnualReport.jsp?area=113300000000000001&fbtime=2022")
    annual_text = annual.decode()
    assert '<option value="2021">' in annual_text and annual_text.count("art_4502_2022") == 3


def test_plain_list_has_next_links_and_an_endless_trap(replica: ReplicaServer) -> None:
    _, _, first = fetch(replica.url, "/plain/list.html")
    assert "下一页".encode() in first and b"/plain/list_2.html" in first
    _, _, last = fetch(replica.url, "/plain/list_3.html")
    assert b"/plain/more?page=4" in last
    _, _, trap = fetch(replica.url, "/plain/more?page=57")
    assert b"/plain/more?page=58" in trap


def test_conditional_requests_answer_304_for_etag_and_last_modified(replica: ReplicaServer) -> None:
    path = "/zwgk/zfxxgkndbg/index.html"
    _status, headers, _ = fetch(replica.url, path)
    etag, modified = headers["etag"], headers["last-modified"]
    assert email.utils.parsedate_to_datetime(modified)
    assert fetch(replica.url, path, {"If-None-Match": etag})[0] == 304
    assert fetch(replica.url, path, {"If-Modified-Since": modified})[0] == 304
    assert fetch(replica.url, path, {"If-None-Match": '"other"'})[0] == 200
    assert fetch(replica.url, path, {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})[0] == 200


def test_gzip_when_asked(replica: ReplicaServer) -> None:
    status, headers, body = fetch(replica.url, "/plain/list.html", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert "下一页" in gzip.decompress(body).decode()


def test_attachments_are_real_files(replica: ReplicaServer) -> None:
    manifest = replica.manifest()
    kinds = {}
    for path in manifest["attachments"]:
        status, headers, body = fetch(replica.url, path)
        assert status == 200, path
        kinds[path.rsplit(".", 1)[-1]] = (headers["content-type"], body[:8])
    assert kinds["pdf"][1].startswith(b"%PDF-")
    assert kinds["xls"][1].startswith(b"\xd0\xcf\x11\xe0")  # OLE2 (BIFF8)
    assert kinds["doc"][1].startswith(b"{\\rtf1")
    assert kinds["png"][1].startswith(b"\x89PNG")


def test_error_pages_redirect_slow_flaky_and_challenge(replica: ReplicaServer) -> None:
    assert fetch(replica.url, "/plain/detail/missing.html")[0] == 404
    assert fetch(replica.url, "/plain/detail/broken.html")[0] == 500
    status, headers, _ = fetch(replica.url, "/zwgk/old/t20200320_300.html")
    assert status == 301 and headers["location"] == "/zwgk/zfxxgkndbg/202003/t20200320_300.html"
    status, _, body = fetch(replica.url, "/plain/detail/guard.html")
    assert status == 412 and b"$_ts" in body
    started = time.monotonic()
    assert fetch(replica.url, "/plain/detail/slow.html")[0] == 200
    assert time.monotonic() - started >= 0.4
    assert fetch(replica.url, "/plain/detail/flaky.html")[0] == 503
    assert fetch(replica.url, "/plain/detail/flaky.html")[0] == 200


def test_request_log_records_time_path_and_headers(replica: ReplicaServer) -> None:
    fetch(replica.url, "/robots.txt", {"User-Agent": "log-test/1.0"})
    entry = [e for e in replica.requests() if e["headers"].get("User-Agent") == "log-test/1.0"][-1]
    assert entry["path"] == "/robots.txt" and entry["status"] == 200
    assert entry["start"] <= entry["end"]
    assert entry["host"] == replica.host


def test_manifest_lists_every_kind(replica: ReplicaServer) -> None:
    manifest = replica.manifest()
    assert len(manifest["reports"]) == 82
    assert "/plain/detail/guard.html" in manifest["blocked"]
    assert "/private/zwgk/t20200301_9.html" in manifest["never_requested"]
    assert any("hongxingpaper" in u for u in manifest["never_requested"])
    assert len(manifest["other"]) == 6


def test_mutations_edit_remove_move(tmp_path: Path) -> None:
    with ReplicaServer() as replica:
        site = build_site()
        edited = site.entry("trs-2022")
        _, before_headers, before = fetch(replica.url, edited.path)
        replica.edit("trs-2022", "更正说明：第二部分数据有误。")
        status, after_headers, after = fetch(replica.url, edited.path, {"If-None-Match": before_headers["etag"]})
        assert status == 200 and after != before
        assert "更正说明".encode("gb18030") in after
        assert after_headers["etag"] != before_headers["etag"]
        assert email.utils.parsedate_to_datetime(after_headers["last-modified"]) > email.utils.parsedate_to_datetime(
            before_headers["last-modified"]
        )

        removed = site.entry("hanweb-0")
        replica.remove("hanweb-0")
        assert fetch(replica.url, removed.path)[0] == 404
        _, _, column = fetch(replica.url, "/col/col4501/index.html")
        assert removed.path.encode() not in column
        assert removed.path not in replica.manifest()["reports"]

        moved = site.entry("plain-2010")
        replica.move("plain-2010", "/plain/detail/2010-new.html")
        assert fetch(replica.url, moved.path)[0] == 404
        assert fetch(replica.url, "/plain/detail/2010-new.html")[0] == 200
        _, _, listing = fetch(replica.url, "/plain/list.html")
        assert b"/plain/detail/2010-new.html" in listing


def test_static_export_for_nginx(tmp_path: Path) -> None:
    from tests.replica.static import bench_site, export_static

    paths = export_static(bench_site(columns=2, reports_per_column=12, per_page=5), tmp_path)
    assert (tmp_path / "index.html").is_file() and (tmp_path / "robots.txt").is_file()
    lists = [p for p in paths if p.startswith("/zwgk/bmnb/") and ("/index.html" in p or "/index_" in p)]
    assert len(lists) == 2 * 3  # createPageHTML pages
    reports = [p for p in paths if "/t20" in p]
    assert len(reports) == 24
    page = (tmp_path / reports[0].lstrip("/")).read_bytes()
    assert b"charset=gbk" in page and "政府信息公开工作年度报告" in page.decode("gb18030")
    listing = (tmp_path / "zwgk/bmnb/dept000/index.html").read_bytes().decode("gb18030")
    assert 'createPageHTML(3, 0, "index", "html")' in listing
