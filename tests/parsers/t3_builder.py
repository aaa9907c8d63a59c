"""A table 三 (and 四) with known values, rendered as an HTML page or as flattened text, for the checks tests.

Unlike ``tests/generate_reports.py`` (whole reports), this builds only the request tables, with the variants the
templates do not have: subtotal rows for （三）/（四）/（五）/（六）, and rows flattened into a bare stream of numbers.
"""

from __future__ import annotations

import html as html_lib
import random
from dataclasses import dataclass, field

from tests.generate_reports import _T3_OTHER_2019, _T3_OTHER_2021, _T3_OUTCOMES_COMMON, _T4_BLOCKS

APPLICANTS7 = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total")
HEAD = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "总计",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
]
GROUP_KEYS = {
    "（三）不予公开": "outcome.denied",
    "（四）无法提供": "outcome.unable",
    "（五）不予处理": "outcome.not_processed",
    "（六）其他处理": "outcome.other",
}
T4_HEAD = "行政复议 | 行政诉讼 | 未经复议直接起诉 | 复议后起诉"


@dataclass
class Table3:
    fmt: str  # "2021" | "2019"
    #: (group label or "", row label, indicator key, 7 cell texts in applicant order, total last)
    rows: list[tuple[str, str, str, list[str]]] = field(default_factory=list)
    #: table 四: 15 cell texts (复议 ×5, 直接起诉 ×5, 复议后起诉 ×5)
    t4: list[str] = field(default_factory=list)

    def value(self, key: str, applicant: str) -> str:
        for _, _, k, cells in self.rows:
            if k == key:
                return cells[APPLICANTS7.index(applicant)]
        raise KeyError(key)

    def set(self, key: str, applicant: str, text: str) -> None:
        for _, _, k, cells in self.rows:
            if k == key:
                cells[APPLICANTS7.index(applicant)] = text
                return
        raise KeyError(key)


def build(fmt: str = "2021", seed: int = 0, subtotals: bool = False) -> Table3:
    """Consistent values (T3-BAL, T3-SUM, T3-COL, T4-SUM hold); optional subtotal rows (3 ≠ 0 so they matter)."""
    rng = random.Random(f"t3|{fmt}|{seed}")
    outcomes = _T3_OUTCOMES_COMMON + (_T3_OTHER_2021 if fmt == "2021" else _T3_OTHER_2019)
    per = {key: [rng.randint(0, 9) for _ in range(6)] for _, _, key in outcomes}
    totals = [sum(per[k][i] for _, _, k in outcomes) for i in range(6)]
    forward = [rng.randint(0, 4) for _ in range(6)]
    over = [min(rng.randint(0, 4), totals[i] + forward[i]) for i in range(6)]
    received = [totals[i] + forward[i] - over[i] for i in range(6)]

    def cells(values: list[int]) -> list[str]:
        return [str(v) for v in values] + [str(sum(values))]

    t = Table3(fmt)
    t.rows.append(("", "一、本年新收政府信息公开申请数量", "requests.received", cells(received)))
    t.rows.append(("", "二、上年结转政府信息公开申请数量", "requests.carried_over", cells(over)))
    seen: set[str] = set()
    for group, label, key in outcomes:
        if subtotals and group and group not in seen:
            members = [k for g, _, k in outcomes if g == group]
            sub = [sum(per[k][i] for k in members) for i in range(6)]
            t.rows.append((group, "小计", GROUP_KEYS[group], cells(sub)))
        seen.add(group)
        t.rows.append((group, label, key, cells(per[key])))
    t.rows.append(("", "（七）总计", "outcome.total", cells(totals)))
    t.rows.append(("", "四、结转下年度继续办理", "requests.carried_forward", cells(forward)))
    for _block in _T4_BLOCKS:
        parts = [rng.randint(0, 5) for _ in range(4)]
        t.t4 += [str(v) for v in parts] + [str(sum(parts))]
    return t


TITLE = "某某县人民政府{year}年政府信息公开工作年度报告"


def _title(t: Table3, year: int | None) -> str:
    return TITLE.format(year=year or (2022 if t.fmt == "2021" else 2020))


