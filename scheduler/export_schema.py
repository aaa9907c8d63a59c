"""The columns of `ogi export`: name, type and description, in file order.

One list serves every format: the CSV writer types its cells by it (text stays text), the Parquet writer
builds its Arrow schema and per-field ``description`` metadata from it, and ``datapackage.json`` lists it as
the Table Schema. Descriptions come from ``scheduler.column_docs`` (the same text Datasette shows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from archive.research import EXPORT_COLUMNS
from scheduler.column_docs import EXPORT_ONLY_COLUMNS, OBSERVATION_COLUMNS, REPORT_COLUMNS

FieldType = Literal["string", "integer", "number", "boolean", "datetime"]

COLUMNS: tuple[str, ...] = (*EXPORT_COLUMNS[:6], "indicator_label", *EXPORT_COLUMNS[6:])

_TYPES: dict[str, FieldType] = {
    "year": "integer",
    "value": "number",
    "confidence": "number",
    "derived": "boolean",
    "approximate": "boolean",
    "current_version": "boolean",
    "report_id": "integer",
    "version_no": "integer",
    "capture_id": "integer",
    "warc_offset": "integer",
    "observation_id": "integer",
    "capture_time": "datetime",
}
# Text that looks like a number to a spreadsheet: kept as text, never 110000.0 or 1.1.
CODE_COLUMNS = frozenset({"region_code", "document_sha256", "parser_version", "warc_file"})
_DATASETTE_ONLY = re.compile(r"\s*\(link: [^)]*\)|; label in the cell's tooltip")


@dataclass(frozen=True)
class ExportField:
    name: str
    type: FieldType
    description: str

    @property
    def is_code(self) -> bool:
        return self.name in CODE_COLUMNS


def _description(name: str) -> str:
    for source in (EXPORT_ONLY_COLUMNS, OBSERVATION_COLUMNS, REPORT_COLUMNS):
        if name in source:
            return _DATASETTE_ONLY.sub("", source[name])
    raise KeyError(f"export column {name!r} has no description: add it to scheduler/column_docs.py")


EXPORT_FIELDS: tuple[ExportField, ...] = tuple(
    ExportField(name, _TYPES.get(name, "string"), _description(name)) for name in COLUMNS
)
