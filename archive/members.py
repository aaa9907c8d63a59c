"""Split a WARC file into its gzip members: intact records and the damaged byte ranges between them.

Every record is its own gzip member.  A member is intact when it decompresses completely (CRC and length
checked), its content starts with a ``WARC/1.`` header, and warcio finds its block and payload digests
right.  After a damaged member the scan resynchronises on the next gzip magic (``\\x1f\\x8b\\x08``) whose
member is intact, so one flipped byte costs one record, never the rest of the file.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/1."
CHUNK = 1 << 20
FIRST_READ = 1 << 13


@dataclass
class Member:
    """One gzip member: ``[offset, end)`` in the file; ``problems`` empty when it is an intact record."""

    offset: int
    end: int
    record_type: str = ""
    record_id: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def length(self) -> int:
        return self.end - self.offset

    @property
    def ok(self) -> bool:
        return not self.problems


def _inflate_end(handle: BinaryIO, offset: int) -> tuple[int | None, str]:
    """Where the gzip member starting at ``offset`` ends, if it decompresses completely into a WARC record."""
    handle.seek(offset)
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    consumed = 0
    head = b""
    step = FIRST_READ  # most records are small: read little first, more while the member goes on
    while not inflater.eof:
        chunk = handle.read(step)
        step = min(step * 2, CHUNK)
        if not chunk:
            return None, "gzip member is incomplete (file truncated?)"
        consumed += len(chunk)
        try:
            out = inflater.decompress(chunk)
        except zlib.error as exc:
            return None, f"gzip member is corrupt ({exc})"
        if len(head) < len(WARC_MAGIC):
            head += out[: len(WARC_MAGIC)]
            if len(head) >= len(WARC_MAGIC) and not head.startswith(WARC_MAGIC):
                return None, "gzip member holds no WARC record"
    if not head.startswith(WARC_MAGIC):
        return None, "gzip member holds no WARC record"
    return offset + consumed - len(inflater.unused_data), ""


class _Window:
    """A read-only view of ``[offset, end)`` of an open file, for warcio to parse one member."""

    def __init__(self, handle: BinaryIO, offset: int, end: int) -> None:
        self._handle = handle
        self._left = end - offset
        handle.seek(offset)

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        size = self._left if size is None or size < 0 else min(size, self._left)
        data = self._handle.read(size)
        self._left -= len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        size = self._left if size is None or size < 0 else min(size, self._left)
        data = self._handle.readline(size)
        self._left -= len(data)
        return data


def _check_record(handle: BinaryIO, member: Member) -> None:
    """Parse the member's record with warcio, recomputing its digests; fill in type, id and problems."""
    try:
        iterator = ArchiveIterator(_Window(handle, member.offset, member.end), check_digests=True)
        for record in iterator:
            member.record_type = str(record.rec_type)
            member.record_id = str(record.rec_headers.get_header("WARC-Record-ID") or "")
            iterator.read_to_end(record)
            checker = getattr(record, "digest_checker", None)
            if checker is not None and checker.passed is False:
                member.problems.extend(f"{member.record_type}: {p}" for p in checker.problems)
            return
    except (ArchiveLoadFailed, zlib.error, EOFError, ValueError) as exc:
        member.problems.append(f"unreadable WARC record ({exc})")
        return
    member.problems.append("no WARC record in the gzip member")


def _intact_at(handle: BinaryIO, offset: int) -> tuple[Member | None, str]:
    end, why = _inflate_end(handle, offset)
    if end is None:
        return None, why
    member = Member(offset, end)
    _check_record(handle, member)
    return member, ""


def _next_start(handle: BinaryIO, start: int, size: int) -> Member | None:
    """The first intact member beginning at or after ``start`` (scanning for the gzip magic)."""
    position = start
    while position < size:
        handle.seek(position)
        block = handle.read(CHUNK + len(GZIP_MAGIC) - 1)
        found = block.find(GZIP_MAGIC)
        while found != -1:
            candidate, _ = _intact_at(handle, position + found)
            if candidate is not None and candidate.ok:
                return candidate
            found = block.find(GZIP_MAGIC, found + 1)
        position += CHUNK
    return None


def scan_members(path: Path) -> Iterator[Member]:
    """Every intact record and every damaged range of ``path``, in file order, covering the whole file."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        offset = 0
        while offset < size:
            member, why = _intact_at(handle, offset)
            if member is not None and member.ok:
                yield member
                offset = member.end
                continue
            following = _next_start(handle, offset + 1, size)
            end = following.offset if following is not None else size
            problems = member.problems if member is not None else [why]
            yield Member(offset, end, problems=problems or ["damaged bytes"])
            if following is None:
                return
            yield following
            offset = following.end
