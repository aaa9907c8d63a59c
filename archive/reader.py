"""Reading WARC records back: by offset (random access) and by scanning a file."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.errors import CorruptWarcError


@dataclass
class StoredRecord:
    """One WARC record as read back: headers, HTTP headers and the raw (still content-encoded) payload."""

    record_type: str
    record_id: str
    target_uri: str
    warc_headers: list[tuple[str, str]]
    http_headers: list[tuple[str, str]]
    status_line: str
    protocol: str
    payload: bytes
    offset: int = 0
    length: int = 0
    digest_problems: list[str] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        for key, value in self.warc_headers:
            if key.lower() == name.lower():
                return value
        return None


def _to_stored(record: object, offset: int = 0) -> StoredRecord:
    rec_headers = record.rec_headers  # type: ignore[attr-defined]
    http = record.http_headers  # type: ignore[attr-defined]
    payload = record.raw_stream.read()  # type: ignore[attr-defined]
    return StoredRecord(
        record_type=str(record.rec_type),  # type: ignore[attr-defined]
        record_id=str(rec_headers.get_header("WARC-Record-ID")),
        target_uri=str(rec_headers.get_header("WARC-Target-URI") or ""),
        warc_headers=list(rec_headers.headers),
        http_headers=list(http.headers) if http else [],
        status_line=str(http.statusline) if http else "",
        protocol=str(http.protocol) if http else "",
        payload=payload,
        offset=offset,
    )


def read_record_at(path: Path, offset: int) -> StoredRecord:
    """Read the single gzip member (one record) starting at ``offset``: no scanning of the file."""
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            iterator = ArchiveIterator(handle, check_digests=False)
            for record in iterator:
                return _to_stored(record, offset)
    except FileNotFoundError as exc:
        raise CorruptWarcError(f"WARC file {path} is missing; restore it from backup") from exc
    except (ArchiveLoadFailed, zlib.error, EOFError, ValueError, OSError) as exc:
        raise CorruptWarcError(f"{path.name} offset {offset}: unreadable record ({exc})") from exc
    raise CorruptWarcError(f"{path.name} offset {offset}: no record there")


def iter_records(path: Path, *, check_digests: bool = False) -> Iterator[StoredRecord]:
    """Every record of a WARC file with its offset and length, in file order.

    With ``check_digests`` each record's block and payload digests are recomputed and problems are
    listed on the record (``digest_problems``).  Raises CorruptWarcError at the first unreadable record;
    the records before it have been yielded.
    """
    with open(path, "rb") as handle:
        iterator = ArchiveIterator(handle, check_digests=check_digests)
        try:
            for record in iterator:
                stored = _to_stored(record)
                iterator.read_to_end(record)
                stored.offset = iterator.get_record_offset()
                stored.length = iterator.get_record_length()
                checker = getattr(record, "digest_checker", None)
                if check_digests and checker is not None and checker.passed is False:
                    stored.digest_problems = [str(p) for p in checker.problems]
                if check_digests:
                    stored.digest_problems.extend(_member_problems(path, stored.offset, stored.length))
                yield stored
        except (ArchiveLoadFailed, zlib.error, EOFError, ValueError) as exc:
            raise CorruptWarcError(
                f"{path.name}: unreadable data after offset {_safe_offset(iterator)} ({exc})"
            ) from exc


def _member_problems(path: Path, offset: int, length: int) -> list[str]:
    """A record must be one complete gzip member: catches truncation and flipped bytes (CRC) warcio lets by."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        member = handle.read(length)
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        decompressor.decompress(member)
    except zlib.error as exc:
        return [f"gzip member is corrupt ({exc})"]
    if not decompressor.eof:
        return ["gzip member is incomplete (file truncated?)"]
    return []


def _safe_offset(iterator: ArchiveIterator) -> int:
    try:
        return int(iterator.offset)
    except (AttributeError, TypeError, ValueError):
        return -1
