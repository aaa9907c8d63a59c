from __future__ import annotations

import gzip
import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive import Archive, Exchange

REPORT_HTML = (
    "<html><head><meta charset='gbk'><title>2017年政府信息公开工作年度报告</title></head><body>镕堃珺</body></html>"
)


def make_exchange(
    url: str = "http://gov.example.cn/zfxxgk/ndbg/t20180314_123.html?a=1&b=2", **overrides: object
) -> Exchange:
    body = gzip.compress(REPORT_HTML.encode("gb18030"), mtime=0)
    fields: dict[str, object] = {
        "url": url,
        "status": 200,
        "reason": "OK",
        "response_headers": [
            ("Server", "nginx"),
            ("Content-Type", "text/html; charset=gb2312"),
            ("Content-Encoding", "gzip"),
            ("Set-Cookie", "a=1"),
            ("Set-Cookie", "b=2"),
            ("ETag", '"abc"'),
            ("Last-Modified", "Wed, 14 Mar 2018 01:00:00 GMT"),
        ],
        "response_body": body,
        "fetched_at": datetime(2026, 11, 22, 3, 0, tzinfo=UTC),
        "request_headers": [("Host", "gov.example.cn"), ("User-Agent", "ogi-archive/0.1 (+https://example.org)")],
        "ip_address": "203.0.113.7",
        "referrer": "http://gov.example.cn/zfxxgk/ndbg/index.html",
        "link_text": "2017年政府信息公开工作年度报告",
        "depth": 2,
        "portal_id": "example",
        "classification": "report",
        "classification_reason": "link text 年度报告 + 信息公开",
    }
    fields.update(overrides)
    return Exchange(**fields)  # type: ignore[arg-type]


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def counter_ids() -> Callable[[], str]:
    numbers = itertools.count(1)
    return lambda: f"<urn:uuid:00000000-0000-4000-8000-{next(numbers):012d}>"


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    arc = Archive.open(tmp_path / "arc", create=True, clock=FakeClock())
    yield arc
    arc.close()


def write_sample(arc: Archive, n: int = 3, **writer_args: object) -> str:
    run_id = arc.start_run("crawl", {"test": True}, run_id="20261122T030000Z-test01")
    with arc.writer(run_id, **writer_args) as writer:  # type: ignore[arg-type]
        for i in range(n):
            writer.record(make_exchange(url=f"http://gov.example.cn/r{i}.html?x={i}"))
    arc.finish_run(run_id, "ok", {"pages": n})
    return run_id
