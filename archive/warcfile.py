"""Writing WARC 1.1 files with warcio: gzip per record, rotation at a size limit, injectable clock and ids.

Record layout per capture: ``request``, then ``response`` (or ``revisit``), then ``metadata``; the request
and the metadata record carry ``WARC-Concurrent-To`` pointing at the response/revisit record.
"""

from __future__ import annotations

import base64
import hashlib
import http
import io
import json
import os
import socket
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from archive.exchange import Exchange
from archive.revisit import Original, freshened_headers, not_modified_fields

SOFTWARE = "ogi-archive/0.1.0"
DEFAULT_MAX_FILE_SIZE = 1 << 30  # 1 GiB
PROFILE_IDENTICAL = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
PROFILE_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"

Clock = Callable[[], datetime]
IdFactory = Callable[[], str]


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def warc_date(moment: datetime) -> str:
    return str(datetime_to_iso_date(moment.astimezone(UTC).replace(tzinfo=None), use_micros=True))


def sha1_base32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def reason_phrase(status: int, reason: str) -> str:
    """The reason phrase as sent, else the standard one; non-standard codes (521) get none."""
    if reason:
        return reason
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def request_target(url: str) -> str:
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return target


@dataclass(frozen=True)
class WrittenRecord:
    record_id: str
    offset: int
    length: int


@dataclass(frozen=True)
class WrittenCapture:
    warc_file: str
    request: WrittenRecord
    main: WrittenRecord
    metadata: WrittenRecord
    payload_sha1: str | None


class _ClockedWriter(WARCWriter):
    """warcio's writer with the record-id and date seams bound to our injectable sources."""

    def __init__(self, out: BinaryIO, clock: Clock, ids: IdFactory) -> None:
        super().__init__(out, gzip=True, warc_version="1.1")
        self._clock = clock
        self._ids = ids

    def _make_warc_id(self, id_: str | None = None) -> str:  # warcio calls it without arguments
        return self._ids()

    def curr_warc_date(self) -> str:
        return warc_date(self._clock())


