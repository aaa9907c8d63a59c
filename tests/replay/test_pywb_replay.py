"""Replay in real pywb 2.x: every capture of the demo archive shows the page as it was at that capture time.

The demo archive (``make demo``: the replica portal, two harvests with an edit, a removal and a move in between)
holds first captures and both kinds of revisit: ``identical-payload-digest`` (the same error page again) and
``server-not-modified`` (the 304s of the second harvest).  Its WARC files are loaded into pywb twice:

* ``wbm``: ``wb-manager add`` (pywb indexes the files itself);
* ``ogi``: the same files with our own index (``ogi archive cdx``) as the collection's CDXJ;

then ``wayback`` serves both on 127.0.0.1 and every capture in the catalog is fetched in ``id_`` mode (the raw
payload) at its 14-digit timestamp: status and bytes must be those of the original capture.
"""

from __future__ import annotations

import io
import json
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from archive import Archive
from archive.cdx import write_cdxj
from archive.reindex import reindex
from scheduler.demo import run_demo
from tests.replay.pywb import Wayback

pytestmark = pytest.mark.slow

ISSUE_PAGE = "/art/2022/1/10/art_4501_60038.html"  # issue 15: blank at its 304 capture


@dataclass(frozen=True)
class Capture:
    id: int
    url: str
    timestamp: str  # 14 digits, UTC
    kind: str  # response | identical-payload-digest | server-not-modified
    content_type: str
    status: int  # what replay must answer: the original's status for a 304 revisit
    body: bytes  # the original payload as received (still content-encoded)


def timestamp14(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%Y%m%d%H%M%S")


def expected_captures(archive: Archive) -> list[Capture]:
    out = []
    for row in archive.db.query("select * from captures order by id"):
        original = archive.capture(archive.original_capture_id(row["id"]))
        body, _ = archive.raw_payload(row["id"])
        kind = row["revisit_profile"] or row["record_type"]
        status = original["status"] if kind == "server-not-modified" else row["status"]
        content_type = original["content_type"] or ""
        out.append(Capture(row["id"], row["url"], timestamp14(row["fetched_at"]), kind, content_type, status, body))
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    archive_dir = tmp_path_factory.mktemp("replay") / "demo-data"
    assert run_demo(archive_dir) == 0
    return archive_dir


@pytest.fixture(scope="module")
def captures(demo: Path) -> list[Capture]:
    with Archive.open(demo) as archive:
        found = expected_captures(archive)
    # a URL captured twice in one second (retries of a 500) is one memento: only if both answers are the same
    answers = {(c.url, c.timestamp, c.status, c.body) for c in found}
    assert len({(c.url, c.timestamp) for c in found}) == len(answers), "two different answers in one second"
    return found


@pytest.fixture(scope="module")
def wayback(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wayback]:
    warc_files = sorted((demo / "warc").glob("*.warc.gz"))
    with Archive.open(demo) as archive:
        index = io.StringIO()
        write_cdxj(archive, index)
    with Wayback(tmp_path_factory.mktemp("pywb")) as server:
        server.add_collection("wbm", warc_files)
        server.add_collection("ogi", warc_files, cdxj=index.getvalue())
        server.start()
        yield server
        process = server.process
    assert process is not None and process.poll() is not None, "wayback still running after the tests"


def test_the_demo_archive_has_every_kind_of_capture(captures: list[Capture]) -> None:
    kinds = Counter(c.kind for c in captures)
    assert kinds["response"] >= 100 and kinds["server-not-modified"] >= 100 and kinds["identical-payload-digest"] >= 5
    types = Counter((c.kind, c.content_type) for c in captures)
    assert types[("response", "application/pdf")] >= 1
    assert types[("server-not-modified", "application/pdf")] >= 1
    assert any(c.kind == "server-not-modified" and c.url.endswith(ISSUE_PAGE) for c in captures)


@pytest.mark.parametrize("collection", ["wbm", "ogi"])
def test_every_capture_replays_with_the_original_payload(
    wayback: Wayback, captures: list[Capture], collection: str
) -> None:
    failures = []
    replayed: Counter[tuple[str, str]] = Counter()
    for capture in captures:
        status, _, body = wayback.fetch(collection, capture.timestamp, capture.url)
        if (status, body) == (capture.status, capture.body):
            replayed[(capture.kind, capture.content_type)] += 1
        else:
            failures.append(
                f"capture {capture.id} {capture.kind} {capture.url} at {capture.timestamp}: got {status} with "
                f"{len(body)} bytes, expected {capture.status} with {len(capture.body)} bytes"
            )
    print(
        f"{collection}: {sum(replayed.values())} of {len(captures)} byte-exact:", json.dumps(sorted(replayed.items()))
    )
    assert not failures, f"{len(failures)} of {len(captures)} captures do not replay:\n" + "\n".join(failures[:20])


def test_the_issue_page_replays_at_its_not_modified_capture(wayback: Wayback, captures: list[Capture]) -> None:
    page = [c for c in captures if c.url.endswith(ISSUE_PAGE)]
    assert [c.kind for c in page] == ["response", "server-not-modified"]
    for capture in page:
        status, headers, body = wayback.fetch("wbm", capture.timestamp, capture.url)
        assert status == 200 and body == page[0].body and len(body) > 1000
        assert dict(headers).get("Content-Type", "").startswith("text/html")


def test_cdx_lines_of_revisits_name_their_original(demo: Path, captures: list[Capture]) -> None:
    with Archive.open(demo) as archive:
        index = io.StringIO()
        write_cdxj(archive, index)
        lines = {}
        for line in index.getvalue().splitlines():
            _, timestamp, fields = line.split(" ", 2)
            data = json.loads(fields)
            lines[(data["url"], timestamp)] = data
        revisits = [c for c in captures if c.kind != "response"]
        for capture in revisits:
            row = archive.capture(capture.id)
            original = archive.capture(archive.original_capture_id(capture.id))
            line = lines[(capture.url, capture.timestamp)]
            assert line["mime"] == "warc/revisit"
            assert line["digest"] == original["payload_sha1"] == row["payload_sha1"]
            assert line["refersTo"] == original["record_id"]
            assert line["refersToTargetURI"] == original["url"]
            assert timestamp14(line["refersToDate"].replace("Z", "+00:00")) == timestamp14(original["fetched_at"])
            assert line["status"] == str(capture.status)


def test_reindex_keeps_revisits_resolvable(demo: Path, tmp_path: Path) -> None:
    """The catalog rebuilt from the WARC files alone: same revisit rows, each resolving to its original's bytes."""
    copy = tmp_path / "copy"
    shutil.copytree(demo / "warc", copy / "warc")
    columns = (
        "id, url, fetched_at, status, etag, last_modified, content_type, record_type, revisit_profile, "
        "refers_to_id, payload_sha1, payload_sha256, document_sha256"
    )
    with Archive.open(demo) as archive, Archive.open(copy, create=True) as rebuilt:
        before = [dict(r) for r in archive.db.query(f"select {columns} from captures order by id")]
        report = reindex(rebuilt)
        assert report.problems == [] and report.added == len(before)
        assert [dict(r) for r in rebuilt.db.query(f"select {columns} from captures order by id")] == before
        revisits = [row["id"] for row in before if row["record_type"] == "revisit"]
        assert len(revisits) > 100
        for capture_id in revisits:
            assert rebuilt.raw_payload(capture_id) == archive.raw_payload(capture_id)
