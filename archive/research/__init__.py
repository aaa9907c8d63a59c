"""Read-only catalog queries for researchers: series, report lists, long-format export, full-text search.

Pure functions over a ``sqlite3.Connection`` (the CLI passes ``Archive.db.conn``; the Datasette plugin passes
Datasette's own read-only connection).  Nothing here writes, and nothing here knows about click.
"""

from archive.research.errors import InvalidFilterError, ResearchError
from archive.research.export import EXPORT_COLUMNS, export_rows
from archive.research.filters import ReportFilter, parse_region, parse_years
from archive.research.query import connect_readonly
from archive.research.reports import REPORT_COLUMNS, list_reports
from archive.research.search import SearchHit, search
from archive.research.series import SERIES_COLUMNS, Reading, SeriesRow, series

__all__ = [
    "EXPORT_COLUMNS",
    "REPORT_COLUMNS",
    "SERIES_COLUMNS",
    "InvalidFilterError",
    "Reading",
    "ReportFilter",
    "ResearchError",
    "SearchHit",
    "SeriesRow",
    "connect_readonly",
    "export_rows",
    "list_reports",
    "parse_region",
    "parse_years",
    "search",
    "series",
]
