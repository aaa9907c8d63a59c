"""Damage in the middle of a WARC file: verify scans past it, repair keeps every intact record (issue 11.1)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from archive import Archive
from archive.reader import read_record_at
from archive.references import dangling
from scheduler.cli import cli
from tests.archive.conftest import FakeClock, make_exchange

HTML = [("Content-Type", "text/html; charset=utf-8")]
RECORDS_PER_CAPTURE = 3  # request, response, metadata


def body(i: int) -> bytes:
    return f"<html><body>报告 {i} </body></html>".encode() * 40


def url(i: int) -> str:
    return f"http://gov.example.cn/r{i}.html"


def build(tmp_path: Path) -> tuple[Path, dict[int, bytes]]:
    """Ten captures in one file: 1-8 distinct, 9 another URL with 5's body, 10 a revisit of 4; with report
    versions, attachments and observations pointing at every response."""
    arc = Archive.open(tmp_path / "arc", create=True, clock=FakeClock())
    run_id = arc.start_run("crawl", {}, run_id="20261122T030000Z-test01")
    expected: dict[int, bytes] = {}
    with arc.writer(run_id) as writer:
        for i in range(1, 9):
            writer.record(make_exchange(url=url(i), response_body=body(i), response_headers=HTML))
            expected[i] = body(i)
        writer.record(make_exchange(url=url(50), response_body=body(5), response_headers=HTML))
        writer.record(make_exchange(url=url(4), response_body=body(4), response_headers=HTML))
        expected[9], expected[10] = body(5), body(4)
    arc.finish_run(run_id, "ok", {})
    rows = list(arc.db.query("select id, document_sha256 from captures where record_type = 'response'"))
    for row in rows:
        arc.db.table("reports").insert({"id": row["id"], "report_key": f"k{row['id']}", "agency": "a"})
        version = {"id": row["id"], "report_id": row["id"], "capture_id": row["id"], "content_hash": str(row["id"])}
        arc.db.table("report_versions").insert({**version, "document_sha256": row["document_sha256"]})
        arc.db.table("report_attachments").insert(
            {
                "report_version_id": row["id"],
                "capture_id": row["id"],
                "url": f"{url(row['id'])}.pdf",
                "document_sha256": row["document_sha256"],
            }
        )
        arc.db.table("observations").insert(
            {
                "report_version_id": row["id"],
                "capture_id": row["id"],
                "indicator": "requests.received",
                "value": 1.0,
                "document_sha256": row["document_sha256"],
            }
        )
    arc.db.conn.commit()
    assert [r["record_type"] for r in arc.db.query("select record_type from captures order by id")][-1] == "revisit"
    arc.close()
    return tmp_path / "arc", expected


def warc_path(path: Path) -> Path:
    (only,) = sorted((path / "warc").glob("*.warc.gz"))
    return only


def flip(path: Path, capture_id: int, *columns: str) -> None:
    """Flip one byte in the middle of each named record of a capture (default: its response record)."""
    with Archive.open(path) as arc:
        row = arc.capture(capture_id)
    warc = warc_path(path)
    with open(warc, "rb") as handle:
        offsets = [*_record_offsets(handle), warc.stat().st_size]
    data = bytearray(warc.read_bytes())
    for column in columns or ("offset",):
        start = row[column]
        end = min(o for o in offsets if o > start)
        data[(start + end) // 2] ^= 0x01
    warc.write_bytes(bytes(data))


def _record_offsets(handle: BinaryIO) -> list[int]:
    iterator = ArchiveIterator(handle)
    offsets = []
    for record in iterator:
        offsets.append(iterator.get_record_offset())
        iterator.read_to_end(record)
    return offsets


def count_records(warc: Path) -> int:
    with open(warc, "rb") as handle:
        return len(_record_offsets(handle))


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["archive", *args])
    return result.exit_code, result.output


def assert_consistent(path: Path, expected: dict[int, bytes], lost: set[int]) -> None:
    with Archive.open(path) as arc:
        ids = {int(r["id"]) for r in arc.db.query("select id from captures")}
        assert ids == set(expected) - lost
        assert dangling(arc.db) == []
        for capture_id in ids:
            row = arc.capture(capture_id)
            record = read_record_at(arc.warc_dir / row["warc_file"], row["offset"])
            assert record.record_id == row["record_id"]
            if row["refers_to_id"] is not None or row["record_type"] == "response":
                assert arc.payload(capture_id) == expected[capture_id]
    code, output = run("verify", "--archive", str(path))
    assert code == 0, output


def test_one_flipped_byte_in_the_middle_costs_one_record(tmp_path: Path) -> None:
    path, expected = build(tmp_path)
    warc = warc_path(path)
    total = count_records(warc)
    assert total == 1 + 10 * RECORDS_PER_CAPTURE
    flip(path, 5)

    code, output = run("verify", "--archive", str(path))
    assert code == 1
    assert f"checked 1 WARC files, {total - 1} records" in output  # every record after the damage scanned
    assert "(capture 5): its record is damaged" in output

    code, output = run("repair", "--archive", str(path), warc.name)
    assert code == 0, output
    assert f"kept {total - 1} intact records" in output
    # before the damage: warcinfo, captures 1-4, capture 5's request; after: 5's metadata, captures 6-10
    assert count_records(warc) == total - 1 == (1 + 4 * 3 + 1) + (1 + 5 * 3)
    (quarantined,) = (path / "warc" / "quarantine").iterdir()
    assert quarantined.name.endswith(".damaged")
    assert quarantined.read_bytes().startswith(b"\x1f\x8b\x08")
    assert quarantined.stat().st_size < 2000  # one record's bytes, not the rest of the file
    with Archive.open(path) as arc:  # capture 5's rows now name capture 9, which holds the same page
        assert arc.db.execute("select capture_id from report_versions where id = 5").fetchone()[0] == 9
        assert arc.db.execute("select count(*) from observations where capture_id = 9").fetchone()[0] == 2
        (warc_row,) = arc.db.query("select size, records from warc_files")
        assert warc_row == {"size": warc.stat().st_size, "records": total - 1}
    assert_consistent(path, expected, {5})

    code, output = run("repair", "--archive", str(path), warc.name)
    assert code == 0 and "nothing to repair" in output


def test_two_adjacent_damaged_records(tmp_path: Path) -> None:
    path, expected = build(tmp_path)
    warc = warc_path(path)
    total = count_records(warc)
    flip(path, 4, "offset", "metadata_offset")  # capture 4's response and its metadata record right after it

    code, output = run("verify", "--archive", str(path))
    assert code == 1 and f"{total - 2} records" in output

    code, output = run("repair", "--archive", str(path), warc.name)
    assert code == 0, output
    assert count_records(warc) == total - 2 == (1 + 3 * 3 + 1) + (5 * 3 + 3)
    with Archive.open(path) as arc:  # no other capture holds capture 4's page: its rows keep no capture
        assert arc.db.execute("select capture_id from report_versions where id = 4").fetchone()[0] is None
        assert arc.db.execute("select refers_to_id from captures where id = 10").fetchone()[0] is None
        assert arc.db.execute("select count(*) from observations where capture_id is null").fetchone()[0] == 1
    assert_consistent(path, expected, {4})


def test_a_torn_last_record(tmp_path: Path) -> None:
    path, expected = build(tmp_path)
    warc = warc_path(path)
    total = count_records(warc)
    with Archive.open(path) as arc:
        last = arc.capture(10)
    with open(warc, "r+b") as handle:
        handle.truncate(last["offset"] + last["length"] // 2)

    code, output = run("verify", "--archive", str(path))
    assert code == 1 and f"{total - 2} records" in output

    code, output = run("repair", "--archive", str(path), warc.name)
    assert code == 0, output
    assert count_records(warc) == total - 2  # capture 10's revisit and metadata records were torn off
    (quarantined,) = (path / "warc" / "quarantine").iterdir()
    assert quarantined.name == f"{warc.name}.{last['offset']}.tail"
    assert warc.stat().st_size == last["offset"]
    assert_consistent(path, expected, {10})


def test_reindex_keeps_the_rows_of_a_damaged_file_until_it_is_repaired(tmp_path: Path) -> None:
    path, expected = build(tmp_path)
    warc = warc_path(path)
    flip(path, 5)
    code, output = run("reindex", "--archive", str(path))
    assert code == 1 and "ogi archive repair" in output
    with Archive.open(path) as arc:
        assert arc.db.table("captures").count == 10  # nothing forgotten on the strength of a partial read
    assert run("repair", "--archive", str(path), warc.name)[0] == 0
    code, output = run("reindex", "--archive", str(path))
    assert code == 0 and "(9 kept, 0 added, 0 removed)" in output, output
    assert_consistent(path, expected, {5})
