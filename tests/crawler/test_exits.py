"""One mapping of how a crawl ended to an exit status, for ``python -m crawler`` and ``ogi crawl`` alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive import ArchiveLockedError, NotAnArchiveError
from crawler import exits
from crawler.errors import NothingToCrawlError, UnsafeStartError
from crawler.recheck import RecheckSettingsError
from crawler.registry import RegistryError
from crawler.summary import CrawlSummary

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ArchiveLockedError("locked"), exits.EXIT_LOCKED),
        (NotAnArchiveError("not one"), exits.EXIT_USAGE),
        (NothingToCrawlError("nothing"), exits.EXIT_USAGE),
        (UnsafeStartError("refused"), exits.EXIT_USAGE),
        (RecheckSettingsError("contradict"), exits.EXIT_USAGE),
        (RegistryError("bad file"), exits.EXIT_USAGE),
    ],
)
def test_every_start_error_has_one_exit_status(error: Exception, code: int) -> None:
    assert isinstance(error, exits.CRAWL_START_ERRORS)
    assert exits.start_error(error)[0] == code


def test_a_finished_crawl_exits_by_its_status() -> None:
    assert exits.finished(CrawlSummary(status="ok")) == 0
    assert exits.finished(CrawlSummary(status="failed")) == 4
    assert exits.finished(CrawlSummary(status="interrupted")) == 130


def test_both_crawl_commands_use_the_mapping() -> None:
    for path in ("crawler/__main__.py", "scheduler/commands/crawl.py"):
        text = (ROOT / path).read_text(encoding="utf-8")
        assert "exits.start_error" in text and "exits.finished" in text, path
        assert "ArchiveLockedError" not in text, f"{path} maps exceptions itself"
