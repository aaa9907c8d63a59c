"""Full-text search over report text and attachment text: trigram FTS5 for words of 3+ characters, LIKE below.

A trigram index cannot match a query shorter than three characters (公开, 复议 return nothing, silently),
so every word is routed: long words go to ``report_text_fts MATCH``, short ones to ``instr`` on the base
table.  Words are ANDed.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from archive.research.errors import InvalidFilterError
from archive.research.query import dict_rows

SNIPPET_CHARS = 24


@dataclass(frozen=True)
class SearchHit:
    version_id: int
    report_id: int
    agency: str
    year: int
    version_no: int
    current: bool
    title: str
    url: str
    snippet: str
    method: str  # fts | like | fts+like
    found_in: str = "page"  # page | attachment <link text or URL>


def split_query(query: str) -> tuple[list[str], list[str]]:
    """(words for the trigram index, words for LIKE)."""
    words = [w for w in query.split() if w]
    if not words:
        raise InvalidFilterError("empty search; give one or more words, e.g. 公开 or 行政复议")
    return [w for w in words if len(w) >= 3], [w for w in words if len(w) < 3]


def search_sql(query: str, alias: str = "v", prefix: str = "ogi_q") -> tuple[str, dict[str, Any], str]:
    """Condition on report_versions (as ``alias``) for ``query``, its named parameters, and the method used.

    A version matches when its page, or one of its attachments (extracted text), contains every word.
    """
    long_words, short_words = split_query(query)
    page: list[str] = []
    attached: list[str] = []
    params: dict[str, Any] = {}
    if long_words:
        params[f"{prefix}_fts"] = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
        page.append(f"{alias}.id in (select rowid from report_text_fts where report_text_fts match :{prefix}_fts)")
        attached.append(f"d.rowid in (select rowid from document_text_fts where document_text_fts match :{prefix}_fts)")
    for i, word in enumerate(short_words):
        name = f"{prefix}_{i}"
        page.append(f"(instr({alias}.text, :{name}) > 0 or instr({alias}.title, :{name}) > 0)")
        attached.append(f"instr(d.text, :{name}) > 0")
        params[name] = word
    in_attachment = (
        f"{alias}.id in (select a.report_version_id from report_attachments a "
        f"join documents d on d.sha256 = a.document_sha256 where {' and '.join(attached)})"
    )
    method = "+".join(m for m, used in (("fts", long_words), ("like", short_words)) if used)
    return f"(({' and '.join(page)}) or {in_attachment})", params, method


def search(conn: sqlite3.Connection, query: str, *, limit: int = 50, current_only: bool = False) -> list[SearchHit]:
    """Report versions whose title, text or attachments contain every word of ``query``, newest years first."""
    where, params, method = search_sql(query)
    if current_only:
        where += " and v.id = r.current_version_id"
    sql = (
        "select v.id as version_id, v.report_id, r.agency, r.report_year as year, v.version_no, "
        "(v.id = r.current_version_id) as current, coalesce(v.title, '') as title, v.url, v.text "
        f"from report_versions v join reports r on r.id = v.report_id where {where} "
        "order by r.report_year desc, r.agency, v.version_no desc limit :ogi_limit"
    )
    words = query.split()
    hits = []
    for row in dict_rows(conn, sql, {**params, "ogi_limit": int(limit)}):
        page_text = f"{row['title']} {row['text'] or ''}"
        found_in, text = "page", row["text"] or row["title"]
        if not all(w in page_text for w in words):
            found_in, text = _attachment_with(conn, row["version_id"], words)
        hits.append(
            SearchHit(
                version_id=row["version_id"],
                report_id=row["report_id"],
                agency=row["agency"],
                year=row["year"],
                version_no=row["version_no"],
                current=bool(row["current"]),
                title=row["title"],
                url=row["url"] or "",
                snippet=snippet(text, words),
                method=method,
                found_in=found_in,
            )
        )
    return hits


def _attachment_with(conn: sqlite3.Connection, version_id: int, words: list[str]) -> tuple[str, str]:
    """("attachment <name>", its text) of the first attachment of the version that contains every word."""
    sql = (
        "select a.url, a.link_text, d.text from report_attachments a join documents d on d.sha256 = a.document_sha256 "
        "where a.report_version_id = :version order by a.url"
    )
    for row in dict_rows(conn, sql, {"version": version_id}):
        text = row["text"] or ""
        if all(w in text for w in words):
            return f"attachment {row['link_text'] or row['url']}", text
    return "page", ""


def snippet(text: str, words: list[str], width: int = SNIPPET_CHARS) -> str:
    """The text around the first word found, with every word marked as ``[word]``."""
    positions = [text.find(w) for w in words if w in text]
    if not positions:
        return text[: 2 * width]
    at = min(positions)
    start, end = max(0, at - width), min(len(text), at + 2 * width)
    piece = text[start:end]
    pattern = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    piece = re.sub(pattern, lambda m: f"[{m.group(0)}]", piece)
    return ("…" if start else "") + piece + ("…" if end < len(text) else "")
