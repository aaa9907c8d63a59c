"""Harvest and schedule settings: one TOML file, every key documented here and in docs/scheduling.md.

Looked up as ``--settings FILE``, else ``<archive>/ogi-settings.toml``, else the defaults below.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from archive.reports import REMOVAL_RUNS

SETTINGS_NAME = "ogi-settings.toml"

#: (section.key, default, help) -- the one table of harvest settings; tests check docs/scheduling.md lists them
SETTINGS: list[tuple[str, Any, str]] = [
    ("schedule.timezone", "Asia/Shanghai", "Time zone of the nightly run time."),
    ("schedule.time", "02:30", "Local time of the nightly harvest (HH:MM)."),
    ("schedule.jitter_minutes", 20, "Random delay added to each run, in minutes (spreads load on portals)."),
    ("schedule.season_start", "01-15", "First day (MM-DD) of the reporting season, when harvests run daily."),
    ("schedule.season_end", "04-30", "Last day (MM-DD) of the reporting season."),
    ("schedule.off_season_day", "sun", "Weekday of the weekly harvest outside the season (mon..sun)."),
    ("schedule.misfire_grace_minutes", 360, "A run missed while the scheduler was down still runs within this delay."),
    ("harvest.portals", [], "Portal ids to harvest; empty means every portal of the registry."),
    ("harvest.urls", [], "Extra start URLs (ad hoc), harvested with their own hosts allowed."),
    ("harvest.max_pages", 0, "Stop a crawl after this many pages (0: no limit)."),
    ("harvest.max_depth", 0, "Maximum link depth from a start URL (0: the crawler's default)."),
    ("harvest.crawl_timeout_minutes", 300, "Kill the crawl child process after this many minutes."),
    ("harvest.recheck_min_hours", 20.0, "Known reports and attachments are not asked again sooner than this."),
    ("harvest.recheck_max_days", 7.0, "Known reports and attachments are asked again at least this often."),
    ("harvest.recheck_factor", 0.5, "In between: recheck after this share of the time the content has been unchanged."),
    ("harvest.removal_runs", REMOVAL_RUNS, "A report is 'removed' after this many consecutive runs finding it gone."),
    ("harvest.allow_private", False, "Allow hosts on loopback/private networks (tests and the demo only)."),
    ("harvest.crawl_args", [], "Extra arguments passed to the crawl child process."),
]


@dataclass
class ScheduleSettings:
    timezone: str = "Asia/Shanghai"
    time: str = "02:30"
    jitter_minutes: int = 20
    season_start: str = "01-15"
    season_end: str = "04-30"
    off_season_day: str = "sun"
    misfire_grace_minutes: int = 360


@dataclass
class HarvestSettings:
    portals: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    max_pages: int = 0
    max_depth: int = 0
    crawl_timeout_minutes: float = 300
    recheck_min_hours: float = 20.0
    recheck_max_days: float = 7.0
    recheck_factor: float = 0.5
    removal_runs: int = REMOVAL_RUNS
    allow_private: bool = False
    crawl_args: list[str] = field(default_factory=list)


@dataclass
class Settings:
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    harvest: HarvestSettings = field(default_factory=HarvestSettings)
    source: str = "defaults"


class SettingsError(ValueError):
    """The settings file cannot be read or holds an unknown key or a value of the wrong type."""


def _apply(target: Any, section: str, values: dict[str, Any]) -> None:
    known = {f.name: f for f in fields(target)}
    for key, value in values.items():
        if key not in known:
            raise SettingsError(f"unknown setting {section}.{key}; known: {', '.join(sorted(known))}")
        default = getattr(target, key)
        if isinstance(default, bool) != isinstance(value, bool) or (
            not isinstance(default, bool)
            and not isinstance(value, type(default))
            and not (isinstance(default, float) and isinstance(value, int))
        ):
            raise SettingsError(f"{section}.{key} must be {type(default).__name__}, got {value!r}")
        setattr(target, key, value)


def load_settings(archive_dir: Path, path: Path | None = None) -> Settings:
    """Read settings from ``path`` or the archive's ``ogi-settings.toml``; defaults when neither exists."""
    candidate = path or archive_dir / SETTINGS_NAME
    settings = Settings()
    if path is None and not candidate.exists():
        return settings
    try:
        data = tomllib.loads(candidate.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SettingsError(f"settings file {candidate} does not exist") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{candidate} is not valid TOML: {exc}") from exc
    for section, values in data.items():
        if section not in ("schedule", "harvest") or not isinstance(values, dict):
            raise SettingsError(f"{candidate}: unknown section [{section}]; use [schedule] and [harvest]")
        _apply(getattr(settings, section), section, values)
    settings.source = str(candidate)
    return settings
