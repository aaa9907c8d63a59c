"""Exclusive, process-wide file locks (fcntl): released by the kernel on exit or crash."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from archive.errors import ArchiveLockedError

LOCK_NAME = "writer.lock"


class LockHeldError(Exception):
    """Another process holds the lock; ``holder`` says who (as it wrote into the lock file)."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(f"{path} is held by {holder}")
        self.holder = holder


class FileLock:
    """An flock on ``path``; the holder writes its pid and purpose into the file for others to read."""

    def __init__(self, path: Path, purpose: str) -> None:
        self.path = path
        self.purpose = purpose
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise LockHeldError(self.path, holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} ({self.purpose})".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def holder(self) -> str | None:
        """Who holds the lock now (None when free), without taking it for longer than a probe."""
        if not self.path.exists():
            return None
        try:
            self.acquire()
        except LockHeldError as exc:
            return exc.holder
        self.release()
        return None

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


class WriterLock(FileLock):
    """Held by the one process allowed to write WARC files and catalog rows of an archive."""

    def __init__(self, directory: Path, purpose: str) -> None:
        super().__init__(directory / LOCK_NAME, purpose)

    def acquire(self) -> None:
        try:
            super().acquire()
        except LockHeldError as exc:
            raise ArchiveLockedError(
                f"the archive {self.path.parent} is being written by {exc.holder}; wait for it to finish "
                "(see `ogi runs`) or use another --archive directory"
            ) from None
