"""Cheap checks done before any parser touches a file: zip bombs."""

from __future__ import annotations

import io
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
