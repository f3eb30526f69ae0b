"""The report as printed, for people: terminal widths, escapes, wrapping, and a table row or a sentence
with the words a finding names marked.

An excerpt is ``{"text": str, "marks": [[start, end], ...]}`` (character offsets into ``text``),
shortened to about one terminal line around its first mark and with control characters shown as
escapes, so no report can move the cursor or recolour a terminal.  lint.report.excerpt builds them
for findings; ``xxgk-lint explain`` uses them to show its examples.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable

from lint.vocab import tables as L

WIDTH = 76
_BLANK = {"zh": "（空白）", "en": "(blank)"}
_SEP = " │ "
_QUOTED = re.compile(r"[“「\"]([^“”「」\"]{2,120})[”」\"]")
_SENTENCE_END = "。！？；!?;\n"


# ---------------------------------------------------------------- characters


def cells(text: str) -> int:
    """Terminal cells ``text`` takes: two for a wide (CJK) character, none for a combining one."""
    return sum(_width(ch) for ch in text)


def _width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _escape(ch: str) -> str:
    if ch == "\t":
        return " "
    category = unicodedata.category(ch)
    if category in ("Cc", "Cs", "Co", "Zl", "Zp") or (category == "Cf" and ch not in "\u200d"):
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return ch


def printable(text: str) -> str:
    """``text`` with control and format characters written as escapes (``\\x1b``, ``\\u202e``)."""
    return "".join(_escape(ch) for ch in text)


def _clean(text: str, marks: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """``printable`` applied to ``text`` with the marks moved along."""
    out: list[str] = []
    where = [0] * (len(text) + 1)
    length = 0
    for i, ch in enumerate(text):
        where[i] = length
        piece = _escape(ch)
        out.append(piece)
        length += len(piece)
    where[len(text)] = length
    return "".join(out), [(where[s], where[e]) for s, e in marks]


def window(text: str, marks: list[tuple[int, int]], width: int = WIDTH) -> tuple[str, list[tuple[int, int]]]:
    """At most ``width`` cells of ``text`` around its first mark, cut ends shown as "…"."""
    if cells(text) <= width:
        return text, marks
    lead = len(text) - len(text.lstrip())
    if lead:  # indentation goes first
        text, marks = text[lead:], [(max(s - lead, 0), max(e - lead, 0)) for s, e in marks]
        if cells(text) <= width:
            return text, marks
    first, first_end = marks[0] if marks else (0, 0)
    start = 0
    if cells(text[:first_end]) > width - 2:
        start = first
        budget = width // 3
        while start > 0 and budget - _width(text[start - 1]) >= 0:
            budget -= _width(text[start - 1])
            start -= 1
    end = start
    used = 1 if start > 0 else 0
    while end < len(text) and used + _width(text[end]) <= width - 1:
        used += _width(text[end])
        end += 1
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    kept = [(max(s, start) + shift, min(e, end) + shift) for s, e in marks if e > start and s < end]
    return prefix + text[start:end] + suffix, kept


def carets(text: str, marks: list[tuple[int, int]]) -> str:
    """A line of ``^`` under the characters of ``text`` that ``marks`` cover, by display cell."""
    line = [" "] * (cells(text) + 1)
    for start, end in marks:
        first = cells(text[:start])
        for i in range(first, first + max(cells(text[start:end]), 1)):
            if i < len(line):
                line[i] = "^"
    return "".join(line).rstrip()


def excerpt(text: str, marks: list[tuple[int, int]]) -> dict[str, Any] | None:
    text = text.rstrip("\r\n")
    if not text.strip():
        return None
    cleaned, moved = _clean(text, sorted(marks))
    shown, kept = window(cleaned, moved)
    return {"text": shown, "marks": [list(m) for m in kept]}


_TOKENS = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f“”‘’]|[^\s\u2e80-\u9fff\uff00-\uffef"
                     r"\u3000-\u303f“”‘’]+|\s+")
#: characters a line should not start with (closing punctuation)
_NO_BREAK_BEFORE = set("，。；：、）》」』”’！？,.;:!?)]")
#: characters a line should not end with (opening punctuation)
_NO_BREAK_AFTER = set("“‘（《「『([")


def wrap(text: str, width: int, indent: int = 0) -> list[str]:
    """``text`` in lines of at most ``width`` terminal cells (after the first, ``indent`` cells fewer):
    Chinese breaks between any two characters, never before closing or after opening punctuation;
    other text between words."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        limit = width
        for token in _TOKENS.findall(paragraph):
            if token.isspace():
                if line:
                    line += " "
                continue
            if not line.strip() or cells(line + token) <= limit:
                line += token
                continue
            carry = ""
            # the character before closing punctuation goes with it (and before that one, if it closes too)
            while (carry or token)[0] in _NO_BREAK_BEFORE and len(line.rstrip()) > 1 and not line.endswith(" "):
                carry, line = line[-1] + carry, line[:-1]
            while len(line) > 1 and line[-1] in _NO_BREAK_AFTER:  # an opening mark goes with what it opens
                carry, line = line[-1] + carry, line[:-1]
            lines.append(line.rstrip())
            limit = width - indent
            line = carry + token
            while cells(line) > limit:  # a word longer than a line: cut it
                cut = _fit(line, limit)
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
    return lines or [""]


def _fit(text: str, width: int) -> int:
    used = 0
    for i, ch in enumerate(text):
        used += _width(ch)
        if used > width:
            return max(i, 1)
    return len(text)


# ---------------------------------------------------------------- the report as read


