"""Source grids taken from the seed reports: the ground truth every rendered fixture is compared with."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

_VALUE = re.compile(r"^(-|—|\d+(\.\d+)?%?)$")


def seeds_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "seeds"


@dataclass
class SourceTable:
    caption: str
    grid: list[list[str]]  # expanded: merged cells repeat their text
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r0, c0, r1, c1) inclusive


@dataclass
class SourceReport:
    title: str
    paragraphs: list[str]
    tables: list[SourceTable]


def _tokens(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Blocks of ``cell |`` lines, each with the caption line before it."""
    out: list[tuple[str, list[str]]] = []
    caption, tokens = "", []
    for line in lines:
        s = line.strip()
        if s.endswith("|"):
            tokens.append(s[:-1].strip())
            continue
        if tokens:
            out.append((caption, tokens))
            tokens = []
        if s:
            caption = s
    if tokens:
        out.append((caption, tokens))
    return out


def _body(lines: list[str], stop: str) -> list[str]:
    paras = []
    for line in lines[1:]:
        s = line.strip()
        if s.startswith(stop):
            break
        if s and not s.endswith("|"):
            paras.append(s)
    return paras


def report_000() -> SourceReport:
    """Changyi 2012: five statistics tables with a vertically merged category column and a 2-column header."""
    lines = (seeds_dir() / "000_79e54faa90f20262.txt").read_text(encoding="utf-8").splitlines()
    tables = []
    for caption, tokens in _tokens(lines):
        tokens = [t for t in tokens if t]
        header, stream = tokens[:3], tokens[3:]
        grid = [[header[0], header[0], header[1], header[2]]]
        spans = [(0, 0, 0, 1)]
        category, cat_start, i = "", 1, 0
        while i < len(stream):
            token = stream[i]
            if i + 1 < len(stream) and not _VALUE.match(stream[i + 1]):
                if category and len(grid) - 1 > cat_start:
                    spans.append((cat_start, 0, len(grid) - 1, 0))
                category, cat_start = token, len(grid)
                i += 1
                continue
            grid.append([category, token, stream[i + 1], stream[i + 2]])
            i += 3
        if len(grid) - 1 > cat_start:
            spans.append((cat_start, 0, len(grid) - 1, 0))
        tables.append(SourceTable(caption, grid, spans))
    return SourceReport(lines[0].strip() + lines[1].strip(), _body(lines, "七、附件")[1:12], tables)


def report_004() -> SourceReport:
    """Longtan statistics office 2017: one long 3-column table (label, unit, value) with many blank values."""
    lines = (seeds_dir() / "004_5ad1220e31761e5b.txt").read_text(encoding="utf-8").splitlines()
    (caption, tokens), *_ = _tokens(lines)
    assert len(tokens) % 3 == 0, len(tokens)
    grid = [tokens[i : i + 3] for i in range(0, len(tokens), 3)]
    return SourceReport(lines[0].strip(), _body(lines, "附件")[:20], [SourceTable(caption, grid)])


def normalise(text: str) -> str:
    """Compare cells as a reader would: NFKC (⑴ -> (1), full-width -> ASCII), whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def cell_agreement(source: list[list[list[str]]], extracted: list[list[list[str]]]) -> tuple[float, list[str]]:
    """Share of source cells found identical in the extracted tables (rows aligned in order), plus the misses.

    Rows of all tables are compared in sequence; an extracted row matches the source row with the same
    first non-empty cells.  Widths must agree for a row to count.
    """
    import difflib

    src_rows = [tuple(normalise(c) for c in row) for table in source for row in table]
    out_rows = [tuple(normalise(c) for c in row) for table in extracted for row in table]
    total = sum(len(r) for r in src_rows)
    same = 0
    misses: list[str] = []
    matcher = difflib.SequenceMatcher(a=src_rows, b=out_rows, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            same += sum(len(r) for r in src_rows[a0:a1])
            continue
        for k in range(a1 - a0):
            src = src_rows[a0 + k]
            got = out_rows[b0 + k] if tag == "replace" and b0 + k < b1 else ()
            if len(got) == len(src):
                same += sum(1 for x, y in zip(src, got, strict=True) if x == y)
                misses.extend(f"{x!r} -> {y!r}" for x, y in zip(src, got, strict=True) if x != y)
            else:
                misses.append(f"row {src!r} -> {got!r}")
    return same / max(1, total), misses


def tables_only(report: SourceReport) -> SourceReport:
    return SourceReport(report.title, [], report.tables)


def observation_diff(report: SourceReport, document: object) -> list[tuple[object, object, object]]:
    """Observations that differ between the HTML version of ``report`` and an extracted Document."""
    from parsers import parse_document, parse_html
    from tests.extract.render import report_html

    reference = {o.key: o.value for o in parse_html(report_html(report).encode("utf-8")).observations}
    extracted = {o.key: o.value for o in parse_document(document).observations}  # type: ignore[arg-type]
    assert reference, "the HTML version yields no observation: the comparison would be empty"
    return [
        (k, extracted.get(k), reference.get(k))
        for k in set(reference) | set(extracted)
        if extracted.get(k) != reference.get(k)
    ]
