"""How a crawl ended, as an exit status: the one mapping ``python -m crawler`` and ``ogi crawl`` share.

0 finished (page-level problems are in the summary), 2 usage (nothing to crawl, every start URL refused,
contradicting settings, a bad registry file, not an archive), 3 archive locked, 4 failed, 130 interrupted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive import ArchiveLockedError, NotAnArchiveError
from crawler.errors import NothingToCrawlError, UnsafeStartError
from crawler.recheck import RecheckSettingsError
from crawler.registry import RegistryError

if TYPE_CHECKING:
    from crawler.summary import CrawlSummary

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_FAILED = 4
EXIT_INTERRUPTED = 130

#: exceptions a crawl raises before it starts, each with its exit status and what to do next
START_ERRORS: tuple[tuple[type[Exception], int, str], ...] = (
    (ArchiveLockedError, EXIT_LOCKED, "Wait for the other crawl to finish, or use another --archive."),
    (NotAnArchiveError, EXIT_USAGE, ""),
    (NothingToCrawlError, EXIT_USAGE, ""),
    (UnsafeStartError, EXIT_USAGE, ""),
    (RecheckSettingsError, EXIT_USAGE, ""),
    (RegistryError, EXIT_USAGE, "Run `ogi portals validate` to check your registry files."),
)
CRAWL_START_ERRORS: tuple[type[Exception], ...] = tuple(kind for kind, _, _ in START_ERRORS)


def start_error(exc: Exception) -> tuple[int, str]:
    """(exit status, message with a hint) for an exception of :data:`CRAWL_START_ERRORS`."""
    for kind, code, hint in START_ERRORS:
        if isinstance(exc, kind):
            return code, f"{exc}. {hint}" if hint else str(exc)
    raise TypeError(f"not a crawl start error: {exc!r}")


def finished(summary: CrawlSummary) -> int:
    """The exit status of a crawl that ran."""
    if summary.status == "interrupted":
        return EXIT_INTERRUPTED
    return EXIT_OK if summary.status == "ok" else EXIT_FAILED
