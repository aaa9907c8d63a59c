"""Option sets shared by the `ogi` commands."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_ARCHIVE = "ogi-data"


def resolve_archive_dir(value: str | None) -> Path:
    """``--archive DIR``, else ``$OGI_ARCHIVE``, else ``./ogi-data``."""
    return Path(value or os.environ.get("OGI_ARCHIVE") or DEFAULT_ARCHIVE)


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
