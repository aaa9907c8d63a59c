"""CDXJ index of the archive's WARC files, written by cdxj-indexer (the pywb-compatible format).

A revisit's line has ``mime`` ``warc/revisit`` and ``digest`` the original's payload digest (pywb finds the
original by URL and digest), plus ``refersTo``, ``refersToTargetURI`` and ``refersToDate``: the record, URL and
time of its original, from the record's ``WARC-Refers-To*`` fields (absent on other lines).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TextIO

from cdxj_indexer.main import CDXJIndexer

if TYPE_CHECKING:
    from archive.store import Archive

REFERS_TO_FIELDS = {
    "warc-refers-to": "refersTo",
    "warc-refers-to-target-uri": "refersToTargetURI",
    "warc-refers-to-date": "refersToDate",
}


class _Indexer(CDXJIndexer):
    field_names: ClassVar[dict[str, str]] = {**CDXJIndexer.field_names, **REFERS_TO_FIELDS}
    inv_field_names: ClassVar[dict[str, str]] = {v: k for k, v in field_names.items()}


def write_cdxj(archive: Archive, output: TextIO) -> int:
    """Write a sorted CDXJ index of every WARC file to ``output``; returns the number of lines."""
    files = [str(p) for p in sorted(archive.warc_dir.glob("*.warc.gz"))]
    if not files:
        return 0
    tmp = archive.path / "index.cdxj.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        indexer = _Indexer(
            handle, files, sort=True, dir_root=str(archive.warc_dir), fields=",".join(REFERS_TO_FIELDS.values())
        )
        indexer.process_all()
    lines = Path(tmp).read_text(encoding="utf-8")
    tmp.unlink()
    output.write(lines)
    return lines.count("\n")
