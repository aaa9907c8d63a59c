"""Crawler settings: Scrapy's (politeness first) and our own ``OGI_*`` keys, each documented.

:data:`SCRAPY_SETTINGS` is applied at project priority by :func:`crawler.run.build_settings`; callers
override single keys (tests shorten delays; the benchmark relaxes politeness).  :data:`OGI_SETTINGS` is
the ``(name, default, help)`` table of our keys; ``docs/crawler.md`` documents every one (a test checks).
"""

from __future__ import annotations

import difflib
import json
from typing import Any

USER_AGENT = "ogi-archive/0.1 (+https://github.com/ogi-archive/ogi-archive; archiving government disclosure reports)"

SCRAPY_SETTINGS: dict[str, Any] = {
    "BOT_NAME": "ogi-archive",
    "USER_AGENT": USER_AGENT,
    "ROBOTSTXT_OBEY": True,
    # one request at a time per host, a delay floor, adaptive slow-down
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    "CONCURRENT_REQUESTS_PER_IP": 0,
    # the spider yields requests, never items: Scrapy starts CONCURRENT_ITEMS worker tasks per response
    "CONCURRENT_ITEMS": 4,
    # Scrapy's check for `return value` in generator callbacks re-reads and re-parses the callback's source
    # for every response (its cache is keyed by the bound method, a new object each time): ≈ 0.3 ms a page
    "WARN_ON_GENERATOR_RETURN_VALUE": False,
    "DOWNLOAD_DELAY": 1.0,
    "DOWNLOAD_DELAY_JITTER": 0.0,  # a floor must stay a floor (Crawl-delay); jitter would undercut it
    "AUTOTHROTTLE_ENABLED": True,  # implemented by crawler.extensions.throttle.PoliteThrottle (Scrapy's own is off)
    "AUTOTHROTTLE_START_DELAY": 1.0,  # keep low: AutoThrottle never lowers the delay on 304s
    "AUTOTHROTTLE_MAX_DELAY": 60.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
    "DOWNLOAD_TIMEOUT": 60,
    "DOWNLOAD_MAXSIZE": 0,  # extensions.bodycap.BodySizeCap (OGI_MAX_BODY_BYTES) cuts and keeps instead of cancelling
    "DOWNLOAD_WARNSIZE": 16 * 1024 * 1024,
    "DOWNLOAD_FAIL_ON_DATALOSS": False,  # keep a body cut short: archived with WARC-Truncated, never a report
    "RETRY_ENABLED": True,
    "RETRY_TIMES": 2,
    "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
    "REDIRECT_MAX_TIMES": 10,
    "COOKIES_ENABLED": False,  # no session state: every request stands alone (and no challenge cookies)
    "DEFAULT_REQUEST_HEADERS": {
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
    },
    "HTTPCACHE_ENABLED": False,  # the archive is the cache: conditional requests come from its catalog
    "TELNETCONSOLE_ENABLED": False,
    "REMOTE_CONTROL_ENABLED": False,
    "LOG_LEVEL": "INFO",
    "LOG_ENABLED": True,
    "DEPTH_LIMIT": 0,  # our own OGI_MAX_DEPTH applies (pagination-aware)
    "DOWNLOADER_MIDDLEWARES": {
        "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,  # replaced by HostGuardMiddleware
        "crawler.downloadermiddlewares.hostguard.HostGuardMiddleware": 50,
        "crawler.downloadermiddlewares.backoff.BackoffMiddleware": 560,
        "crawler.downloadermiddlewares.archive.ArchiveMiddleware": 950,
        "crawler.downloadermiddlewares.pagelimit.PageLimitMiddleware": 960,  # --max-pages: N responses exactly
    },
    "SPIDER_MIDDLEWARES": {
        "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    },
    "EXTENSIONS": {
        "scrapy.extensions.throttle.AutoThrottle": None,
        "crawler.extensions.throttle.PoliteThrottle": 0,
        "crawler.extensions.progress.Progress": 500,
        "crawler.extensions.bodycap.BodySizeCap": 0,
    },
}

#: (name, default, help) of every setting the crawler reads besides Scrapy's own.
OGI_SETTINGS: list[tuple[str, Any, str]] = [
    (
        "OGI_MAX_PAGES",
        0,
        "Stop after this many responses, robots.txt, redirects and retries included (0: no limit); "
        "`ogi crawl --max-pages`.",
    ),
    ("OGI_MAX_DEPTH", 12, "Links followed from a start URL, pagination included; `ogi crawl --max-depth`."),
    ("OGI_HUB_DEPTH", 1, "Follow generic 政务公开/信息公开 section links only this close to the start URL."),
    ("OGI_MAX_PAGINATION", 300, "Pages followed in one pagination chain (trap guard)."),
    (
        "OGI_ALLOW_PRIVATE",
        False,
        "Allow hosts on loopback/private/link-local addresses (tests, demo); `--allow-private`.",
    ),
    ("OGI_CRAWL_DELAY_CAP", 120.0, "Honour robots.txt Crawl-delay up to this many seconds."),
    ("OGI_BACKOFF_BASE", 2.0, "Minimum per-host delay after a 5xx, 429, timeout or challenge (doubles on repeats)."),
    ("OGI_RETRY_AFTER_CAP", 300.0, "Honour Retry-After up to this many seconds."),
    ("OGI_BLOCKED_HOST_LIMIT", 3, "After this many challenge answers from one host, stop requesting it this run."),
    ("OGI_REVALIDATE", True, "Send If-None-Match/If-Modified-Since for URLs already in the archive."),
    (
        "OGI_RECHECK_MIN_HOURS",
        20.0,
        "A known report or attachment is not asked again sooner than this (0 with MAX 0: `--recheck-all`).",
    ),
    ("OGI_RECHECK_MAX_DAYS", 7.0, "A known report or attachment is asked again at least this often."),
    (
        "OGI_RECHECK_FACTOR",
        0.5,
        "Between the two bounds, recheck after this share of the time its content has been unchanged.",
    ),
    (
        "OGI_FOLLOW_UNCHANGED_REPORTS",
        True,
        "Re-read 304 report pages whose capture recorded no links, and follow them (attachments a stopped crawl "
        "never reached).",
    ),
    (
        "OGI_MAX_BODY_BYTES",
        128 * 1024 * 1024,
        "Bodies over this many bytes are cut there and archived truncated (WARC-Truncated: length); 0: no cap.",
    ),
    (
        "OGI_DELIST_RUNS",
        2,
        "A report link missing from this many complete readings of its portal's lists in a row is 'delisted'.",
    ),
    ("OGI_WARC_MAX_SIZE", 1 << 30, "Start a new WARC file after this many bytes."),
    ("OGI_PROGRESS", "auto", "Live progress: auto (rich on a terminal), rich, plain (log lines) or off."),
    ("OGI_PROGRESS_INTERVAL", 10.0, "Seconds between plain progress lines."),
]


def ogi_defaults() -> dict[str, Any]:
    return {name: default for name, default, _ in OGI_SETTINGS}


def ogi_default(name: str) -> Any:
    """The default of one ``OGI_*`` setting (for code that runs without Scrapy settings)."""
    return ogi_defaults()[name]


class SettingOverrideError(ValueError):
    """A ``--set`` argument that is not ``KEY=VALUE``, or names an ``OGI_*`` key that does not exist."""


def parse_override(text: str) -> tuple[str, Any]:
    """``KEY=VALUE`` of ``--set`` (like ``scrapy crawl -s``): the value is read as JSON when it is JSON, else text."""
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise SettingOverrideError(f"--set needs KEY=VALUE (e.g. DOWNLOAD_DELAY=2), got {text!r}")
    known = ogi_defaults()
    if key.startswith("OGI_") and key not in known:
        near = difflib.get_close_matches(key, sorted(known), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise SettingOverrideError(f"{key} is not a setting of the crawler{hint} (docs/crawler.md lists them)")
    try:
        value: Any = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return key, value
