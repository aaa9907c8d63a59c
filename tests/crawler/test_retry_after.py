"""Retry-After in both of its forms (RFC 9110 §10.2.3)."""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.downloadermiddlewares.backoff import retry_after_seconds

NOW = datetime(2026, 11, 23, 2, 30, tzinfo=UTC)


def test_delay_seconds() -> None:
    assert retry_after_seconds(b"120", NOW) == 120.0
    assert retry_after_seconds(b" 7 ", NOW) == 7.0
    assert retry_after_seconds(b"-5", NOW) == 0.0


def test_http_date_in_the_future_and_the_past() -> None:
    assert retry_after_seconds(b"Mon, 23 Nov 2026 02:35:00 GMT", NOW) == 300.0
    assert retry_after_seconds(b"Mon, 23 Nov 2026 02:00:00 GMT", NOW) == 0.0


def test_missing_or_garbage_means_no_hint() -> None:
    assert retry_after_seconds(None, NOW) is None
    assert retry_after_seconds(b"", NOW) is None
    assert retry_after_seconds(b"soon", NOW) is None
    assert retry_after_seconds(b"Mon, 99 Foo 2026 99:99:99 GMT", NOW) is None
