"""Build the Datasette instance `ogi serve` runs: the catalog opened read-only, with ogi's plugin."""

from __future__ import annotations

import logging
from pathlib import Path

from datasette.app import Datasette
from datasette.plugins import pm

from archive import Archive
from scheduler.datasette import plugin
from scheduler.datasette.metadata import build_metadata

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
SETTINGS = {
    "sql_time_limit_ms": 5000,  # a 2-character search scans every report text
    "facet_time_limit_ms": 500,
    "default_page_size": 100,
    "allow_download": False,  # the catalog is not offered as a file; query it instead
}


def make_datasette(archive_dir: Path) -> Datasette:
    """Datasette over ``archive_dir/catalog.sqlite``.

    The archive is opened once first so pending migrations (the search index) are applied; Datasette then
    opens the catalog with ``mode=ro``: queries cannot write, and a crawl may write at the same time (WAL).
    """
    archive = Archive.open(archive_dir)
    catalog = archive.catalog_path
    archive.close()
    if pm.get_plugin("ogi") is None:
        pm.register(plugin, name="ogi")
    return Datasette(
        files=[str(catalog)],
        metadata=build_metadata(archive_dir),
        template_dir=str(TEMPLATES),
        settings=SETTINGS,
    )
