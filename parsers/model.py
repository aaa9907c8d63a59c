"""The one document model every input kind is turned into before parsing.

A :class:`Document` is the extracted main text of a report plus its tables as grids of cell strings
(colspan/rowspan already expanded).  Table cells are also rendered into ``Document.text`` (one row per
line, cells separated by a tab), and every cell remembers its character span in that text, so that any
observation can point at evidence inside one single string, whatever the input kind was.

Build documents with :class:`DocumentBuilder`; HTML, plain text, PDF, Word, spreadsheet and OCR
extractors all go through it, so offsets are computed in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

CELL_SEPARATOR = "\t"


class Cell(NamedTuple):
    """One grid cell: its text and its ``[start, end)`` span inside ``Document.text``.

    A named tuple (immutable, compared and hashed by value) because reports have hundreds of cells.
    """

    text: str
    start: int
    end: int
    confidence: float = 1.0


@dataclass
class Table:
    """A table as a rectangular grid of cells (spans expanded: a merged cell repeats its text)."""

    cells: list[list[Cell]]
    index: int
    caption: str = ""
    origin: str = "html"  # html | text | pdf | docx | doc | xls | ocr ...

    @property
    def rows(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.cells]

    @property
    def n_rows(self) -> int:
        return len(self.cells)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.cells), default=0)

    @property
    def is_empty(self) -> bool:
        return not any(c.text for row in self.cells for c in row)

    @property
    def structured(self) -> bool:
        """The input gave it as a grid (HTML, Word, PDF rules, a spreadsheet), not rebuilt from text or from a
        stream of numbers (origins ``text`` and ``stream``)."""
        return self.origin not in ("text", "stream")


@dataclass
class Document:
    """Extracted main text + tables of one report, whatever the input format."""

    text: str
    tables: list[Table] = field(default_factory=list)
    title: str = ""
    url: str | None = None
    #: page metadata found around the body: 索引号, 发布机构, 发布日期, SiteName ...
    meta: dict[str, str] = field(default_factory=dict)
    #: how the text was obtained: "html", "text", "pdfplumber 0.11.10", "tesseract 5.3.0" ...
    extractor: str = ""
    #: True when any of the text comes from OCR (values get lower confidence)
    ocr: bool = False
    #: conversion steps applied before extraction, e.g. ["soffice doc->docx"]
    steps: list[str] = field(default_factory=list)


class DocumentBuilder:
    """Accumulates paragraphs and tables, computing every character offset once."""

    def __init__(self, *, title: str = "", url: str | None = None, extractor: str = "") -> None:
        self._parts: list[str] = []
        self._length = 0
        self._tables: list[Table] = []
        self.title = title
        self.url = url
        self.extractor = extractor
        self.meta: dict[str, str] = {}
        self.ocr = False
        self.steps: list[str] = []

    @property
    def text(self) -> str:
        """The text so far (tables included, as they will appear in ``Document.text``)."""
        return "".join(self._parts)

    @property
    def tables(self) -> list[Table]:
        return list(self._tables)

    def _append(self, piece: str) -> int:
        start = self._length
        self._parts.append(piece)
        self._length += len(piece)
        return start

    def add_paragraph(self, text: str) -> tuple[int, int]:
        """Append one paragraph (a line of text). Returns its span."""
        text = text.replace("\n", " ").strip()
        if not text:
            return (self._length, self._length)
        start = self._append(text)
        self._append("\n")
        return (start, start + len(text))

    def add_table(
        self,
        grid: list[list[str]],
        *,
        caption: str = "",
        origin: str = "html",
        confidence: list[list[float]] | None = None,
        copies: dict[tuple[int, int], tuple[int, int]] | None = None,
    ) -> Table:
        """Append a table given as a grid of cell strings; rows are padded to equal width.

        ``copies`` (optional) maps a grid position filled by a colspan/rowspan expansion to the position of
        the merged cell it repeats (which must come earlier in reading order).  Such a copy keeps the text
        but is rendered empty and shares the original's span, so a merged cell's text appears once in
        ``Document.text`` and readers can tell a merged cell from two equal cells (``Cell.start``).
        """
        width = max((len(r) for r in grid), default=0)
        cells: list[list[Cell]] = []
        parts = self._parts
        append = parts.append
        pos = self._length
        by_row: dict[int, dict[int, tuple[int, int]]] = {}
        for (cr, cc), merged in (copies or {}).items():
            if merged < (cr, cc):
                by_row.setdefault(cr, {})[cc] = merged
        new_cell = tuple.__new__  # Cell(...) without the Python-level namedtuple __new__ (hundreds per table)
        for r, row in enumerate(grid):
            out_row: list[Cell] = []
            add = out_row.append
            if len(row) < width:
                row = [*row, *[""] * (width - len(row))]
            conf_row = confidence[r] if confidence and r < len(confidence) else None
            n_conf = len(conf_row) if conf_row else 0
            row_copies = by_row.get(r)
            rendered: list[str] = []
            for c, value in enumerate(row):
                if not value.isalnum():
                    value = " ".join(value.split())
                if row_copies:
                    origin_pos = row_copies.get(c)
                    if origin_pos is not None:
                        orow, ocol = origin_pos
                        add(cells[orow][ocol] if orow < r else out_row[ocol])
                        rendered.append("")
                        pos += 1  # the (empty) copy and its separator
                        continue
                conf = conf_row[c] if c < n_conf else 1.0  # type: ignore[index]
                end = pos + len(value)
                add(new_cell(Cell, (value, pos, end, conf)))
                rendered.append(value)
                pos = end + 1  # the separator after the cell (a newline after the last one)
            append(CELL_SEPARATOR.join(rendered))
            append("\n")
            if not row:
                pos += 1  # an empty row is just its newline
            cells.append(out_row)
        self._length = pos
        table = Table(cells=cells, index=len(self._tables), caption=caption, origin=origin)
        self._tables.append(table)
        return table

    def add_text(self, text: str) -> int:
        """Append text verbatim (no normalisation); returns its start offset.

        Used by extractors that keep the input text as it is (plain text) and locate table cells inside it
        themselves (see :meth:`add_located_table`).
        """
        return self._append(text)

    def add_located_table(self, cells: list[list[Cell]], *, caption: str = "", origin: str = "text") -> Table:
        """Register a table whose cells already point into text appended with :meth:`add_text`."""
        table = Table(cells=cells, index=len(self._tables), caption=caption, origin=origin)
        self._tables.append(table)
        return table

    def build(self) -> Document:
        return Document(
            text="".join(self._parts),
            tables=list(self._tables),
            title=self.title,
            url=self.url,
            meta=dict(self.meta),
            extractor=self.extractor,
            ocr=self.ocr,
            steps=list(self.steps),
        )
