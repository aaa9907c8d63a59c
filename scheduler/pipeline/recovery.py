"""Leave the archive consistent after a crashed or killed run, before the next run starts."""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass, field

from archive import Archive
from archive.reindex import reindex
from archive.repair import repair

logger = logging.getLogger(__name__)


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class Recovery:
    interrupted_runs: list[str] = field(default_factory=list)
    repaired_files: list[str] = field(default_factory=list)
    recovered_captures: int = 0


def recover(archive: Archive) -> Recovery:
    """Mark dead 'running' runs interrupted, repair their WARC files (archive.repair), reindex them.

    Call it while holding the archive's writer lock, so no live writer is mistaken for a dead one.
    """
    result = Recovery()
    host = socket.gethostname()
    stale = [
        row
        for row in archive.runs.running()
        if row["pid"] != os.getpid() and (row["hostname"] != host or not _alive(row["pid"]))
    ]
    for row in stale:
        archive.finish_run(row["id"], "interrupted", {"note": "found running after its process ended"})
        result.interrupted_runs.append(row["id"])
    if not stale:
        return result
    names = sorted({p.name for run in result.interrupted_runs for p in archive.warc_dir.glob(f"*-{run}-*.warc.gz")})
    for name in names:
        repaired = repair(archive, name)
        if repaired.cut_bytes:
            result.repaired_files.append(name)
            logger.warning(
                "set %d damaged bytes of %s aside (kept in %s); %d intact records kept",
                repaired.cut_bytes,
                name,
                ", ".join(str(p) for p in repaired.quarantine_files),
                repaired.kept_records,
            )
    if names:
        result.recovered_captures = reindex(archive, names).added
    return result
