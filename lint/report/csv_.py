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
