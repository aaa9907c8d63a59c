"""The replica's HTTP server: conditional requests, gzip, behaviours (slow, flaky, challenge, errors,
redirects), an admin endpoint for mutations, and a JSON-lines request log for politeness assertions.

Standard library only; one thread per connection; HTTP/1.1 keep-alive with Content-Length.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import json
import threading
import time
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs

from tests.replica import render
from tests.replica.render import Resource
from tests.replica.site import Site

#: Last-Modified of everything that has not been changed since start-up (deterministic across runs).
EPOCH = datetime(2024, 4, 1, 8, 0, 0, tzinfo=UTC)
CHALLENGE_BODY = (
    b'<!DOCTYPE html><html><head><meta charset="utf-8"><script type="text/javascript">'
    b'$_ts=window["$_ts"];if(!$_ts)$_ts={};$_ts.nsd=31416;$_ts.cd="qEorrGAlcq";</script>'
    b'<script type="text/javascript" charset="utf-8" src="/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js"></script>'
    b"</head><body></body></html>"
)


class ReplicaState:
    """The mutable server state shared by all handler threads."""

    def __init__(self, site: Site, log_path: Path | None = None) -> None:
        self.site = site
        self.lock = threading.Lock()
        self.offsite = ""
        self.resources: dict[str, Resource] = {}
        self.behaviours: dict[str, str] = {}
        self.modified: dict[str, tuple[str, datetime]] = {}  # path -> (etag, last modified)
        self.flaky_failures: dict[str, int] = {}
        self.log: IO[str] | None = log_path.open("a", encoding="utf-8") if log_path else None
        self.log_lock = threading.Lock()

    def rerender(self) -> None:
        with self.lock:
            self.resources, self.behaviours = render.render(self.site, self.offsite)

    def validators(self, key: str, body: bytes) -> tuple[str, datetime]:
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        with self.lock:
            known = self.modified.get(key)
            if known is None:
                stamp = EPOCH
            elif known[0] == etag:
                stamp = known[1]
            else:
                stamp = max(datetime.now(UTC).replace(microsecond=0), known[1].replace(microsecond=0))
                if stamp <= known[1]:
                    stamp = known[1].replace(second=(known[1].second + 1) % 60)
            self.modified[key] = (etag, stamp)
        return etag, stamp

    def write_log(self, entry: dict[str, Any]) -> None:
        if self.log is None:
            return
        with self.log_lock:
            self.log.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self.log.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ReplicaPortal/1.0"
    state: ReplicaState  # set on the subclass made by make_server

    def log_message(self, format: str, *args: Any) -> None:  # silence stderr access logs
        return

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path.startswith("/__admin/"):
            self._admin(body)
            return
        self._serve(extra_query=body.decode("utf-8", "replace"))

    # -- serving ------------------------------------------------------------------------------
    def _serve(self, head: bool = False, extra_query: str = "") -> None:
        started = time.time()
        path, query = render.split_target(self.path)
        if extra_query:
            query = f"{query}&{extra_query}" if query else extra_query
        if path.startswith("/__replica/"):
            self._internal(path)
            return
        state = self.state
        behaviour = state.behaviours.get(path, "")
        resource = self._resource(path, query, behaviour)
        self._send(resource, started, head=head, key=self.path)

    def _resource(self, path: str, query: str, behaviour: str) -> Resource:
        state = self.state
        if behaviour == "slow":
            time.sleep(state.site.slow_seconds)
        elif behaviour == "flaky":
            with state.lock:
                failures = state.flaky_failures.get(path, 0)
                state.flaky_failures[path] = failures + 1
            if failures == 0:
                return Resource(
                    b"<html><body>Service Unavailable</body></html>", "text/html", status=503, cacheable=False
                )
        elif behaviour == "challenge":
            return Resource(CHALLENGE_BODY, "text/html", status=412, cacheable=False)
        elif behaviour == "error500":
            return Resource(b"<html><body><h1>500 Internal Server Error</h1></body></html>", "text/html", status=500,
                            cacheable=False)  # fmt: skip
        elif behaviour.startswith("redirect:"):
            target = behaviour.split(":", 1)[1]
            return Resource(b"", "text/html", status=301, headers=[("Location", target)], cacheable=False)
        lower = path.lower()
        if lower.endswith("/dataproxy.jsp"):
            return render.dataproxy(state.site, query)
        if lower.endswith("/xxgkannualreport.jsp"):
            return render.annual_report(state.site, query)
        if path == "/plain/more":
            column = state.site.columns["plain"]
            entries = render._visible(column)
            pages = max(1, -(-len(entries) // column.per_page))
            try:
                n = int(parse_qs(query).get("page", ["1"])[0]) - 1
            except ValueError:
                n = 0
            return render.plain_list_page(column, entries, max(n, 0), pages)
        if path == "/plain/calendar":
            return render.calendar(query)
        resource = state.resources.get(path)
        if resource is None:
            return Resource(b"<html><body><h1>404 Not Found</h1></body></html>", "text/html", status=404,
                            cacheable=False)  # fmt: skip
        return resource

    def _send(self, resource: Resource, started: float, *, head: bool, key: str) -> None:
        status = resource.status
        body = resource.body
        headers: list[tuple[str, str]] = [("Content-Type", resource.content_type), *resource.headers]
        if resource.cacheable and status == 200:
            etag, modified = self.state.validators(key, body)
            headers += [("ETag", etag), ("Last-Modified", email.utils.format_datetime(modified, usegmt=True))]
            if self._not_modified(etag, modified):
                status, body = 304, b""
                headers = [h for h in headers if h[0] != "Content-Type"]
        if (
            status == 200
            and body
            and "gzip" in (self.headers.get("Accept-Encoding") or "")
            and (resource.content_type.startswith(("text/", "application/xml")))
        ):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        self.send_response(status, HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "")
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Date", email.utils.formatdate(usegmt=True))
        finished = time.time()  # before the headers go out: the client cannot have the response yet
        # logged before the response goes out, so whoever has the response finds its entry in the log
        self.state.write_log(
            {
                "start": started,
                "end": finished,
                "method": self.command,
                "path": self.path,
                "host": self.headers.get("Host", ""),
                "status": status,
                "headers": dict(self.headers.items()),
            }
        )
        self.end_headers()
        if self.state.behaviours.get(render.split_target(key)[0]) == "truncate" and body and not head:
            self.wfile.write(body[: len(body) // 2])  # Content-Length promised more: the client sees data loss
            self.wfile.flush()
            self.close_connection = True
        elif body and not head:
            self.wfile.write(body)
        self.wfile.flush()

    def _not_modified(self, etag: str, modified: datetime) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:
            return etag in [m.strip() for m in match.split(",")] or match.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                when = email.utils.parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False
            return when.tzinfo is not None and modified <= when
        return False

    # -- admin and introspection ------------------------------------------------------------
    def _json(self, data: object, status: int = 200) -> None:
        body = json.dumps(data, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _internal(self, path: str) -> None:
        if path == "/__replica/manifest.json":
            self._json(self.state.site.manifest())
        else:
            self._json({"error": "unknown"}, 404)

    def _admin(self, body: bytes) -> None:
        path, query = render.split_target(self.path)
        params = {k: v[0] for k, v in parse_qs(query).items()}
        params.update({k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()})
        site = self.state.site
        action = path.removeprefix("/__admin/")
        try:
            if action == "edit":
                entry = site.edit(params["key"], params.get("text", "（更正）"))
            elif action == "remove":
                entry = site.remove(params["key"])
            elif action == "move":
                entry = site.move(params["key"], params["to"])
            elif action == "replace-attachment":
                entry = site.replace_attachment(params["path"], params.get("append", "%revised").encode("utf-8"))
            else:
                self._json({"error": f"unknown action {action}"}, 404)
                return
        except KeyError as exc:
            self._json({"error": f"missing or unknown {exc}"}, 400)
            return
        self.state.rerender()
        self._json({"ok": True, "key": entry.key, "path": entry.path, "version": site.version})


def make_server(site: Site, *, log_path: Path | None = None, port: int = 0) -> ThreadingHTTPServer:
    """A server bound to 127.0.0.1 (port 0: any free port); call ``serve_forever()`` to run it."""
    state = ReplicaState(site, log_path)
    handler = type("BoundHandler", (Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    state.offsite = f"http://localhost:{server.server_address[1]}"
    state.rerender()
    return server
