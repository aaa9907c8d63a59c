"""Bodies over OGI_MAX_BODY_BYTES are cut and archived truncated, not dropped (real server, real crawl)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

ROOT = Path(__file__).resolve().parents[2]
BIG = 300_000
CAP = 100_000
PAGE = (
    "<html><head><meta charset='utf-8'><title>示例局2023年政府信息公开工作年度报告</title></head><body>"
    "<h1>示例局2023年政府信息公开工作年度报告</h1><div class='TRS_Editor'><p>一、总体情况</p>"
    "<p><a href='/files/with-length.pdf'>附件1：年度报告.pdf</a></p>"
    "<p><a href='/files/streamed.pdf'>附件2：年度报告（扫描件）.pdf</a></p></div></body></html>"
).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # the streamed file ends when the connection closes: no Content-Length

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/":
            self._send(PAGE, "text/html; charset=utf-8")
        elif self.path == "/files/with-length.pdf":
            self._send(b"%PDF-1.4\n" + b"0" * BIG, "application/pdf")
        elif self.path == "/files/streamed.pdf":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            for _ in range(BIG // 10_000):
                self.wfile.write(b"1" * 10_000)
        else:
            self._send(b"not found", "text/plain", 404)

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_oversized_bodies_are_archived_truncated_and_reported(server: str, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    summary_path = tmp_path / "summary.json"
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    completed = subprocess.run(
        [sys.executable, "-m", "crawler", "--archive", str(archive), "--url", server + "/", "--allow-private",
         "--summary-json", str(summary_path), "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_START_DELAY=0",
         "--set", f"OGI_MAX_BODY_BYTES={CAP}", "--set", "ROBOTSTXT_OBEY=false"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    summary = json.loads(summary_path.read_text())
    assert summary["error_kinds"] == {"too-large": 2}
    assert "raise OGI_MAX_BODY_BYTES" in completed.stdout
    db = sqlite3.connect(archive / "catalog.sqlite")
    db.row_factory = sqlite3.Row
    rows = {r["url"].removeprefix(server): dict(r) for r in db.execute("select * from captures")}
    db.close()
    announced, streamed = rows["/files/with-length.pdf"], rows["/files/streamed.pdf"]
    assert announced["truncated"] == streamed["truncated"] == "length"
    assert announced["payload_size"] == 0  # stopped after the headers: Content-Length said too much
    assert "Content-Length 300009 is over the 100000-byte cap" in announced["classification_reason"]
    assert CAP < streamed["payload_size"] < BIG  # what arrived before the cap is kept
    assert "stopped after" in streamed["classification_reason"]
    with (archive / "warc" / streamed["warc_file"]).open("rb") as handle:
        handle.seek(streamed["offset"])
        record = next(iter(ArchiveIterator(handle)))
        assert record.rec_headers.get_header("WARC-Truncated") == "length"
        assert record.content_stream().read() == b"1" * streamed["payload_size"]
    assert rows["/"]["classification"] == "report"
