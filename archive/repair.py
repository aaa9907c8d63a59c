"""Repair a WARC file: keep every intact record, move only the damaged bytes to ``warc/quarantine/``.

The file is rewritten with its intact members in their order (a torn tail or a flipped byte in the middle
costs the damaged records only); the catalog's offsets of the records that moved are updated in the same
step, and the captures whose record was damaged are forgotten without leaving rows that point at them
(archive.references).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from archive.errors import CorruptWarcError
from archive.members import Member, scan_members
from archive.references import Forgotten, forget_captures

if TYPE_CHECKING:
    from archive.store import Archive

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RepairResult:
    warc_file: str
    kept_bytes: int
    cut_bytes: int
    quarantined: Path | None  # the first quarantine file written (None: the file was intact)
    kept_records: int = 0
    damaged_ranges: list[tuple[int, int]] = field(default_factory=list)
    quarantine_files: list[Path] = field(default_factory=list)
    forgotten: Forgotten = field(default_factory=Forgotten)


def _copy(source: BinaryIO, start: int, end: int, target: BinaryIO) -> None:
    source.seek(start)
    left = end - start
    while left > 0:
        chunk = source.read(min(left, 1 << 20))
        if not chunk:
            break
        target.write(chunk)
        left -= len(chunk)


def _quarantine(archive: Archive, name: str, source: BinaryIO, bad: Member, size: int) -> Path:
    directory = archive.warc_dir / "quarantine"
    directory.mkdir(exist_ok=True)
    kind = "tail" if bad.end >= size else "damaged"
    target_path = directory / f"{name}.{bad.offset}.{kind}"
    with open(target_path, "wb") as target:
        _copy(source, bad.offset, bad.end, target)
    return target_path


def _rewrite(archive: Archive, path: Path, members: list[Member]) -> tuple[dict[int, int], list[Path]]:
    """Write the intact members to a new file replacing ``path``; old offset -> new offset of each."""
    size = path.stat().st_size
    moved: dict[int, int] = {}
    quarantined: list[Path] = []
    temporary = path.with_name(path.name + ".repair")
    with open(path, "rb") as source, open(temporary, "wb") as target:
        for member in members:
            if member.ok:
                moved[member.offset] = target.tell()
                _copy(source, member.offset, member.end, target)
            else:
                quarantined.append(_quarantine(archive, path.name, source, member, size))
        target.flush()
        os.fsync(target.fileno())
    os.replace(temporary, path)
    return moved, quarantined


def _update_catalog(archive: Archive, name: str, moved: dict[int, int], records: int) -> Forgotten:
    db = archive.db
    lost: list[int] = []
    rows = db.execute(
        "select id, offset, request_offset, metadata_offset from captures where warc_file = ?", [name]
    ).fetchall()
    for capture_id, offset, request_offset, metadata_offset in rows:
        if offset not in moved:
            lost.append(int(capture_id))
            continue
        db.execute(
            "update captures set offset = ?, request_offset = ?, metadata_offset = ? where id = ?",
            [moved[offset], moved.get(request_offset), moved.get(metadata_offset), capture_id],
        )
    forgotten = forget_captures(db, lost)
    size = (archive.warc_dir / name).stat().st_size
    db.execute("update warc_files set size = ?, records = ? where name = ?", [size, records, name])
    return forgotten


def repair(archive: Archive, name: str) -> RepairResult:
    """Rewrite ``warc/NAME`` without its damaged records (kept in ``warc/quarantine/``), catalog in step."""
    path = archive.warc_dir / name
    if not path.is_file():
        raise CorruptWarcError(f"no WARC file {name} in {archive.warc_dir}; see `ogi archive stats`")
    size = path.stat().st_size
    members = list(scan_members(path))
    damaged = [m for m in members if not m.ok]
    kept = sum(m.length for m in members if m.ok)
    if not damaged:
        return RepairResult(name, size, 0, None, kept_records=len(members))
    with archive.db.atomic():
        moved, quarantined = _rewrite(archive, path, members)
        forgotten = _update_catalog(archive, name, moved, len(moved))
    for member in damaged:
        logger.warning("%s: quarantined damaged bytes %d-%d (%s)", name, member.offset, member.end, member.problems)
    return RepairResult(
        name,
        kept,
        size - kept,
        quarantined[0],
        kept_records=len(moved),
        damaged_ranges=[(m.offset, m.end) for m in damaged],
        quarantine_files=quarantined,
        forgotten=forgotten,
    )
