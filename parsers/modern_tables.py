"""Tables 二, 三 and 四 of the 2019 and 2021 formats (国办公开办函〔2019〕60号, 〔2021〕30号)."""

from __future__ import annotations

import re
from functools import lru_cache

from parsers.catalog import EXTRA_PREFIX
from parsers.evidence import cell_observation
from parsers.labels import clean_label
from parsers.model import Cell, Table
from parsers.numbers import normalize, parse_number
from parsers.report import APPLICANTS, Observation
from parsers.rows import Row, read_rows

_APPLICANT_HEAD = [
    ("自然人", "natural_person"),
    ("商业企业", "commercial"),
    ("科研机构", "research"),
    ("社会公益组织", "public_interest"),
    ("法律服务机构", "legal_service"),
    ("其他", "other_org"),
    ("总计", "total"),
]

# (leaf pattern, key, required group) for table 三; group: denied/unable/not_processed/other
T3_RULES: list[tuple[str, str, str | None]] = [
    (r"本年新收", "requests.received", None),
    (r"上年结转", "requests.carried_over", None),
    (r"结转下年度", "requests.carried_forward", None),
    (r"^总计$", "outcome.total", None),
    (r"^予以公开$", "outcome.granted", None),
    (r"^部分公开", "outcome.partial", None),
    (r"国家秘密", "outcome.denied.state_secret", None),
    (r"其他法律行政法规", "outcome.denied.other_law", None),
    (r"三安全", "outcome.denied.security_stability", None),
    (r"第三方合法权益", "outcome.denied.third_party", None),
    (r"内部事务", "outcome.denied.internal_affairs", None),
    (r"过程性信息", "outcome.denied.process_info", None),
    (r"行政执法案卷", "outcome.denied.enforcement_file", None),
    (r"行政查询事项", "outcome.denied.admin_query", None),
    (r"不掌握", "outcome.unable.not_held", None),
    (r"另行制作", "outcome.unable.needs_creation", None),
    (r"仍不明确", "outcome.unable.unclear", None),
    (r"信访举报投诉", "outcome.not_processed.petition", None),
    (r"重复申请", "outcome.not_processed.duplicate", None),
    (r"公开出版物", "outcome.not_processed.publication", None),
    (r"大量反复", "outcome.not_processed.mass_repeat", None),
    (r"确认或重新出具", "outcome.not_processed.confirm", None),
    (r"逾期不补正", "outcome.other.no_correction", None),
    (r"逾期未按收费|缴纳费用", "outcome.other.unpaid_fee", None),
    (r"^其他$", "outcome.other.other", "other"),
    # a group label row with values is the group's subtotal (also written "不予公开小计", "不予公开（合计）")
    (r"^不予公开(?:[(（]?(?:小计|合计)[)）]?)?$", "outcome.denied", None),
    (r"^无法提供(?:[(（]?(?:小计|合计)[)）]?)?$", "outcome.unable", None),
    (r"^不予处理(?:[(（]?(?:小计|合计)[)）]?)?$", "outcome.not_processed", None),
    (r"^其他处理(?:[(（]?(?:小计|合计)[)）]?)?$", "outcome.other", None),
]
#: a subtotal row labelled only 小计/合计 under a group label cell: (三)不予公开 | 小计 | values
_SUBTOTAL_LEAF = re.compile(r"^[(（]?(?:小计|合计)[)）]?$")
T3_GROUPS = [("不予公开", "denied"), ("无法提供", "unable"), ("不予处理", "not_processed"), ("其他处理", "other")]
_T3_COMPILED = [(re.compile(p), k, g) for p, k, g in T3_RULES]
_OTHER_SUBROW = re.compile(r"逾期|缴纳费用")


@lru_cache(maxsize=4096)
def t3_row_key(leaf: str, group: str | None) -> str | None:
    """The table 三 indicator of a cleaned row label inside a group (first matching rule), or None."""
    for pattern, key, need in _T3_COMPILED:
        if need is not None and need != group:
            continue
        if pattern.search(leaf):
            return key
    return None


T4_KEYS = [
    f"{block}.{item}"
    for block in ("review", "litigation.direct", "litigation.after_review")
    for item in ("upheld", "corrected", "other", "pending", "total")
]

