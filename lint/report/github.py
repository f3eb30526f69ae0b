"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding.

GitHub turns each line into an annotation on the file (and line, when known) in
the pull request.  Data is escaped as the runner expects (``%``, CR, LF) and
property values also escape ``,`` and ``:``, so a message or path can never end
the command early or start a new one.
"""

from __future__ import annotations

from typing import Iterable, TextIO

from lint.report import Context
from lint.model import FileResult, Finding, Severity
from lint.report.sarif import repo_path
from lint.report.text import printable, where_in_table

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _shown(text: str) -> str:
    """The report's text with its control characters shown as escapes; its line breaks stay line breaks of
    the annotation (escaped as %0A, they cannot start a command)."""
    return "\n".join(printable(part) for part in text.split("\n"))


def _message(finding: Finding, lang: str) -> str:
    lines = [_shown(finding.message)]
    table = where_in_table(finding)
    if table and finding.location.line is None:
        # A Word/PDF report has no lines to annotate: say which cell instead.
        lines.append(_shown(table))
    for consequence in finding.consequences:
        lines.append(_shown(f"↳ {consequence.code}: {consequence.message}"))
    if finding.hint:
        lines.append(_shown(f"{'修改建议：' if lang == 'zh' else 'fix: '}{finding.hint}"))
    return "\n".join(lines)


def command(path: str, finding: Finding, lang: str) -> str:
    loc = finding.location
    props = [("file", printable(repo_path(path)))]
    if loc.line is not None:
        props.append(("line", str(loc.line)))
        if loc.column is not None:
            props.append(("col", str(loc.column)))
    props.append(("title", f"{finding.code} {finding.name}"))
    rendered = ",".join(f"{key}={escape_property(printable(value))}" for key, value in props)
    return f"::{COMMAND[finding.severity]} {rendered}::{escape_data(_message(finding, lang))}"


#: output for programs: never mixed with human text
MACHINE = False


def write(results: Iterable[FileResult], out: TextIO, context: Context) -> None:
    lang = context.lang
    for result in results:
        for finding in result.findings:
            out.write(command(result.path, finding, lang) + "\n")
