"""Plain text -> :class:`Document`, finding flattened tables (``|`` cells, one cell per line) in place.

The text is kept verbatim as ``Document.text``; table cells point at their own characters in it.
"""

from __future__ import annotations

import re

from parsers.model import Cell, Document, DocumentBuilder
from parsers.numbers import is_missing, is_unit, normalize, parse_number
from parsers.simplify import cell_reading

#: first cell of a header row of a label/value table
HEADER_START = re.compile(r"^(统计指标|指标|指标名称|申请来源|信息内容|项目)$")
#: other header cells (column names)
HEADER_WORDS = re.compile(
    r"^(单位|计量单位|统计数|合计|累计数|累计|\d{4}年(度)?(发生数)?|本年度|历年累计|本期实际|本年累计|代码|"
    r"本年发生数|申请数(\(件\))?|占比(\(%\))?|数量|数值|本年制发件数|本年废止件数|现行有效件数|本年新制作数量|"
    r"本年新公开数量|对外公开总数量|上一年项目数量|本年增/减|本年处理决定数量|处理决定数量|本年收费金额.*|采购项目数量|"
    r"采购总金额)$"
)
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}[、.．]\S")
_NUMBERING = re.compile(r"^[(（][一二三四五六七八九十\d]{1,3}[)）]")
_NO_PIPE_START = re.compile(r"^(统计指标|统计指标单位|指标名称|信息内容)$")
_MAX_TABLE_LINE = 160


_CELL_TEXT = re.compile(r"[^|\n\t]+")


def cells_between(text: str, start: int, end: int) -> list[Cell]:
    """The non-blank cells of ``text[start:end]`` split on ``|``, tabs and line breaks, stripped, with their own
    spans (a table pasted one cell per line, as ``|`` rows, or both; a structured table's text has tab-separated
    cells; lone ``|`` lines and blank lines hold no cell)."""
    cells = []
    for m in _CELL_TEXT.finditer(text, start, end):
        raw = m.group(0)
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            cells.append(Cell(stripped, m.start() + lead, m.start() + lead + len(stripped)))
    return cells


def _tokens_of_line(line: str, offset: int) -> list[Cell]:
    """Cells of one ``|`` line (a trailing ``|`` ends the last cell, a leading one, ``| 规章 | 2 |``, opens the
    first: Markdown-style rows have no empty first column)."""
    cells: list[Cell] = []
    pos = 0
    parts = line.split("|")
    if line.rstrip().endswith("|"):
        parts = parts[:-1]
    if len(parts) >= 3 and not parts[0].strip():
        pos = len(parts[0]) + 1
        parts = parts[1:]
    for part in parts:
        stripped = part.strip()
        lead = len(part) - len(part.lstrip())
        start = offset + pos + lead
        cells.append(Cell(stripped, start, start + len(stripped)))
        pos += len(part) + 1
    return cells


def _is_value(cell: Cell) -> bool:
    return not cell.text or is_missing(cell.text) or parse_number(cell.text) is not None


def _is_continuation(text: str) -> bool:
    t = normalize(text)
    return t.startswith(("(", "（")) and not _NUMBERING.match(t)


def rows_from_stream(tokens: list[Cell]) -> list[list[Cell]]:
    """Group a stream of one-cell-per-line tokens into table rows (label, [unit], values...)."""
    rows: list[list[Cell]] = []
    header = False
    has_values = False
    for tok in tokens:
        t = normalize(tok.text)
        if HEADER_START.match(t):
            rows.append([tok])
            header, has_values = True, False
            continue
        if header and HEADER_WORDS.match(t):
            rows[-1].append(tok)
            continue
        if _is_value(tok) or is_unit(tok.text):
            if not rows:
                rows.append([])
            rows[-1].append(tok)
            has_values = has_values or bool(tok.text)
            continue
        if rows and not has_values and _is_continuation(tok.text) and rows[-1]:
            rows[-1].append(tok)
            continue
        rows.append([tok])
        header, has_values = False, False
    return rows


def _finish(
    builder: DocumentBuilder, rows: list[list[Cell]], caption: str, *, stream: bool, origin: str = "text"
) -> None:
    if not rows:
        return
    if stream:
        rows = rows_from_stream([c for r in rows for c in r])
    if sum(1 for r in rows for c in r if c.text and parse_number(c.text) is not None) == 0:
        return
    builder.add_located_table(rows, caption=caption, origin=origin)


