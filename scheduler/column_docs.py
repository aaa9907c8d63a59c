"""What the catalog's and the exports' columns mean: one list, read by Datasette and by `ogi export`.

Datasette shows ``REPORT_COLUMNS`` and ``OBSERVATION_COLUMNS`` on the table pages; the export schema
(``scheduler.export_schema``) takes its descriptions from the same dictionaries, and describes here only the
columns an export adds (provenance joined from versions and captures).
"""

from __future__ import annotations

REPORT_COLUMNS: dict[str, str] = {
    "agency": "Agency name as printed in the report",
    "report_year": "Year the report covers (published by 31 Jan / 31 Mar of the next year)",
    "scope": "'' | self | aggregate",
    "region_code": "GB/T 2260 administrative division code (6 digits)",
    "level": "province | prefecture | county",
    "status": "active | removed (gone for N consecutive runs)",
    "current_version_id": "The version seen most recently",
    "missing_runs": "Consecutive runs in which the report's URL was gone",
}

OBSERVATION_COLUMNS: dict[str, str] = {
    "indicator": "Indicator key (docs/indicators.md; label in the cell's tooltip)",
    "applicant": "2019+ applicant column (natural_person, commercial, ... total); empty before 2019",
    "scope": "year | cumulative",
    "value": "The number as read (元 for money)",
    "unit": "条, 件, 次, 人, 元 ...",
    "raw": "The text the number was read from",
    "source": "table | text",
    "evidence": "Sentence or table row the value came from (link: evidence page)",
    "derived": "1 = computed from other values (e.g. a total the report left out)",
    "approximate": "1 = the report gave an approximate figure (约, 余, 多)",
    "capture_id": "Archived capture of the document (link: the archived bytes)",
    "table_index": "Table number in the document (0-based)",
}

EXPORT_ONLY_COLUMNS: dict[str, str] = {
    "year": REPORT_COLUMNS["report_year"],
    "report_scope": "The report's scope: " + REPORT_COLUMNS["scope"],
    "indicator_label": "Chinese label of the indicator (parsers/data/indicators.csv), else the key",
    "confidence": "How sure the reader is of the value, 0 to 1",
    "report_id": "The logical report (catalog table reports)",
    "version_no": "Version of the report the value was read from (1 = first seen)",
    "current_version": "1 = the report's current version, 0 = an older one (--all-versions)",
    "report_url": "URL of the report page this version was captured from",
    "capture_time": "When the document was fetched (UTC)",
    "warc_file": "WARC file (under warc/) holding the archived bytes",
    "warc_offset": "Byte offset of the WARC record in warc_file",
    "document_sha256": "SHA-256 of the document the value was read from (page or attachment)",
    "parser_version": "Parser version that read the value",
    "check_status": "Worst check result using this value: pass | uncertain | fail, empty when no check used it",
    "observation_id": "The value's row in catalog table observations (evidence page /-/ogi/evidence/<id>)",
}
