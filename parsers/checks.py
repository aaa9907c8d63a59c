"""Validation rules (report-formats.md §7): arithmetic identities and text-versus-table agreement.

Every check is ``pass``, ``fail`` or ``uncertain`` (an operand is missing) and lists its operands.  No
value is ever corrected.
"""

from __future__ import annotations

from decimal import Decimal

from parsers.numbers import to_json_number
from parsers.report import APPLICANTS, Check, Observation

Key = tuple[str, str | None, str]
T3_ITEMS_2019 = [
    "outcome.granted", "outcome.partial",
    *[f"outcome.denied.{k}" for k in ("state_secret", "other_law", "security_stability", "third_party",
                                      "internal_affairs", "process_info", "enforcement_file", "admin_query")],
    *[f"outcome.unable.{k}" for k in ("not_held", "needs_creation", "unclear")],
    *[f"outcome.not_processed.{k}" for k in ("petition", "duplicate", "publication", "mass_repeat", "confirm")],
]  # fmt: skip
OTHER_2021 = ["outcome.other.no_correction", "outcome.other.unpaid_fee", "outcome.other.other"]
T4_BLOCKS = ("review", "litigation.direct", "litigation.after_review")


class _Index:
    """Table observations by (indicator, applicant, scope) — the first one wins — and their operand dicts."""

    def __init__(self, observations: list[Observation]) -> None:
        by_key: dict[Key, Observation] = {}
        for o in observations:
            if o.source == "table":
                by_key.setdefault((o.indicator, o.applicant, o.scope), o)
        self.by_key = by_key
        #: operand dicts already built: checks share them (treat operands as read-only)
        self._entries: dict[Key, tuple[Observation | None, dict[str, object]]] = {}

    def get(self, key: str, applicant: str | None = None, scope: str = "year") -> Observation | None:
        return self.by_key.get((key, applicant, scope))

    def entry(
        self, key: str, applicant: str | None, scope: str = "year"
    ) -> tuple[Observation | None, dict[str, object]]:
        """The observation (or None) and its operand dict."""
        k = (key, applicant, scope)
        found = self._entries.get(k)
        if found is None:
            o = self.by_key.get(k)
            found = self._entries[k] = (o, _operand(o, key, applicant))
        return found


def _operand(o: Observation | None, key: str, applicant: str | None) -> dict[str, object]:
    if o is None:
        return {"indicator": key, "applicant": applicant, "value": None}
    return {
        "indicator": key,
        "applicant": applicant,
        "value": to_json_number(o.value),
        "raw": o.raw,
        "table": o.table,
        "row": o.row,
        "col": o.col,
        "start": o.start,
        "derived": o.derived,
    }


def _sum_rule(
    rule: str, idx: _Index, total_key: str, parts: list[str], applicant: str | None, scope: str = "year"
) -> Check | None:
    total, total_op = idx.entry(total_key, applicant, scope)
    entries = [idx.entry(p, applicant, scope) for p in parts]
    if total is None and all(f is None for f, _ in entries):
        return None
    operands = [total_op] + [op for _, op in entries]
    where = f"{applicant or ''} {scope}".strip()
    if total is None or any(f is None for f, _ in entries):
        missing = [p for (f, _), p in zip(entries, parts, strict=True) if f is None]
        missing += [total_key] if total is None else []
        return Check(rule, "uncertain", f"{where}: missing {', '.join(missing[:5])}", operands)
    s = sum((f.value for f, _ in entries if f is not None), Decimal(0))
    ok = s == total.value
    detail = f"{where}: {total_key} {to_json_number(total.value)} {'=' if ok else '≠'} sum {to_json_number(s)}"
    return Check(rule, "pass" if ok else "fail", detail, operands)


_BAL = ("requests.received", "requests.carried_over", "outcome.total", "requests.carried_forward")


