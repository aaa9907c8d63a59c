"""Settings file and the season-aware trigger."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from scheduler.settings import SETTINGS, SETTINGS_NAME, ScheduleSettings, Settings, SettingsError, load_settings
from scheduler.triggers import harvest_trigger

ROOT = Path(__file__).resolve().parents[2]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def fire_times(settings: ScheduleSettings, start: datetime, n: int) -> list[datetime]:
    trigger = harvest_trigger(settings)
    out, previous, now = [], None, start
    for _ in range(n):
        nxt = trigger.get_next_fire_time(previous, now)
        out.append(nxt)
        previous = now = nxt
    return out


def test_daily_in_the_reporting_season_weekly_outside() -> None:
    settings = ScheduleSettings(jitter_minutes=0)
    january = fire_times(settings, datetime(2027, 1, 5, tzinfo=SHANGHAI), 6)
    assert [t.strftime("%m-%d %H:%M") for t in january] == [
        "01-10 02:30",
        "01-15 02:30",
        "01-16 02:30",
        "01-17 02:30",
        "01-18 02:30",
        "01-19 02:30",
    ]
    assert january[0].strftime("%a") == "Sun"
    spring = fire_times(settings, datetime(2027, 4, 28, 12, tzinfo=SHANGHAI), 4)
    assert [t.strftime("%m-%d") for t in spring] == ["04-29", "04-30", "05-02", "05-09"]
    assert all(t.strftime("%a") == "Sun" for t in spring[2:])
    assert all(t.utcoffset().total_seconds() == 8 * 3600 for t in spring)


def test_jitter_stays_within_the_window() -> None:
    settings = ScheduleSettings(jitter_minutes=20)
    for t in fire_times(settings, datetime(2027, 2, 1, tzinfo=SHANGHAI), 20):
        assert t.hour == 2 and 30 <= t.minute < 50


def test_settings_defaults_file_and_errors(tmp_path: Path) -> None:
    assert load_settings(tmp_path).source == "defaults"
    (tmp_path / SETTINGS_NAME).write_text(
        '[schedule]\ntime = "03:15"\n[harvest]\nportals = ["gd-lg"]\ncrawl_timeout_minutes = 10\n', encoding="utf-8"
    )
    settings = load_settings(tmp_path)
    assert settings.schedule.time == "03:15" and settings.harvest.portals == ["gd-lg"]
    assert settings.harvest.crawl_timeout_minutes == 10 and settings.schedule.timezone == "Asia/Shanghai"
    bad = tmp_path / "bad.toml"
    bad.write_text("[harvest]\nportal = []\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"unknown setting harvest\.portal"):
        load_settings(tmp_path, bad)
    bad.write_text("[harvest]\nremoval_runs = 'two'\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"harvest\.removal_runs must be int"):
        load_settings(tmp_path, bad)
    bad.write_text("[harvest\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(tmp_path, bad)
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(tmp_path, tmp_path / "missing.toml")


def test_every_setting_is_documented_with_its_default() -> None:
    doc = (ROOT / "docs" / "scheduling.md").read_text(encoding="utf-8")
    for key, default, _help in SETTINGS:
        shown = str(default).lower() if isinstance(default, bool) else str(default)
        assert f"| `{key}` | {shown} |" in doc, key
    defaults = Settings()
    for key, default, _help in SETTINGS:  # the documented table and the dataclass defaults agree
        section, _, name = key.partition(".")
        assert getattr(getattr(defaults, section), name) == default, key
