"""External converters (soffice, antiword, tesseract, pdftoppm): private temp dirs, timeouts, versions.

Every call gets its own temporary directory (and LibreOffice its own profile inside it), so calls can run in
parallel worker processes; the directory is removed afterwards, also on timeout.  Timed-out processes are killed
with their whole process group (soffice forks soffice.bin).
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from parsers.extract.result import CONVERSION_FAILED, TIMEOUT, TOOL_MISSING, ExtractionError

logger = logging.getLogger(__name__)

#: environment for every tool: one OpenMP thread for tesseract (3x faster on 2 cores than its default), C locale
_TOOL_ENV = {"OMP_THREAD_LIMIT": "1", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}


@contextmanager
def private_dir(prefix: str = "ogi-extract-") -> Iterator[Path]:
    """A temporary directory removed on exit, whatever happened inside."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def which(tool: str) -> str:
    """Full path of ``tool`` or an ExtractionError(tool_missing) with the package to install."""
    found = shutil.which(tool)
    if found is None:
        package = {
            "soffice": "libreoffice-writer-nogui libreoffice-calc-nogui",
            "antiword": "antiword",
            "tesseract": "tesseract-ocr tesseract-ocr-chi-sim",
            "pdftoppm": "poppler-utils poppler-data",
        }.get(tool, tool)
        raise ExtractionError(TOOL_MISSING, f"'{tool}' is not installed (apt-get install {package}).")
    return found


def run(
    args: Sequence[str],
    *,
    timeout: float,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    input_bytes: bytes | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run a tool; on timeout kill its whole process group and raise ExtractionError(timeout)."""
    full_env = {**os.environ, **_TOOL_ENV, **(env or {})}
    proc = subprocess.Popen(
        list(args),
        cwd=cwd,
        env=full_env,
        stdin=subprocess.PIPE if input_bytes is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(input_bytes, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill_group(proc)
        proc.communicate()
        raise ExtractionError(
            TIMEOUT, f"{Path(args[0]).name} did not finish within {timeout:g} s and was stopped."
        ) from exc
    except BaseException:
        _kill_group(proc)
        proc.communicate()
        raise
    return subprocess.CompletedProcess(list(args), proc.returncode, out, err)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


@functools.cache
def tool_version(tool: str) -> str:
    """``"antiword 0.37"``, ``"tesseract 5.3.0"``, ``"soffice 7.4.7.2"`` ... (the bare name if unknown)."""
    path = shutil.which(tool)
    if path is None:
        return tool
    args = {"antiword": [path], "pdftoppm": [path, "-v"]}.get(tool, [path, "--version"])
    try:
        proc = run(args, timeout=30)
    except (ExtractionError, OSError):
        return tool
    text = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    match = re.search(r"(?:version|LibreOffice|tesseract)[:\s]+v?(\d+(?:\.\d+)+)", text, re.IGNORECASE)
    return f"{tool} {match.group(1)}" if match else tool


def soffice_convert(data: bytes, suffix: str, target: str, *, timeout: float) -> tuple[bytes, str]:
    """Convert ``data`` (a file ending in ``suffix``) with headless LibreOffice to ``target`` (docx, xlsx, pdf).

    Returns the converted bytes and the step description, e.g. ``"soffice 7.4.7.2 doc->docx"``.
    """
    soffice = which("soffice")
    with private_dir("ogi-soffice-") as work:
        source = work / f"input.{suffix}"
        source.write_bytes(data)
        outdir = work / "out"
        outdir.mkdir()
        args = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ]
        proc = run(args, timeout=timeout, cwd=work, env={"HOME": str(work)})
        produced = sorted(outdir.glob(f"*.{target.split(':', 1)[0]}"))
        if not produced:
            detail = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()
            logger.info("soffice produced nothing for %s->%s: %s", suffix, target, detail[-1:] or "")
            raise ExtractionError(
                CONVERSION_FAILED,
                f"LibreOffice could not convert this .{suffix} file to .{target} (damaged or unsupported file).",
            )
        converted = produced[0].read_bytes()
    return converted, f"{tool_version('soffice')} {suffix}->{target.split(':', 1)[0]}"
