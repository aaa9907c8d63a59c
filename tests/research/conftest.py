"""A small, realistic catalog for the researcher interface, built through the archive's own writers.

Report pages are archived as real WARC records (``archive.writer``); reports, versions, observations,
checks and events go through ``archive.reports`` exactly as ingestion writes them.

What it holds (requests.received, applicant total unless noted):

* 北京市海淀区人民政府 (110108, county): 2019 = 120 (table and text agree; natural_person 100, commercial 20);
  2020 v1 = 150, then v2 edited: table 155 but text still 150 (conflicts between sources and versions);
  2021 = 200 with a failing check.
* 上海市财政局 (310000, province): 2019 = 75; no 2020 report; 2021 read by parser 1.0.0 (80) and 1.1.0 (90).
* 广东省深圳市教育局 (440300, prefecture): 2020 = 31, later removed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from archive import Archive, Exchange

T0 = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


@dataclass
class Built:
    path: Path
    captures: dict[str, int] = field(default_factory=dict)  # "agency|year|vN|parser" -> capture id
    versions: dict[str, int] = field(default_factory=dict)


def _page(agency: str, year: int, body: str) -> bytes:
    title = f"{agency}{year}年政府信息公开工作年度报告"
    html = f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1><p>{body}</p></body></html>"
    return html.encode("utf-8")


def _obs(
    indicator: str, value: float, source: str, evidence: str, applicant: str | None = None, **kw: Any
) -> dict[str, Any]:
    raw = str(int(value))
    start = evidence.find(raw)
    row = {
        "indicator": indicator,
        "applicant": applicant,
        "scope": "year",
        "value": value,
        "unit": "件",
        "raw": raw,
        "source": source,
        "evidence": evidence,
        "start": start,
        "end": start + len(raw),
        "table_index": 2 if source == "table" else None,
        "row": 1 if source == "table" else None,
        "col": 7 if source == "table" else None,
        "derived": 0,
        "approximate": 0,
        "confidence": 1.0 if source == "table" else 0.9,
    }
    row.update(kw)
    return row


def _check(rule: str, status: str, indicator: str, applicant: str | None, detail: str) -> dict[str, Any]:
    return {
        "rule": rule,
        "status": status,
        "detail": detail,
        "operands": [{"indicator": indicator, "applicant": applicant}],
    }


class CatalogBuilder:
    def __init__(self, archive: Archive, built: Built) -> None:
        self.archive = archive
        self.built = built
        self.clock = T0

    def version(
        self,
        agency: str,
        year: int,
        text: str,
        observations: list[dict[str, Any]],
        *,
        checks: list[dict[str, Any]] | None = None,
        region: str,
        level: str,
        parser: str = "1.0.0",
        tag: str = "v1",
    ) -> tuple[int, int]:
        self.clock += timedelta(hours=1)
        url = f"http://www.gov{region}.gov.cn/zfxxgk/ndbg/{year}/report.html"
        body = _page(agency, year, text)
        run_id = self.archive.start_run("crawl", run_id=f"run-{len(self.built.captures) + 1:03d}")
        with self.archive.writer(run_id) as writer:
            result = writer.record(
                Exchange(
                    url=url,
                    status=200,
                    reason="OK",
                    response_headers=[("Content-Type", "text/html; charset=utf-8")],
                    response_body=body,
                    fetched_at=self.clock,
                    request_headers=[("Host", f"www.gov{region}.gov.cn")],
                    classification="report",
                )
            )
        self.archive.finish_run(run_id, "ok")
        document = hashlib.sha256(body).hexdigest()
        with self.archive.atomic():
            outcome = self.archive.reports.record_version(
                agency=agency,
                report_year=year,
                scope="",
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
                url=url,
                capture_id=result.capture_id,
                document_sha256=document,
                seen_at=self.clock.isoformat(),
                run_id=run_id,
                title=f"{agency}{year}年政府信息公开工作年度报告",
                report_format="2021",
                parser_version=parser,
                region_code=region,
                level=level,
                text=text,
            )
            self.archive.reports.replace_observations(
                report_id=outcome.report_id,
                version_id=outcome.version_id,
                parser_version=parser,
                document_sha256=document,
                capture_id=result.capture_id,
                observations=observations,
                checks=checks or [],
            )
            self.archive.parses.record(
                document, parser, status="ok", message="", parsed_at=self.clock.isoformat(),
                version_id=outcome.version_id, run_id=run_id,
            )  # fmt: skip
        key = f"{agency}|{year}|{tag}|{parser}"
        self.built.captures[key] = result.capture_id
        self.built.versions[key] = outcome.version_id
        return outcome.report_id, outcome.version_id


HAIDIAN = "北京市海淀区人民政府"
SHANGHAI = "上海市财政局"
SHENZHEN = "广东省深圳市教育局"
RR = "requests.received"


def build_catalog(path: Path) -> Built:
    built = Built(path)
    archive = Archive.open(path, create=True)
    b = CatalogBuilder(archive, built)
    hd = {"region": "110108", "level": "county"}
    b.version(
        HAIDIAN, 2019,
        "本机关依法主动公开政府信息。全年共收到政府信息公开申请120件。行政复议案件2件。",
        [
            _obs(RR, 120, "table", "（一）本年新收政府信息公开申请数量 100 20 0 0 0 0 120", "total"),
            _obs(RR, 100, "table", "（一）本年新收政府信息公开申请数量 100 20 0 0 0 0 120", "natural_person"),
            _obs(RR, 20, "table", "（一）本年新收政府信息公开申请数量 100 20 0 0 0 0 120", "commercial"),
            _obs(RR, 120, "text", "全年共收到政府信息公开申请120件", None),
        ],
        checks=[_check("t3_total", "pass", RR, "total", "total 120 = sum 120")],
        **hd,
    )  # fmt: skip
    b.version(
        HAIDIAN, 2020,
        "全年共收到政府信息公开申请150件，均已按时办结。",
        [_obs(RR, 150, "table", "（一）本年新收政府信息公开申请数量 150", "total"),
         _obs(RR, 150, "text", "全年共收到政府信息公开申请150件", None)],
        **hd,
    )  # fmt: skip
    b.version(
        HAIDIAN, 2020,
        "全年共收到政府信息公开申请150件，均已按时办结。（修订：表格数据更正）",
        [_obs(RR, 155, "table", "（一）本年新收政府信息公开申请数量 155", "total"),
         _obs(RR, 150, "text", "全年共收到政府信息公开申请150件", None)],
        checks=[_check("text_vs_table", "fail", RR, "total", "text 150 ≠ table 155")],
        tag="v2",
        **hd,
    )  # fmt: skip
    b.version(
        HAIDIAN, 2021,
        "全年共收到政府信息公开申请200件。未发生行政复议。",
        [_obs(RR, 200, "table", "（一）本年新收政府信息公开申请数量 200", "total")],
        checks=[_check("t3_total", "fail", RR, "total", "total 200 ≠ sum 198")],
        **hd,
    )  # fmt: skip
    sh = {"region": "310000", "level": "province"}
    b.version(SHANGHAI, 2019, "政府信息公开工作情况。收到申请75件。",
              [_obs(RR, 75, "table", "收到申请数 75", None)], **sh)  # fmt: skip
    text_2021 = "政府信息公开工作情况。收到申请90件。"
    b.version(SHANGHAI, 2021, text_2021, [_obs(RR, 80, "table", "收到申请数 80", None)], **sh)
    b.version(SHANGHAI, 2021, text_2021, [_obs(RR, 90, "table", "收到申请数 90", None)], parser="1.1.0", **sh)
    _, _ = b.version(
        SHENZHEN, 2020, "教育局政府信息公开年度报告。收到申请31件。",
        [_obs(RR, 31, "table", "收到申请数 31", None)], region="440300", level="prefecture",
    )  # fmt: skip
    shenzhen_id = archive.db.execute("select id from reports where agency = ?", [SHENZHEN]).fetchone()[0]
    with archive.atomic():
        archive.reports.record_missing(report_id=shenzhen_id, reason="404", seen_at=(b.clock + timedelta(days=1)).isoformat(), run_id=None, threshold=1)  # fmt: skip
    archive.close()
    return built


@pytest.fixture(scope="session")
def catalog_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    yield build_catalog(tmp_path_factory.mktemp("research") / "archive")


@pytest.fixture
def conn(catalog_dir: Built) -> Iterator[Any]:
    archive = Archive.open(catalog_dir.path)
    yield archive.db.conn
    archive.close()


def load_json(text: str) -> Any:
    return json.loads(text)
