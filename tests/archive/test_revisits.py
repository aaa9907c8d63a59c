"""Revisit records name their original the way replay tools resolve them (WARC 1.1 §6.7, pywb 2.x).

The replay itself, in real pywb, is tests/replay/test_pywb_replay.py.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive import Archive
from archive.cdx import write_cdxj
from archive.reindex import reindex
from archive.revisit import freshened_headers, not_modified_response
from archive.warcfile import RotatingWarcWriter
from tests.archive.conftest import FakeClock, make_exchange

URL = make_exchange().url
NOT_MODIFIED_HEADERS = [
    ("Server", "nginx"),
    ("Date", "Sun, 22 Nov 2026 03:05:00 GMT"),
    ("ETag", '"abc"'),
    ("Cache-Control", "max-age=60"),
    ("Connection", "keep-alive"),
]


def main_records(path: Path) -> list[dict]:
    """response/revisit records with their metadata record's fields, in file order."""
    out: list[dict] = []
    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type in ("response", "revisit"):
                http = record.http_headers
                out.append({"warc": record.rec_headers, "status": http.statusline, "headers": http.headers})
            elif record.rec_type == "metadata":
                lines = record.content_stream().read().decode("utf-8").splitlines()
                out[-1]["meta"] = dict(line.split(": ", 1) for line in lines)
    return out


def not_modified(**overrides: object):
    fields: dict[str, object] = {"status": 304, "reason": "Not Modified", "response_body": b""}
    fields["response_headers"] = NOT_MODIFIED_HEADERS
    fields.update(overrides)
    return make_exchange(**fields)


def test_both_revisits_name_their_original(archive: Archive) -> None:
    run_id = archive.start_run("crawl", {})
    with archive.writer(run_id) as writer:
        first = writer.record(make_exchange())
        identical = writer.record(make_exchange())
        nm = writer.record(not_modified())
    original = archive.capture(first.capture_id)
    records = main_records(archive.warc_dir / first.warc_file)
    assert [r["warc"].get_header("WARC-Type") for r in records] == ["response", "revisit", "revisit"]
    response = records[0]["warc"]
    for result, record in ((identical, records[1]), (nm, records[2])):
        warc = record["warc"]
        assert warc.get_header("WARC-Refers-To") == original["record_id"] == response.get_header("WARC-Record-ID")
        assert warc.get_header("WARC-Refers-To-Target-URI") == URL
        assert warc.get_header("WARC-Refers-To-Date") == response.get_header("WARC-Date")
        assert warc.get_header("WARC-Payload-Digest") == response.get_header("WARC-Payload-Digest")
        row = archive.capture(result.capture_id)
        assert row["refers_to_id"] == first.capture_id and row["payload_sha1"] == original["payload_sha1"]
    # the identical-payload revisit keeps the response headers as received
    assert records[1]["status"] == "200 OK" and records[1]["headers"] == make_exchange().response_headers
    assert records[1]["warc"].get_header("WARC-Profile").endswith("/revisit/identical-payload-digest")


def test_a_304_revisit_holds_the_response_it_validated_and_keeps_the_304_in_metadata(archive: Archive) -> None:
    run_id = archive.start_run("crawl", {})
    with archive.writer(run_id) as writer:
        first = writer.record(make_exchange())
        nm = writer.record(not_modified())
    record = main_records(archive.warc_dir / first.warc_file)[1]
    assert record["warc"].get_header("WARC-Profile").endswith("/revisit/server-not-modified")
    # replay answers with the block: the original's status line (a 304 there replays as an empty page)
    assert record["status"] == "200 OK"
    assert record["headers"] == freshened_headers(make_exchange().response_headers, NOT_MODIFIED_HEADERS)
    assert ("ETag", '"abc"') in record["headers"] and ("Cache-Control", "max-age=60") in record["headers"]
    assert ("Content-Encoding", "gzip") in record["headers"] and ("Connection", "keep-alive") not in record["headers"]
    # the 304 exactly as received
    kept = not_modified_response(record["meta"])
    assert kept == ("HTTP/1.1", "304 Not Modified", NOT_MODIFIED_HEADERS)
    row = archive.capture(nm.capture_id)
    assert (row["status"], row["record_type"], row["revisit_profile"]) == (304, "revisit", "server-not-modified")
    assert row["etag"] == '"abc"' and row["content_type"] is None
    assert archive.raw_payload(nm.capture_id) == archive.raw_payload(first.capture_id)


