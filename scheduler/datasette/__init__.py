"""`ogi serve`: Datasette on the catalog, read-only, with ogi's metadata, canned queries and a small plugin."""

from scheduler.datasette.app import make_datasette

__all__ = ["make_datasette"]
