"""Entry points: sniff the type, apply limits, route to an extractor, and turn every failure into a status."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from parsers.extract import sniff as media
from parsers.extract.result import (
    CORRUPT,
    DEFAULT_LIMITS,
    EMPTY,
    ENCRYPTED,
    OK,
    TOO_LARGE,
    UNSUPPORTED,
    Context,
    ExtractionError,
    ExtractionResult,
    Limits,
)
from parsers.extract.safety import check_pdf_streams, check_zip
from parsers.extract.textutil import plausible_text
from parsers.model import Document

logger = logging.getLogger(__name__)

Extractor = Callable[[bytes, Context], Document]


def _pdf(data: bytes, ctx: Context) -> Document:
    from parsers.extract.pdf import extract_pdf

    check_pdf_streams(data, ctx.limits)
    return extract_pdf(data, ctx)


def _docx(data: bytes, ctx: Context) -> Document:
    from parsers.extract.word import extract_docx

    check_zip(data, ctx.limits)
    return extract_docx(data, ctx)


def _doc(data: bytes, ctx: Context) -> Document:
    from parsers.extract.word import extract_doc

    return extract_doc(data, ctx, suffix="doc")


def _wps(data: bytes, ctx: Context) -> Document:
    """Kingsoft WPS: LibreOffice reads both the OLE (Word-compatible) and the older formats."""
    from parsers.extract.tools import soffice_convert
    from parsers.extract.word import extract_doc, extract_docx

    try:
        converted, step = soffice_convert(data, "wps", "docx", timeout=ctx.limits.tool_timeout)
    except ExtractionError as exc:
        if media.sniff(data) != media.WPS or exc.status == ENCRYPTED:
            raise
        return extract_doc(data, ctx, suffix="wps")  # OLE Word-compatible: antiword can read it
    ctx.steps.append(step)
    return extract_docx(converted, ctx)


def _xls(data: bytes, ctx: Context) -> Document:
    from parsers.extract.sheet import extract_xls

    return extract_xls(data, ctx)


def _xlsx(data: bytes, ctx: Context) -> Document:
    from parsers.extract.sheet import extract_xlsx

    check_zip(data, ctx.limits)
    return extract_xlsx(data, ctx)


def _et(data: bytes, ctx: Context) -> Document:
    from parsers.extract.sheet import extract_et

    return extract_et(data, ctx)


def _odf(data: bytes, ctx: Context) -> Document:
    """OpenDocument text/spreadsheet: LibreOffice -> docx/xlsx."""
    from parsers.extract.sheet import extract_xlsx
    from parsers.extract.tools import soffice_convert
    from parsers.extract.word import extract_docx

    check_zip(data, ctx.limits)
    is_text = media.sniff(data) == media.ODT
    converted, step = soffice_convert(
        data, "odt" if is_text else "ods", "docx" if is_text else "xlsx", timeout=ctx.limits.tool_timeout
    )
    ctx.steps.append(step)
    return extract_docx(converted, ctx) if is_text else extract_xlsx(converted, ctx)


def _rtf(data: bytes, ctx: Context) -> Document:
    from parsers.extract.tools import soffice_convert
    from parsers.extract.word import extract_docx

    converted, step = soffice_convert(data, "rtf", "docx", timeout=ctx.limits.tool_timeout)
    ctx.steps.append(step)
    return extract_docx(converted, ctx)


def _ofd(data: bytes, ctx: Context) -> Document:
    from parsers.extract.ofd import extract_ofd

    check_zip(data, ctx.limits)
    return extract_ofd(data, ctx)


def _image(data: bytes, ctx: Context) -> Document:
    from parsers.extract.image import extract_image

    return extract_image(data, ctx)


def _encrypted_ooxml(data: bytes, ctx: Context) -> Document:
    raise ExtractionError(ENCRYPTED, "The Office file is password-protected; it cannot be read without the password.")


EXTRACTORS: dict[str, Extractor] = {
    media.PDF: _pdf,
    media.DOCX: _docx,
    media.DOC: _doc,
    media.WPS: _wps,
    media.XLS: _xls,
    media.XLSX: _xlsx,
    media.ET: _et,
    media.ODT: _odf,
    media.ODS: _odf,
    media.RTF: _rtf,
    media.OFD: _ofd,
    media.OLE_ENCRYPTED: _encrypted_ooxml,
    **{image_type: _image for image_type in media.IMAGE_TYPES},
}

_UNSUPPORTED_HINTS = {
    media.HTML: "HTML pages are read by parsers.parse_document, not by the attachment extractor.",
    media.TEXT: "Plain text is read by parsers.parse_document, not by the attachment extractor.",
    media.PPT: "PowerPoint files are not supported.",
    media.PPTX: "PowerPoint files are not supported.",
    media.ZIP: "ZIP archives are not unpacked; extract the files inside and pass them one by one.",
}


def extract_bytes(data: bytes, filename: str | None = None, *, limits: Limits | None = None) -> ExtractionResult:
    """Extract text and tables from an attachment.  Never raises for bad input: see ``ExtractionResult.status``."""
    limits = limits or DEFAULT_LIMITS
    media_type = media.sniff(data, filename)
    result = ExtractionResult(status=OK, message="", media_type=media_type, filename=filename)
    if len(data) > limits.max_bytes:
        result.status = TOO_LARGE
        result.message = f"The file has {len(data) / 1e6:.1f} MB (limit {limits.max_bytes / 1e6:.0f} MB)."
        return result
    extractor = EXTRACTORS.get(media_type)
    if extractor is None:
        result.status = UNSUPPORTED
        result.message = _UNSUPPORTED_HINTS.get(
            media_type, f"Unsupported file type ({media_type}); expected PDF, Word, spreadsheet, OFD or image."
        )
        return result
    ctx = Context(limits=limits, deadline=time.monotonic() + limits.total_timeout)
    started = time.perf_counter()
    try:
        document = extractor(data, ctx)
    except ExtractionError as exc:
        result.status, result.message = exc.status, exc.message
    except MemoryError:
        result.status, result.message = TOO_LARGE, "The file needs more memory than available to extract."
    except Exception as exc:  # the batch must go on: an unexpected failure is a damaged-file status
        logger.warning("extraction of %s (%s) failed: %r", filename or "<bytes>", media_type, exc, exc_info=True)
        result.status = CORRUPT
        result.message = f"The file could not be read ({type(exc).__name__}: {exc})."
    else:
        result.document = document
        result.extractor = document.extractor
        if any(step.startswith("soffice") for step in ctx.steps) and not plausible_text(document.text):
            result.document = None
            result.status = CORRUPT
            result.message = "The file is damaged: LibreOffice could only read it as meaningless text."
        elif not document.text.strip():
            result.status = EMPTY
            result.message = "The file was read but contains no text (blank, or an image OCR could not read)."
        else:
            result.message = _summary(document, ctx)
    result.steps = list(ctx.steps)
    result.pages = ctx.pages
    result.ocr_pages = ctx.ocr_pages
    result.warnings = list(ctx.warnings)
    logger.debug(
        "extracted %s as %s: %s in %.2f s",
        filename or "<bytes>",
        media_type,
        result.status,
        time.perf_counter() - started,
    )
    return result


def _summary(document: Document, ctx: Context) -> str:
    parts = [f"{len(document.text)} characters", f"{len(document.tables)} tables"]
    if ctx.pages:
        parts.append(f"{ctx.pages} pages")
    if ctx.ocr_pages:
        parts.append(f"{ctx.ocr_pages} by OCR")
    return "Extracted " + ", ".join(parts) + "."


def extract_path(path: str | Path, *, limits: Limits | None = None) -> ExtractionResult:
    """:func:`extract_bytes` on a file; the size cap is checked before the file is read."""
    path = Path(path)
    limits = limits or DEFAULT_LIMITS
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            with path.open("rb") as handle:
                head = handle.read(4096)
            return ExtractionResult(
                status=TOO_LARGE,
                message=f"The file has {size / 1e6:.1f} MB (limit {limits.max_bytes / 1e6:.0f} MB).",
                media_type=media.sniff(head, path.name),
                filename=path.name,
            )
        data = path.read_bytes()
    except OSError as exc:
        return ExtractionResult(
            status=CORRUPT,
            message=f"The file cannot be read ({exc.strerror or exc}).",
            media_type=media.UNKNOWN,
            filename=path.name,
        )
    return extract_bytes(data, path.name, limits=limits)