_T2_PREFIX = [
    (r"^行政规范性文件$|^规范性文件$", "normative_docs"),
    (r"^规章$", "rules"),
    (r"^行政许可$", "licensing"),
    (r"^其他对外管理服务事项$", "other_services"),
    (r"^行政处罚$", "penalty"),
    (r"^行政强制$", "coercion"),
    (r"^行政事业[性型]收费$", "admin_fees"),
    (r"^政府集中采购$", "procurement"),
]
_T2_COLUMN = [
    (r"本年制发件数", "issued"),
    (r"本年废止件数", "repealed"),
    (r"现行有效件数", "in_force"),
    (r"本年新制作数量", "made"),
    (r"本年新公开数量", "published"),
    (r"对外公开总数量", "published_total"),
    (r"上一年项目数量", "prev_items"),
    (r"本年增/?减", "change"),
    (r"处理决定数量", "decisions"),
    (r"收费金额", "amount"),
    (r"采购项目数量", "projects"),
    (r"采购总金额", "amount"),
]


@lru_cache(maxsize=1024)
def _t2_suffix(header: str) -> str | None:
    return next((s for p, s in _T2_COLUMN if re.search(p, header)), None)


_REMARK = re.compile(r"[（(].*$")


@lru_cache(maxsize=1024)
def table_two_row(label: str) -> str | None:
    """The row of table 二 a label names; a bracketed remark (规章(县级无此项), 其他对外管理服务事项(指…)) is not
    part of the name, and 档案 is a mirror's conversion of 文件 (规范性檔案)."""
    label = _REMARK.sub("", label).replace("档案", "文件")
    return next((p for pat, p in _T2_PREFIX if re.search(pat, label)), None)


def _blob(rows: list[list[Cell]]) -> str:
    """All cell texts of some rows, without whitespace (keywords are matched in it)."""
    return "".join("".join(c.text for c in row) for row in rows).replace(" ", "").replace("\u3000", "")


def table_kind(table: Table) -> str | None:
    """``t2``, ``t3``, ``t4`` from content keywords (report-formats.md §8.5), else None."""
    blob = _blob(table.cells[:40])
    if "本年新收" in blob or "上年结转政府信息公开申请" in blob or ("予以公开" in blob and "自然人" in blob):
        return "t3"
    if "复议后起诉" in blob or "未经复议直接起诉" in blob:
        return "t4"
    if "第二十条" in blob or (
        "信息内容" in blob
        and re.search("规章|行政许可|行政处罚|行政强制|行政事业性收费|政府集中采购|其他对外管理", blob)
    ):
        return "t2"
    if re.search(r"^(三安全|予以公开|不予处理|无法提供|其他处理|结转下年度)", blob) or (
        "不予公开" in blob and "无法提供" in blob
    ):
        return "t3"
    return None


@lru_cache(maxsize=4096)
def _group_of_label(label: str) -> str | None:
    """The table 三 group a (cleaned) label opens (（三）不予公开 -> denied), or None."""
    group = None
    for word, g in T3_GROUPS:
        if label == word or label.startswith(word):
            group = g
    return group


def _in_group(labels: list[str], group: str) -> bool:
    """Whether one of the (cleaned) labels is the label of ``group`` (（三）不予公开 ...)."""
    word = next(w for w, g in T3_GROUPS if g == group)
    return any(lab.startswith(word) for lab in labels)


def _applicant_columns(table: Table, rows: list[Row]) -> dict[int, str]:
    """Grid column -> applicant, read from the header rows above the first data row."""
    mapping: dict[int, str] = {}
    for row in rows:
        if row.has_number:
            break
        for c, cell in enumerate(table.cells[row.index]):
            t = normalize(cell.text)
            for label, key in _APPLICANT_HEAD:
                if t == label:
                    mapping[c] = key
    return mapping


