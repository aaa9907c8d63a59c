"""Writing `ogi export` files: typed CSV (optionally with a BOM for Excel), Parquet, and datapackage.json.

Every writer follows ``scheduler.export_schema.EXPORT_FIELDS``: text columns are quoted in CSV (a typed
reader, ``csv.QUOTE_NONNUMERIC`` or a spreadsheet's "quoted field as text", keeps ``region_code`` text),
Parquet gets real types (``capture_time`` a UTC timestamp) with each field's description in its metadata,
and ``datapackage.json`` (Frictionless Data Package) describes the file beside it.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from scheduler.export_schema import EXPORT_FIELDS, ExportField

logger = logging.getLogger(__name__)

PARQUET_BATCH = 50_000
BOM = "\ufeff"
DATAPACKAGE = "datapackage.json"
PACKAGE_NAME = "ogi-observations"
MEDIATYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}
LINE_TERMINATOR = "\n"
CSV_DIALECT: dict[str, Any] = {
    "delimiter": ",",
    "lineTerminator": LINE_TERMINATOR,
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}


def _csv_cell(field: ExportField, value: Any) -> Any:
    """Numbers and booleans unquoted (0/1); everything else as text, quoted by the writer."""
    if value is None:
        return ""
    if field.type == "boolean":
        return int(bool(value))
    if field.type in ("integer", "number"):
        return int(value) if isinstance(value, float) and value.is_integer() else value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code that reached us as a float: 110000.0 -> "110000"
    return str(value)


def write_export_csv(out: IO[str], rows: Iterable[dict[str, Any]], *, bom: bool = False) -> int:
    """Header and one line per row; text columns quoted, so typed readers never turn a code into a number."""
    if bom:
        out.write(BOM)
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator=LINE_TERMINATOR)
    writer.writerow([field.name for field in EXPORT_FIELDS])
    n = 0
    for row in rows:
        writer.writerow([_csv_cell(field, row.get(field.name)) for field in EXPORT_FIELDS])
        n += 1
    return n


def _timestamp(value: Any) -> datetime | None:
    """An ISO 8601 capture time as an aware UTC datetime (naive times are UTC, as the archive writes them)."""
    if value in (None, ""):
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parquet_schema() -> Any:
    """The Arrow schema of the export: real types, each field's description in its metadata."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "datetime": pa.timestamp("us", tz="UTC"),
    }
    narrow = {"year": pa.int32(), "version_no": pa.int32()}
    fields = [
        pa.field(f.name, narrow.get(f.name, types[f.type]), metadata={b"description": f.description.encode()})
        for f in EXPORT_FIELDS
    ]
    return pa.schema(fields, metadata={b"description": b"ogi export: observations in long format, with provenance"})


def _parquet_rows(batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    times = [f.name for f in EXPORT_FIELDS if f.type == "datetime"]
    for row in batch:
        for name in times:
            row[name] = _timestamp(row.get(name))
    return batch


def write_parquet(path: str, rows: Iterator[dict[str, Any]]) -> int:
    """Write rows to a Parquet file (zstd) in batches of PARQUET_BATCH."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    count = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(_parquet_rows(batch), schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(_parquet_rows(batch), schema=schema))
            count += len(batch)
    return count


def table_schema() -> dict[str, Any]:
    """Frictionless Table Schema of the export (booleans as 1/0, empty cells missing)."""
    fields: list[dict[str, Any]] = []
    for f in EXPORT_FIELDS:
        spec: dict[str, Any] = {"name": f.name, "type": f.type, "description": f.description}
        if f.type == "boolean":
            spec.update(trueValues=["1"], falseValues=["0"])
        if f.type == "datetime":
            spec["format"] = "any"  # ISO 8601 with offset and microseconds
        fields.append(spec)
    return {"fields": fields, "missingValues": [""], "primaryKey": ["observation_id"]}


def resource(data_file: Path, fmt: str, *, bom: bool = False) -> dict[str, Any]:
    """The Data Package resource describing one export file."""
    name = "".join(c if c.isalnum() or c in "._-" else "-" for c in data_file.stem.lower()) or "observations"
    spec: dict[str, Any] = {
        "name": name,
        "path": data_file.name,
        "profile": "tabular-data-resource",
        "format": fmt,
        "mediatype": MEDIATYPES[fmt],
        "bytes": data_file.stat().st_size,
        "schema": table_schema(),
    }
    if fmt == "csv":
        spec["encoding"] = "utf-8-sig" if bom else "utf-8"
        spec["dialect"] = CSV_DIALECT
    return spec


def write_datapackage(data_file: Path, fmt: str, *, bom: bool = False) -> Path:
    """Write (or update) datapackage.json beside ``data_file``; other files' resources in it are kept."""
    target = data_file.parent / DATAPACKAGE
    package: dict[str, Any] = {}
    if target.exists():
        try:
            package = json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            logger.warning("%s is not readable JSON (%s); writing a new one", target, exc)
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        package = {}
    new = resource(data_file, fmt, bom=bom)
    kept = [r for r in package.get("resources", []) if isinstance(r, dict) and r.get("path") != new["path"]]
    names = {r.get("name") for r in kept}
    while new["name"] in names:
        new["name"] += "-" + fmt
    package.update(
        name=package.get("name") or PACKAGE_NAME,
        title=package.get("title") or "ogi-archive observations",
        profile="tabular-data-package",
        created=datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        resources=[*kept, new],
    )
    target.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target
