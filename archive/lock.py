"""An exclusive, process-wide writer lock on an archive directory (fcntl), released on exit or crash."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from archive.errors import ArchiveLockedError

LOCK_NAME = "writer.lock"


class WriterLock:
    """Held by the one process allowed to write WARC files and catalog rows; the kernel frees it on crash."""

    def __init__(self, directory: Path, purpose: str) -> None:
        self.path = directory / LOCK_NAME
        self.purpose = purpose
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise ArchiveLockedError(
                f"the archive {self.path.parent} is being written by {holder}; wait for it to finish "
                "(see `ogi runs`) or use another --archive directory"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} ({self.purpose})".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
