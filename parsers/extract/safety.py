"""Cheap checks done before any parser touches a file: zip bombs, in ZIP containers and in PDF streams."""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from parsers.extract.result import CORRUPT, ZIP_BOMB, ExtractionError, Limits

_CHUNK = 64 * 1024


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse a zip-based file (docx, xlsx, ofd) whose uncompressed size or entry count is excessive.

    The declared sizes are checked first, then every entry is inflated once in small chunks, so an entry that
    inflates to more than it declares (a 2 GB ``document.xml`` declared as 5,000 bytes: :mod:`zipfile` inflates a
    whole entry in one call when asked for all of it) is refused before any reader asks for all of it.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ExtractionError(CORRUPT, f"The file is a damaged ZIP container ({exc}).") from exc
    if len(infos) > limits.max_zip_entries:
        raise ExtractionError(
            ZIP_BOMB, f"The ZIP container holds {len(infos)} entries (limit {limits.max_zip_entries})."
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_unzipped_bytes:
        raise ExtractionError(
            ZIP_BOMB,
            f"The file would unpack to {total / 1e6:.0f} MB (limit {limits.max_unzipped_bytes / 1e6:.0f} MB);"
            " refusing a possible zip bomb.",
        )
    packed = max(1, sum(info.compress_size for info in infos))
    if total > 10 * 1024 * 1024 and total / packed > limits.max_zip_ratio:
        raise ExtractionError(
            ZIP_BOMB,
            f"The file unpacks {total / packed:.0f} times its packed size (limit {limits.max_zip_ratio:.0f});"
            " refusing a possible zip bomb.",
        )
    _inflate_each(data, limits)


def _inflate_each(data: bytes, limits: Limits) -> None:
    """Inflate every entry in chunks: the bytes actually inflated must fit the limit, and each entry must be what it
    declares (its size and CRC-32)."""
    inflated = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            try:
                with archive.open(info) as entry:
                    while chunk := entry.read(_CHUNK):
                        inflated += len(chunk)
                        if inflated > limits.max_unzipped_bytes:
                            raise ExtractionError(
                                ZIP_BOMB,
                                f"The file unpacks to more than {limits.max_unzipped_bytes / 1e6:.0f} MB;"
                                " refusing a possible zip bomb.",
                            )
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
                raise ExtractionError(
                    ZIP_BOMB,
                    f"The entry {info.filename} of the ZIP container is not what it declares ({exc}); refusing a"
                    " possible zip bomb or a damaged file.",
                ) from exc


#: the start of a PDF stream's data, after its dictionary (``<< /Filter /FlateDecode /Length 42 >> stream``)
_PDF_STREAM = re.compile(rb"stream\r?\n")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")


def check_pdf_streams(data: bytes, limits: Limits) -> None:
    """Refuse a PDF whose Flate streams inflate to more than ``max_unzipped_bytes`` together: each is inflated once
    in 64 KB chunks (pdfminer would inflate a stream whole, so a 2 MB file could fill gigabytes); damaged streams
    are left to the PDF reader to report."""
    inflated = 0
    for start in _PDF_STREAM.finditer(data):
        dictionary = data[max(0, start.start() - 400) : start.start()]
        opened = dictionary.rfind(b"<<")
        if opened < 0 or not _FLATE.search(dictionary[opened:]):
            continue
        end = data.find(b"endstream", start.end())
        body = data[start.end() : end if end >= 0 else len(data)]
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(body, _CHUNK)
            while chunk:
                inflated += len(chunk)
                if inflated > limits.max_unzipped_bytes:
                    raise ExtractionError(
                        ZIP_BOMB,
                        f"The PDF's compressed streams unpack to more than {limits.max_unzipped_bytes / 1e6:.0f} MB;"
                        " refusing a possible decompression bomb.",
                    )
                chunk = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
        except zlib.error:
            continue
