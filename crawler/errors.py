"""Exceptions :func:`crawler.run.crawl` raises before a crawl starts (besides the archive's and the registry's).

Their exit statuses are in :mod:`crawler.exits`.
"""

from __future__ import annotations


class NothingToCrawlError(Exception):
    """No portal and no URL was given."""


class UnsafeStartError(Exception):
    """The address guard (crawler.safety) refuses every start URL: the crawl would ask nothing."""
