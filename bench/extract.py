"""Attachment extraction speed on one core: pages/s for text PDFs, s/page for OCR, plus peak memory.

Inputs are generated from the seed reports (tests/extract/render.py): a text PDF repeating report 000 (prose and
five ruled tables with merged cells) to about --pages pages, and one scanned page (the report 004 table as an image
inside a PDF).  Baselines measured in the same run: ``page.extract_text()`` of pdfplumber alone for text PDFs, and
a bare ``tesseract page.png stdout -l chi_sim --psm 3`` on the same rendered page for OCR.

    .venv/bin/python bench/extract.py [--pages 60] [--ocr-rounds 3]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pdfplumber

from parsers.extract import extract_bytes, extract_path
from tests.extract import render
from tests.extract.seedgrids import SourceReport, SourceTable, report_000, report_004


def text_pdf(work: Path, pages: int) -> Path:
    base = report_000()
    copies = max(1, pages // 4)  # one copy of report 000 renders to 4 pages
    big = SourceReport(base.title, base.paragraphs * copies, base.tables * copies)
    path = work / "text.pdf"
    render.pdf_ruled(big, path)
    return path


def scanned_pdf(work: Path) -> Path:
    table = report_004().tables[0]
    png = work / "table.png"
    render.table_png(SourceTable(table.caption, table.grid[:36]), png, title=table.caption)
    path = work / "scanned.pdf"
    render.pdf_from_images([png], path)
    return path


def best(func: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        func()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--ocr-rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pdf = text_pdf(work, args.pages)
        data = pdf.read_bytes()
        with pdfplumber.open(io.BytesIO(data)) as doc:
            n_pages = len(doc.pages)

        def baseline() -> None:
            with pdfplumber.open(io.BytesIO(data)) as doc:
                for page in doc.pages:
                    page.extract_text()
                    page.close()

        t_base = best(baseline, 2)
        t_ours = best(lambda: extract_bytes(data, "text.pdf"), 2)
        tracemalloc.start()
        result = extract_bytes(data, "text.pdf")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert result.status == "ok", result.message
        print(f"text PDF: {n_pages} pages, {len(result.document.tables)} tables, {len(data) / 1e6:.1f} MB")
        print(f"  baseline pdfplumber extract_text : {n_pages / t_base:7.1f} pages/s")
        print(f"  extract_bytes (text + tables)    : {n_pages / t_ours:7.1f} pages/s  (ratio {t_base / t_ours:.2f})")
        print(f"  peak traced memory               : {peak / 2**20:7.1f} MiB")

        scanned = scanned_pdf(work)
        page_png = work / "page"
        subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(scanned), str(page_png)], check=True)
        (rendered,) = work.glob("page*.png")
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

        def bare_tesseract() -> None:
            subprocess.run(
                ["tesseract", str(rendered), "stdout", "-l", "chi_sim", "--psm", "3"],
                check=True,
                capture_output=True,
                env=env,
            )

        t_tess = best(bare_tesseract, args.ocr_rounds)
        t_ocr = best(lambda: extract_path(scanned), args.ocr_rounds)
        ocr = extract_path(scanned)
        assert ocr.status == "ok" and ocr.ocr_pages == 1, ocr.message
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"scanned page (36-row ruled table, 200 dpi): {len(ocr.document.tables[0].rows)} rows read")
        print(f"  baseline bare tesseract --psm 3  : {t_tess:7.2f} s/page")
        print(f"  extract_path (grid, cells, digits): {t_ocr:7.2f} s/page  (ratio {t_ocr / t_tess:.2f}x baseline)")
        print(f"  peak RSS of child processes      : {children:7.0f} MiB")
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process           : {own:7.0f} MiB")


if __name__ == "__main__":
    main()
