"""Option sets shared by the `ogi` commands."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from archive import Archive, ArchiveError

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_ARCHIVE = "ogi-data"


def resolve_archive_dir(value: str | None) -> Path:
    """``--archive DIR``, else ``$OGI_ARCHIVE``, else ``./ogi-data``."""
    return Path(value or os.environ.get("OGI_ARCHIVE") or DEFAULT_ARCHIVE)


def open_archive(archive_dir: Path) -> Archive:
    """Open an existing archive; a missing or broken one becomes a click error that says what to do."""
    try:
        return Archive.open(archive_dir)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc


def archive_option(func: F) -> F:
    """Add ``--archive DIR`` to a command; the command receives ``archive_dir: Path``."""
    return click.option(
        "--archive",
        "archive_dir",
        metavar="DIR",
        default=None,
        callback=lambda _ctx, _param, value: resolve_archive_dir(value),
        help="Archive directory (default: $OGI_ARCHIVE, else ./ogi-data).",
    )(func)
