"""A crawl killed mid-write leaves the archive consistent for the next run."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from archive import Archive
from archive.verify import verify
from scheduler.pipeline.recovery import recover

KILLED_CRAWL = textwrap.dedent(
    """
    import os, sys
    from archive import Archive
    from tests.archive.conftest import make_exchange
    arc = Archive.open(sys.argv[1], create=True)
    run_id = arc.start_run("crawl", {})
    with arc.writer(run_id) as writer:
        for i in range(5):
            writer.record(make_exchange(url=f"http://gov.example.cn/p{i}", response_body=str(i).encode() * 500,
                                          response_headers=[("Content-Type", "text/html")]))
        writer.warc.flush()
        # the process dies in the middle of writing a record: half of it reaches the disk, no catalog row
        handle = writer.warc._file
        handle.write(b"\\x1f\\x8b\\x08\\x00" + os.urandom(300))
        handle.flush()
        os._exit(9)
    """
)


def test_recover_marks_the_run_interrupted_and_cuts_the_partial_record(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    path = tmp_path / "arc"
    result = subprocess.run([sys.executable, "-c", KILLED_CRAWL, str(path)], cwd=root, check=False)
    assert result.returncode == 9
    with Archive.open(path) as archive:
        assert [r["status"] for r in archive.db.query("select status from runs")] == ["running"]
        assert not verify(archive).ok  # the torn record is there
        with archive.lock("test recovery"):
            outcome = recover(archive)
        assert len(outcome.interrupted_runs) == 1 and len(outcome.repaired_files) == 1
        assert [r["status"] for r in archive.db.query("select status from runs")] == ["interrupted"]
        assert verify(archive).ok
        assert archive.db.table("captures").count == 5
        assert archive.raw_payload(5)[0] == b"4" * 500
        assert list((path / "warc" / "quarantine").iterdir())  # the torn bytes are kept, not deleted
        # a second recovery finds nothing to do
        with archive.lock("test recovery"):
            again = recover(archive)
        assert (again.interrupted_runs, again.repaired_files) == ([], [])