class RotatingWarcWriter:
    """Appends capture records to ``<dir>/<prefix>-<run_id>-<NNNNN>.warc.gz``, rotating at ``max_file_size``."""

    def __init__(
        self,
        directory: Path,
        run_id: str,
        *,
        info: dict[str, Any],
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        prefix: str = "ogi",
        clock: Clock = utc_now,
        ids: IdFactory = new_record_id,
        on_new_file: Callable[[str], None] | None = None,
    ) -> None:
        self.directory = directory
        self.run_id = run_id
        self.info = info
        self.max_file_size = max_file_size
        self.prefix = prefix
        self.clock = clock
        self.ids = ids
        self.on_new_file = on_new_file
        self._file: BinaryIO | None = None
        self._writer: _ClockedWriter | None = None
        self._name = ""
        self._seq = 0
        self.records_in_file = 0

    # -- files -------------------------------------------------------------------------------
    @property
    def current_name(self) -> str:
        return self._name

    def _next_name(self) -> str:
        while True:
            self._seq += 1
            name = f"{self.prefix}-{self.run_id}-{self._seq:05d}.warc.gz"
            if not (self.directory / name).exists():
                return name

    def _open_new_file(self) -> None:
        self.close()
        self.directory.mkdir(parents=True, exist_ok=True)
        self._name = self._next_name()
        self._file = open(self.directory / self._name, "xb")  # noqa: SIM115 - closed in close()
        self._writer = _ClockedWriter(self._file, self.clock, self.ids)
        self.records_in_file = 0
        if self.on_new_file:
            self.on_new_file(self._name)
        fields = {
            "software": SOFTWARE,
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "hostname": socket.gethostname(),
            "isPartOf": self.run_id,
            "run-id": self.run_id,
        }
        for key, value in self.info.items():
            fields[key] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
        record = self._writer.create_warcinfo_record(self._name, fields)
        self._write(record)

    def _ensure_file(self, incoming: int) -> None:
        if self._file is None:
            self._open_new_file()
            return
        size = self._file.tell()
        if self.records_in_file > 0 and size + incoming > self.max_file_size:
            self._open_new_file()

    def _write(self, record: Any) -> WrittenRecord:
        assert self._file is not None and self._writer is not None
        offset = self._file.tell()
        self._writer.write_record(record)
        self.records_in_file += 1
        return WrittenRecord(str(record.rec_headers.get_header("WARC-Record-ID")), offset, self._file.tell() - offset)

    def flush(self) -> None:
        """Hand written records to the operating system (survives a crash of this process)."""
        if self._file is not None:
            self._file.flush()

    def sync(self) -> None:
        """Flush and fsync (survives a crash of the machine)."""
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())

    def close(self) -> None:
        if self._file is not None:
            self.sync()
            self._file.close()
            self._file = None
            self._writer = None

    def size(self) -> int:
        return self._file.tell() if self._file is not None else 0

    # -- records -----------------------------------------------------------------------------
    def write_capture(
        self,
        exchange: Exchange,
        *,
        original: Original | None = None,
        metadata: Iterable[tuple[str, str]],
    ) -> WrittenCapture:
        """Write request, response-or-revisit and metadata records for one exchange.

        With ``original`` (the earlier response holding the same payload) the response is stored as an
        identical-payload-digest revisit (headers only).  A 304 is always written as a server-not-modified
        revisit; with ``original`` its block is the response the 304 validated and the 304 as received goes to
        the metadata record (archive.revisit).  Either revisit names its original as WARC 1.1 §6.7 says.
        """
        self._ensure_file(len(exchange.response_body) + 4096)
        assert self._writer is not None
        writer = self._writer
        date = warc_date(exchange.fetched_at)
        main_id = self.ids()
        metadata = list(metadata)

        status_line = f"{exchange.status} {reason_phrase(exchange.status, exchange.reason)}".rstrip()
        response_headers = StatusAndHeaders(
            status_line, list(exchange.response_headers), protocol=exchange.http_version
        )
        warc_headers: dict[str, str] = {"WARC-Record-ID": main_id, "WARC-Date": date}
        if exchange.ip_address:
            warc_headers["WARC-IP-Address"] = exchange.ip_address
        if exchange.truncated:
            warc_headers["WARC-Truncated"] = exchange.truncated
        payload_sha1: str | None
        if exchange.status == 304:
            block = response_headers
            if original is not None and original.status_line:
                validated = freshened_headers(list(original.http_headers), exchange.response_headers)
                block = StatusAndHeaders(original.status_line, validated, protocol=original.protocol)
                metadata += not_modified_fields(exchange.http_version, status_line, exchange.response_headers)
            main = writer.create_warc_record(
                exchange.url, "revisit", http_headers=block, warc_headers_dict=warc_headers
            )
            main.rec_headers.add_header("WARC-Profile", PROFILE_NOT_MODIFIED)
            if original is not None:
                _refer(main, original)
                main.rec_headers.add_header("WARC-Payload-Digest", original.payload_digest)
            payload_sha1 = original.payload_digest if original is not None else None
        elif original is not None:
            main = writer.create_revisit_record(
                exchange.url,
                original.payload_digest,
                original.target_uri,
                original.date,
                http_headers=response_headers,
                warc_headers_dict=warc_headers,
            )
            main.rec_headers.add_header("WARC-Refers-To", original.record_id)
            payload_sha1 = original.payload_digest
        else:
            payload_sha1 = sha1_base32(exchange.response_body)
            warc_headers["WARC-Payload-Digest"] = payload_sha1
            main = writer.create_warc_record(
                exchange.url,
                "response",
                payload=io.BytesIO(exchange.response_body),
                length=len(exchange.response_body),
                http_headers=response_headers,
                warc_headers_dict=warc_headers,
            )

        request_headers = StatusAndHeaders(
            f"{exchange.method} {request_target(exchange.url)} {exchange.http_version}",
            list(exchange.request_headers),
            is_http_request=True,
        )
        request = writer.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(exchange.request_body),
            length=len(exchange.request_body),
            http_headers=request_headers,
            warc_headers_dict={"WARC-Record-ID": self.ids(), "WARC-Date": date, "WARC-Concurrent-To": main_id},
        )
        meta_body = "".join(f"{k}: {v}\r\n" for k, v in metadata if v not in (None, "")).encode("utf-8")
        meta = writer.create_warc_record(
            exchange.url,
            "metadata",
            payload=io.BytesIO(meta_body),
            length=len(meta_body),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Record-ID": self.ids(), "WARC-Date": date, "WARC-Concurrent-To": main_id},
        )
        written_request = self._write(request)
        written_main = self._write(main)
        written_meta = self._write(meta)
        return WrittenCapture(self._name, written_request, written_main, written_meta, payload_sha1)


def _refer(record: Any, original: Original) -> None:
    record.rec_headers.add_header("WARC-Refers-To", original.record_id)
    record.rec_headers.add_header("WARC-Refers-To-Target-URI", original.target_uri)
    record.rec_headers.add_header("WARC-Refers-To-Date", original.date)
