"""Count the ERROR log records of a run, so its summary never says "errors none" after one was logged."""

from __future__ import annotations

import logging
from types import TracebackType


class ErrorCounter(logging.Handler):
    """A handler on the root logger while in use (``with ErrorCounter() as errors``) that counts records at
    ERROR or above and keeps the first few messages."""

    def __init__(self, keep: int = 5) -> None:
        super().__init__(level=logging.ERROR)
        self.count = 0
        self.keep = keep
        self.samples: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if len(self.samples) < self.keep:
            try:
                self.samples.append(record.getMessage())
            except Exception:  # a bad format string must not break the run
                self.samples.append(str(record.msg))

    def __enter__(self) -> ErrorCounter:
        logging.getLogger().addHandler(self)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        logging.getLogger().removeHandler(self)

    def summary(self) -> str:
        """``errors none`` or ``errors 2 logged: first message; second``."""
        if not self.count:
            return "errors none"
        return f"errors {self.count} logged: " + "; ".join(s.splitlines()[0][:150] for s in self.samples)
