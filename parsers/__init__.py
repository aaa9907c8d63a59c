"""Parsers for annual OGI reports: pure functions from a page or text to a :class:`ParsedReport`.

No I/O and no imports from the rest of the project.  Entry points::

    parse_html(data, url=None, declared_charset=None) -> ParsedReport
    parse_text(text) -> ParsedReport
    parse_document(doc) -> ParsedReport
    html_to_document(data, url=None, declared_charset=None) -> Document
    text_to_document(text) -> Document
"""

from __future__ import annotations

import logging

from parsers.decode import UndecodableError, decode_bytes
from parsers.html import html_to_document
from parsers.model import Cell, Document, DocumentBuilder, Table
from parsers.pipeline import parse_document
from parsers.report import (
    STATUS_EMPTY,
    STATUS_UNDECODABLE,
    STATUSES,
    Check,
    Observation,
    ParsedReport,
    ReportMeta,
)
from parsers.text import text_to_document
from parsers.version import PARSER_VERSION

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "PARSER_VERSION",
    "STATUSES",
    "Cell",
    "Check",
    "Document",
    "DocumentBuilder",
    "Observation",
    "ParsedReport",
    "ReportMeta",
    "Table",
    "UndecodableError",
    "decode_bytes",
    "html_to_document",
    "parse_document",
    "parse_html",
    "parse_text",
    "text_to_document",
]


def parse_html(data: bytes | str, url: str | None = None, declared_charset: str | None = None) -> ParsedReport:
    """Parse an HTML page (bytes are decoded first; see :func:`parsers.decode.decode_bytes`)."""
    if isinstance(data, bytes) and not data.strip():
        return ParsedReport(STATUS_EMPTY, ReportMeta(), message="empty file")
    try:
        doc = html_to_document(data, url=url, declared_charset=declared_charset)
    except UndecodableError as exc:
        return ParsedReport(STATUS_UNDECODABLE, ReportMeta(), message=str(exc))
    return parse_document(doc)


def parse_text(text: str) -> ParsedReport:
    """Parse plain text (flattened tables are recognised in place)."""
    return parse_document(text_to_document(text))
