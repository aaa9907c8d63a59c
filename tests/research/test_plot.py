"""`ogi plot`: a real PNG whose Chinese labels are drawn with a CJK font (no missing-glyph warnings)."""

from __future__ import annotations

import io
import warnings

import pytest
from click.testing import CliRunner
from matplotlib.figure import Figure
from PIL import Image

from scheduler.charts import ChartError, cjk_font, render_series_png
from scheduler.cli import cli
from tests.research.conftest import RR, Built


def test_cjk_font_is_a_chinese_font_file() -> None:
    font = cjk_font()
    path = font.get_file()
    assert path is not None and "wqy" in str(path).lower()


def test_the_font_check_can_fail_without_a_cjk_font() -> None:
    """Negative control: the default font lacks Chinese glyphs and matplotlib warns (an error under pytest)."""
    figure = Figure()
    figure.add_subplot().set_title("收到申请数", fontfamily="DejaVu Sans")
    with pytest.raises(UserWarning, match=r"[Gg]lyph"), warnings.catch_warnings():
        warnings.simplefilter("error")
        figure.savefig(io.BytesIO(), format="png")


def test_plot_cli_writes_a_png_chart(catalog_dir: Built, tmp_path) -> None:
    target = tmp_path / "chart.png"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would raise here
        result = CliRunner().invoke(
            cli,
            ["plot", RR, "--agency", "海淀", "--agency", "上海", "-o", str(target), "--archive", str(catalog_dir.path)],
        )
    assert result.exit_code == 0, result.output
    assert "2 agencies, 5 points" in result.output
    image = Image.open(target)
    assert image.format == "PNG" and image.size == (900, 500)
    colours = image.convert("RGB").getcolors(maxcolors=100_000)
    assert colours is not None and len(colours) > 50  # lines, labels and markers were drawn


def test_nothing_to_draw_is_a_clear_error(catalog_dir: Built, tmp_path) -> None:
    result = CliRunner().invoke(
        cli, ["plot", RR, "--agency", "无此机关", "-o", str(tmp_path / "x.png"), "--archive", str(catalog_dir.path)]
    )
    assert result.exit_code == 1 and "no values to draw" in result.output
    with pytest.raises(ChartError):
        render_series_png([], title="x")
