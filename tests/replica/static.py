"""A large, static flavour of the replica for load tests: TRS-style columns only, exported to files that
nginx serves (``bench/crawl.py``).  No dynamic endpoints, no traps, no challenges.
"""

from __future__ import annotations

from pathlib import Path

from tests.replica import render
from tests.replica.site import AnnualUnit, Column, Entry, Site, generated

UNITS = ("财政局", "教育局", "公安局", "民政局", "司法局", "自然资源局", "生态环境局", "交通运输局", "水利局", "农业农村局",
         "商务局", "文化和旅游局", "卫生健康委员会", "应急管理局", "审计局", "统计局", "医疗保障局", "林业局", "体育局",
         "信访局")  # fmt: skip


def bench_site(columns: int = 50, reports_per_column: int = 100, per_page: int = 10) -> Site:
    """``columns`` department columns of ``reports_per_column`` reports each (GBK, TRS createPageHTML lists)."""
    cols: dict[str, Column] = {}
    hub: list[tuple[str, str]] = []
    for c in range(columns):
        unit = f"示例市{UNITS[c % len(UNITS)]}{'' if c < len(UNITS) else c // len(UNITS) + 1}"
        base = f"/zwgk/bmnb/dept{c:03d}/"
        entries: list[Entry] = []
        for n in range(reports_per_column):
            year = 2023 - n % 16
            path = f"{base}{year + 1}03/t{year + 1}03{10 + n % 18:02d}_{c * 10000 + n}.html"
            entry = generated(f"b{c}-{n}", f"{unit}第{n}号单位", year, path, f"{year + 1}-03-10", seed=c * 1000 + n,
                              encoding="gbk", declared="gbk", header_charset=False)  # fmt: skip
            entries.append(entry)
        cols[f"dept{c}"] = Column(f"dept{c}", f"{unit}政府信息公开年报", "trs", base, entries, per_page=per_page,
                                  encoding="gbk", declared="gbk")  # fmt: skip
        hub.append((f"{unit}政府信息公开年报", f"{base}index.html"))
    return Site(columns=cols, annual=AnnualUnit("0", {}), crawl_delay=0.0, hub_links=hub)


def export_static(site: Site, directory: Path) -> list[str]:
    """Write every static resource under ``directory`` (``/`` becomes ``index.html``); return the paths."""
    resources, behaviours = render.render(site, offsite="")
    if behaviours:
        raise ValueError(f"a static export cannot serve behaviours: {sorted(behaviours)[:3]}")
    paths = []
    for path, resource in resources.items():
        target = directory / path.lstrip("/")
        if path.endswith("/"):
            target = target / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(resource.body)
        paths.append(path)
    return sorted(paths)
