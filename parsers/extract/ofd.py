"""OFD (GB/T 33190) via the ofdkit library: positioned text runs -> paragraphs and text-aligned tables."""

from __future__ import annotations

import logging

from parsers.extract.blocks import Page, build_items, join_across_pages, words_to_items
from parsers.extract.layout import Word
from parsers.extract.result import CORRUPT, TOO_MANY_PAGES, UNSUPPORTED, Context, ExtractionError
from parsers.model import Document, DocumentBuilder

logger = logging.getLogger(__name__)


def extract_ofd(data: bytes, ctx: Context) -> Document:
    try:
        import ofdkit
    except ImportError as exc:  # optional dependency
        raise ExtractionError(UNSUPPORTED, "OFD files need the 'ofdkit' package (pip install ofdkit).") from exc
    try:
        document = ofdkit.open(data)
    except ofdkit.OFDError as exc:
        raise ExtractionError(CORRUPT, f"The OFD file cannot be read ({exc}).") from exc
    pages: list[Page] = []
    title = getattr(document.info, "title", "") or ""
    with document:
        ctx.pages = len(document.pages)
        if ctx.pages > ctx.limits.max_pages:
            raise ExtractionError(TOO_MANY_PAGES, f"The OFD has {ctx.pages} pages (limit {ctx.limits.max_pages}).")
        for number, page in enumerate(document.pages, start=1):
            ctx.check_time()
            try:
                runs = page.runs
                width = float(page.width)
            except ofdkit.OFDError as exc:
                ctx.warnings.append(f"page {number}: unreadable ({exc})")
                continue
            words = [
                Word(run.text, run.x, run.x + max(run.width, 0.1), run.y - run.size, run.y)
                for run in runs
                if run.text.strip()
            ]
            pages.append(Page(items=[item for _, item in words_to_items(words, origin="ofd")], width=width))
        ctx.warnings.extend(document.warnings)
    builder = DocumentBuilder(extractor=f"ofdkit {ofdkit.__version__}")
    builder.steps = list(ctx.steps)
    build_items(builder, join_across_pages(pages), declared_title=title)
    return builder.build()