def read_table3(
    table: Table, text: str, colmap: dict[int, str] | None = None
) -> tuple[list[Observation], dict[int, str]]:
    rows = read_rows(table)
    mapping = _applicant_columns(table, rows) or (colmap or {})
    use_columns = table.structured and len(set(mapping.values())) >= 6
    group: str | None = None
    out: list[Observation] = []
    for row in rows:
        labels = [clean_label(c.text) for c in row.labels]
        for lab in labels:
            group = _group_of_label(lab) or group
        if not row.has_number or not labels:
            continue
        leaf = labels[-1]
        key = t3_row_key(leaf, group)
        if key is None and group is not None and _SUBTOTAL_LEAF.match(leaf) and _in_group(labels[:-1], group):
            key = f"outcome.{group}"
        if key is None and use_columns and not _HEADER_WORDS.search(leaf):
            key = EXTRA_PREFIX + leaf  # a row no rule knows: kept under its label, one value per applicant column
        if key is None:
            continue
        if key == "outcome.other" and any(_OTHER_SUBROW.search(lbl) for lbl in labels[:-1]):
            continue
        values = row.values
        for i, (cell, col) in enumerate(values):
            number = parse_number(cell.text)
            if number is None:
                continue
            if use_columns:
                applicant = mapping.get(col)
            elif i < len(APPLICANTS):
                applicant = APPLICANTS[i] if len(values) >= 7 else None
            else:
                applicant = None
            if applicant is None:
                continue
            out.append(
                cell_observation(text, table, row.index, col, cell, number, key, applicant=applicant, label=leaf)
            )
    return out, mapping


def read_table4(table: Table, text: str) -> list[Observation]:
    for row in read_rows(table):
        numeric = [(c, col) for c, col in row.values if parse_number(c.text) is not None or not c.text.strip()]
        if len(row.values) >= 15 and sum(1 for c, _ in numeric if c.text.strip()) >= 1:
            out: list[Observation] = []
            for key, (cell, col) in zip(T4_KEYS, row.values[-15:], strict=True):
                number = parse_number(cell.text)
                if number is not None:
                    out.append(cell_observation(text, table, row.index, col, cell, number, key, label=key))
            return out
    return []


#: labels of header rows and columns, never rows of values
_HEADER_WORDS = re.compile(
    r"^(?:信息内容|申请人情况|自然人|法人或其他组织|商业企业|科研机构|社会公益组织|法律服务机构|其他|总计|合计|小计)$"
)


def read_table2(table: Table, text: str) -> list[Observation]:
    out: list[Observation] = []
    heads: list[tuple[str | None, str, int]] = []  # (suffix, header text, grid column)
    for row in read_rows(table):
        labels = [clean_label(c.text) for c in row.labels]
        if labels and labels[0] == "信息内容":
            heads = []
            cells = table.cells[row.index]
            seen: set[tuple[int, int]] = set()
            for c, cell in enumerate(cells[1:], start=1):
                if (cell.start, cell.end) in seen and cell.text:
                    continue
                seen.add((cell.start, cell.end))
                t = normalize(cell.text)
                suffix = _t2_suffix(t)
                heads.append((suffix, t, c))
            continue
        if not labels or not row.has_number:
            continue
        prefix = table_two_row(labels[-1])
        if prefix is None:
            if not table.structured or _HEADER_WORDS.search(labels[-1]):
                continue
            # a row no rule knows (本地区增设的行): kept under its label, its remark left out of the key
            prefix = EXTRA_PREFIX + (_REMARK.sub("", labels[-1]) or labels[-1])
        values = [(c, col) for c, col in row.values]
        for i, (cell, col) in enumerate(values):
            if i >= len(heads):
                break
            suffix, head_text, _ = heads[i]
            number = parse_number(cell.text)
            if suffix is None or number is None:
                continue
            unit_hint = "万元" if "万元" in head_text else ("元" if "元" in head_text else None)
            out.append(
                cell_observation(
                    text,
                    table,
                    row.index,
                    col,
                    cell,
                    number,
                    f"{prefix}.{suffix}",
                    unit_hint=unit_hint,
                    label=labels[-1],
                )
            )
    return out


def era_of_tables(tables: list[Table]) -> tuple[str | None, str]:
    """(``2021`` | ``2019`` | None, evidence) from table 二 headers and the （六） rows (§9)."""
    blob = "".join(_blob(t.cells) for t in tables)
    for word in ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期未按收费"):
        if word in blob:
            return "2021", word
    for word in ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "采购总金额"):
        if word in blob:
            return "2019", word
    if "其他处理" in blob:
        return "2019", "（六）其他处理 without sub-rows"
    return None, ""
