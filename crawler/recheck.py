"""When to ask again for a report page or attachment already in the archive (adaptive recheck).

List pages are always revalidated: that is where new reports appear.  A known report or attachment is
asked again once it is *due*: after ``factor`` × the time its content has been stable, bounded by
``min_interval`` and ``max_interval``.  With the defaults (20 h, 7 days, 0.5) a report is checked every night
for about two days after it appeared or changed (a correction is likeliest then), every 3.5 days once it has
been stable for a week, and once a week after two weeks, so a silent edit is seen within a week at most and a
nightly harvest of a large portal asks mostly list pages.
``--recheck-all`` (both bounds 0) asks every known URL on every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from archive.history import UrlHistory
from crawler.settings import ogi_default

#: classifications the policy applies to; every other page is asked on every run
RECHECKED_CLASSES = ("report", "attachment")


class RecheckSettingsError(ValueError):
    """The recheck settings contradict each other."""


@dataclass(frozen=True)
class RecheckPolicy:
    min_interval: timedelta = timedelta(hours=ogi_default("OGI_RECHECK_MIN_HOURS"))
    max_interval: timedelta = timedelta(days=ogi_default("OGI_RECHECK_MAX_DAYS"))
    factor: float = ogi_default("OGI_RECHECK_FACTOR")

    def __post_init__(self) -> None:
        if self.min_interval < timedelta(0) or self.factor < 0:
            raise RecheckSettingsError("recheck intervals and factor cannot be negative")
        if self.max_interval < self.min_interval:
            raise RecheckSettingsError(
                f"OGI_RECHECK_MAX_DAYS ({self.max_interval}) is shorter than OGI_RECHECK_MIN_HOURS "
                f"({self.min_interval}); raise the maximum or lower the minimum"
            )

    @classmethod
    def from_settings(cls, settings: Any) -> RecheckPolicy:
        """From Scrapy settings (``OGI_RECHECK_MIN_HOURS``, ``OGI_RECHECK_MAX_DAYS``, ``OGI_RECHECK_FACTOR``)."""
        return cls(
            min_interval=timedelta(hours=settings.getfloat("OGI_RECHECK_MIN_HOURS")),
            max_interval=timedelta(days=settings.getfloat("OGI_RECHECK_MAX_DAYS")),
            factor=settings.getfloat("OGI_RECHECK_FACTOR"),
        )

    @property
    def always(self) -> bool:
        return self.max_interval == timedelta(0)

    def interval(self, history: UrlHistory) -> timedelta:
        stable = max(timedelta(0), history.last_checked - history.unchanged_since)
        return min(self.max_interval, max(self.min_interval, stable * self.factor))

    def next_check(self, history: UrlHistory) -> datetime:
        return history.last_checked + self.interval(history)

    def due(self, history: UrlHistory, now: datetime) -> bool:
        return self.always or now >= self.next_check(history)
