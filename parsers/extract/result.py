"""Result, status and limit types of attachment extraction.

Every extraction ends in an :class:`ExtractionResult` with a ``status``; nothing in this package lets a bad file
crash a batch.  Extractors signal failure by raising :class:`ExtractionError` with one of the statuses below; the
dispatcher in :mod:`parsers.extract.api` turns it (and any unexpected exception) into a result.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from parsers.model import Document

OK = "ok"
EMPTY = "empty"  # the file was read but holds no text and no table
UNSUPPORTED = "unsupported"  # a file type we do not read (HTML/text go to parsers.parse_document)
ENCRYPTED = "encrypted"
CORRUPT = "corrupt"
TOO_LARGE = "too_large"
TOO_MANY_PAGES = "too_many_pages"
ZIP_BOMB = "zip_bomb"
TIMEOUT = "timeout"
TOOL_MISSING = "tool_missing"  # antiword / soffice / tesseract / pdftoppm not installed
CONVERSION_FAILED = "conversion_failed"  # a converter ran but produced nothing usable

STATUSES = (
    OK,
    EMPTY,
    UNSUPPORTED,
    ENCRYPTED,
    CORRUPT,
    TOO_LARGE,
    TOO_MANY_PAGES,
    ZIP_BOMB,
    TIMEOUT,
    TOOL_MISSING,
    CONVERSION_FAILED,
)


@dataclass(frozen=True)
class Limits:
    """Safety limits applied to one file.  The defaults suit annual reports (a few MB, tens of pages)."""

    #: largest input file accepted, in bytes
    max_bytes: int = 50 * 1024 * 1024
    #: most pages (PDF) accepted; longer files end in ``too_many_pages``
    max_pages: int = 300
    #: most pages that may be OCR'd in one PDF (image-only pages beyond this are reported, not read)
    max_ocr_pages: int = 50
    #: cap on the summed uncompressed size of a zip-based file (docx, xlsx, ofd)
    max_unzipped_bytes: int = 200 * 1024 * 1024
    #: cap on the compression ratio of a zip-based file bigger than 10 MB uncompressed
    max_zip_ratio: float = 200.0
    #: most entries in a zip-based file
    max_zip_entries: int = 10_000
    #: most pixels of one image handed to OCR (decompression bombs)
    max_image_pixels: int = 60_000_000
    #: most spreadsheet cells read per sheet
    max_sheet_cells: int = 500_000
    #: seconds for one converter process (soffice, antiword, tesseract, pdftoppm)
    tool_timeout: float = 120.0
    #: seconds for the whole extraction of one file (checked between pages)
    total_timeout: float = 600.0


DEFAULT_LIMITS = Limits()


class ExtractionError(Exception):
    """Raised inside extractors: a per-file failure with a status and a user-facing message."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class ExtractionResult:
    """Outcome of extracting one attachment."""

    status: str
    message: str
    #: media type sniffed from the magic bytes (not the file name)
    media_type: str
    document: Document | None = None
    #: extractor name and version, e.g. "pdfplumber 0.11.10", "antiword 0.37", "tesseract 5.3.0"
    extractor: str = ""
    #: conversions applied before extraction, e.g. ["soffice 7.4.7.2 doc->docx"]
    steps: list[str] = field(default_factory=list)
    #: pages (PDF/OFD), sheets (spreadsheets) or 1 (images, Word files)
    pages: int = 0
    #: pages that were read with OCR
    ocr_pages: int = 0
    filename: str | None = None
    #: non-fatal problems worth showing (page skipped, OCR page cap reached ...)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == OK


@dataclass
class Context:
    """Per-file state handed to extractors: limits, the deadline, and what they report back."""

    limits: Limits
    deadline: float
    steps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int = 0
    ocr_pages: int = 0

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise ExtractionError(
                TIMEOUT, f"Extraction took longer than {self.limits.total_timeout:g} s and was stopped."
            )
