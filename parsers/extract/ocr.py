"""Tesseract (chi_sim, one thread per process) -> positioned words with confidences."""

from __future__ import annotations

import csv
import functools
import io
import logging
from pathlib import Path

from parsers.extract.layout import Word
from parsers.extract.result import CONVERSION_FAILED, TOOL_MISSING, Context, ExtractionError
from parsers.extract.tools import run, tool_version, which

logger = logging.getLogger(__name__)

LANG = "chi_sim"
#: OCR never yields full confidence; a perfect tesseract word still gets this
MAX_CONFIDENCE = 0.99


def ocr_extractor() -> str:
    return tool_version("tesseract")


@functools.cache
def _languages(tesseract: str) -> frozenset[str]:
    proc = run([tesseract, "--list-langs"], timeout=60)
    return frozenset((proc.stdout + proc.stderr).decode("utf-8", "replace").split())


def _check_language(ctx: Context) -> None:
    if LANG not in _languages(which("tesseract")):
        raise ExtractionError(TOOL_MISSING, "Tesseract has no chi_sim model (apt-get install tesseract-ocr-chi-sim).")


def tesseract_words(image_path: Path, ctx: Context, *, psm: int = 3, dpi: int = 300) -> list[Word]:
    """Run tesseract on one image file and return its words (confidence scaled to 0..MAX_CONFIDENCE)."""
    return tesseract_batch([image_path], ctx, psm=psm, dpi=dpi).get(0, [])


def tesseract_batch(
    images: list[Path], ctx: Context, *, psm: int, dpi: int = 300, lang: str = LANG, whitelist: str = ""
) -> dict[int, list[Word]]:
    """OCR many images in one tesseract process (the model is loaded once): image index -> words."""
    if not images:
        return {}
    if lang == LANG:
        _check_language(ctx)
    work = images[0].parent
    listing = work / f"batch-{psm}-{lang}.txt"
    listing.write_text("\n".join(str(p) for p in images) + "\n", encoding="utf-8")
    args = [which("tesseract"), str(listing), "stdout", "-l", lang, "--psm", str(psm), "--dpi", str(dpi)]
    if whitelist:
        args += ["-c", f"tessedit_char_whitelist={whitelist}"]
    proc = run([*args, "tsv"], timeout=ctx.limits.tool_timeout, cwd=work)
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        logger.info("tesseract failed on %s: %s", listing.name, detail)
        raise ExtractionError(CONVERSION_FAILED, "Tesseract could not read this image (damaged or unsupported).")
    return parse_tsv(proc.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> dict[int, list[Word]]:
    """Tesseract TSV -> words per page (0-based page index)."""
    pages: dict[int, list[Word]] = {}
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        try:
            page = int(row["page_num"]) - 1
            left, top = float(row["left"]), float(row["top"])
            width, height = float(row["width"]), float(row["height"])
            conf = float(row["conf"])
        except (KeyError, TypeError, ValueError):
            continue
        word = Word(text, left, left + width, top, top + height, max(0.0, min(conf / 100.0, MAX_CONFIDENCE)))
        pages.setdefault(page, []).append(word)
    return pages