def value_at(report: Any, pointer: str) -> Any:
    node = report
    for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _value(value: Any, lang: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return _BLANK[lang]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _row(report: dict, pointer: str) -> tuple[str, str, list[str]] | None:
    """(row pointer, printed label, cell pointers in printed order) of the table row ``pointer`` is in."""
    parts = pointer.strip("/").split("/")
    if len(parts) < 3 or parts[0] != "tables":
        return None
    table = parts[1]
    if table == "proactive":
        fmt = "2019" if report.get("format") == "2019" else "2021"
        for block in L.proactive_blocks(fmt):
            for key, label in block.rows:
                if parts[2] == key:
                    row = f"/tables/proactive/{key}"
                    return row, L.printed_label(report, row, label), [f"{row}/{c}" for c, _ in block.columns]
        return None
    if table == "appeals":
        for key, label, _en in L.APPEAL_GROUPS:
            if parts[2] == key:
                row = f"/tables/appeals/{key}"
                return row, L.printed_label(report, row, label), [f"{row}/{i}" for i in range(len(L.APPEAL_COLUMNS))]
        return None
    if table == "applications":
        layout = "2019" if isinstance(value_at(report, "/tables/applications/results/other"), list) else "2021"
        for row in L.applications_rows(layout):
            row_pointer = "/tables/applications" + row.pointer_suffix
            if pointer == row_pointer or pointer.startswith(row_pointer + "/"):
                rest = pointer[len(row_pointer):].strip("/")
                if rest and not rest.isdigit():
                    continue  # a row under this one (（三）不予公开 → 1.属于国家秘密)
                label = L.printed_label(report, row_pointer, L.short_row_label(row))
                return row_pointer, label, [f"{row_pointer}/{i}" for i in range(len(L.APPLICANT_COLUMNS))]
    return None


def row_labelled(report: dict, table: str, labels: Iterable[str]) -> str | None:
    """The pointer of the row of ``table`` (a table key) whose label, as printed or as the national
    format has it, is one of ``labels``."""
    wanted = set(labels)
    rows: list[tuple[str, str]] = []
    if table == "applications":
        layout = "2019" if isinstance(value_at(report, "/tables/applications/results/other"), list) else "2021"
        rows = [("/tables/applications" + r.pointer_suffix, r.label) for r in L.applications_rows(layout)]
        rows += [(p, L.short_row_label(r)) for p, r in zip([x for x, _ in rows], L.applications_rows(layout))]
    elif table == "proactive":
        fmt = "2019" if report.get("format") == "2019" else "2021"
        rows = [(f"/tables/proactive/{key}", label) for block in L.proactive_blocks(fmt) for key, label in block.rows]
    elif table == "appeals":
        rows = [(f"/tables/appeals/{key}", label) for key, label, _en in L.APPEAL_GROUPS]
    for pointer, label in rows:
        if label in wanted or L.printed_label(report, pointer, label) in wanted:
            return pointer
    return None


def table_row(report: dict, pointer: str, named: Iterable[str], lang: str = "zh") -> dict[str, Any] | None:
    """The row ``pointer`` is in, as the report reads it, the ``named`` cells marked."""
    found = _row(report, pointer)
    if found is None:
        return None
    row_pointer, label, cell_pointers = found
    values = value_at(report, row_pointer)
    if values is None:
        return None
    text = label
    spans: dict[str, tuple[int, int]] = {}
    for index, cell in enumerate(cell_pointers):
        if isinstance(values, list):
            if index >= len(values):
                break
            value = values[index]
        elif isinstance(values, dict):
            key = cell.rsplit("/", 1)[-1]
            if key not in values:
                continue
            value = values[key]
        else:
            return None
        shown = _value(value, lang)
        text += _SEP
        spans[cell] = (len(text), len(text) + len(shown))
        text += shown
    named = set(named)
    marks = [span for cell, span in spans.items() if cell in named]
    if not marks and pointer == row_pointer:
        marks = [(0, len(label))]
    return excerpt(text, marks)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((text.rfind(ch, 0, start) for ch in _SENTENCE_END), default=-1) + 1
    rights = [i for i in (text.find(ch, end) for ch in _SENTENCE_END) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    while left < start and text[left].isspace():
        left += 1
    return left, right


def _text_at(report: dict, pointer: str) -> tuple[str | None, str | None]:
    """(heading, text) the report holds at ``pointer``: a section's title and text, or a plain string."""
    parts = pointer.strip("/").split("/")
    if parts and parts[0] == "sections" and len(parts) >= 2:
        section = value_at(report, f"/sections/{parts[1]}")
        if isinstance(section, dict):
            title = section.get("title") if isinstance(section.get("title"), str) else None
            text = section.get("text") if isinstance(section.get("text"), str) else None
            return title, text
        return None, None
    value = value_at(report, pointer)
    return None, value if isinstance(value, str) else None


def quoted(message: str) -> list[str]:
    """The words a message quotes (“…”, 「…」), longest first."""
    return sorted({m.strip() for m in _QUOTED.findall(message) if m.strip()}, key=len, reverse=True)


def narrative(report: dict, pointer: str, quotes: list[str]) -> dict[str, Any] | None:
    """The sentence at ``pointer`` holding one of ``quotes`` (marked), else the section heading."""
    heading, text = _text_at(report, pointer)
    for quote in quotes:
        if heading and quote in heading:
            at = heading.index(quote)
            return excerpt(heading, [(at, at + len(quote))])
        if text and quote in text:
            at = text.index(quote)
            left, right = _sentence(text, at, at + len(quote))
            return excerpt(text[left:right].strip(), [(at - left, at - left + len(quote))])
    if heading:
        return excerpt(heading, [])
    return None


