"""The `ogi` command: one click group; each command lives in scheduler/commands/<name>.py."""

from __future__ import annotations

import logging

import click

from scheduler import __version__
from scheduler.commands import register_all
from scheduler.options import GROUP_ARCHIVE_PARAM


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ogi")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option(
    "--archive",
    GROUP_ARCHIVE_PARAM,
    metavar="DIR",
    default=None,
    help="Archive directory for the command (its own --archive wins).",
)
def cli(verbose: int, group_archive: str | None) -> None:
    """ogi-archive: harvest, archive and read China's annual government information disclosure reports.

    Every command that reads or writes an archive takes --archive DIR, here (`ogi --archive DIR reports`) or
    after the command (which wins); default: $OGI_ARCHIVE, else ./ogi-data.  Listing commands take
    --format table|json|csv.
    """
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


register_all(cli)


def main() -> None:
    cli(prog_name="ogi")
