"""Exceptions a caller of :mod:`archive` may see. Messages are written for the person at the terminal."""

from __future__ import annotations


class ArchiveError(Exception):
    """Base class of every archive error."""


class NotAnArchiveError(ArchiveError):
    """The directory is not an ogi archive (no catalog), or its catalog is not a SQLite database."""


class ArchiveLockedError(ArchiveError):
    """Another process is writing to this archive."""


class CaptureNotFoundError(ArchiveError):
    """No capture with that id, or its WARC record cannot be read."""


class CorruptWarcError(ArchiveError):
    """A WARC record could not be read back (truncated file, flipped byte, wrong offset)."""
