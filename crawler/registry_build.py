"""Build the shipped registry (crawler/data/portals.csv) from the reference seed list.

    python -m crawler.registry_build crawler/data/portals-seed.csv crawler/data/portals.csv

Only official ``.gov.cn`` hosts are kept (bare-IP hosts and other domains are dropped and listed on
stderr).  Entries of the same agency on the same host are merged.  The start URL is the annual-report
column; when the seed has no column (``column not derivable``) the known report URL is the start, so the
crawl still reaches the report and whatever it links to.  ``region_code`` is filled only where it is
certain: the GB/T 2260 code of the province for provincial-level entries.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from crawler.registry import FIELDS
from crawler.urls import host_of

PROVINCE_CODES = {
    "北京": "110000", "天津": "120000", "河北": "130000", "山西": "140000", "内蒙古": "150000",
    "辽宁": "210000", "吉林": "220000", "黑龙江": "230000", "上海": "310000", "江苏": "320000",
    "浙江": "330000", "安徽": "340000", "福建": "350000", "江西": "360000", "山东": "370000",
    "河南": "410000", "湖北": "420000", "湖南": "430000", "广东": "440000", "广西": "450000",
    "海南": "460000", "重庆": "500000", "四川": "510000", "贵州": "520000", "云南": "530000",
    "西藏": "540000", "陕西": "610000", "甘肃": "620000", "青海": "630000", "宁夏": "640000",
    "新疆": "650000",
}  # fmt: skip
PROVINCIAL_LEVELS = ("provincial", "department-of-provincial-level")


def official(host: str) -> bool:
    return host.split(":", 1)[0].lower().endswith(".gov.cn")


def base_id(host: str) -> str:
    name = host.lower().split(":", 1)[0]
    port = host.split(":", 1)[1] if ":" in host else ""
    name = re.sub(r"^www\.", "", name)
    name = re.sub(r"\.gov\.cn$", "", name)
    slug = re.sub(r"[^a-z0-9]+", "-", name).strip("-")
    return f"{slug}-{port}" if port else slug


def column_slug(url: str) -> str:
    area = re.search(r"[?&]area=([^&]+)", url)
    if area:
        return re.sub(r"[^a-z0-9]+", "-", area.group(1).lower()).strip("-")[:24]
    segments = [s for s in url.split("?", 1)[0].split("/")[3:] if s and "." not in s]
    return re.sub(r"[^a-z0-9]+", "-", (segments[-1] if segments else "").lower()).strip("-")


def build(seed_rows: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[str]]:
    """(registry rows, messages about dropped rows)."""
    merged: dict[tuple[str, str], dict[str, str]] = {}
    dropped: list[str] = []
    for row in seed_rows:
        host = row["host"].strip().lower()
        if not official(host):
            dropped.append(f"dropped {host} ({row['agency']}): not an official .gov.cn domain")
            continue
        start = row["column_url"].strip() or row["report_url"].strip()
        if not start:
            dropped.append(f"dropped {host} ({row['agency']}): no URL")
            continue
        key = (host, row["agency"].strip())
        if key in merged:
            entry = merged[key]
            if start not in entry["start_urls"].split():
                entry["start_urls"] += " " + start
            continue
        hosts = {host, host_of(start)}
        report_url = row["report_url"].strip()
        if report_url:
            hosts.add(host_of(report_url))
        level = row["level"].strip() or "other"
        region = PROVINCE_CODES.get(row["province"].strip(), "") if level in PROVINCIAL_LEVELS else ""
        notes = row["notes"].strip()
        if not row["column_url"].strip():
            notes = ("start is a known report; column unknown. " + notes).strip()
        merged[key] = {
            "id": "",
            "agency": row["agency"].strip(),
            "level": level,
            "province": row["province"].strip(),
            "region_code": region,
            "start_urls": start,
            "allowed_hosts": " ".join(sorted(hosts)),
            "platform": row["platform"].strip().lower(),
            "allow_private": "",
            "notes": notes,
        }
    rows = list(merged.values())
    _assign_ids(rows)
    return rows, dropped


def _assign_ids(rows: list[dict[str, str]]) -> None:
    by_base: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        host = row["allowed_hosts"].split()[0]
        by_base.setdefault(base_id(host_of(row["start_urls"].split()[0]) or host), []).append(row)
    used: set[str] = set()
    for base, group in by_base.items():
        for row in group:
            candidate = base if len(group) == 1 else f"{base}.{column_slug(row['start_urls'].split()[0]) or 'x'}"
            final, n = candidate, 2
            while final in used:
                final, n = f"{candidate}-{n}", n + 1
            used.add(final)
            row["id"] = final


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2:
        print("usage: python -m crawler.registry_build SEED.csv OUT.csv", file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8-sig", newline="") as handle:
        seed = list(csv.DictReader(handle))
    rows, dropped = build(seed)
    for message in dropped:
        print(message, file=sys.stderr)
    out = Path(args[1])
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} portals written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
