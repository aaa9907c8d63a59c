"""Real pywb for replay tests: collections made with ``wb-manager``, ``wayback`` on 127.0.0.1 in a child process.

pywb lives in its own virtualenv (``.venv-pywb``, made by ``make setup`` from ``tests/replay/requirements-pywb.txt``):
it pins redis, werkzeug and an older cryptography than ours.

    with Wayback(tmp_path / "pywb") as wayback:
        wayback.add_collection("demo", warc_files)            # wb-manager init + add (pywb's own index)
        wayback.add_collection("ogi", warc_files, cdxj=text)  # our CDXJ (`ogi archive cdx`) as the index
        wayback.start()
        status, headers, body = wayback.fetch("demo", "20261203120002", "http://host/page.html")
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parents[2]
PYWB_BIN = ROOT / ".venv-pywb" / "bin"
START_TIMEOUT = 20.0
URL_SAFE = "/:?&=%+;,@!$'()*[]~"  # a URL as archived stays as it is; only non-ASCII is percent-encoded


class PywbMissing(RuntimeError):
    pass


def pywb_command(name: str) -> str:
    path = PYWB_BIN / name
    if not path.exists():
        raise PywbMissing(f"{path} is missing: run `make setup` (it installs pywb into .venv-pywb)")
    return str(path)


def free_port() -> int:
    """A port free right now (wayback cannot bind port 0 and report it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Wayback:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.log = root / "wayback.log"
        self.root.mkdir(parents=True, exist_ok=True)
        self.env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}

    def _manager(self, *args: str) -> None:
        completed = subprocess.run(
            [pywb_command("wb-manager"), *args], cwd=self.root, env=self.env, capture_output=True, text=True, timeout=60
        )
        if completed.returncode != 0:
            raise RuntimeError(f"wb-manager {' '.join(args)} failed: {completed.stderr[-2000:]}")

    def add_collection(self, name: str, warc_files: list[Path], *, cdxj: str | None = None) -> Path:
        """``wb-manager init`` the collection; then ``wb-manager add`` the files (pywb indexes them), or copy
        them in and use ``cdxj`` as the collection's index."""
        self._manager("init", name)
        collection = self.root / "collections" / name
        if cdxj is None:
            self._manager("add", name, *(str(p) for p in warc_files))
        else:
            for path in warc_files:
                shutil.copy2(path, collection / "archive" / path.name)
            (collection / "indexes" / "index.cdxj").write_text(cdxj, encoding="utf-8")
        return collection

    def start(self, attempts: int = 3) -> None:
        """Start ``wayback`` on a free port of 127.0.0.1; retried on another port if that one was taken meanwhile."""
        for _ in range(attempts):
            self.port = free_port()
            with open(self.log, "ab") as log:
                self.process = subprocess.Popen(
                    [pywb_command("wayback"), "-b", "127.0.0.1", "-p", str(self.port)],
                    cwd=self.root, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                )  # fmt: skip
            if self._wait_ready():
                return
            self.stop()
        raise RuntimeError(f"wayback did not start; log: {self.log.read_text(errors='replace')[-3000:]}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return True
            except OSError:
                time.sleep(0.1)
        return False

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> Wayback:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def fetch(self, collection: str, timestamp: str, url: str) -> tuple[int, list[tuple[str, str]], bytes]:
        """The raw payload (``id_`` mode) of ``url`` at ``timestamp``: redirects not followed, Content-Encoding
        kept (``Accept-Encoding: gzip``, as a browser sends it), so the bytes are those archived."""
        path = f"/{collection}/{timestamp}id_/{url}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", urllib.parse.quote(path, safe=URL_SAFE), headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()