def modern_checks(observations: list[Observation], era: str | None) -> list[Check]:
    idx = _Index(observations)
    checks: list[Check] = []
    other = OTHER_2021 if era == "2021" else ["outcome.other"]
    items = T3_ITEMS_2019 + other
    # table 三 is there when any of its cells was read (its first row may be blank or unreadable)
    has_t3 = any(o.applicant for o in observations)
    for a in APPLICANTS if has_t3 else ():
        # T3-BAL: received + carried_over = total + carried_forward
        entries = [idx.entry(k, a) for k in _BAL]
        operands = [op for _, op in entries]
        ops = [o for o, _ in entries]
        if any(o is None for o in ops):
            checks.append(Check("T3-BAL", "uncertain", f"{a}: an operand is blank", operands))
        else:
            left = ops[0].value + ops[1].value  # type: ignore[union-attr]
            right = ops[2].value + ops[3].value  # type: ignore[union-attr]
            ok = left == right
            checks.append(
                Check(
                    "T3-BAL",
                    "pass" if ok else "fail",
                    f"{a}: 一+二 {to_json_number(left)} {'=' if ok else '≠'} （七）+四 {to_json_number(right)}",
                    operands,
                )
            )
        c = _sum_rule("T3-SUM", idx, "outcome.total", items, a)
        if c:
            checks.append(c)
    if has_t3:
        rows = sorted({o.indicator for o in observations if o.applicant})
        for key in rows:
            entries = [idx.entry(key, a) for a in APPLICANTS]
            total = entries[-1][0]
            operands = [entries[-1][1]] + [op for _, op in entries[:-1]]
            if total is None or any(p is None for p, _ in entries[:-1]):
                checks.append(Check("T3-COL", "uncertain", f"{key}: a column is blank", operands))
                continue
            s = sum((p.value for p, _ in entries[:-1] if p is not None), Decimal(0))
            ok = s == total.value
            detail = f"{key}: 总计 {to_json_number(total.value)} {'=' if ok else '≠'} sum {to_json_number(s)}"
            checks.append(Check("T3-COL", "pass" if ok else "fail", detail, operands))
    if has_t3:
        checks += _subtotal_checks(idx)
    for block in T4_BLOCKS:
        c = _sum_rule(
            "T4-SUM", idx, f"{block}.total", [f"{block}.{i}" for i in ("upheld", "corrected", "other", "pending")], None
        )
        if c:
            checks.append(c)
    return checks


#: table 三 groups whose subtotal row some agencies add (report-formats.md §7.1 T3-SUBTOTAL)
T3_SUBTOTALS: dict[str, list[str]] = {
    "outcome.denied": [k for k in T3_ITEMS_2019 if k.startswith("outcome.denied.")],
    "outcome.unable": [k for k in T3_ITEMS_2019 if k.startswith("outcome.unable.")],
    "outcome.not_processed": [k for k in T3_ITEMS_2019 if k.startswith("outcome.not_processed.")],
    "outcome.other": OTHER_2021,
}


def _subtotal_checks(idx: _Index) -> list[Check]:
    """T3-SUBTOTAL: a subtotal row written in table 三 equals the sum of its item rows, per column.

    Only for groups whose subtotal row *and* at least one item row are in the table: a derived subtotal (computed
    by the parser) is no operand, and the 2019 （六）其他处理 (a single row without items) is no subtotal.
    """
    checks: list[Check] = []
    for total_key, parts in T3_SUBTOTALS.items():
        written = [a for a in APPLICANTS if (o := idx.get(total_key, a)) is not None and not o.derived]
        if not written or not any(idx.get(p, a) is not None for p in parts for a in APPLICANTS):
            continue
        for a in APPLICANTS:
            total, total_op = idx.entry(total_key, a)
            if total is not None and total.derived:
                total, total_op = None, {"indicator": total_key, "applicant": a, "value": None}
            entries = [idx.entry(p, a) for p in parts]
            if total is None and all(f is None for f, _ in entries):
                continue
            operands = [total_op] + [op for _, op in entries]
            missing = [p for (f, _), p in zip(entries, parts, strict=True) if f is None]
            missing += [total_key + " (subtotal row)"] if total is None else []
            if total is None or missing:
                checks.append(Check("T3-SUBTOTAL", "uncertain", f"{a}: missing {', '.join(missing[:5])}", operands))
                continue
            s = sum((f.value for f, _ in entries if f is not None), Decimal(0))
            ok = s == total.value
            sign = "=" if ok else "≠"
            detail = f"{a}: {total_key} {to_json_number(total.value)} {sign} sum of items {to_json_number(s)}"
            checks.append(Check("T3-SUBTOTAL", "pass" if ok else "fail", detail, operands))
    return checks


