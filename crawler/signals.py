"""Signals of our own, sent through ``crawler.signals`` like Scrapy's.

``response_analysed(request, response, analysis)``
    sent by :class:`~crawler.downloadermiddlewares.archive.ArchiveMiddleware` once a network response has been
    analysed and archived (``response`` as it came, ``analysis`` a :class:`~crawler.analysis.Analysis`); the
    back-off middleware slows a host down on challenges this way.
"""

from __future__ import annotations

response_analysed = object()
