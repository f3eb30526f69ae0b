"""``file:line:col: CODE [severity] message`` — one line per finding, for editors and hooks."""

from __future__ import annotations

from typing import Iterable, TextIO

from lint.report import Context
from lint.model import SEVERITY_ZH, FileResult, Finding


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes: a report's text never drives the terminal."""
    from lint.vocab.printed import printable as escaped

    return escaped(text)


def place(path: str, finding: Finding) -> str:
    loc = finding.location
    out = path
    if loc.page is not None:
        out += f":p{loc.page}"
    if loc.line is not None:
        out += f":{loc.line}:{loc.column or 1}"
    return out


def where_in_table(finding: Finding) -> str:
    """表三 / row / column as printed, for documents with no line numbers."""
    loc = finding.location
    parts = [p for p in (loc.table, loc.row and f"「{loc.row}」行", loc.col and f"「{loc.col}」列") if p]
    return " ".join(parts)


def severity_label(finding: Finding, lang: str) -> str:
    return SEVERITY_ZH[finding.severity] if lang == "zh" else finding.severity.label


#: output for programs: never mixed with human text
MACHINE = False


def write(results: Iterable[FileResult], out: TextIO, context: Context) -> None:
    lang = context.lang
    for result in results:
        for finding in result.findings:
            pointer = f" [{finding.location.pointer}]" if finding.location.pointer else ""
            if finding.location.line is None and where_in_table(finding):
                # Word and PDF tables have no lines: name the cell as the document prints it
                pointer = f" [{where_in_table(finding)}]{pointer}"
            line = f"{place(result.path, finding)}: {finding.code} {severity_label(finding, lang)}: {finding.message}{pointer}"
            out.write(printable(line) + "\n")
            for consequence in finding.consequences:
                out.write(printable(f"    ↳ {consequence.code}: {consequence.message}") + "\n")
    from lint.report.blocks import lines

    for _style, line in lines(context):
        out.write(printable(line) + "\n")
