"""Differences between two versions of a report: character-level text diff and indicator-level diff.

Word-level diffs are useless for Chinese (no spaces), so the text diff works on characters
(diff-match-patch, with semantic clean-up), and the numbers are compared as structured data: which
indicator changed from what to what, with the evidence from both versions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from diff_match_patch import diff_match_patch

from archive import Archive

EQUAL, INSERT, DELETE = 0, 1, -1


class DiffError(LookupError):
    """The report or one of its versions does not exist."""


@dataclass(frozen=True)
class ValueChange:
    indicator: str
    applicant: str | None
    scope: str
    source: str
    old: float | None
    new: float | None
    old_evidence: str | None
    new_evidence: str | None


@dataclass
class VersionDiff:
    report: dict[str, Any]
    old: dict[str, Any]
    new: dict[str, Any]
    text_ops: list[tuple[int, str]]
    changes: list[ValueChange]

    @property
    def chars_inserted(self) -> int:
        return sum(len(t) for op, t in self.text_ops if op == INSERT)

    @property
    def chars_deleted(self) -> int:
        return sum(len(t) for op, t in self.text_ops if op == DELETE)


def character_diff(old: str, new: str, *, timeout: float = 5.0) -> list[tuple[int, str]]:
    engine = diff_match_patch()
    engine.Diff_Timeout = timeout
    ops = engine.diff_main(old, new)
    engine.diff_cleanupSemantic(ops)
    return [(int(op), text) for op, text in ops]


def find_report(archive: Archive, ref: str) -> dict[str, Any]:
    """A report by id, or by 'AGENCY YEAR' / report key fragment (must be unambiguous)."""
    if ref.isdigit():
        found = archive.reports.get(int(ref))
        rows = [found] if found else []
    else:
        rows = archive.reports.matching(ref)
    if not rows:
        raise DiffError(f"no report matches {ref!r}; list them with `ogi changes` or `ogi reports`")
    if len(rows) > 1:
        names = ", ".join(f"{r['id']}: {r['agency']} {r['report_year']}" for r in rows[:10])
        raise DiffError(f"{ref!r} matches {len(rows)} reports ({names}); pass the report id")
    return rows[0]


def _version(archive: Archive, report_id: int, number: int) -> dict[str, Any]:
    version = archive.reports.version_by_number(report_id, number)
    if version is None:
        raise DiffError(f"report {report_id} has no version {number}")
    return version


def _values(archive: Archive, version_id: int) -> dict[tuple[str, str | None, str, str], dict[str, Any]]:
    rows = archive.reports.observations_of_version(version_id)
    out: dict[tuple[str, str | None, str, str], dict[str, Any]] = {}
    for row in rows:
        out.setdefault((row["indicator"], row["applicant"], row["scope"], row["source"]), row)
    return out


def diff_versions(archive: Archive, ref: str, v1: int | None = None, v2: int | None = None) -> VersionDiff:
    """Diff two versions of a report (default: the last two)."""
    report = find_report(archive, ref)
    numbers = archive.reports.version_numbers(report["id"])
    if v1 is None or v2 is None:
        if len(numbers) < 2:
            raise DiffError(
                f"report {report['id']} ({report['agency']} {report['report_year']}) has only "
                f"{len(numbers)} version(s): nothing to compare"
            )
        v1, v2 = numbers[-2], numbers[-1]
    old, new = _version(archive, report["id"], v1), _version(archive, report["id"], v2)
    old_values, new_values = _values(archive, old["id"]), _values(archive, new["id"])
    changes = []
    for key in sorted(set(old_values) | set(new_values), key=lambda k: tuple(str(x) for x in k)):
        a, b = old_values.get(key), new_values.get(key)
        if a is not None and b is not None and a["value"] == b["value"]:
            continue
        changes.append(
            ValueChange(
                indicator=key[0],
                applicant=key[1],
                scope=key[2],
                source=key[3],
                old=a["value"] if a else None,
                new=b["value"] if b else None,
                old_evidence=a["evidence"] if a else None,
                new_evidence=b["evidence"] if b else None,
            )
        )
    return VersionDiff(report, old, new, character_diff(old["text"] or "", new["text"] or ""), changes)


def render_text_diff(ops: list[tuple[int, str]], *, context: int = 30) -> str:
    """Changed passages with ``context`` characters around them: [-deleted-]{+inserted+}."""
    out: list[str] = []
    for index, (op, text) in enumerate(ops):
        if op == EQUAL:
            if index == 0:
                out.append("…" + text[-context:] if len(text) > context else text)
            elif index == len(ops) - 1:
                out.append(text[:context] + "…" if len(text) > context else text)
            elif len(text) > 2 * context:
                out.append(text[:context] + "\n…\n" + text[-context:])
            else:
                out.append(text)
        elif op == DELETE:
            out.append(f"[-{text}-]")
        else:
            out.append(f"{{+{text}+}}")
    return "".join(out)
