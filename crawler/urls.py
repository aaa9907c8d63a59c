"""URL hygiene: canonical form, session-id stripping, trap detection, host matching.

Pure functions, no I/O.  The SSRF guard (which resolves names) lives in :mod:`crawler.safety`.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string

#: Query parameters that carry session state or tracking and never change the document.
SESSION_PARAMS = frozenset(
    {
        "jsessionid",
        "phpsessid",
        "aspsessionid",
        "sid",
        "sessionid",
        "session_id",
        "cfid",
        "cftoken",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
        "_t",
        "timestamp",
        "random",
        "rnd",
    }
)
_PATH_SESSION = re.compile(r";(jsessionid|sid|phpsessid)=[^/?#]*", re.IGNORECASE)
#: Calendar-style parameters: every value gives a new, empty page.
_CALENDAR_PARAMS = frozenset({"date", "day", "month", "calendar", "cal", "ym", "yearmonth"})
MAX_URL_LENGTH = 512
MAX_QUERY_PARAMS = 12
MAX_PATH_SEGMENTS = 16


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment, default ports, session ids and tracking parameters.

    Existing percent-escapes are kept byte for byte (old sites use GBK escapes); non-ASCII characters are
    escaped as UTF-8.  The order of the remaining query parameters is kept: some CMS endpoints care.
    """
    url = safe_url_string(_PATH_SESSION.sub("", url.strip()))
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{host}:{port}"
    kept = [
        pair for pair in parts.query.split("&") if pair and unquote(pair.split("=", 1)[0]).lower() not in SESSION_PARAMS
    ]
    return urlunsplit((scheme, netloc, parts.path or "/", "&".join(kept), ""))


def absolute_url(base: str, href: str) -> str | None:
    """Resolve ``href`` against ``base``; None for javascript:, mailto:, data: and similar."""
    href = href.strip().replace("\\", "/")
    if not href or href.startswith("#"):
        return None
    lowered = href.lower()
    if lowered.startswith(("javascript:", "mailto:", "tel:", "data:", "about:", "ftp:", "file:")):
        return None
    joined = urljoin(base, href)
    if urlsplit(joined).scheme not in ("http", "https"):
        return None
    # urljoin keeps "../" above the root; normalise the path
    parts = urlsplit(joined)
    path = parts.path
    if path:
        normalised = posixpath.normpath(path)
        if path.endswith("/") and not normalised.endswith("/"):
            normalised += "/"
        path = normalised if normalised != "." else "/"
        path = "/" + path.lstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def host_of(url: str) -> str:
    """``host`` or ``host:port`` (non-default port), lower-cased: the unit of allowed hosts."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        return f"{host}:{port}"
    return host


def host_allowed(url: str, allowed_hosts: frozenset[str] | set[str]) -> bool:
    """True when the URL's host (with port when non-default) is in the allow-list.

    An entry without a port allows that host on any port; an entry ``*.example.gov.cn`` allows subdomains;
    ``www.example.gov.cn`` and ``example.gov.cn`` count as the same host (sites redirect between the two).
    """
    host_port = host_of(url)
    host = host_port.split(":", 1)[0]
    if host_port in allowed_hosts or host in allowed_hosts:
        return True
    twin = host.removeprefix("www.") if host.startswith("www.") else f"www.{host}"
    if twin in allowed_hosts:
        return True
    return any(entry.startswith("*.") and host.endswith(entry[1:]) for entry in allowed_hosts)


def trap_reason(url: str) -> str | None:
    """Why a URL looks like a crawler trap (None when it looks fine)."""
    if len(url) > MAX_URL_LENGTH:
        return "url too long"
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) > MAX_PATH_SEGMENTS:
        return "too many path segments"
    # a repeated run of segments: /a/b/a/b/a/b/
    for size in (1, 2, 3):
        for start in range(0, max(0, len(segments) - 3 * size + 1)):
            run = segments[start : start + size]
            if (
                segments[start + size : start + 2 * size] == run
                and segments[start + 2 * size : start + 3 * size] == run
            ):
                return "repeated path segments"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if len(pairs) > MAX_QUERY_PARAMS:
        return "too many query parameters"
    keys = [k.lower() for k, _ in pairs]
    if len(keys) != len(set(keys)):
        return "repeated query parameter"
    if any(k in _CALENDAR_PARAMS for k in keys):
        return "calendar parameter"
    return None
