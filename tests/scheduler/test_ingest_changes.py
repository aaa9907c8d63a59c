"""Archived pages -> reports, versions, observations and change events (no crawler: exchanges written directly)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Archive, Exchange
from scheduler.cli import cli
from scheduler.diff import diff_versions
from scheduler.pipeline.feed import write_feed
from scheduler.pipeline.ingest import ingest
from tests.generate_reports import generate_report

BASE = "http://gov.example.cn/zfxxgk/ndbg/"
AGENCY = "某某市人民政府办公室"


def page(
    html: str,
    url: str,
    when: datetime,
    *,
    status: int = 200,
    headers: list | None = None,
    classification: str = "report",
    referrer: str | None = None,
) -> Exchange:
    return Exchange(
        url=url,
        status=status,
        response_body=html.encode("utf-8"),
        fetched_at=when,
        response_headers=headers or [("Content-Type", "text/html; charset=utf-8")],
        classification=classification,
        referrer=referrer or BASE + "index.html",
        link_text="年度报告",
    )


class Harvests:
    """Writes 'crawl runs' of exchanges and ingests each, like a harvest does."""

    def __init__(self, path: Path) -> None:
        self.archive = Archive.open(path, create=True)
        self.when = datetime(2026, 3, 31, 2, 30, tzinfo=UTC)

    def run(self, exchanges: list[Exchange]):
        self.when += timedelta(days=1)
        crawl = self.archive.start_run("crawl", {})
        with self.archive.writer(crawl) as writer:
            for exchange in exchanges:
                exchange.fetched_at = self.when
                writer.record(exchange)
        self.archive.finish_run(crawl, "ok", {})
        harvest = self.archive.start_run("harvest", {})
        with self.archive.lock("test ingest"):
            summary = ingest(self.archive, run_id=harvest, crawl_run_id=crawl)
        self.archive.finish_run(harvest, "ok", summary.as_dict())
        return summary

    def events(self) -> list[tuple[str, str | None]]:
        return [(r["kind"], r["url"]) for r in self.archive.db.query("select kind, url from events order by id")]


@pytest.fixture
def harvests(tmp_path: Path):
    h = Harvests(tmp_path / "arc")
    yield h
    h.archive.close()


def test_versions_follow_content_not_page_bytes(harvests: Harvests) -> None:
    report = generate_report(AGENCY, 2021, "2021", 3)
    other = generate_report("某某县财政局", 2021, "2021", 4)
    url, other_url = BASE + "t20220121_1.html", BASE + "t20220122_2.html"
    first = harvests.run([page(report.html, url, harvests.when), page(other.html, other_url, harvests.when)])
    assert first.new_reports == 2 and first.parsed == 2
    db = harvests.archive.db
    assert db.table("reports").count == 2
    row = next(db.query("select * from reports where url = ?", [url]))
    assert row["agency"] == AGENCY and row["report_year"] == 2021
    observations = db.table("observations").count
    assert observations > 50
    assert next(db.query("select count(*) n from observations where capture_id is null"))["n"] == 0

    # same page bytes again -> revisit, reused parse, no version
    second = harvests.run([page(report.html, url, harvests.when)])
    assert (second.parsed, second.reused, second.new_versions) == (0, 1, 0)

    # page chrome changes: click counter and today's date -> different bytes, same content, no version
    noisy = report.html.replace("</body>", "<div>点击数：4821</div><div>今天是2026年4月2日 星期四</div></body>")
    third = harvests.run([page(noisy, url, harvests.when)])
    assert third.parsed == 1 and third.new_versions == 0
    assert db.table("report_versions").count == 2

    # a real edit: one number in the text changes -> a new version and an event, diffable
    assert "（一）主动公开。" in report.html
    edited = report.html.replace("（一）主动公开。", "（一）主动公开。本报告于2026年4月修订，更正了部分数据。", 1)
    fourth = harvests.run([page(edited, url, harvests.when)])
    assert fourth.new_versions == 1
    assert [k for k, _ in harvests.events()] == ["new_report", "new_report", "new_version"]
    result = diff_versions(harvests.archive, str(row["id"]))
    assert result.chars_inserted == len("本报告于2026年4月修订，更正了部分数据。")
    assert result.chars_deleted == 0


def test_indicator_diff_shows_the_changed_value_with_evidence(harvests: Harvests) -> None:
    report = generate_report(AGENCY, 2021, "2021", 5)
    url = BASE + "t20220121_9.html"
    harvests.run([page(report.html, url, harvests.when)])
    db = harvests.archive.db
    obs = next(
        db.query(
            "select * from observations where indicator = 'requests.received' and applicant = 'total' and source = 'table'"
        )
    )
    old_value = int(obs["value"])
    # change exactly that cell in the HTML: find the evidence cell text in the page and alter it
    new_value = old_value + 7
    marker = f">{old_value}<"
    assert marker in report.html
    index = report.html.index(marker, report.html.index("本年新收政府信息公开申请数量"))
    edited = report.html[:index] + f">{new_value}<" + report.html[index + len(marker) :]
    harvests.run([page(edited, url, harvests.when)])
    result = diff_versions(harvests.archive, AGENCY)
    changed = {(c.indicator, c.applicant, c.source): c for c in result.changes}
    change = changed[("requests.received", "total", "table")]
    assert (change.old, change.new) == (old_value, new_value)
    assert str(old_value) in (change.old_evidence or "") and str(new_value) in (change.new_evidence or "")
    out = CliRunner().invoke(cli, ["diff", "--archive", str(harvests.archive.path), AGENCY])
    assert out.exit_code == 0, out.output
    assert f"requests.received [total] (year, table): {old_value} -> {new_value}" in out.output
    old_text = "".join(t for op, t in result.text_ops if op <= 0)
    new_text = "".join(t for op, t in result.text_ops if op >= 0)
    assert old_text == result.old["text"] and new_text == result.new["text"]  # character ops rebuild both versions
    assert "[-" in out.output and "{+" in out.output


def test_moved_removed_reappeared(harvests: Harvests) -> None:
    report = generate_report(AGENCY, 2020, "2019", 8)
    url, new_url = BASE + "t20210120_5.html", BASE + "new/t20210120_5.html"
    harvests.run([page(report.html, url, harvests.when)])
    harvests.run([page(report.html, new_url, harvests.when)])  # same content at a new address
    assert harvests.events()[-1] == ("moved", new_url)
    gone = "<html><head><title>页面不存在</title></head><body>您访问的页面不存在或已被删除</body></html>"
    harvests.run([page(gone, new_url, harvests.when)])  # soft 404, first time: not yet removed
    assert harvests.events()[-1][0] == "moved"
    harvests.run([page("", new_url, harvests.when, status=404)])  # second consecutive run: removed
    assert harvests.events()[-1] == ("removed", new_url)
    status = next(harvests.archive.db.query("select status, missing_runs from reports"))
    assert status == {"status": "removed", "missing_runs": 2}
    harvests.run([page(report.html, new_url, harvests.when)])
    assert harvests.events()[-1] == ("reappeared", new_url)
    assert next(harvests.archive.db.query("select status from reports"))["status"] == "active"


def test_blocked_pages_never_count_as_removal(harvests: Harvests) -> None:
    report = generate_report(AGENCY, 2020, "2019", 9)
    url = BASE + "t20210120_7.html"
    harvests.run([page(report.html, url, harvests.when)])
    challenge = page("<html><script>$_ts=1</script></html>", url, harvests.when, status=412)
    challenge.blocked = True
    challenge.classification = "blocked"
    for _ in range(3):
        harvests.run([challenge])
    assert [k for k, _ in harvests.events()] == ["new_report"]


def test_attachments_linked_and_their_changes(harvests: Harvests) -> None:
    report = generate_report(AGENCY, 2021, "2021", 10)
    url = BASE + "t20220121_3.html"
    pdf_url = BASE + "P020220121.xls"

    def attached(text: str, at: str) -> Exchange:
        """An attachment fetched from the report page (served as text: its content is what changes)."""
        return page(text, at, harvests.when, classification="attachment", referrer=url,
                    headers=[("Content-Type", "text/plain; charset=utf-8")])  # fmt: skip

    attachment = attached("附件内容 1", pdf_url)
    harvests.run([page(report.html, url, harvests.when), attachment])
    links = list(harvests.archive.db.query("select * from report_attachments"))
    assert [link["url"] for link in links] == [pdf_url]
    assert [k for k, _ in harvests.events()] == ["new_report"]  # found with its report: not an "added" event
    changed = attached("附件内容 2（修订）", pdf_url)
    harvests.run([page(report.html, url, harvests.when), changed])
    assert harvests.events()[-1] == ("attachment_changed", pdf_url)
    extra_url = BASE + "P020220121_2.txt"
    extra = attached("附件二", extra_url)
    harvests.run([page(report.html, url, harvests.when), extra])
    assert harvests.events()[-1] == ("attachment_added", extra_url)


def test_changes_command_and_atom_feed(harvests: Harvests) -> None:
    report = generate_report(AGENCY, 2021, "2021", 11)
    harvests.run([page(report.html, BASE + "a.html", harvests.when)])
    runner = CliRunner()
    out = runner.invoke(cli, ["changes", "--archive", str(harvests.archive.path), "--json"])
    assert out.exit_code == 0
    events = [json.loads(line) for line in out.output.splitlines()]
    assert [e["kind"] for e in events] == ["new_report"] and events[0]["agency"] == AGENCY
    table = runner.invoke(cli, ["changes", "--archive", str(harvests.archive.path), "--agency", "某某市"])
    assert "新报告" in table.output
    none = runner.invoke(cli, ["changes", "--archive", str(harvests.archive.path), "--since", "2030-01-01"])
    assert "no changes recorded since 2030-01-01" in none.output
    feed = write_feed(harvests.archive)
    text = feed.read_text(encoding="utf-8")
    assert "<feed" in text and AGENCY in text and BASE + "a.html" in text


def test_a_report_whose_agency_is_not_named_is_kept_and_named_by_its_attachment(harvests: Harvests) -> None:
    """A stub page (详见附件, no agency anywhere) is recorded under its URL, never dropped; the Word file it
    links names the agency, and the report takes that name with its numbers."""
    import docx

    document = docx.Document()
    document.add_paragraph("某某县水利局2020年政府信息公开工作年度报告")
    document.add_paragraph("本年度主动公开政府信息45条，收到政府信息公开申请3件。")
    buffer = __import__("io").BytesIO()
    document.save(buffer)
    url = BASE + "t20210305_7.html"
    stub = (
        "<html><head><meta charset='utf-8'><title>2020年度政府信息公开工作年度报告</title></head><body>"
        "<div class='article'><h1>2020年度政府信息公开工作年度报告</h1><p>详见附件。</p>"
        "<a href='P020210305.docx'>年度报告.docx</a></div></body></html>"
    )
    attachment = Exchange(
        url=BASE + "P020210305.docx", status=200, response_body=buffer.getvalue(), fetched_at=harvests.when,
        response_headers=[("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")],
        classification="attachment", referrer=url, link_text="年度报告.docx",
    )  # fmt: skip
    summary = harvests.run([page(stub, url, harvests.when), attachment])
    assert summary.new_reports == 1
    db = harvests.archive.db
    report = next(db.query("select * from reports"))
    assert (report["agency"], report["report_year"]) == ("某某县水利局", 2020)
    assert report["report_key"] == "某某县水利局|2020|"
    values = {r["indicator"]: r["value"] for r in db.query("select * from observations where report_id = ?",
                                                           [report["id"]])}  # fmt: skip
    assert values["proactive.total"] == 45 and values["requests.received"] == 3


def test_an_unnamed_report_is_keyed_by_url_and_adopted_when_a_later_parse_names_it(harvests: Harvests) -> None:
    db = harvests.archive.db
    record_version = harvests.archive.reports.record_version
    common = {"report_year": 2019, "scope": "", "capture_id": None, "document_sha256": None,
              "seen_at": "2026-04-01T00:00:00Z", "run_id": None}  # fmt: skip
    a = record_version(agency="", content_hash="h1", url=BASE + "a.html", **common)  # type: ignore[arg-type]
    b = record_version(agency="", content_hash="h2", url=BASE + "b.html", **common)  # type: ignore[arg-type]
    assert a.report_id != b.report_id  # two unnamed reports of one year stay two reports
    keys = sorted(r["report_key"] for r in db.query("select report_key from reports"))
    assert keys == [f"url:{BASE}a.html|2019|", f"url:{BASE}b.html|2019|"]
    named = record_version(agency="某某镇人民政府", content_hash="h1", url=BASE + "a.html", **common)  # type: ignore[arg-type]
    assert named.report_id == a.report_id and named.kind == "unchanged"
    row = next(db.query("select * from reports where id = ?", [a.report_id]))
    assert (row["agency"], row["report_key"]) == ("某某镇人民政府", "某某镇人民政府|2019|")
    assert db.table("reports").count == 2


def test_a_page_the_crawler_found_to_be_no_report_never_becomes_one(harvests: Harvests) -> None:
    """A notice about reports (关于做好…年度报告…的通知) parses like a report with a year, but the crawler's verdict
    holds: it is archived and its text kept, never listed as a report."""
    notice = (
        "<html><head><meta charset='utf-8'><title>关于做好2023年度政府信息公开工作年度报告编制和发布工作的通知</title>"
        "</head><body><div class='article'><h1>关于做好2023年度政府信息公开工作年度报告编制和发布工作的通知</h1>"
        "<p>各县（市、区）人民政府：请于1月31日前完成年度报告的编制，报告应包括总体情况、主动公开政府信息情况、"
        "收到和处理政府信息公开申请情况。全年主动公开政府信息120条。</p></div></body></html>"
    )
    report = generate_report(AGENCY, 2023, "2021", 8)
    summary = harvests.run([
        page(notice, BASE + "t20240105_2001.html", harvests.when, classification="other"),
        page(report.html, BASE + "t20240301_5.html", harvests.when),
    ])  # fmt: skip
    db = harvests.archive.db
    assert summary.new_reports == 1
    assert [r["url"] for r in db.query("select url from reports")] == [BASE + "t20240301_5.html"]
    assert db.execute("select count(*) from captures where url like '%2001.html'").fetchone()[0] == 1
