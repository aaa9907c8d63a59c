"""Series charts as PNG, SVG or PDF: years on x, one line per agency, Chinese text in a CJK font (matplotlib, Agg).

No pyplot: a Figure per call, so charts can be drawn from Datasette's worker threads.
"""

from __future__ import annotations

import io
import logging
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from archive.research import SeriesRow

logger = logging.getLogger(__name__)

#: tried in order; fonts-wqy-zenhei is in the Makefile's Debian packages
CJK_FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
CJK_FAMILIES = ("WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC")
MAX_LINES = 20
CHART_FORMATS = ("png", "svg", "pdf")


class ChartError(Exception):
    """The chart cannot be drawn (no CJK font, nothing to draw)."""


@lru_cache(maxsize=1)
def cjk_font() -> font_manager.FontProperties:
    """A font that has Chinese glyphs; raises ChartError with the install hint when there is none."""
    for path in CJK_FONT_FILES:
        if Path(path).is_file():
            logger.debug("CJK font for charts: %s", path)
            return font_manager.FontProperties(fname=path)
    for family in CJK_FAMILIES:
        try:
            path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        logger.debug("CJK font for charts: %s", path)
        return font_manager.FontProperties(fname=path)
    raise ChartError("no Chinese (CJK) font found for the chart labels; install one: apt-get install fonts-wqy-zenhei")


def render_series_png(
    rows: Sequence[SeriesRow], *, title: str, unit: str = "", width: float = 9.0, height: float = 5.0
) -> bytes:
    """:func:`render_series` as PNG (the Datasette chart page)."""
    return render_series(rows, title=title, unit=unit, width=width, height=height, fmt="png")


def render_series(
    rows: Sequence[SeriesRow],
    *,
    title: str,
    unit: str = "",
    width: float = 9.0,
    height: float = 5.0,
    fmt: str = "png",
) -> bytes:
    """A line chart of series rows: one line per agency (and report scope), years on x; conflicts marked.

    ``fmt`` is one of :data:`CHART_FORMATS`.
    """
    if fmt not in CHART_FORMATS:
        raise ChartError(f"cannot draw a {fmt!r} chart; use one of {', '.join(CHART_FORMATS)}")
    if not rows:
        raise ChartError("no values to draw; check the indicator and filters with `ogi series` first")
    font = cjk_font()
    lines: dict[str, list[SeriesRow]] = defaultdict(list)
    for row in rows:
        name = row.agency + (f"（{row.report_scope}）" if row.report_scope else "")
        if row.applicant not in (None, "total"):
            name += f" [{row.applicant}]"
        lines[name].append(row)
    if len(lines) > MAX_LINES:
        raise ChartError(f"{len(lines)} agencies would make an unreadable chart; narrow it to {MAX_LINES} or fewer")
    figure = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for name, points in sorted(lines.items()):
        pairs: list[tuple[int, float, bool]] = sorted(
            (p.year, p.value, bool(p.conflict)) for p in points if p.value is not None
        )
        (line,) = axes.plot([y for y, _, _ in pairs], [v for _, v, _ in pairs], marker="o", label=name)
        conflicted = [(y, v) for y, v, c in pairs if c]
        if conflicted:
            axes.scatter(
                [y for y, _ in conflicted],
                [v for _, v in conflicted],
                s=120,
                facecolors="none",
                edgecolors=line.get_color(),
                linewidths=1.5,
            )
    title_font = font.copy()
    title_font.set_size(13)
    axes.set_title(title, fontproperties=title_font)
    axes.set_xlabel("报告年度", fontproperties=font)
    axes.set_ylabel(unit, fontproperties=font)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(True, alpha=0.3)
    legend = axes.legend(prop=font, fontsize="small")
    if any(p.conflict for p in rows):
        figure.text(
            0.01, 0.01, "○ 圈出的点：来源或版本之间数值不一致（见 ogi series）", fontproperties=font, fontsize=8
        )
    legend.set_title("机关", prop=font)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt)
    return buffer.getvalue()
