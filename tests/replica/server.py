"""Start the replica portal in a child process and talk to it (manifest, mutations, request log).

    with ReplicaServer(crawl_delay=0.05, log=tmp_path / "requests.jsonl") as replica:
        replica.url            # http://127.0.0.1:PORT
        replica.manifest()     # what a perfect crawl finds
        replica.edit("trs-2023", "更正")
        replica.requests()     # the request log, one dict per request

The child binds port 0 and prints its URL on the first stdout line (no port guessing).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


class ReplicaServer:
    def __init__(
        self, *, crawl_delay: float = 0.0, slow: float = 0.3, log: Path | None = None, site: str = "demo"
    ) -> None:
        self.site = site
        self.crawl_delay = crawl_delay
        self.slow = slow
        self.log = log
        self.url = ""
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> ReplicaServer:
        command = [sys.executable, "-u", "-m", "tests.replica", "--crawl-delay", str(self.crawl_delay), "--slow",
                   str(self.slow), "--site", self.site]  # fmt: skip
        if self.log:
            command += ["--log", str(self.log)]
        env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, env=env)
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.startswith("http://"):
            self.stop()
            raise RuntimeError(f"replica did not start (got {line!r})")
        self.url = line
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            if self.process.stdout:
                self.process.stdout.close()
            self.process = None

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- helpers ----------------------------------------------------------------------------
    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.url).netloc

    def absolute(self, path: str) -> str:
        return (
            path.replace("{OFFSITE}", self.url.replace("127.0.0.1", "localhost"))
            if "{OFFSITE}" in path
            else (path if path.startswith("http") else self.url + path)
        )

    def manifest(self) -> dict[str, list[str]]:
        with urllib.request.urlopen(self.url + "/__replica/manifest.json", timeout=10) as response:
            data: dict[str, list[str]] = json.load(response)
        return data

    def _admin(self, action: str, **params: str) -> dict[str, Any]:
        body = urllib.parse.urlencode(params).encode()
        request = urllib.request.Request(f"{self.url}/__admin/{action}", data=body, method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            data: dict[str, Any] = json.load(response)
        return data

    def edit(self, key: str, text: str = "（更正）") -> dict[str, Any]:
        return self._admin("edit", key=key, text=text)

    def remove(self, key: str) -> dict[str, Any]:
        return self._admin("remove", key=key)

    def move(self, key: str, to: str) -> dict[str, Any]:
        return self._admin("move", key=key, to=to)

    def replace_attachment(self, path: str, append: str = "\n%revised\n") -> dict[str, Any]:
        """Append bytes to an attachment's file: same URL, new content, its report page unchanged."""
        return self._admin("replace-attachment", path=path, append=append)

    def requests(self) -> list[dict[str, Any]]:
        if not self.log or not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines() if line.strip()]

    def portal_row(self, portal_id: str = "replica") -> dict[str, str]:
        """A registry entry for this replica (private address allowed: it is on loopback)."""
        return {
            "id": portal_id,
            "agency": "示例市人民政府（本地复制门户）",
            "level": "prefecture",
            "province": "",
            "region_code": "",
            "start_urls": self.url + "/",
            "allowed_hosts": self.host,
            "platform": "other",
            "allow_private": "1",
            "notes": "local replica portal (tests.replica)",
        }
