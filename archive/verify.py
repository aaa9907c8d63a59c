"""Integrity: check every WARC file and every catalog row; cut a crash-truncated file back (repair)."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from archive.errors import CorruptWarcError
from archive.reader import iter_records, read_record_at

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


def verify(archive: Archive) -> VerifyReport:
    """Scan every WARC file (recomputing digests) and resolve every capture row by its offset."""
    report = VerifyReport()
    files = sorted(archive.warc_dir.glob("*.warc.gz"))
    for path in files:
        report.files += 1
        last_end = 0
        try:
            for record in iter_records(path, check_digests=True):
                report.records += 1
                last_end = record.offset + record.length
                for message in record.digest_problems:
                    report.problems.append(Problem(path.name, record.offset, f"{record.record_type}: {message}"))
        except CorruptWarcError as exc:
            report.problems.append(Problem(path.name, last_end, f"{exc}; run `ogi archive repair`"))
    present = {p.name for p in files}
    for row in archive.db.query(
        "select id, record_id, warc_file, offset, record_type, payload_sha256 from captures order by id"
    ):
        report.captures += 1
        if row["warc_file"] not in present:
            report.problems.append(Problem(row["warc_file"], row["offset"], "WARC file missing", row["id"]))
            continue
        try:
            record = read_record_at(archive.warc_dir / row["warc_file"], int(row["offset"]))
        except CorruptWarcError as exc:
            report.problems.append(Problem(row["warc_file"], row["offset"], str(exc), row["id"]))
            continue
        if record.record_id != row["record_id"]:
            message = f"catalog points at {row['record_id']} but the record there is {record.record_id}"
            report.problems.append(Problem(row["warc_file"], row["offset"], message, row["id"]))
        elif row["record_type"] == "response" and hashlib.sha256(record.payload).hexdigest() != row["payload_sha256"]:
            report.problems.append(
                Problem(row["warc_file"], row["offset"], "payload sha256 differs from the catalog", row["id"])
            )
    return report


@dataclass(frozen=True)
class RepairResult:
    warc_file: str
    kept_bytes: int
    cut_bytes: int
    quarantined: Path | None


def repair(archive: Archive, name: str) -> RepairResult:
    """Cut ``warc/NAME`` back to its last complete record; the cut tail is kept in ``warc/quarantine/``."""
    path = archive.warc_dir / name
    if not path.is_file():
        raise CorruptWarcError(f"no WARC file {name} in {archive.warc_dir}; see `ogi archive stats`")
    good_end = 0
    try:
        for record in iter_records(path, check_digests=True):
            if record.digest_problems:
                break
            good_end = record.offset + record.length
    except CorruptWarcError:
        pass
    size = path.stat().st_size
    if good_end >= size:
        return RepairResult(name, size, 0, None)
    quarantine = archive.warc_dir / "quarantine"
    quarantine.mkdir(exist_ok=True)
    tail = quarantine / f"{name}.{good_end}.tail"
    with open(path, "rb") as source, open(tail, "wb") as target:
        source.seek(good_end)
        shutil.copyfileobj(source, target)
    with open(path, "r+b") as handle:
        handle.truncate(good_end)
    # catalog rows pointing into the cut part no longer resolve
    archive.db.execute("delete from captures where warc_file = ? and offset >= ?", [name, good_end])
    archive.db.conn.commit()
    return RepairResult(name, good_end, size - good_end, tail)
