"""What the spider receives for an archived page: :class:`AnalysedResponse`, the analysis instead of the body."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.http import Response

if TYPE_CHECKING:
    from crawler.analysis import Analysis


class AnalysedResponse(Response):
    """Status and headers of a network response, an empty body and the :class:`~crawler.analysis.Analysis` of it.

    The body was analysed (decoded, parsed, classified) once, by the archive middleware; the spider reads the
    analysis, so Scrapy neither decompresses nor re-decodes the body again.
    """

    attributes: tuple[str, ...] = (*Response.attributes, "analysis")

    def __init__(self, *args: Any, analysis: Analysis, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.analysis = analysis
