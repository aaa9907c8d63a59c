"""Parse results: observations, checks and the report they belong to (the public JSON shape)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from parsers.numbers import to_json_number

#: per-document status values
STATUS_OK = "ok"  # a report with at least one observation
STATUS_NO_DATA = "no_data"  # looks like a report, but no number could be read
STATUS_NO_REPORT = "no_report"  # text, but not an OGI annual report
STATUS_EMPTY = "empty"  # no text at all
STATUS_UNDECODABLE = "undecodable"  # bytes that are not text in any supported encoding
STATUSES = (STATUS_OK, STATUS_NO_DATA, STATUS_NO_REPORT, STATUS_EMPTY, STATUS_UNDECODABLE)

APPLICANTS = (
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_service",
    "other_org",
    "total",
)


@dataclass
class Observation:
    # parsers.evidence.cell_observation builds observations positionally: keep this field order
    indicator: str
    value: Decimal
    unit: str
    raw: str
    source: str  # table | text
    evidence: str
    start: int
    end: int
    applicant: str | None = None
    scope: str = "year"  # year | cumulative
    table: int | None = None
    row: int | None = None
    col: int | None = None
    derived: bool = False
    approximate: bool = False
    confidence: float = 1.0
    label: str = ""  # the row label (or prose pattern) the value was read from

    @property
    def key(self) -> tuple[str, str | None, str]:
        return (self.indicator, self.applicant, self.scope)

    def to_json(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "applicant": self.applicant,
            "scope": self.scope,
            "value": to_json_number(self.value),
            "unit": self.unit,
            "raw": self.raw,
            "source": self.source,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "table": self.table,
            "row": self.row,
            "col": self.col,
            "derived": self.derived,
            "approximate": self.approximate,
            "confidence": self.confidence,
        }


@dataclass
class Check:
    rule: str
    status: str  # pass | fail | uncertain
    detail: str
    operands: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "status": self.status, "detail": self.detail, "operands": self.operands}


@dataclass
class ReportMeta:
    title: str = ""
    agency: str = ""
    report_year: int | None = None
    published: str | None = None
    format: str | None = None  # 2021 | 2019 | 2014 | pre2014 | prose
    region_code: str | None = None
    level: str | None = None  # province | prefecture | county
    index_no: str | None = None
    publisher: str | None = None
    format_evidence: str = ""
    #: "aggregate" (government and its departments, 全市/全县 汇总), "self" (an office's own report) or "" (unclear)
    scope: str = ""


@dataclass
class ParsedReport:
    status: str
    metadata: ReportMeta
    observations: list[Observation] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    message: str = ""

    def to_json(self, source: str = "") -> dict[str, Any]:
        m = self.metadata
        return {
            "source": source,
            "report": {
                "title": m.title,
                "agency": m.agency,
                "report_year": m.report_year,
                "published": m.published,
                "format": m.format,
                "region_code": m.region_code,
                "level": m.level,
                "index_no": m.index_no,
                "publisher": m.publisher,
                "format_evidence": m.format_evidence,
                "scope": m.scope,
                "status": self.status,
                "message": self.message,
                "parser_version": _version(),
            },
            "observations": [o.to_json() for o in self.observations],
            "checks": [c.to_json() for c in self.checks],
        }

    def value(self, indicator: str, applicant: str | None = None, scope: str = "year") -> int | float | None:
        """The (first, non-derived preferred) value of one indicator, or None."""
        found = [o for o in self.observations if o.key == (indicator, applicant, scope)]
        found.sort(key=lambda o: (o.derived, o.source != "table"))
        return to_json_number(found[0].value) if found else None


def _version() -> str:
    from parsers.version import PARSER_VERSION

    return PARSER_VERSION
