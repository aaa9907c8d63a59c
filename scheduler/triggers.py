"""The season-aware harvest trigger: daily in the reporting season, weekly otherwise.

Reports are due by 31 January (departments) and 31 March (governments), so by default harvests run every
night from 15 January to 30 April and once a week for the rest of the year.
"""

from __future__ import annotations

from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger

from scheduler.settings import ScheduleSettings

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _month_day(value: str) -> tuple[int, int]:
    month, _, day = value.partition("-")
    return int(month), int(day)


def _ranges(start: tuple[int, int], end: tuple[int, int]) -> list[tuple[str, str]]:
    """(month expression, day expression) pairs covering start..end inclusive, same year, start <= end."""
    (m1, d1), (m2, d2) = start, end
    if m1 == m2:
        return [(str(m1), f"{d1}-{d2}")]
    out = [(str(m1), f"{d1}-31")]
    if m2 - m1 > 1:
        out.append((f"{m1 + 1}-{m2 - 1}", "*"))
    out.append((str(m2), f"1-{d2}"))
    return out


def _complement(start: tuple[int, int], end: tuple[int, int]) -> list[tuple[str, str]]:
    (m1, d1), (m2, d2) = start, end
    out: list[tuple[str, str]] = []
    if (m1, d1) > (1, 1):
        if d1 > 1:
            out.append((str(m1), f"1-{d1 - 1}"))
        if m1 > 1:
            out.append((f"1-{m1 - 1}", "*"))
    if (m2, d2) < (12, 31):
        out.append((str(m2), f"{d2 + 1}-31"))
        if m2 < 12:
            out.append((f"{m2 + 1}-12", "*"))
    return out


def harvest_trigger(settings: ScheduleSettings) -> OrTrigger:
    """An APScheduler trigger for the nightly harvest with jitter, in the configured time zone."""
    hour, _, minute = settings.time.partition(":")
    if settings.off_season_day not in WEEKDAYS:
        raise ValueError(f"schedule.off_season_day must be one of {', '.join(WEEKDAYS)}")
    start, end = _month_day(settings.season_start), _month_day(settings.season_end)
    if start > end:
        raise ValueError("schedule.season_start must come before schedule.season_end within one year")
    common = {"hour": int(hour), "minute": int(minute or 0), "timezone": settings.timezone}
    triggers = [CronTrigger(month=m, day=d, **common) for m, d in _ranges(start, end)]
    triggers += [
        CronTrigger(month=m, day=d, day_of_week=settings.off_season_day, **common) for m, d in _complement(start, end)
    ]
    return OrTrigger(triggers, jitter=int(settings.jitter_minutes * 60) or None)
