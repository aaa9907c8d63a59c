"""Rebuild, verify and repair; bad archives; one writer, many readers."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from archive import Archive, ArchiveLockedError, NotAnArchiveError, Outlink
from archive.cdx import write_cdxj
from archive.reindex import reindex
from archive.verify import repair, verify
from tests.archive.conftest import FakeClock, make_exchange, write_sample

CAPTURE_COLUMNS = (
    "id, record_id, run_id, url, status, reason, fetched_at, content_type, declared_charset, etag, last_modified, "
    "payload_sha256, payload_sha1, document_sha256, record_type, revisit_profile, refers_to_id, warc_file, offset, "
    "length, ip_address, referrer, link_text, depth, portal_id, classification, classification_reason, blocked, outlinks"
)


def capture_rows(arc: Archive) -> list[dict]:
    return list(arc.db.query(f"select {CAPTURE_COLUMNS} from captures order by id"))


def test_reindex_after_deleting_the_catalog_gives_the_same_captures(tmp_path: Path) -> None:
    arc = Archive.open(tmp_path / "arc", create=True, clock=FakeClock())
    write_sample(arc, 4, max_file_size=3000)
    with arc.writer("20261122T030000Z-test01") as writer:
        writer.record(make_exchange(url="http://gov.example.cn/r0.html?x=0"))
        writer.record(make_exchange(url="http://gov.example.cn/r1.html?x=1", status=304, response_body=b""))
        links = [Outlink("http://gov.example.cn/P1.pdf", "attachment", "附件1：年度 报告.pdf"),
                 Outlink("http://gov.example.cn/p%201.png", "image")]  # fmt: skip
        writer.record(make_exchange(url="http://gov.example.cn/r2.html", outlinks=links))
        writer.record(make_exchange(url="http://gov.example.cn/r3.html", outlinks=[]))
    before = capture_rows(arc)
    links_before = list(arc.db.query("select * from outlinks order by capture_id, rowid"))
    assert [(r["url"], r["link_text"]) for r in links_before] == [(link.url, link.text) for link in links]
    documents_before = list(arc.db.query("select sha256, size, first_capture_id from documents order by sha256"))
    arc.close()
    for path in (tmp_path / "arc").glob("catalog.sqlite*"):
        path.unlink()
    rebuilt = Archive.open(tmp_path / "arc", create=True)
    report = reindex(rebuilt)
    assert report.problems == []
    assert report.captures == 8 and report.added == 8
    assert capture_rows(rebuilt) == before
    assert list(rebuilt.db.query("select * from outlinks order by capture_id, rowid")) == links_before
    assert [r["outlinks"] for r in capture_rows(rebuilt)][-2:] == [2, 0]
    assert (
        list(rebuilt.db.query("select sha256, size, first_capture_id from documents order by sha256"))
        == documents_before
    )
    # reindexing an intact catalog keeps ids and changes nothing
    again = reindex(rebuilt)
    assert (again.kept, again.added, again.removed) == (8, 0, 0)
    assert capture_rows(rebuilt) == before


def test_verify_passes_then_catches_a_flipped_byte(archive: Archive) -> None:
    write_sample(archive, 3)
    report = verify(archive)
    assert report.ok and report.captures == 3 and report.records == 1 + 3 * 3
    row = archive.capture(2)
    path = archive.warc_dir / row["warc_file"]
    data = bytearray(path.read_bytes())
    data[row["offset"] + row["length"] // 2] ^= 0x01
    path.write_bytes(bytes(data))
    report = verify(archive)
    assert not report.ok
    assert any(p.warc_file == row["warc_file"] and p.offset == row["offset"] for p in report.problems), report.problems


def test_verify_catches_a_payload_that_differs_from_the_catalog(archive: Archive) -> None:
    write_sample(archive, 2)
    archive.db.execute("update captures set payload_sha256 = 'x' where id = 2")
    archive.db.conn.commit()
    problems = verify(archive).problems
    assert [p.capture_id for p in problems] == [2]
    assert "sha256" in problems[0].message


def test_repair_cuts_a_truncated_file_and_keeps_everything_before(archive: Archive) -> None:
    write_sample(archive, 4)
    last = archive.capture(4)
    path = archive.warc_dir / last["warc_file"]
    size = path.stat().st_size
    with open(path, "r+b") as handle:  # a crash in the middle of the last capture's response record
        handle.truncate(last["offset"] + last["length"] // 2)
    report = verify(archive)
    assert not report.ok
    assert any(p.warc_file == path.name for p in report.problems)
    result = repair(archive, path.name)
    assert result.kept_bytes == last["offset"] and result.cut_bytes > 0
    assert result.quarantined is not None and result.quarantined.exists()
    assert verify(archive).ok
    for capture_id in (1, 2, 3):
        assert "镕堃珺" in archive.payload(capture_id).decode("gb18030")
    assert archive.db.table("captures").count == 3
    assert size > path.stat().st_size


def test_not_an_archive(tmp_path: Path) -> None:
    with pytest.raises(NotAnArchiveError, match="not an ogi archive"):
        Archive.open(tmp_path / "missing")
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "notes.txt").write_text("mine")
    with pytest.raises(NotAnArchiveError, match="non-empty directory"):
        Archive.open(tmp_path / "home", create=True)
    assert (tmp_path / "home" / "notes.txt").read_text() == "mine"
    (tmp_path / "file").write_text("x")
    with pytest.raises(NotAnArchiveError, match="is a file"):
        Archive.open(tmp_path / "file", create=True)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "catalog.sqlite").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(NotAnArchiveError, match=r"not a SQLite catalog|cannot read"):
        Archive.open(bad)
    assert (bad / "catalog.sqlite").read_bytes().startswith(b"this is not sqlite")


HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from archive import Archive
    arc = Archive.open(sys.argv[1])
    with arc.lock("test holder"):
        print("locked", flush=True)
        time.sleep(30)
    """
)