def to_html(t: Table3, *, subtotal_style: str = "leaf", year: int | None = None) -> str:
    """A report page holding table 三 (and 四).

    ``subtotal_style``: ``leaf`` — the group cell spans its subtotal row and items, the subtotal row's own label is
    小计; ``row`` — the group label row itself carries the numbers (colspan=2), the items follow under a group cell.
    """
    e = html_lib.escape
    out = [
        f'<tr><th colspan="3" rowspan="3">{e(HEAD[0])}</th><th colspan="7">申请人情况</th></tr>',
        '<tr><th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th><th rowspan="2">总计</th></tr>',
        "<tr>" + "".join(f"<th>{e(x)}</th>" for x in HEAD[5:10]) + "</tr>",
    ]
    outcome_rows = [r for r in t.rows if r[2].startswith("outcome.")]
    n_items: dict[str, int] = {}
    has_sub: set[str] = set()
    for group, label, _, _ in outcome_rows:
        if group and label == "小计":
            has_sub.add(group)
        elif group:
            n_items[group] = n_items.get(group, 0) + 1
    first_outcome = True
    opened: set[str] = set()
    for group, label, key, values in t.rows:
        tds = ""
        if key.startswith("outcome.") and first_outcome:
            tds += f'<td rowspan="{len(outcome_rows)}">三、本年度办理结果</td>'
            first_outcome = False
        if group and label == "小计" and subtotal_style == "row":
            tds += f'<td colspan="2">{e(group)}</td>'  # the group row carries the subtotal
        elif group:
            if group not in opened:
                span = n_items[group] + (1 if group in has_sub and subtotal_style == "leaf" else 0)
                tds += f'<td rowspan="{span}">{e(group)}</td>'
                opened.add(group)
            tds += f"<td>{e(label)}</td>"
        elif key.startswith("outcome."):
            tds += f'<td colspan="2">{e(label)}</td>'
        else:
            tds += f'<td colspan="3">{e(label)}</td>'
        tds += "".join(f"<td>{e(v)}</td>" for v in values)
        out.append(f"<tr>{tds}</tr>")
    t4_head = (
        '<tr><th colspan="5">行政复议</th><th colspan="10">行政诉讼</th></tr>'
        + '<tr><th rowspan="2">结果维持</th><th rowspan="2">结果纠正</th><th rowspan="2">其他结果</th>'
        + '<th rowspan="2">尚未审结</th><th rowspan="2">总计</th>'
        + '<th colspan="5">未经复议直接起诉</th><th colspan="5">复议后起诉</th></tr>'
        + "<tr>"
        + "<th>结果维持</th><th>结果纠正</th><th>其他结果</th><th>尚未审结</th><th>总计</th>" * 2
        + "</tr>"
    )
    t4_row = "<tr>" + "".join(f"<td>{e(v)}</td>" for v in t.t4) + "</tr>"
    title = _title(t, year)
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><div id='zoom'>"
        f"<h1>{title}</h1><p>三、收到和处理政府信息公开申请情况</p><table>{''.join(out)}</table>"
        f"<p>四、政府信息公开行政复议、行政诉讼情况</p><table>{t4_head}{t4_row}</table>"
        "<p>五、存在的主要问题及改进情况</p></div></body></html>"
    )


def to_text(t: Table3, *, layout: str = "pipe", year: int | None = None, drop_blank: bool = False) -> str:
    """Flattened text: ``pipe`` — one ``|``-separated line per row; ``stream`` — a label line followed by a bare
    line of space-separated numbers (as PDF text extraction gives); ``inline`` — the label and its numbers on one
    line, a group label in front of its first item; ``lines`` — one cell per line.

    Group labels are a line of their own (``inline``: in front of the first item); a subtotal row is the group
    label with the numbers.  In the stream layouts a blank cell is written ``—``, or left out with ``drop_blank``
    (as PDF text does: the numbers that follow move one column left).
    """
    lines = [_title(t, year), "", "三、收到和处理政府信息公开申请情况"]
    if layout == "pipe":
        lines += [f"{HEAD[0]} | 申请人情况", "自然人 | 法人或其他组织 | 总计", " | ".join(HEAD[5:10])]
    elif layout == "lines":
        lines += [f"{h} |" for h in HEAD]
    else:
        lines += HEAD
    first_outcome = True
    opened: set[str] = set()
    for group, label, key, values in t.rows:
        prefix = ""
        if key.startswith("outcome.") and first_outcome:
            if layout == "inline":
                prefix = "三、本年度办理结果 "
            else:
                lines.append("三、本年度办理结果" + (" |" if layout == "lines" else ""))
            first_outcome = False
        if group and group not in opened:
            opened.add(group)
            if label == "小计":
                lines += _row(prefix + group, values, layout, drop_blank)
                continue
            if layout == "inline":
                prefix += group + " "
            else:
                lines.append(group + (" |" if layout == "lines" else ""))
        lines += _row(prefix + label, values, layout, drop_blank)
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    if layout in ("stream", "inline"):
        lines += ["行政复议", "行政诉讼", "结果维持 结果纠正 其他结果 尚未审结 总计", "未经复议直接起诉", "复议后起诉"]
        lines.append(" ".join(v if v else "—" for v in t.t4 if v or not drop_blank))
    else:
        lines.append(T4_HEAD if layout == "pipe" else "行政复议 |")
        lines.append(" | ".join(t.t4) if layout == "pipe" else "\n".join(f"{v} |" for v in t.t4))
    lines += ["五、存在的主要问题及改进情况", "加强培训。"]
    return "\n".join(lines) + "\n"


def _row(label: str, values: list[str], layout: str, drop_blank: bool = False) -> list[str]:
    if layout == "pipe":
        return [" | ".join([label, *values])]
    if layout == "lines":
        return [f"{label} |"] + [f"{v} |" if v else "|" for v in values]
    numbers = " ".join(v if v else "—" for v in values if v or not drop_blank)
    return [f"{label} {numbers}"] if layout == "inline" else [label, numbers]