def text_to_document(text: str, *, extractor: str = "text") -> Document:
    """Build a Document from plain text; flattened tables become :class:`Table` objects over the same text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    builder = DocumentBuilder(extractor=extractor)
    builder.add_text(text)
    lines, offsets = _lines_and_offsets(text)
    _add_text_tables(builder, lines, offsets)
    _meta(builder, text, lines)
    return builder.build()


def add_line_tables(builder: DocumentBuilder) -> None:
    """Recognise tables pasted into a page as paragraphs (``|`` rows, or one paragraph per cell) in what the
    builder holds."""
    _add_text_tables(builder, *_lines_and_offsets(builder.text))


def _add_text_tables(builder: DocumentBuilder, lines: list[str], offsets: list[int]) -> None:
    """``|`` tables, else (none found) one-cell-per-line tables."""
    _find_pipe_tables(builder, lines, offsets)
    if not any(t.origin == "text" for t in builder.tables):
        _find_line_tables(builder, lines, offsets)


def _lines_and_offsets(text: str) -> tuple[list[str], list[int]]:
    lines = text.split("\n")
    offsets: list[int] = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    return lines, offsets


def _caption_before(lines: list[str], i: int) -> str:
    got: list[str] = []
    j = i - 1
    while j >= 0 and len(got) < 3:
        s = lines[j].strip()
        if s:
            if "|" in s or len(s) > 60:
                break
            got.insert(0, s)
        j -= 1
    return " ".join(got)


def _find_pipe_tables(builder: DocumentBuilder, lines: list[str], offsets: list[int]) -> None:
    rows: list[list[Cell]] = []
    stream = False
    start_line = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if "|" in line and len(line) <= _MAX_TABLE_LINE * 4:
            if not rows:
                start_line = i
            cells = _tokens_of_line(line, offsets[i])
            if len(cells) <= 1:
                stream = True
            rows.append(cells or [Cell("", offsets[i], offsets[i])])
        elif rows and line.strip() and len(line.strip()) <= 60 and "。" not in line and _next_has_pipe(lines, i):
            if _splits_tables(line, lines, i):
                # a section heading between table lines: it ends one table and captions the next
                _finish(builder, rows, _caption_before(lines, start_line), stream=stream)
                rows, stream = [], False
            else:
                stripped = line.strip()
                lead = len(line) - len(line.lstrip())
                rows.append([Cell(stripped, offsets[i] + lead, offsets[i] + lead + len(stripped))])
        elif rows and not line.strip() and _next_has_pipe(lines, i):
            pass
        elif rows:
            _finish(builder, rows, _caption_before(lines, start_line), stream=stream)
            rows, stream = [], False
        i += 1
    if rows:
        _finish(builder, rows, _caption_before(lines, start_line), stream=stream)


def _splits_tables(line: str, lines: list[str], i: int) -> bool:
    """A heading line ends a table when it is a section heading or a new header row follows."""
    t = normalize(line)
    if _HEADING.match(line) and t.endswith("情况"):
        return True
    for j in range(i + 1, min(i + 3, len(lines))):
        cells = [c for c in lines[j].split("|") if c.strip()]
        if cells and HEADER_START.match(normalize(cells[0])):
            return True
    return False


def _next_has_pipe(lines: list[str], i: int) -> bool:
    for j in range(i + 1, min(i + 4, len(lines))):
        if "|" in lines[j]:
            return True
        if lines[j].strip():
            continue
    return False


def _find_line_tables(builder: DocumentBuilder, lines: list[str], offsets: list[int]) -> None:
    """Tables copied from web pages without separators: one cell per line after a 统计指标-style header."""
    i = 0
    while i < len(lines):
        if not _NO_PIPE_START.match(normalize(lines[i])):
            i += 1
            continue
        caption = _caption_before(lines, i)
        tokens: list[Cell] = []
        j = i
        while j < len(lines):
            s = lines[j].strip()
            if s:
                if len(s) > _MAX_TABLE_LINE or "。" in s or s.startswith("【"):
                    break
                lead = len(lines[j]) - len(lines[j].lstrip())
                tokens.append(Cell(s, offsets[j] + lead, offsets[j] + lead + len(s)))
            j += 1
        _finish(builder, [[t] for t in tokens], caption, stream=True)
        i = j + 1


_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


def _meta(builder: DocumentBuilder, text: str, lines: list[str]) -> None:
    head = text[:1500]
    m = re.search(r"索\s*引\s*号\s*[:：]\s*(\S+)", head)
    if m:
        builder.meta["索引号"] = m.group(1)
    m = re.search(r"发布机构\s*[:：]\s*(\S+)", head)
    if m:
        builder.meta["发布机构"] = m.group(1)
    m = re.search(r"(?:发布日期|发布时间|发文日期|公开日期)\s*[:：]\s*" + _DATE.pattern, head)
    if m:
        builder.meta["发布日期"] = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    else:
        first = next((ln.strip() for ln in lines if ln.strip()), "")
        d = re.fullmatch(r"[(（]\s*" + _DATE.pattern + r"日?\s*[)）]", first)
        if d:
            builder.meta["发布日期"] = f"{d.group(1)}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
    builder.title = _text_title([ln.strip().rstrip("|").strip() for ln in lines[:16] if ln.strip()])


_CHROME = re.compile(r">|当前位置|当前页面|首页|登录|无障碍")
_NOT_A_TITLE_START = ("本报告", "本年度报告", "本年报", "根据", "依据", "按照", "现将", "为")
_SENTENCE = re.compile(r"[《，,。；]")
#: a title line that lacks its first half (the body, or the body and year, are on the line before)
_TITLE_TAIL = re.compile(r"^(?:\d{4}\s*年度?)?(?:政府信息公开|政务公开|信息公开|年度|工作|年报|报告)")


def _text_title(nonblank: list[str]) -> str:
    """The report's title among the first lines of a plain text: the first line naming a report (cut after the
    report word when the title opens a long sentence), joined to the line before when it is a title's second
    half (宿州市人民政府2016年 / 政府信息公开工作年度报告).  Breadcrumbs and page chrome are passed over."""
    lines = [line for line in nonblank if not _CHROME.search(line)]
    for k, line in enumerate(lines[:8]):
        read = cell_reading(line)  # traditional script matched as simplified; the title is returned as written
        m = re.search(r"报告|年报", read)
        if m is None or m.start() > 70 or read.startswith(_NOT_A_TITLE_START) or _SENTENCE.search(read[: m.start()]):
            continue  # no report word, a sentence, or a report the text cites (发布《…2021年…年度报告》)
        title = line[: m.end()] if len(line) > 80 and len(read) == len(line) else line
        prev = lines[k - 1] if k else ""
        if (
            prev
            and len(prev) <= 40
            and _TITLE_TAIL.match(cell_reading(title))
            and not re.search(r"报告|年报|[:：。]", cell_reading(prev))
        ):
            title = prev + title
        return title
    return ""
