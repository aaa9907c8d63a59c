"""Integrity: check every record of every WARC file and every catalog row (repair: archive.repair)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from archive.errors import CorruptWarcError
from archive.members import Member, scan_members
from archive.reader import read_record_at
from archive.references import dangling
from archive.repair import RepairResult, repair

if TYPE_CHECKING:
    from archive.store import Archive


@dataclass(frozen=True)
class Problem:
    warc_file: str
    offset: int
    message: str
    capture_id: int | None = None

    def __str__(self) -> str:
        where = f"{self.warc_file} offset {self.offset}"
        who = f" (capture {self.capture_id})" if self.capture_id is not None else ""
        return f"{where}{who}: {self.message}"


@dataclass
class VerifyReport:
    files: int = 0
    records: int = 0
    captures: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _scan_file(path: Path, report: VerifyReport) -> list[Member]:
    """Count the file's intact records and list its damaged ranges (the whole file is scanned)."""
    damaged = []
    for member in scan_members(path):
        if member.ok:
            report.records += 1
            continue
        damaged.append(member)
        message = f"damaged bytes up to offset {member.end} ({'; '.join(member.problems)}); run `ogi archive repair`"
        report.problems.append(Problem(path.name, member.offset, message))
    return damaged


def _check_capture(archive: Archive, row: dict[str, object], report: VerifyReport) -> None:
    name, offset, capture_id = str(row["warc_file"]), int(str(row["offset"])), int(str(row["id"]))
    try:
        record = read_record_at(archive.warc_dir / name, offset)
    except CorruptWarcError as exc:
        report.problems.append(Problem(name, offset, str(exc), capture_id))
        return
    if record.record_id != row["record_id"]:
        message = f"catalog points at {row['record_id']} but the record there is {record.record_id}"
        report.problems.append(Problem(name, offset, message, capture_id))
    elif row["record_type"] == "response" and hashlib.sha256(record.payload).hexdigest() != row["payload_sha256"]:
        report.problems.append(Problem(name, offset, "payload sha256 differs from the catalog", capture_id))


def verify(archive: Archive, progress: Callable[[int, int], None] | None = None) -> VerifyReport:
    """Scan every WARC file to its end (recomputing digests), resolve every capture row by its offset, and
    check that no catalog row points at a capture that does not exist.

    ``progress(done, total)`` is called after each step: one per WARC file and one per catalog capture.
    """
    report = VerifyReport()
    files = sorted(archive.warc_dir.glob("*.warc.gz"))
    total = len(files) + archive.db.execute("select count(*) from captures").fetchone()[0]
    damaged: dict[str, list[Member]] = {}
    for path in files:
        report.files += 1
        damaged[path.name] = _scan_file(path, report)
        if progress:
            progress(report.files, total)
    for row in archive.db.query(
        "select id, record_id, warc_file, offset, record_type, payload_sha256 from captures order by id"
    ):
        report.captures += 1
        name, offset = row["warc_file"], int(row["offset"])
        if name not in damaged:
            report.problems.append(Problem(name, offset, "WARC file missing", row["id"]))
        elif any(m.offset <= offset < m.end for m in damaged[name]):
            report.problems.append(Problem(name, offset, "its record is damaged", row["id"]))
        else:
            _check_capture(archive, row, report)
        if progress:
            progress(report.files + report.captures, total)
    for table, column, count in dangling(archive.db):
        message = f"{count} row(s) of {table}.{column} name a capture that does not exist"
        report.problems.append(Problem("catalog", 0, message))
    return report


__all__ = ["Problem", "RepairResult", "VerifyReport", "repair", "verify"]