def test_freshened_headers_follow_rfc_9111() -> None:
    stored = [
        ("Content-Type", "text/html"),
        ("Content-Length", "591"),
        ("Content-Encoding", "gzip"),
        ("Date", "old"),
        ("Set-Cookie", "a=1"),
        ("Set-Cookie", "b=2"),
        ("ETag", '"1"'),
    ]
    validation = [
        ("Date", "new"),
        ("Date", "new again"),
        ("ETag", '"2"'),
        ("Content-Length", "0"),
        ("Transfer-Encoding", "chunked"),
        ("Expires", "later"),
    ]
    assert freshened_headers(stored, validation) == [
        ("Content-Type", "text/html"),
        ("Content-Length", "591"),
        ("Content-Encoding", "gzip"),
        ("Date", "new"),
        ("Date", "new again"),
        ("Set-Cookie", "a=1"),
        ("Set-Cookie", "b=2"),
        ("ETag", '"2"'),
        ("Expires", "later"),
    ]
    assert freshened_headers(stored, []) == stored


def test_a_304_without_an_earlier_capture_is_kept_as_received(archive: Archive) -> None:
    run_id = archive.start_run("crawl", {})
    with archive.writer(run_id) as writer:
        nm = writer.record(not_modified(url="http://gov.example.cn/never-seen.html"))
    record = main_records(archive.warc_dir / nm.warc_file)[0]
    assert record["status"] == "304 Not Modified" and record["headers"] == NOT_MODIFIED_HEADERS
    assert record["warc"].get_header("WARC-Refers-To") is None and "notModifiedResponse" not in record["meta"]
    assert archive.capture(nm.capture_id)["refers_to_id"] is None


def test_cdxj_lines_of_revisits_name_their_original(archive: Archive) -> None:
    run_id = archive.start_run("crawl", {})
    with archive.writer(run_id) as writer:
        first = writer.record(make_exchange())
        writer.record(make_exchange())
        writer.record(not_modified())
    original = archive.capture(first.capture_id)
    out = io.StringIO()
    assert write_cdxj(archive, out) == 3
    lines = [json.loads(line.split(" ", 2)[2]) for line in out.getvalue().splitlines()]
    response, *revisits = lines
    assert "refersTo" not in response and response["digest"] == original["payload_sha1"]
    for line in revisits:
        assert line["mime"] == "warc/revisit" and line["status"] == "200"
        assert line["digest"] == original["payload_sha1"]
        assert (line["refersTo"], line["refersToTargetURI"]) == (original["record_id"], URL)
        assert line["refersToDate"] == "2026-11-22T03:00:00Z"


def test_reindex_reads_the_304_from_metadata_and_the_original_from_refers_to(tmp_path: Path) -> None:
    arc = Archive.open(tmp_path / "arc", create=True, clock=FakeClock())
    run_id = arc.start_run("crawl", {})
    with arc.writer(run_id) as writer:
        first = writer.record(make_exchange())
        writer.record(make_exchange(response_body=b"<html>changed</html>"))  # the URL's latest response
        # a 304 whose original is the first capture (the validators of an older capture were sent)
        writer._previous = lambda url: arc.capture(first.capture_id)  # type: ignore[method-assign]
        nm = writer.record(not_modified())
    before = arc.capture(nm.capture_id)
    assert before["refers_to_id"] == first.capture_id
    arc.close()
    for path in (tmp_path / "arc").glob("catalog.sqlite*"):
        path.unlink()
    with Archive.open(tmp_path / "arc", create=True) as rebuilt:
        assert reindex(rebuilt).problems == []
        after = rebuilt.capture(nm.capture_id)
        for column in ("status", "etag", "content_type", "refers_to_id", "payload_sha1", "payload_sha256"):
            assert after[column] == before[column], column
        assert rebuilt.raw_payload(nm.capture_id) == rebuilt.raw_payload(first.capture_id)


def test_reindex_still_reads_revisits_written_before_they_named_their_original(tmp_path: Path) -> None:
    """Older archives: a 304 revisit whose block is the 304 and that names nothing resolves by URL."""
    arc = Archive.open(tmp_path / "arc", create=True, clock=FakeClock())
    run_id = arc.start_run("crawl", {})
    with arc.writer(run_id) as writer:
        first = writer.record(make_exchange())
    old = RotatingWarcWriter(arc.warc_dir, "20261122T040000Z-old000", info={})
    old.write_capture(not_modified(), metadata=[("runId", "20261122T040000Z-old000")])
    old.close()
    with Archive.open(tmp_path / "arc") as again:
        assert reindex(again).added == 1
        row = next(iter(again.db.query("select * from captures where record_type = 'revisit'")))
        assert (row["status"], row["etag"], row["refers_to_id"]) == (304, '"abc"', first.capture_id)
    arc.close()
