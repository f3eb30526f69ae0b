"""The short excerpt of the report shown under a finding, as a linter shows the source line.

For files whose lines the finding's line and column count (YAML, JSON, plain text,
Markdown) the excerpt is that line, with the column marked.  For documents
without such lines (Word, PDF, web pages) it is what the finding names as the
report reads it: the table row (label and cells, the named cells marked) or the
sentence the finding quotes (the quoted words marked), else the section heading.

An excerpt (lint.vocab.printed) is ``{"text", "marks"}``, shortened and with control
characters escaped.  The checker builds it (it has the report) only when the
chosen output shows it; reporters just draw it.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from lint.model import Finding
from lint.vocab.printed import excerpt as _excerpt, narrative, quoted, row_labelled, table_row

# ---------------------------------------------------------------- lines of a text file


_TOKEN_END = re.compile(r"[\s,，\]\[|}{]")
_YAML_VALUE = re.compile(r"\s*(.*?)\s*(?:\s#.*)?$")


def from_line(line: str, columns: Iterable[int], token: bool = True) -> dict[str, Any] | None:
    """The line, with the token starting at each 1-based column marked (a column of 1 marks the line).

    With ``token`` false only the character at the column is marked: where a parser
    stopped, which need not begin a token."""
    line = line.rstrip("\r\n")
    marks = []
    for column in sorted(set(columns)):
        start = min(max(column - 1, 0), len(line))
        if column <= 1:
            stripped = len(line) - len(line.lstrip())
            marks.append((stripped, len(line.rstrip())))
            continue
        if not token:
            marks.append((start, start + 1) if start < len(line) else (start, start))
            continue
        found = _TOKEN_END.search(line, start)
        end = found.start() if found else len(line)
        if end > start and line[end - 1] == ":":  # a YAML key: mark its value, not the key
            value = _YAML_VALUE.match(line, end)
            if value and value.group(1):
                start, end = value.start(1), value.end(1)
        marks.append((start, max(end, start + 1) if start < len(line) else start))
    return _excerpt(line, [m for m in marks if m[1] > m[0]])


def for_lines(finding: Finding, lines: list[str], source_map) -> dict[str, Any] | None:
    """The excerpt of a finding in a file of lines: its line, its cells' columns on that line marked."""
    loc = finding.location
    if loc.line is None or not 0 < loc.line <= len(lines):
        return None
    columns = []
    for cell in finding.cells:  # the cells the finding names, where they stand on its line
        place = source_map.lookup(cell) if source_map is not None else None
        if place is not None and place.line == loc.line and place.column:
            columns.append(place.column)
    # a file's own error (E0xx: its syntax) is where the parser stopped, not a cell's value
    return from_line(lines[loc.line - 1], columns or [loc.column or 1], token=not finding.code.startswith("E0"))


def for_report(finding: Finding, report: Any, lang: str = "zh", quote: str | None = None) -> dict[str, Any] | None:
    """The excerpt of a finding in a document, from the report as read (see the module's note)."""
    if not isinstance(report, dict):
        return None
    pointer = finding.location.pointer
    parts = pointer.strip("/").split("/")
    if pointer.startswith("/tables/") and len(parts) == 2:
        # a finding about a whole table: the row it quotes, if it quotes one
        row = row_labelled(report, parts[1], quoted(finding.message))
        return table_row(report, row, (row,), lang) if row else None
    if pointer.startswith("/tables/"):
        return table_row(report, pointer, finding.cells or (pointer,), lang)
    evidence = finding.evidence if isinstance(finding.evidence, dict) else {}
    place = evidence.get("narrative_pointer") if isinstance(evidence.get("narrative_pointer"), str) else pointer
    quotes = ([quote] if quote else []) + quoted(finding.message)
    if place.startswith("/sections/") or place in ("/title", "/intro") or place.startswith("/intro"):
        return narrative(report, place, quotes)
    return None


# ---------------------------------------------------------------- the checker's call

#: forms whose line and column count the lines of the file as its author sees them
_LINE_FORMS = (".txt", ".text", ".md", ".markdown", ".yaml", ".yml", ".json")


def _lines(path: str, report: Any, source_map) -> list[str] | None:
    if source_map is not None and getattr(source_map, "text", None) is not None:
        return source_map.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lower = path.lower()
    if not lower.endswith(_LINE_FORMS) or (isinstance(report, dict) and report.get("source_form")):
        return None
    from lint.errors import InputError
    from lint.ingest.decode import decode_text
    from lint.ingest.forms import MAX_DOCUMENT_BYTES, read_bytes

    try:
        text = decode_text(read_bytes(path, MAX_DOCUMENT_BYTES), path)
    except (InputError, OSError):
        return None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    return lines


def attach(findings: list[Finding], report: Any, source_map, path: str, lang: str = "zh",
           rules: dict[str, Any] | None = None) -> None:
    """Give each finding (not its consequences: they stand at its place) the excerpt of its place."""
    from lint.report.word_places import message_quote

    try:
        lines = _lines(path, report, source_map)
    except Exception:  # an excerpt is a courtesy: it never costs the findings themselves
        lines = None
    for finding in findings:
        try:
            excerpt = for_lines(finding, lines, source_map) if lines else None
            if excerpt is None:
                excerpt = for_report(finding, report, lang, message_quote(finding, rules, lang))
        except Exception:
            excerpt = None
        finding.excerpt = excerpt
