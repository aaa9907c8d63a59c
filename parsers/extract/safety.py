"""Cheap checks done before any parser touches a file: zip bombs."""

from __future__ import annotations

import io
import zipfile

from parsers.extract.result import CORRUPT, ZIP_BOMB, ExtractionError, Limits


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse a zip-based file (docx, xlsx, ofd) whose declared uncompressed size or entry count is excessive.

    The sizes in the central directory are an upper bound on what :mod:`zipfile` will inflate (it stops at the
    declared size and fails the CRC check on a lying entry), so checking them is enough.
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
