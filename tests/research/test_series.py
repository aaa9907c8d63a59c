"""Series, report lists, exports and search, as library functions and through the `ogi` CLI."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from archive import Archive
from archive.research import InvalidFilterError, ReportFilter, parse_region, parse_years, search, series
from scheduler.cli import cli
from tests.research.conftest import HAIDIAN, RR, SHANGHAI, SHENZHEN, Built


def ogi(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout  # data only: progress and the summary go to stderr


def test_series_gives_one_row_per_agency_year_with_provenance(conn, catalog_dir: Built) -> None:
    rows = series(conn, RR, ReportFilter(agencies=("海淀",)))
    assert [(r.year, r.value) for r in rows] == [(2019, 120), (2020, 155), (2021, 200)]
    r2020 = rows[1]
    assert r2020.agency == HAIDIAN and r2020.region_code == "110108" and r2020.level == "county"
    assert (r2020.version_no, r2020.current_version_no) == (2, 2)
    assert r2020.capture_id == catalog_dir.captures[f"{HAIDIAN}|2020|v2|1.0.0"]
    assert r2020.evidence == "（一）本年新收政府信息公开申请数量 155"
    archive = Archive.open(catalog_dir.path)
    assert "修订：表格数据更正" in archive.payload(r2020.capture_id).decode("utf-8")
    archive.close()


def test_conflicts_are_shown_not_resolved(conn) -> None:
    rows = {r.year: r for r in series(conn, RR, ReportFilter(agencies=(HAIDIAN,)))}
    assert rows[2019].conflict == ""  # table and text agree on 120
    assert rows[2020].conflict == "sources,versions"
    assert rows[2020].readings_text() == "155 table v2; 150 text v2; 150 table v1; 150 text v1"
    assert rows[2021].check_status == "fail" and rows[2019].check_status == "pass"


def test_newer_parser_version_replaces_older_values(conn) -> None:
    (row,) = series(conn, RR, ReportFilter(agencies=(SHANGHAI,), years=(2021, 2021)))
    assert row.value == 90 and row.conflict == ""


def test_filters_region_level_years_applicant(conn) -> None:
    assert {r.agency for r in series(conn, RR, ReportFilter(region=parse_region("110000")))} == {HAIDIAN}
    assert {r.agency for r in series(conn, RR, ReportFilter(region=parse_region("44")))} == {SHENZHEN}
    assert {r.agency for r in series(conn, RR, ReportFilter(level="province"))} == {SHANGHAI}
    assert [(r.agency, r.year) for r in series(conn, RR, ReportFilter(years=parse_years("2021")))] == [
        (SHANGHAI, 2021),
        (HAIDIAN, 2021),
    ]
    natural = series(conn, RR, ReportFilter(agencies=(HAIDIAN,)), applicant="natural_person")
    assert [(r.year, r.value) for r in natural] == [(2019, 100)]
    assert series(conn, RR, ReportFilter(agencies=("不存在的机关",))) == []


@pytest.mark.parametrize("bad", ["20x9", "2023-2012"])
def test_bad_years_are_refused(bad: str) -> None:
    with pytest.raises(InvalidFilterError):
        parse_years(bad)


def test_series_cli_csv_json_and_table(catalog_dir: Built) -> None:
    archive = str(catalog_dir.path)
    rows = list(
        csv.DictReader(io.StringIO(ogi("series", RR, "--agency", "海淀", "--format", "csv", "--archive", archive)))
    )
    assert [(r["year"], r["value"], r["conflict"]) for r in rows] == [
        ("2019", "120", ""),
        ("2020", "155", "sources,versions"),
        ("2021", "200", ""),
    ]
    assert json.loads(rows[1]["readings"])[1] == {
        "value": 150.0, "source": "text", "version_no": 2, "derived": False,
        "observation_id": json.loads(rows[1]["readings"])[1]["observation_id"],
        "document_sha256": json.loads(rows[1]["readings"])[0]["document_sha256"],
    }  # fmt: skip
    data = json.loads(ogi("series", RR, "--years", "2019", "--format", "json", "--archive", archive))
    assert {(d["agency"], d["value"]) for d in data} == {(HAIDIAN, 120), (SHANGHAI, 75)}
    table = ogi("series", RR, "--agency", "海淀", "--archive", archive)
    assert "收到申请数" in table and HAIDIAN in table and "sources,versions: 155 table v2" in table
    result = CliRunner().invoke(cli, ["series", RR, "--agency", "无此机关", "--archive", archive])
    assert result.exit_code == 1 and "no values of requests.received" in result.output
    result = CliRunner().invoke(cli, ["series", RR, "--years", "twenty", "--archive", archive])
    assert result.exit_code == 2 and "cannot read years" in result.output


def test_reports_cli(catalog_dir: Built) -> None:
    archive = str(catalog_dir.path)
    data = json.loads(ogi("reports", "--format", "json", "--archive", archive))
    assert [(d["agency"], d["year"]) for d in data] == [
        (SHANGHAI, 2019), (SHANGHAI, 2021), (HAIDIAN, 2019), (HAIDIAN, 2020), (HAIDIAN, 2021), (SHENZHEN, 2020),
    ]  # fmt: skip
    by_key = {(d["agency"], d["year"]): d for d in data}
    assert by_key[(HAIDIAN, 2020)]["versions"] == 2 and by_key[(HAIDIAN, 2020)]["failing_checks"] == 1
    assert by_key[(SHENZHEN, 2020)]["status"] == "removed"
    removed = list(
        csv.DictReader(io.StringIO(ogi("reports", "--status", "removed", "--format", "csv", "--archive", archive)))
    )
    assert [r["agency"] for r in removed] == [SHENZHEN]
    assert "北京市海淀区人民政府" in ogi("reports", "--agency", "海淀", "--archive", archive)


def test_export_formats_carry_provenance(catalog_dir: Built, tmp_path) -> None:
    archive = str(catalog_dir.path)
    rows = list(csv.DictReader(io.StringIO(ogi("export", "--agency", "海淀", "--years", "2020", "--archive", archive))))
    assert {(r["applicant"], r["source"], r["value"]) for r in rows} == {("total", "table", "155"), ("", "text", "150")}
    table_row = next(r for r in rows if r["source"] == "table")
    assert table_row["indicator_label"] == "收到申请数" and table_row["check_status"] == "fail"
    assert (
        table_row["version_no"] == "2"
        and table_row["current_version"] == "1"
        and table_row["parser_version"] == "1.0.0"
    )
    assert table_row["report_url"] == "http://www.gov110108.gov.cn/zfxxgk/ndbg/2020/report.html"
    assert table_row["capture_time"].startswith("2026-03-01T")
    assert (catalog_dir.path / "warc" / table_row["warc_file"]).is_file() and int(table_row["warc_offset"]) > 0
    every = list(
        csv.DictReader(
            io.StringIO(ogi("export", "--agency", "海淀", "--years", "2020", "--all-versions", "--archive", archive))
        )
    )
    assert sorted(r["version_no"] for r in every) == ["1", "1", "2", "2"]
    jsonl = [
        json.loads(line)
        for line in ogi("export", "--format", "jsonl", "--agency", SHANGHAI, "--archive", archive).splitlines()
    ]
    assert [(r["year"], r["value"], r["parser_version"]) for r in jsonl] == [(2019, 75, "1.0.0"), (2021, 90, "1.1.0")]
    older = json.loads(ogi("export", "--format", "json", "--agency", SHANGHAI, "--all-parsers", "--archive", archive))
    assert sorted(r["value"] for r in older) == [75, 80, 90]
    target = tmp_path / "obs.parquet"
    CliRunner().invoke(
        cli, ["export", "--format", "parquet", "-o", str(target), "--archive", archive], catch_exceptions=False
    )
    table = pq.read_table(target)
    assert table.num_rows == 10 and "warc_offset" in table.column_names
    assert set(table.column("agency").to_pylist()) == {HAIDIAN, SHANGHAI, SHENZHEN}
    refused = CliRunner().invoke(cli, ["export", "--format", "parquet", "--archive", archive])
    assert refused.exit_code == 2 and "-o FILE.parquet" in refused.output


def test_two_character_words_are_found_although_trigram_misses_them(conn) -> None:
    assert (
        conn.execute("select count(*) from report_text_fts where report_text_fts match '\"复议\"'").fetchone()[0] == 0
    )
    like = {r[0] for r in conn.execute("select id from report_versions where instr(text, '复议') > 0")}
    assert len(like) == 2
    two = search(conn, "复议")
    assert {h.version_id for h in two} == like and {h.method for h in two} == {"like"}
    four = search(conn, "行政复议")
    assert {h.version_id for h in four} == like and {h.method for h in four} == {"fts"}
    assert "[复议]" in two[0].snippet
    both = search(conn, "行政复议 公开")
    assert {h.agency for h in both} == {HAIDIAN} and both[0].method == "fts+like"
    assert search(conn, "修订", current_only=True)[0].version_no == 2
    with pytest.raises(InvalidFilterError):
        search(conn, "   ")
