"""archive: WARC files (the source of truth) plus a SQLite catalog of captures, documents and reports.

Imports nothing else of ours.  Entry point: :class:`Archive`.
"""

from archive.errors import (
    ArchiveError,
    ArchiveLockedError,
    CaptureNotFoundError,
    CorruptWarcError,
    NotAnArchiveError,
)
from archive.exchange import CaptureResult, Exchange, Outlink, Validators
from archive.store import Archive

__all__ = [
    "Archive",
    "ArchiveError",
    "ArchiveLockedError",
    "CaptureNotFoundError",
    "CaptureResult",
    "CorruptWarcError",
    "Exchange",
    "NotAnArchiveError",
    "Outlink",
    "Validators",
]
