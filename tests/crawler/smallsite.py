"""A tiny real HTTP site for crawler edge cases: one report page with a normal attachment and two oversized
files, and a column of report links whose pages are chained by 下一页 links only.

Answers conditional requests (ETag / If-None-Match -> 304) like a real server.  HTTP/1.0 on purpose: the
streamed file has no Content-Length and ends when the connection closes.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

BIG = 300_000
PAGE = (
    "<html><head><meta charset='utf-8'><title>示例局2023年政府信息公开工作年度报告</title></head><body>"
    "<h1>示例局2023年政府信息公开工作年度报告</h1><div class='TRS_Editor'><p>一、总体情况</p>"
    "<p><a href='/files/report.pdf'>附件：年度报告.pdf</a></p>"
    "<p><a href='/files/with-length.pdf'>附件1：年度报告（大）.pdf</a></p>"
    "<p><a href='/files/streamed.pdf'>附件2：年度报告（扫描件）.pdf</a></p></div></body></html>"
).encode()


def _report(n: int) -> bytes:
    title = f"示例局第{n}号单位2023年政府信息公开工作年度报告"
    sections = "".join(
        f"<p>{s}</p>" for s in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况")
    )
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>"
        f"<div class='TRS_Editor'>{sections}<p>本年度共收到申请{n}件。</p></div></body></html>"
    ).encode()


def _list_page(page: int, last: int, delisted: frozenset[int] = frozenset()) -> bytes:
    """A column page that links two reports and, but for the last, only the next page (下一页)."""
    items = "".join(
        f"<li><a href='/list/r{n}.html'>示例局第{n}号单位2023年政府信息公开工作年度报告</a></li>"
        for n in (2 * page, 2 * page + 1)
        if n not in delisted
    )
    nxt = f"<div class='page'><a href='/list/index_{page + 1}.html'>下一页</a></div>" if page < last else ""
    return (
        "<html><head><meta charset='utf-8'><title>政府信息公开年报</title></head><body>"
        f"<ul class='list'>{items}</ul>{nxt}</body></html>"
    ).encode()


LIST_PAGES = 4  # /list/index_0.html … index_3.html, reached one 下一页 after another
FILES = {
    "/": (PAGE, "text/html; charset=utf-8"),
    "/files/report.pdf": (b"%PDF-1.4\n% a small attachment\n%%EOF\n", "application/pdf"),
    "/files/with-length.pdf": (b"%PDF-1.4\n" + b"0" * BIG, "application/pdf"),
    **{f"/list/index_{p}.html": (_list_page(p, LIST_PAGES - 1), "text/html; charset=utf-8") for p in range(LIST_PAGES)},
    **{f"/list/r{n}.html": (_report(n), "text/html; charset=utf-8") for n in range(2 * LIST_PAGES)},
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    log: ClassVar[list[str]] = []  # one list per served site: serve() makes a subclass
    delisted: ClassVar[set[int]] = set()  # report numbers the list pages no longer link (their pages still answer)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.log.append(self.path)
        if self.path == "/files/streamed.pdf":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            for _ in range(BIG // 10_000):
                self.wfile.write(b"1" * 10_000)
            return
        if self.path not in FILES:
            self._send(404, b"not found", "text/plain")
            return
        body, content_type = FILES[self.path]
        if self.path.startswith("/list/index_"):
            page = int(self.path.removeprefix("/list/index_").split(".")[0])
            body = _list_page(page, LIST_PAGES - 1, frozenset(self.delisted))
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self._send(200, body, content_type, etag)

    def _send(self, status: int, body: bytes, content_type: str, etag: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve() -> Iterator[tuple[str, list[str], set[int]]]:
    """(base URL, the paths requested so far, report numbers to take off the listing) of a fresh server on
    127.0.0.1, port 0."""
    handler = type("LoggingHandler", (Handler,), {"log": [], "delisted": set()})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler.log, handler.delisted
    finally:
        httpd.shutdown()
        httpd.server_close()
