"""Every OGI_* setting the crawler reads is in the defaults table and documented in docs/crawler.md."""

from __future__ import annotations

import re
from pathlib import Path

from crawler.registry import ENV_USER_REGISTRY
from crawler.settings import OGI_SETTINGS, SCRAPY_SETTINGS

ROOT = Path(__file__).resolve().parents[2]


def test_every_ogi_setting_is_documented_with_its_default() -> None:
    text = (ROOT / "docs" / "crawler.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(OGI_[A-Z_]+)` \| ([^|]+) \|", text, flags=re.M))
    for name, default, help_text in OGI_SETTINGS:
        assert name in rows, f"document {name} in docs/crawler.md"
        assert rows[name].strip() == str(default), name
        assert help_text


def test_every_ogi_setting_read_in_the_code_is_declared() -> None:
    declared = {name for name, _, _ in OGI_SETTINGS}
    used = set()
    for path in (ROOT / "crawler").rglob("*.py"):
        used.update(re.findall(r"[\"'](OGI_[A-Z_]+)[\"']", path.read_text(encoding="utf-8")))
    assert used - declared - {ENV_USER_REGISTRY} == set()  # $OGI_PORTALS is an environment variable


def test_batch_safety_settings() -> None:
    assert SCRAPY_SETTINGS["ROBOTSTXT_OBEY"] is True
    assert SCRAPY_SETTINGS["CONCURRENT_REQUESTS_PER_DOMAIN"] == 1
    assert SCRAPY_SETTINGS["REMOTE_CONTROL_ENABLED"] is False
    assert SCRAPY_SETTINGS["TELNETCONSOLE_ENABLED"] is False
    assert "+https://" in SCRAPY_SETTINGS["USER_AGENT"]


def test_components_read_settings_without_fallback_defaults() -> None:
    """Defaults live in crawler/settings.py only: no ``settings.getint("OGI_X", 3)`` that could drift from it."""
    fallback = re.compile(r"""\.get(?:int|float|bool)?\(\s*["'](?:OGI_|AUTOTHROTTLE_)[A-Z_]+["']\s*,""")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "crawler").rglob("*.py")
        if fallback.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
