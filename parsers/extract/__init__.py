"""Attachment extraction: PDF, Word (DOCX/DOC/WPS), spreadsheets (XLS/XLSX/ET), OFD and images (OCR).

>>> result = extract_path("report.pdf")                      # doctest: +SKIP
>>> result.status, result.extractor, result.document.tables   # doctest: +SKIP

Every call returns an :class:`ExtractionResult`; bad input never raises.  See docs/attachments.md.
"""

from __future__ import annotations

from parsers.extract.api import extract_bytes, extract_path
from parsers.extract.result import STATUSES, ExtractionResult, Limits
from parsers.extract.sniff import sniff

__all__ = ["STATUSES", "ExtractionResult", "Limits", "extract_bytes", "extract_path", "sniff"]
