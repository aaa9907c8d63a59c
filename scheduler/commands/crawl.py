"""`ogi crawl`: harvest portals (or ad-hoc URLs) into the archive, in this process.

The pipeline's recover and crawl stages (:mod:`scheduler.pipeline`); `ogi parse --all` takes the crawl in
(ingest, change detection, feed) as a harvest would."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import click

from archive import Archive, NotAnArchiveError
from crawler import exits
from crawler.registry import Registry
from crawler.run import crawl, select_portals
from crawler.settings import SettingOverrideError, parse_override
from crawler.summary import CrawlSummary, format_summary
from scheduler.error_count import ErrorCounter
from scheduler.options import archive_option, progress_option
from scheduler.pipeline import CRAWL, Pipeline
from scheduler.pipeline.crawl import InProcessCrawl
from scheduler.settings import SettingsError, load_settings


def _overrides(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict[str, Any]:
    """``--set KEY=VALUE`` ... as a settings dict (a later KEY wins)."""
    try:
        return dict(parse_override(value) for value in values)
    except SettingOverrideError as exc:
        raise click.BadParameter(str(exc)) from exc


@click.command("crawl")
@archive_option
@click.option("--portal", "portal_ids", multiple=True, metavar="ID", help="Portal id from the registry (repeatable).")
@click.option("--all", "all_portals", is_flag=True, help="Every portal in the registry.")
@click.option("--url", "urls", multiple=True, metavar="URL", help="Ad-hoc start URL; its host is allowed (repeatable).")
@click.option("--portals", "registry_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE", help="Extra registry file (CSV or JSON) with your own portals.")  # fmt: skip
@click.option(
    "--max-pages", type=click.IntRange(min=0), default=0, help="Stop after this many responses (0: no limit)."
)
@click.option("--max-depth", type=click.IntRange(min=0), default=None, help="Links followed from a start URL [12].")
@click.option(
    "--delay", type=click.FloatRange(min=0), default=None, help="Minimum seconds between requests to one host [1]."
)
@click.option("--user-agent", default=None, help="User-Agent header; keep a contact URL in it.")
@click.option("--allow-private", is_flag=True, help="Allow loopback/private addresses (local test portals only).")
@click.option("--recheck-all", is_flag=True,
              help="Ask again for every known report and attachment, also those checked recently.")  # fmt: skip
@progress_option
@click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE", callback=_overrides,
              help="Override a Scrapy or OGI_* setting, like `scrapy crawl -s` (repeatable; VALUE read as JSON "
                   "when it is JSON). The options above win over --set.")  # fmt: skip
def crawl_command(
    archive_dir: Path,
    portal_ids: tuple[str, ...],
    all_portals: bool,
    urls: tuple[str, ...],
    registry_files: tuple[Path, ...],
    max_pages: int,
    max_depth: int | None,
    delay: float | None,
    user_agent: str | None,
    allow_private: bool,
    recheck_all: bool,
    progress: str,
    overrides: dict[str, Any],
) -> None:
    """Harvest annual-report pages and attachments of portals into the archive.

    Polite by default: robots.txt and Crawl-delay obeyed, one request at a time per host, conditional
    requests for everything already archived.  List pages are asked every time; a known report or
    attachment once it is due (daily while new, weekly once stable; see docs/crawler.md).  Prints a
    summary; exits 3 when the archive is locked.
    """
    settings: dict[str, Any] = {"OGI_PROGRESS": progress, **overrides}
    if delay is not None:
        settings["DOWNLOAD_DELAY"] = delay
        settings["AUTOTHROTTLE_START_DELAY"] = delay
    if user_agent:
        settings["USER_AGENT"] = user_agent
    # Scrapy's own log lines follow `ogi -v` (default: warnings only); rich progress keeps them quiet
    level = logging.getLevelName(logging.getLogger().getEffectiveLevel())
    if progress == "rich" or (progress == "auto" and sys.stderr.isatty()):
        level = "WARNING"
    settings.setdefault("LOG_LEVEL", level if isinstance(level, str) else "WARNING")
    try:  # listings count misses up to the archive's harvest.removal_runs, as in a harvest
        settings.setdefault("OGI_DELIST_RUNS", load_settings(archive_dir).harvest.removal_runs)
    except SettingsError as exc:
        raise click.ClickException(f"{exc}; see docs/scheduling.md for the settings file") from exc
    stage = InProcessCrawl(
        lambda: crawl(
            archive_dir,
            portals,
            urls,
            max_pages=max_pages,
            max_depth=max_depth,
            allow_private=allow_private,
            recheck_all=recheck_all,
            settings=settings,
        )
    )
    try:
        registry = Registry.load(registry_files)
        portals = select_portals(registry, portal_ids, all_portals=all_portals) if (portal_ids or all_portals) else []
        with ErrorCounter() as logged:
            _run_crawl_stages(archive_dir, stage)
    except exits.CRAWL_START_ERRORS as exc:
        code, message = exits.start_error(exc)  # the exit status python -m crawler gives too
        click.echo(f"Error: {message}", err=True)
        raise SystemExit(code) from exc
    summary = stage.summary
    assert summary is not None
    count_logged_errors(summary, logged)
    click.echo(format_summary(summary))
    if exits.finished(summary) != exits.EXIT_OK:
        raise SystemExit(exits.finished(summary))


def _run_crawl_stages(archive_dir: Path, stage: InProcessCrawl) -> None:
    """Recover (an existing archive) and crawl; a directory that is no archive yet has nothing to recover."""
    try:
        archive: Archive | None = Archive.open(archive_dir)
    except NotAnArchiveError:
        archive = None  # new (the crawl creates it), or not an archive (the crawl says so)
    try:
        Pipeline(archive, None, stages=CRAWL, crawl=stage).run()
    finally:
        if archive is not None:
            archive.close()


def count_logged_errors(summary: CrawlSummary, logged: ErrorCounter) -> None:
    """ERROR log records the crawl's own counters missed (a Scrapy or extension error) join its errors, so the
    summary never says "errors none" after one; errors it counted (and logged) are not counted twice."""
    missed = logged.count - sum(summary.errors.values())
    if missed <= 0:
        return
    summary.errors["logged"] += missed
    summary.error_samples.extend(f"logged: {sample}" for sample in logged.samples[:missed])


COMMANDS = [crawl_command]
