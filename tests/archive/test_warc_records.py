"""What we write is standard WARC: checked by warcio's own CLI and by reading the records back."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive import Archive
from tests.archive.conftest import FakeClock, counter_ids, make_exchange, write_sample


def warcio_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "warcio.cli", *args], capture_output=True, text=True, check=False)


def records(path: Path) -> list:
    out = []
    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle):
            out.append(
                (
                    record.rec_headers,
                    record.http_headers,
                    record.content_stream().read() if record.rec_type != "request" else record.raw_stream.read(),
                    record.rec_type,
                )
            )
    return out


def test_warcio_check_and_index_accept_our_files(archive: Archive) -> None:
    write_sample(archive, 3)
    with archive.writer("20261122T030000Z-test01") as writer:
        writer.record(make_exchange(url="http://gov.example.cn/r0.html?x=0"))  # identical -> revisit
        writer.record(
            make_exchange(url="http://gov.example.cn/r1.html?x=1", status=304, reason="Not Modified", response_body=b"")
        )
    files = sorted(archive.warc_dir.glob("*.warc.gz"))
    assert files
    for path in files:
        check = warcio_cli("check", "-v", str(path))
        assert check.returncode == 0, check.stdout + check.stderr
        assert "digest pass" in check.stdout
        index = warcio_cli("index", "-f", "warc-type,warc-target-uri,http:status,warc-profile", str(path))
        assert index.returncode == 0, index.stderr
        types = [line for line in index.stdout.splitlines() if line]
        assert '"warc-type": "warcinfo"' in types[0]
    all_index = "".join(warcio_cli("index", "-f", "warc-type,warc-profile", str(p)).stdout for p in files)
    assert "identical-payload-digest" in all_index
    assert "server-not-modified" in all_index


def test_response_request_metadata_fields(archive: Archive) -> None:
    exchange = make_exchange()
    run_id = archive.start_run("crawl", {})
    with archive.writer(run_id) as writer:
        result = writer.record(exchange)
    path = archive.warc_dir / result.warc_file
    got = records(path)
    kinds = [r[3] for r in got]
    assert kinds == ["warcinfo", "request", "response", "metadata"]
    info_headers, _, info_body, _ = got[0]
    assert info_headers.get_header("WARC-Filename") == result.warc_file
    assert b"software: ogi-archive/" in info_body and run_id.encode() in info_body and b"hostname: " in info_body
    req_h, req_http, _, _ = got[1]
    resp_h, resp_http, _, _ = got[2]
    meta_h, _, meta_body, _ = got[3]
    assert resp_h.protocol == "WARC/1.1"
    # request: full query string, Host header, linked to the response
    assert f"{req_http.protocol} {req_http.statusline}" == "GET /zfxxgk/ndbg/t20180314_123.html?a=1&b=2 HTTP/1.1"
    assert req_http.get_header("Host") == "gov.example.cn"
    assert req_h.get_header("WARC-Concurrent-To") == resp_h.get_header("WARC-Record-ID")
    # response: status line with reason, every header in order incl. repeated ones, IP, digests
    assert resp_http.statusline == "200 OK"
    assert resp_http.headers == exchange.response_headers
    assert resp_h.get_header("WARC-IP-Address") == "203.0.113.7"
    sha1 = "sha1:" + base64.b32encode(hashlib.sha1(exchange.response_body).digest()).decode()
    assert resp_h.get_header("WARC-Payload-Digest") == sha1
    assert resp_h.get_header("WARC-Block-Digest", "").startswith("sha1:")
    # the body exactly as received (still gzip) is in the record
    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type == "response":
                assert record.raw_stream.read() == exchange.response_body
    # metadata: referrer, link text, depth, run id
    assert meta_h.get_header("WARC-Concurrent-To") == resp_h.get_header("WARC-Record-ID")
    text = meta_body.decode("utf-8")
    assert "via: http://gov.example.cn/zfxxgk/ndbg/index.html" in text
    assert "linkText: 2017年政府信息公开工作年度报告" in text
    assert "hopsFromSeed: 2" in text
    assert f"runId: {run_id}" in text
    row = archive.capture(result.capture_id)
    assert row["payload_sha256"] == hashlib.sha256(exchange.response_body).hexdigest()
    assert row["payload_sha1"] == sha1
    assert row["declared_charset"] == "gb2312"
    assert row["referrer"] == exchange.referrer and row["depth"] == 2 and row["link_text"] == exchange.link_text


def test_revisits_identical_payload_and_not_modified(archive: Archive) -> None:
    run_id = archive.start_run("crawl", {})
    with archive.writer(run_id) as writer:
        first = writer.record(make_exchange())
        second = writer.record(make_exchange())
        not_modified = writer.record(make_exchange(status=304, reason="Not Modified", response_body=b""))
        changed = writer.record(
            make_exchange(response_body=b"<html>new</html>", response_headers=[("Content-Type", "text/html")])
        )
    assert (first.record_type, first.new_payload) == ("response", True)
    assert (second.record_type, second.revisit_profile, second.new_payload) == (
        "revisit",
        "identical-payload-digest",
        False,
    )
    assert (not_modified.record_type, not_modified.revisit_profile) == ("revisit", "server-not-modified")
    assert (changed.record_type, changed.new_payload) == ("response", True)
    revisits = [r for r in records(archive.warc_dir / first.warc_file) if r[3] == "revisit"]
    identical, nm = revisits[0][0], revisits[1][0]
    assert identical.get_header("WARC-Profile").endswith("/revisit/identical-payload-digest")
    assert identical.get_header("WARC-Refers-To-Target-URI") == make_exchange().url
    original = next(r[0] for r in records(archive.warc_dir / first.warc_file) if r[3] == "response")
    assert identical.get_header("WARC-Refers-To-Date") == original.get_header("WARC-Date") == "2026-11-22T03:00:00Z"
    assert nm.get_header("WARC-Profile").endswith("/revisit/server-not-modified")
    # revisits resolve to the original body
    assert archive.payload(second.capture_id) == archive.payload(first.capture_id)
    assert "镕堃珺" in archive.payload(not_modified.capture_id).decode("gb18030")
    assert archive.payload(changed.capture_id) == b"<html>new</html>"
    assert archive.db.table("documents").count == 2
    validators = archive.validators(make_exchange().url)
    assert validators is not None and validators.capture_id == changed.capture_id


def test_output_is_byte_for_byte_reproducible(tmp_path: Path) -> None:
    blobs = []
    for name in ("one", "two"):
        arc = Archive.open(tmp_path / name, create=True, clock=FakeClock())
        run_id = arc.start_run("crawl", {}, run_id="20261122T030000Z-same00")
        with arc.writer(run_id, ids=counter_ids()) as writer:
            writer.record(make_exchange())
            writer.record(make_exchange(url="http://gov.example.cn/other"))
        blobs.append(b"".join(p.read_bytes() for p in sorted(arc.warc_dir.glob("*.warc.gz"))))
        arc.close()
    assert blobs[0] == blobs[1]
    assert b"urn:uuid:00000000-0000-4000-8000-000000000001" in __import__("gzip").decompress(blobs[0])


def test_rotation_at_size_limit_each_file_starts_with_warcinfo(archive: Archive) -> None:
    write_sample(archive, 12, max_file_size=3000)
    files = sorted(archive.warc_dir.glob("*.warc.gz"))
    assert len(files) >= 3
    assert all("20261122T030000Z-test01" in p.name for p in files)
    for path in files:
        assert records(path)[0][3] == "warcinfo"
    assert archive.db.table("captures").count == 12
    assert {row["name"] for row in archive.db.query("select name from warc_files")} == {p.name for p in files}
    for capture_id in range(1, 13):
        assert "镕堃珺" in archive.payload(capture_id).decode("gb18030")


def test_payload_is_read_by_offset_without_scanning(archive: Archive) -> None:
    write_sample(archive, 3)
    row = archive.capture(3)
    path = archive.warc_dir / row["warc_file"]
    data = bytearray(path.read_bytes())
    first = archive.capture(1)
    # destroy the first capture's record: reading capture 3 must still work (it seeks straight to its offset)
    for i in range(first["offset"] + 10, first["offset"] + 60):
        data[i] = 0
    path.write_bytes(bytes(data))
    assert "镕堃珺" in archive.payload(3).decode("gb18030")