DENIED_2014 = ("state_secret", "commercial_secret", "privacy", "security_stability", "not_gov_info", "other_law")
CHANNELS_PRE2014 = ("in_person", "fax", "email", "online", "letter", "other")
STAT_SUMS_2014: list[tuple[str, str, list[str]]] = [
    ("STAT-RECEIVED", "requests.received", [f"requests.channel.{k}" for k in ("in_person", "fax", "online", "letter")]),
    ("STAT-COMPLETED", "requests.completed", ["requests.completed_on_time", "requests.completed_extended"]),
    ("STAT-ANSWERS", "outcome.total", ["outcome.already_public", "outcome.granted", "outcome.partial", "outcome.denied",
                                       "outcome.not_this_agency", "outcome.not_exist", "outcome.correction_requested",
                                       "outcome.other_channel"]),
    ("STAT-DENIED", "outcome.denied", [f"outcome.denied.{k}" for k in DENIED_2014]),
    ("STAT-REVIEW", "review.total", ["review.upheld", "review.corrected", "review.other"]),
    ("STAT-LITIGATION", "litigation.total", ["litigation.upheld", "litigation.corrected", "litigation.other"]),
    ("STAT-STAFF", "staff.total", ["staff.fulltime", "staff.parttime"]),
]  # fmt: skip
STAT_SUMS_PRE2014: list[tuple[str, str, list[str]]] = [
    ("STAT-ANSWERS", "outcome.total", ["outcome.granted", "outcome.partial", "outcome.denied"]),
    ("STAT-STAFF", "staff.total", ["staff.fulltime", "staff.parttime"]),
]


#: (rule, part, whole): part ≤ whole in the 2014–2018 statistics table (report-formats.md §7.5)
STAT_AT_MOST: list[tuple[str, str, str]] = [
    ("STAT-NORMATIVE", "proactive.normative_docs", "proactive.total"),
    ("STAT-PRESS-LEADERS", "press_conferences.by_leaders", "press_conferences.total"),
    ("STAT-INTERVIEW-LEADERS", "online_interviews.by_leaders", "online_interviews.total"),
]


def _at_most_rule(rule: str, idx: _Index, part_key: str, whole_key: str, scope: str) -> Check | None:
    """``part ≤ whole``; no check when the part is absent (many tables have no such row), uncertain when the
    part is there but the whole is blank or a value is approximate."""
    part, part_op = idx.entry(part_key, None, scope)
    if part is None:
        return None
    whole, whole_op = idx.entry(whole_key, None, scope)
    operands = [part_op, whole_op]
    if whole is None:
        return Check(rule, "uncertain", f"{scope}: missing {whole_key}", operands)
    if part.approximate or whole.approximate:
        return Check(rule, "uncertain", f"{scope}: an operand is approximate", operands)
    ok = part.value <= whole.value
    detail = (
        f"{scope}: {part_key} {to_json_number(part.value)} {'≤' if ok else '>'} "
        f"{whole_key} {to_json_number(whole.value)}"
    )
    return Check(rule, "pass" if ok else "fail", detail, operands)


