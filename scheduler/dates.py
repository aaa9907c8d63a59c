"""Dates typed by people: ISO dates (2026-12-03, 2026-12-3) and relative forms (today, yesterday, 7d, 2w, "3 days").

:func:`parse_day` is pure (``today`` is passed in); :class:`DayType` is the click parameter type that turns
anything else into a usage error saying what is accepted.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import click

ACCEPTED = "a date (2026-12-03 or 2026-12-3) or a relative form: today, yesterday, 7d, 2w, '3 days', '2 weeks ago'"

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_RELATIVE = re.compile(r"^(\d+)\s*(d|days?|w|weeks?)(?:\s+ago)?$")
_NAMED = {"today": 0, "yesterday": 1}


class DayError(ValueError):
    """The text is neither an ISO date nor a relative form."""


def parse_day(text: str, today: date) -> date:
    """The day ``text`` names, counting relative forms back from ``today``; raises DayError."""
    value = " ".join(text.strip().lower().split())
    if value in _NAMED:
        return today - timedelta(days=_NAMED[value])
    if m := _ISO.match(value):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError as exc:
            raise DayError(f"{text!r} is not a real date ({exc})") from exc
    if m := _RELATIVE.match(value):
        days = int(m.group(1)) * (7 if m.group(2).startswith("w") else 1)
        return today - timedelta(days=days)
    raise DayError(f"cannot read {text!r} as a date")


class DayType(click.ParamType):
    """A click parameter: the day as ``YYYY-MM-DD`` (relative forms count back from today, UTC)."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if isinstance(value, date):
            return value.isoformat()
        try:
            return parse_day(str(value), datetime.now(UTC).date()).isoformat()
        except DayError as exc:
            self.fail(f"{exc}; give {ACCEPTED}", param, ctx)
