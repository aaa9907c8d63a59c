"""The ``parses`` table (which parser version read which document) and the text stored on ``documents``."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlite_utils import Database

from archive.rows import select_rows


class Parses:
    """Writes join the caller's transaction (``archive.atomic()``) or are their own."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def known(self, document_sha256: str, parser_version: str) -> dict[str, Any] | None:
        """What ``parser_version`` made of this document before, if it read it."""
        rows = select_rows(
            self._db,
            "select * from parses where document_sha256 = ? and parser_version = ?",
            [document_sha256, parser_version],
        )
        return rows[0] if rows else None

    def record(
        self,
        document_sha256: str,
        parser_version: str,
        *,
        status: str,
        message: str,
        parsed_at: str,
        version_id: int | None,
        run_id: str | None,
    ) -> None:
        with self._db.atomic():
            self._db.table("parses").upsert(
                {
                    "document_sha256": document_sha256,
                    "parser_version": parser_version,
                    "status": status,
                    "message": message[:500],
                    "parsed_at": parsed_at,
                    "report_version_id": version_id,
                    "run_id": run_id,
                },
                pk=("document_sha256", "parser_version"),
            )

    def store_text(
        self,
        document_sha256: str,
        *,
        text: str,
        extractor: str,
        status: str,
        message: str,
        steps: list[str],
        extracted_at: str,
    ) -> None:
        """The text read from a document (page or attachment), with how it was read."""
        with self._db.atomic():
            self._db.execute(
                "update documents set text = ?, text_sha256 = ?, extractor = ?, extraction_status = ?, "
                "extraction_message = ?, steps = ?, extracted_at = ? where sha256 = ?",
                [
                    text,
                    hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    extractor,
                    status,
                    message[:500],
                    ",".join(steps),
                    extracted_at,
                    document_sha256,
                ],
            )
