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
GROUP_ARCHIVE_PARAM = "group_archive"  # `ogi --archive DIR`: the default of every command's --archive


def resolve_archive_dir(value: str | None) -> Path:
    """``--archive DIR`` (the command's, else the group's), else ``$OGI_ARCHIVE``, else ``./ogi-data``."""
    return Path(value or os.environ.get("OGI_ARCHIVE") or DEFAULT_ARCHIVE)


def open_archive(archive_dir: Path) -> Archive:
    """Open an existing archive; a missing or broken one becomes a click error that says what to do."""
    try:
        return Archive.open(archive_dir)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc


def _archive_callback(ctx: click.Context, _param: click.Parameter, value: str | None) -> Path:
    """The command's own ``--archive`` wins over the group's (``ogi --archive DIR COMMAND``)."""
    return resolve_archive_dir(value or ctx.find_root().params.get(GROUP_ARCHIVE_PARAM))


def archive_option(func: F) -> F:
    """Add ``--archive DIR`` to a command; the command receives ``archive_dir: Path``."""
    return click.option(
        "--archive",
        "archive_dir",
        metavar="DIR",
        default=None,
        callback=_archive_callback,
        help="Archive directory (default: `ogi --archive DIR`, else $OGI_ARCHIVE, else ./ogi-data).",
    )(func)


#: the ``--format`` values of every listing command
LISTING_FORMATS = ("table", "json", "csv")


def format_option(func: F) -> F:
    """``--format table|json|csv`` (the command receives ``fmt``) and the hidden, deprecated ``--json``.

    ``--json`` (``legacy_json``) is kept so scripts written before ``--format`` still get what they parsed.
    """
    func = click.option(
        "--json", "legacy_json", is_flag=True, hidden=True, help="Deprecated: the old JSON output; use --format json."
    )(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(LISTING_FORMATS),
        default="table",
        show_default=True,
        help="table for people; json (one array) or csv for programs.",
    )(func)


def progress_option(func: F) -> F:
    """``--progress auto|rich|plain|off`` (the command receives ``progress``), as ``ogi crawl`` has it."""
    from scheduler.progress import MODES

    return click.option(
        "--progress",
        type=click.Choice(MODES),
        default="auto",
        show_default=True,
        help="Progress on stderr: rich on a terminal (auto), plain periodic lines, or off.",
    )(func)
