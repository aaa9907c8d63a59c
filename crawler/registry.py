"""The portal registry: which government sites to harvest, from where, and which hosts they may touch.

The shipped registry is ``crawler/data/portals.csv`` (built from the reference seed list by
:mod:`crawler.registry_build`; official ``.gov.cn`` domains only).  Users add entries in a file of their
own (CSV or JSON, same columns) passed with ``--portals FILE`` or ``$OGI_PORTALS``; a user entry with the
same id replaces the shipped one.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.urls import host_allowed, host_of

logger = logging.getLogger(__name__)

FIELDS = (
    "id",
    "agency",
    "level",
    "province",
    "region_code",
    "start_urls",
    "allowed_hosts",
    "platform",
    "allow_private",
    "notes",
)
LEVELS = frozenset(
    {
        "national",
        "department-of-national-level",
        "provincial",
        "department-of-provincial-level",
        "prefecture",
        "department-of-prefecture-level",
        "county",
        "department-of-county-level",
        "township",
        "other",
    }
)
PLATFORMS = frozenset({"trs", "hanweb", "ucap", "gkmlpt", "shanghai", "other", ""})
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
ENV_USER_REGISTRY = "OGI_PORTALS"


class RegistryError(Exception):
    """A registry file cannot be read (missing, not CSV/JSON, wrong columns)."""


class UnknownPortalError(RegistryError):
    """No portal with that id in the registry."""


@dataclass(frozen=True)
class Portal:
    id: str
    agency: str
    start_urls: tuple[str, ...]
    allowed_hosts: frozenset[str]
    level: str = "other"
    province: str = ""
    region_code: str = ""
    platform: str = ""
    allow_private: bool = False
    notes: str = ""
    source: str = field(default="", compare=False)

    def allows(self, url: str) -> bool:
        return host_allowed(url, self.allowed_hosts)

    def as_row(self) -> dict[str, str]:
        row = asdict(self)
        row["start_urls"] = " ".join(self.start_urls)
        row["allowed_hosts"] = " ".join(sorted(self.allowed_hosts))
        row["allow_private"] = "1" if self.allow_private else ""
        row.pop("source")
        return {k: str(row[k]) for k in FIELDS}


@dataclass(frozen=True)
class Problem:
    portal_id: str
    severity: str  # error | warning
    message: str
    source: str = ""


def _split(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part for part in re.split(r"[\s|]+", str(value or "")) if part]


def _truthy(value: Any) -> bool:
    return str(value or "").strip().lower() in ("1", "true", "yes", "y")


def portal_from_row(row: dict[str, Any], source: str = "") -> Portal:
    start_urls = tuple(_split(row.get("start_urls")))
    hosts = _split(row.get("allowed_hosts")) or sorted({host_of(u) for u in start_urls})
    return Portal(
        id=str(row.get("id") or "").strip(),
        agency=str(row.get("agency") or "").strip(),
        start_urls=start_urls,
        allowed_hosts=frozenset(h.lower() for h in hosts),
        level=str(row.get("level") or "other").strip(),
        province=str(row.get("province") or "").strip(),
        region_code=str(row.get("region_code") or "").strip(),
        platform=str(row.get("platform") or "").strip().lower(),
        allow_private=_truthy(row.get("allow_private")),
        notes=str(row.get("notes") or "").strip(),
        source=source,
    )


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Rows of a registry file: CSV with a header, or JSON (a list of objects or {"portals": [...]})."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise RegistryError(f"registry file {path} does not exist") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"cannot read registry file {path}: {exc}") from exc
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RegistryError(f"{path} is not valid JSON: {exc}") from exc
        if isinstance(data, dict):
            data = data.get("portals", [])
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise RegistryError(f"{path}: expected a list of portal objects")
        return data
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or "id" not in reader.fieldnames or "start_urls" not in reader.fieldnames:
        raise RegistryError(f"{path}: a registry CSV needs a header with at least id and start_urls")
    return list(reader)


def shipped_path() -> Path:
    return Path(str(resources.files("crawler") / "data" / "portals.csv"))


class Registry:
    """Portals by id, in file order; later files override earlier ones."""

    def __init__(self, portals: Iterable[Portal] = ()) -> None:
        self._portals: dict[str, Portal] = {}
        self.entries: list[Portal] = []  # every entry read, duplicates included (for validate)
        for portal in portals:
            self.add(portal)

    def add(self, portal: Portal) -> None:
        self.entries.append(portal)
        self._portals[portal.id] = portal

    def __iter__(self) -> Iterator[Portal]:
        return iter(self._portals.values())

    def __len__(self) -> int:
        return len(self._portals)

    def __contains__(self, portal_id: object) -> bool:
        return portal_id in self._portals

    def get(self, portal_id: str) -> Portal:
        try:
            return self._portals[portal_id]
        except KeyError:
            raise UnknownPortalError(
                f"no portal {portal_id!r} in the registry; `ogi portals list` shows the ids"
            ) from None

    @classmethod
    def load(cls, extra: Iterable[str | os.PathLike[str]] = (), *, shipped: bool = True) -> Registry:
        """The shipped registry plus ``$OGI_PORTALS`` plus ``extra`` files."""
        paths: list[Path] = [shipped_path()] if shipped else []
        env = os.environ.get(ENV_USER_REGISTRY)
        if env:
            paths.extend(Path(p) for p in env.split(os.pathsep) if p)
        paths.extend(Path(p) for p in extra)
        registry = cls()
        for path in paths:
            for row in read_rows(path):
                registry.add(portal_from_row(row, source=str(path)))
        return registry


def validate(registry: Registry) -> list[Problem]:
    """Malformed entries and duplicates, errors first."""
    problems: list[Problem] = []
    seen_ids: dict[str, str] = {}
    seen_urls: dict[str, str] = {}
    for portal in registry.entries:
        pid = portal.id or "<no id>"

        def report(severity: str, message: str, pid: str = pid, source: str = portal.source) -> None:
            problems.append(Problem(pid, severity, message, source))

        if not ID_PATTERN.match(portal.id):
            report("error", "id must be 1-80 characters of a-z, 0-9, '.', '_', '-' starting with a letter or digit")
        if portal.id in seen_ids:
            same_file = seen_ids[portal.id] == portal.source
            report("error" if same_file else "warning", f"duplicate id (also in {seen_ids[portal.id]})")
        seen_ids.setdefault(portal.id, portal.source)
        if not portal.agency:
            report("error", "agency is empty")
        if not portal.start_urls:
            report("error", "no start URL")
        if portal.level not in LEVELS:
            report("error", f"level {portal.level!r} is not one of {', '.join(sorted(LEVELS))}")
        if portal.platform not in PLATFORMS:
            report("warning", f"platform {portal.platform!r} is not one of {', '.join(sorted(PLATFORMS - {''}))}")
        if portal.region_code and not re.fullmatch(r"\d{6}(\d{6})?", portal.region_code):
            report("error", f"region_code {portal.region_code!r} is not a 6- or 12-digit code")
        for host in portal.allowed_hosts:
            if not re.fullmatch(r"(\*\.)?[a-z0-9.-]+(:\d{1,5})?", host):
                report("error", f"allowed host {host!r} is malformed")
            elif not _official(host) and not portal.allow_private:
                report("warning", f"allowed host {host} is not a .gov.cn domain")
        for url in portal.start_urls:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                report("error", f"start URL {url!r} is not an http(s) URL")
                continue
            if not portal.allows(url):
                report("error", f"start URL {url} is outside the allowed hosts")
            if url in seen_urls and seen_urls[url] != portal.id:
                report("warning", f"start URL {url} is also used by {seen_urls[url]}")
            seen_urls.setdefault(url, portal.id)
    return sorted(problems, key=lambda p: (p.severity != "error", p.portal_id))


def _official(host: str) -> bool:
    name = host.split(":", 1)[0].lstrip("*.")
    return name.endswith(".gov.cn") or name == "gov.cn"


def adhoc_portal(urls: list[str], *, allow_private: bool = False) -> Portal:
    """A portal for ``ogi crawl --url``: the hosts of the URLs are allowed."""
    hosts = frozenset(host_of(u) for u in urls)
    return Portal(
        id="adhoc",
        agency="ad hoc URL list",
        start_urls=tuple(urls),
        allowed_hosts=hosts,
        allow_private=allow_private,
        source="--url",
    )
