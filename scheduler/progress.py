"""Progress of long `ogi` work (parse --all, archive verify, export): the same four modes as ``ogi crawl``.

``auto`` is a rich bar (count/total, rate, ETA) when stderr is a terminal, else ``plain``: a line on stderr
every ``interval`` seconds or every 5 % of the total (``parsed 120/1500 (8 %), 14/s, ETA 1m38s``), and one
at the end. ``off`` prints nothing.
"""

from __future__ import annotations

import logging
import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

MODES = ("auto", "rich", "plain", "off")
PLAIN_STEP = 0.05  # a plain line every 5 % of the total ...
PLAIN_INTERVAL = 10.0  # ... or every 10 s, whichever comes first


def resolve_mode(mode: str, stream: TextIO | None = None) -> str:
    """``auto`` becomes ``rich`` on a terminal and ``plain`` otherwise; other modes stay."""
    mode = mode.lower()
    if mode not in MODES:
        raise ValueError(f"progress mode {mode!r}: one of {', '.join(MODES)}")
    if mode == "auto":
        stream = stream or sys.stderr
        return "rich" if stream.isatty() else "plain"
    return mode


def duration(seconds: float) -> str:
    """``1m38s``, ``2h05m``, ``7s``."""
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    if minutes:
        return f"{minutes}m{secs:02d}s"
    return f"{secs}s"


def plain_line(verb: str, done: int, total: int | None, elapsed: float, unit: str = "") -> str:
    """``parsed 120/1500 (8 %), 14/s, ETA 1m38s``; without a total: ``exported 1200 rows, 300/s``."""
    rate = done / elapsed if elapsed > 0 else 0.0
    rate_text = f"{rate:.0f}/s" if rate >= 10 else f"{rate:.1f}/s"
    label = f" {unit}" if unit else ""
    if not total:
        return f"{verb} {done}{label}, {rate_text}"
    percent = 100 * done // total
    eta = duration((total - done) / rate) if rate > 0 else "?"
    return f"{verb} {done}/{total}{label} ({percent} %), {rate_text}, ETA {eta}"


class WorkProgress:
    """Count work done; show it as the mode says. Use as a context manager; call :meth:`update`."""

    def __init__(
        self,
        verb: str,
        mode: str = "auto",
        *,
        total: int | None = None,
        unit: str = "",
        interval: float = PLAIN_INTERVAL,
        stream: TextIO | None = None,
    ) -> None:
        self.verb = verb
        self.stream = stream
        self.mode = resolve_mode(mode, self._out())
        self.total = total
        self.unit = unit
        self.interval = interval
        self.done = 0
        self.started = time.monotonic()
        self._last_time = self.started
        self._last_step = 0
        self._printed_done = -1
        self._rich: Progress | None = None
        self._task: TaskID | None = None
        self._moved: list[logging.Handler] = []
        self._rich_handler: logging.Handler | None = None

    def _out(self) -> TextIO:
        return self.stream or sys.stderr

    def __enter__(self) -> WorkProgress:
        self.started = self._last_time = time.monotonic()
        if self.mode == "rich":
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._rich = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(file=self._out()),
                transient=True,
            )
            self._rich.start()
            self._task = self._rich.add_task(self.verb, total=self.total, rate="")
            self._route_logging(self._rich.console)
        return self

    def _route_logging(self, console: Console) -> None:
        """Log records print above the live bar (rich.logging on its console) instead of breaking it."""
        from rich.logging import RichHandler

        root = logging.getLogger()
        self._moved = [h for h in root.handlers if type(h) is logging.StreamHandler]
        if not self._moved:
            return
        self._rich_handler = RichHandler(console=console, show_path=False, level=self._moved[0].level)
        for handler in self._moved:
            root.removeHandler(handler)
        root.addHandler(self._rich_handler)

    def _restore_logging(self) -> None:
        root = logging.getLogger()
        if self._rich_handler is not None:
            root.removeHandler(self._rich_handler)
            self._rich_handler = None
        for handler in self._moved:
            root.addHandler(handler)
        self._moved = []

    def set_total(self, total: int | None) -> None:
        self.total = total
        if self._rich is not None and self._task is not None:
            self._rich.update(self._task, total=total)

    def update(self, done: int, total: int | None = None) -> None:
        """``done`` items so far (of ``total``, when it changes)."""
        if total is not None and total != self.total:
            self.set_total(total)
        self.done = done
        now = time.monotonic()
        if self._rich is not None and self._task is not None:
            elapsed = now - self.started
            rate = f"{done / elapsed:.1f}/s" if elapsed > 0 else ""
            self._rich.update(self._task, completed=done, rate=rate)
            return
        if self.mode != "plain":
            return
        step = int(done / self.total / PLAIN_STEP) if self.total else 0
        if step > self._last_step or now - self._last_time >= self.interval:
            self._last_step = max(step, self._last_step)
            self._print(now)

    def advance(self, count: int = 1) -> None:
        self.update(self.done + count)

    def _print(self, now: float) -> None:
        self._last_time = now
        self._printed_done = self.done
        out = self._out()
        out.write(plain_line(self.verb, self.done, self.total, now - self.started, self.unit) + "\n")
        out.flush()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._rich is not None:
            self._restore_logging()
            self._rich.stop()
            self._rich = None
        elif self.mode == "plain" and self._printed_done != self.done:
            self._print(time.monotonic())
