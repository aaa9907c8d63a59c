"""Patterns that match simplified and traditional script alike (big5 mirrors: 年度報告, 政府信息公開).

Link texts, titles and bodies are matched as the page has them (the archive keeps them as they were); the
patterns are widened instead: every simplified character with a traditional form becomes a class of both.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc


@lru_cache(maxsize=1)
def _to_traditional() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def either_script(pattern: str) -> str:
    """``pattern`` with each CJK character outside ``[...]`` classes replaced by ``[简繁]`` where they differ."""
    convert = _to_traditional().convert
    out: list[str] = []
    in_class = escaped = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif not in_class and "\u4e00" <= char <= "\u9fff":
            other = convert(char)
            if other != char and len(other) == 1:
                out.append(f"[{char}{other}]")
                continue
        out.append(char)
    return "".join(out)


def compile_either(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(either_script(pattern), flags)
