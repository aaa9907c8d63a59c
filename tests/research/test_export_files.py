"""`ogi export` files as a researcher opens them: typed CSV (codes stay text, BOM for Excel), Parquet with real
types and column descriptions, and the datapackage.json written beside them."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner, Result

from archive import Archive
from scheduler.cli import cli
from scheduler.datasette.metadata import TABLES
from scheduler.export_files import _csv_cell
from scheduler.export_schema import EXPORT_FIELDS
from tests.research.conftest import HAIDIAN, RR, Built, CatalogBuilder, _obs

FIELD = {f.name: f for f in EXPORT_FIELDS}


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def export(archive: Path, target: Path, *args: str) -> None:
    result = run("export", "--archive", str(archive), "-o", str(target), *args)
    assert result.exit_code == 0, result.output


def leading_zero_archive(path: Path) -> Path:
    """One report whose region code starts with 0 (codes of this shape: index numbers, 12-digit codes)."""
    archive = Archive.open(path, create=True)
    CatalogBuilder(archive, Built(path)).version(
        "示例市人民政府", 2021, "全年共收到政府信息公开申请12件。",
        [_obs(RR, 12, "text", "全年共收到政府信息公开申请12件", None)], region="012300", level="prefecture",
    )  # fmt: skip
    archive.close()
    return path


def test_csv_keeps_region_codes_text_for_typed_readers(catalog_dir: Built, tmp_path: Path) -> None:
    target = tmp_path / "obs.csv"
    export(catalog_dir.path, target, "--agency", HAIDIAN)
    with target.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f, quoting=csv.QUOTE_NONNUMERIC))
    typed = [dict(zip(header, row, strict=True)) for row in rows]
    # a typed reader (unquoted = number) used to get 110108.0 here
    assert {r["region_code"] for r in typed} == {"110108"}
    assert all(isinstance(r["document_sha256"], str) and isinstance(r["parser_version"], str) for r in typed)
    assert {r["year"] for r in typed} == {2019.0, 2020.0, 2021.0}  # numbers stay numbers
    assert all(r["derived"] in (0.0, 1.0) for r in typed)
    plain = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    assert {r["region_code"] for r in plain} == {"110108"} and "110108.0" not in target.read_text(encoding="utf-8")

    zeros = tmp_path / "zeros.csv"
    export(leading_zero_archive(tmp_path / "zero-archive"), zeros)
    assert [r["region_code"] for r in csv.DictReader(zeros.open(encoding="utf-8", newline=""))] == ["012300"]
    assert _csv_cell(FIELD["region_code"], 110000.0) == "110000"  # a code that reached us as a float


def test_bom_option_writes_utf8_sig_for_excel(catalog_dir: Built, tmp_path: Path) -> None:
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    export(catalog_dir.path, plain, "--agency", HAIDIAN)
    export(catalog_dir.path, excel, "--agency", HAIDIAN, "--bom")
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert excel.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(excel.open(encoding="utf-8-sig", newline="")))
    assert rows and rows[0]["agency"] == HAIDIAN  # first header is "agency", not "\ufeffagency"
    assert excel.read_bytes()[3:] == plain.read_bytes()
    refused = run("export", "--archive", str(catalog_dir.path), "--format", "json", "--bom")
    assert refused.exit_code == 2 and "--bom is for CSV" in refused.output


def test_parquet_has_utc_timestamps_and_column_descriptions(catalog_dir: Built, tmp_path: Path) -> None:
    target = tmp_path / "obs.parquet"
    export(catalog_dir.path, target, "--format", "parquet")
    schema = pq.read_schema(target)
    assert schema.field("capture_time").type == pa.timestamp("us", tz="UTC")
    assert schema.field("region_code").type == pa.string() and schema.field("report_id").type == pa.int64()
    assert schema.names == [f.name for f in EXPORT_FIELDS]
    for f in EXPORT_FIELDS:
        assert schema.field(f.name).metadata[b"description"].decode() == f.description
    # one source: the description Datasette shows for reports.region_code
    assert FIELD["region_code"].description == TABLES["reports"]["columns"]["region_code"]
    table = pq.read_table(target)
    archive = Archive.open(catalog_dir.path)
    fetched = dict(archive.db.execute("select id, fetched_at from captures").fetchall())
    archive.close()
    for capture_id, moment in zip(
        table.column("capture_id").to_pylist(), table.column("capture_time").to_pylist(), strict=True
    ):
        assert moment == datetime.fromisoformat(fetched[capture_id]).astimezone(UTC) and moment.tzinfo is not None
    assert table.num_rows == 10


def check_datapackage(package_dir: Path) -> dict[str, Any]:
    """The Data Package and Tabular Data Resource fields a reader needs, checked by hand (no frictionless)."""
    package = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert re.fullmatch(r"[a-z0-9._-]+", package["name"]) and package["profile"] == "tabular-data-package"
    assert isinstance(package["resources"], list) and package["resources"]
    names = [r["name"] for r in package["resources"]]
    assert len(set(names)) == len(names)
    for resource in package["resources"]:
        assert re.fullmatch(r"[a-z0-9._-]+", resource["name"])
        assert (package_dir / resource["path"]).is_file() and not Path(resource["path"]).is_absolute()
        assert resource["format"] in ("csv", "parquet") and resource["mediatype"]
        assert resource["bytes"] == (package_dir / resource["path"]).stat().st_size
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == [f.name for f in EXPORT_FIELDS]
        for field in fields:
            assert field["type"] in ("string", "integer", "number", "boolean", "datetime") and field["description"]
        assert set(resource["schema"]["primaryKey"]) <= {f["name"] for f in fields}
    return package


def test_datapackage_json_describes_csv_and_parquet_beside_them(catalog_dir: Built, tmp_path: Path) -> None:
    export(catalog_dir.path, tmp_path / "haidian.csv", "--agency", HAIDIAN, "--bom")
    package = check_datapackage(tmp_path)
    (resource,) = package["resources"]
    assert resource["path"] == "haidian.csv" and resource["mediatype"] == "text/csv"
    assert resource["encoding"] == "utf-8-sig"
    dialect = resource["dialect"]
    assert dialect["delimiter"] == "," and dialect["header"] is True and dialect["doubleQuote"] is True
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert fields["region_code"]["type"] == "string" and fields["capture_time"]["type"] == "datetime"
    assert fields["derived"]["trueValues"] == ["1"]
    with (tmp_path / resource["path"]).open(encoding=resource["encoding"], newline="") as f:
        reader = csv.reader(f, delimiter=dialect["delimiter"], quotechar=dialect["quoteChar"])
        header, *rows = list(reader)
    assert header == list(fields) and len(rows) == 7
    for row in rows:  # every cell is valid for its declared type
        for name, cell in zip(header, row, strict=True):
            kind = fields[name]["type"]
            if cell in resource["schema"]["missingValues"]:
                continue
            if kind == "integer":
                int(cell)
            elif kind == "number":
                float(cell)
            elif kind == "boolean":
                assert cell in ("0", "1")
            elif kind == "datetime":
                assert datetime.fromisoformat(cell).tzinfo is not None

    export(catalog_dir.path, tmp_path / "all.parquet", "--format", "parquet")
    package = check_datapackage(tmp_path)
    assert [r["path"] for r in package["resources"]] == ["haidian.csv", "all.parquet"]  # the CSV's entry kept
    assert "encoding" not in package["resources"][1] and "dialect" not in package["resources"][1]

    quiet = tmp_path / "quiet"
    quiet.mkdir()
    export(catalog_dir.path, quiet / "obs.csv", "--no-datapackage")
    assert not (quiet / "datapackage.json").exists()
    stdout = run("export", "--archive", str(catalog_dir.path), "--agency", HAIDIAN)
    assert stdout.exit_code == 0 and next(csv.reader(io.StringIO(stdout.stdout)))[0] == "agency"
