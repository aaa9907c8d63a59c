"""Exceptions of the research queries; messages are written for the person at the terminal."""

from __future__ import annotations

from archive.errors import ArchiveError


class ResearchError(ArchiveError):
    """Base class of the research query errors."""


class InvalidFilterError(ResearchError):
    """A filter value (years, region code, search words) cannot be understood."""
