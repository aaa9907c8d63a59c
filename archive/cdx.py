"""CDXJ index of the archive's WARC files, written by cdxj-indexer (the pywb-compatible format)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from cdxj_indexer.main import CDXJIndexer

if TYPE_CHECKING:
    from archive.store import Archive


def write_cdxj(archive: Archive, output: TextIO) -> int:
    """Write a sorted CDXJ index of every WARC file to ``output``; returns the number of lines."""
    files = [str(p) for p in sorted(archive.warc_dir.glob("*.warc.gz"))]
    if not files:
        return 0
    tmp = archive.path / "index.cdxj.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        indexer = CDXJIndexer(handle, files, sort=True, dir_root=str(archive.warc_dir))
        indexer.process_all()
    lines = Path(tmp).read_text(encoding="utf-8")
    tmp.unlink()
    output.write(lines)
    return lines.count("\n")