def stat_checks(observations: list[Observation], era: str | None) -> list[Check]:
    idx = _Index(observations)
    checks: list[Check] = []
    if era == "2014":
        rules = STAT_SUMS_2014
    else:
        received = ("STAT-RECEIVED", "requests.received", [f"requests.channel.{k}" for k in CHANNELS_PRE2014])
        rules = [*STAT_SUMS_PRE2014, received]
    for scope in ("year", "cumulative"):
        for rule, total, parts in rules:
            present = [p for p in parts if idx.get(p, None, scope) is not None]
            if idx.get(total, None, scope) is None or not present:
                continue
            # older tables list only some channels/outcomes: sum the rows the table has
            use = parts if era == "2014" else present
            c = _sum_rule(rule, idx, total, use, None, scope)
            if c:
                checks.append(c)
        for rule, part, whole in STAT_AT_MOST:
            c = _at_most_rule(rule, idx, part, whole, scope)
            if c:
                checks.append(c)
    return checks


def prose_staff_check(observations: list[Observation]) -> list[Check]:
    """STAT-STAFF from sentences, for reports whose tables have no staff rows: total = 专职 + 兼职.

    Only when the text states all three numbers (prose often names only some of them: then no check).
    """
    if any(o.source == "table" and o.indicator.startswith("staff.") for o in observations):
        return []
    found: dict[str, Observation] = {}
    for o in observations:
        if (
            o.source == "text"
            and o.scope == "year"
            and o.indicator in ("staff.total", "staff.fulltime", "staff.parttime")
        ):
            found.setdefault(o.indicator, o)
    if len(found) < 3:
        return []
    total, ft, pt = found["staff.total"], found["staff.fulltime"], found["staff.parttime"]
    operands = [_operand(o, o.indicator, None) for o in (total, ft, pt)]
    for op in operands:
        op["source"] = "text"
    if any(o.approximate for o in (total, ft, pt)):
        return [Check("STAT-STAFF", "uncertain", "text: an operand is approximate", operands)]
    s = ft.value + pt.value
    ok = s == total.value
    detail = f"text: staff.total {to_json_number(total.value)} {'=' if ok else '≠'} sum {to_json_number(s)}"
    return [Check("STAT-STAFF", "pass" if ok else "fail", detail, operands)]


def conflict_checks(observations: list[Observation]) -> list[Check]:
    """X-DUP: the same indicator written twice in the tables with different values."""
    first: dict[Key, Observation] = {}
    clashes: dict[Key, list[Observation]] = {}
    for o in observations:
        if o.source != "table" or o.derived:
            continue
        key = (o.indicator, o.applicant, o.scope)
        seen = first.get(key)
        if seen is None:
            first[key] = o
        else:
            clashes.setdefault(key, [seen]).append(o)
    checks: list[Check] = []
    for key, obs in clashes.items():
        if len({o.value for o in obs}) > 1:
            operands = [_operand(o, key[0], key[1]) for o in obs]
            shown = " vs ".join(str(to_json_number(o.value)) for o in obs)
            checks.append(Check("X-DUP", "fail", f"{key[0]} {key[2]}: tables disagree ({shown})", operands))
    return checks


def text_checks(observations: list[Observation], modern: bool) -> list[Check]:
    """X-TEXT: prose numbers against the tables (the table is never overridden)."""
    tables: dict[Key, Observation] = {}
    for o in observations:
        if o.source == "table":
            tables.setdefault((o.indicator, o.applicant, o.scope), o)
    checks: list[Check] = []
    for o in observations:
        if o.source != "text":
            continue
        applicant = "total" if modern and (o.indicator, "total", o.scope) in tables else None
        t = tables.get((o.indicator, applicant, o.scope))
        if t is None:
            continue
        operands = [_operand(o, o.indicator, None), _operand(t, o.indicator, applicant)]
        operands[0]["source"] = "text"
        operands[1]["source"] = "table"
        if o.approximate:
            status = "uncertain"
            detail = f"{o.indicator} {o.scope}: text ≈{o.raw} (approximate) vs table {t.raw or to_json_number(t.value)}"
        else:
            ok = o.value == t.value
            status = "pass" if ok else "fail"
            detail = (
                f"{o.indicator} {o.scope}: text {to_json_number(o.value)} {'=' if ok else '≠'} "
                f"table {to_json_number(t.value)}"
            )
        checks.append(Check("X-TEXT", status, detail, operands))
    return checks