def test_second_writer_is_refused(archive: Archive) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(archive.path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        run_id = archive.start_run("crawl", {})
        with pytest.raises(ArchiveLockedError, match=rf"pid {holder.pid} \(test holder\)"), archive.writer(run_id):
            pass
    finally:
        holder.kill()
        holder.wait()
    with archive.writer(run_id) as writer:  # the kernel freed the lock when the holder died
        writer.record(make_exchange())
    assert archive.db.table("captures").count == 1


WRITE_MANY = textwrap.dedent(
    """
    import sys
    from archive import Archive
    from tests.archive.conftest import make_exchange
    arc = Archive.open(sys.argv[1])
    run_id = arc.start_run("crawl", {})
    with arc.writer(run_id) as writer:
        for i in range(400):
            writer.record(make_exchange(url=f"http://gov.example.cn/p{i}", response_body=str(i).encode()))
    arc.finish_run(run_id, "ok", {})
    """
)


def test_readers_work_while_a_crawl_writes(archive: Archive) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    writer = subprocess.Popen([sys.executable, "-c", WRITE_MANY, str(archive.path)], env=env)
    seen = []
    reader = sqlite3.connect(f"file:{archive.catalog_path}?mode=ro", uri=True, timeout=1)
    deadline = time.monotonic() + 60
    while writer.poll() is None and time.monotonic() < deadline:
        seen.append(reader.execute("select count(*) from captures").fetchone()[0])
        time.sleep(0.01)
    assert writer.wait(timeout=60) == 0
    seen.append(reader.execute("select count(*) from captures").fetchone()[0])
    assert seen[-1] == 400
    assert seen == sorted(seen)
    assert len(set(seen)) > 2, "the reader should have observed the crawl in progress"


def test_cdxj_index(archive: Archive, tmp_path: Path) -> None:
    write_sample(archive, 3)
    out = tmp_path / "index.cdxj"
    with open(out, "w", encoding="utf-8") as handle:
        count = write_cdxj(archive, handle)
    lines = out.read_text().splitlines()
    assert count == len(lines) > 0
    keys = [line.split(" ", 2) for line in lines]
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)
    entries = [json.loads(k[2]) for k in keys]
    responses = [e for e in entries if e.get("status") == "200"]
    assert len(responses) == 3
    by_url = {e["url"]: e for e in responses}
    row = archive.capture(2)
    entry = by_url[row["url"]]
    assert int(entry["offset"]) == row["offset"] and entry["filename"] == row["warc_file"]
    assert keys[0][0].startswith("cn,example,gov)/")


def test_settings_and_scheduler_files_may_precede_the_catalog(tmp_path: Path) -> None:
    directory = tmp_path / "arc"
    directory.mkdir()
    for name in ("ogi-settings.toml", "scheduler.sqlite", "scheduler.sqlite-journal", "scheduler.lock"):
        (directory / name).write_text("")
    Archive.open(directory, create=True).close()
    assert (directory / "catalog.sqlite").exists()
