"""CSV for auditors' spreadsheets: one row per finding, consequences on rows of their own.

UTF-8 with a byte-order mark, because Excel reads a BOM-less CSV in the local
code page and turns the Chinese into mojibake.  A consequence row (a check
broken by the same wrong cell as its root cause) names that root cause's code in
``parent``; top-level rows leave it empty.

``origin`` says whether a finding is about the document (the agency must act) or about
the reading (a person should look: never the agency's error); ``status``, ``score`` and
``grade`` are the file's (complete | partial | not-graded: a not-graded file has no score).
"""

from __future__ import annotations


import csv
from typing import Any, Iterable, TextIO

from lint.report import Context
from lint.model import FileResult, Finding

HEADER = ("path", "agency", "year", "format", "code", "severity", "name", "message", "line", "column", "page",
          "pointer", "table", "row", "column_label", "hint", "parent", "origin", "status", "score", "grade")

BOM = "\ufeff"

# A cell that starts like a formula is run by Excel when the sheet opens; report text is
# untrusted (agency names, cell values quoted in messages), so such cells get a leading '.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _row(result: FileResult, finding: Finding, parent: str = "") -> list[Any]:
    loc = finding.location
    return [_cell(v) for v in (
        result.path, result.agency, result.year, result.format, finding.code, finding.severity.label,
        finding.name, finding.message, loc.line, loc.column, loc.page, loc.pointer, loc.table, loc.row, loc.col,
        finding.hint, parent, finding.origin, result.status, result.score, result.grade)]



#: output for programs: never mixed with human text
MACHINE = True


def write(results: Iterable[FileResult], out: TextIO, context: Context) -> None:
    out.write(BOM)
    # "\n" rather than csv's "\r\n": a text stream on Windows adds the "\r" itself.
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for result in results:
        for finding in result.findings:
            writer.writerow(_row(result, finding))
            for consequence in finding.consequences:
                writer.writerow(_row(result, consequence, parent=finding.code))


#: ``--format csv-reports``: one row per report, those without findings too; with ``--roster`` the unit
#: each belongs to, what the roster says of it, and a row for each unit with no report
REPORT_HEADER = ("path", "agency", "year", "format", "status", "score", "grade", "errors", "warnings", "info",
                 "reading", "codes", "unit", "roster")


def write_reports(results: Iterable[FileResult], out: TextIO, context: Context) -> None:
    """One row per checked file: its status, score, grade and counts (the roster's verdicts, with --roster)."""
    roster = context.extras.get("roster") or {}
    units = {m["path"]: m["unit"] for m in roster.get("matched") or []}
    verdicts: dict[str, list[str]] = {}
    for key, label in (("late", "late"), ("undated", "undated")):
        for item in roster.get(key) or []:
            verdicts.setdefault(item["path"], []).append(label)
    for item in roster.get("duplicates") or []:
        for path in item["paths"]:
            verdicts.setdefault(path, []).append("duplicate")
    for item in roster.get("unknown") or []:
        verdicts.setdefault(item["path"], []).append("no-unit")
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REPORT_HEADER)
    for result in results:
        counts = result.counts()
        reading = sum(1 for f in result.findings if f.origin == "reading")
        codes = " ".join(dict.fromkeys(f.code for f in result.findings))
        writer.writerow([_cell(v) for v in (
            result.path, result.agency, result.year, result.format, result.status, result.score, result.grade,
            counts["error"], counts["warning"], counts["info"], reading, codes, units.get(result.path),
            " ".join(verdicts.get(result.path, [])))])
    for unit in roster.get("missing") or []:
        writer.writerow([_cell(v) for v in ("", None, roster.get("year"), None, "no-report", None, None, None, None,
                                            None, None, "", unit["unit"], "missing")])
