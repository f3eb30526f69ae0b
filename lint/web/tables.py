"""表二, 表三 and 表四 as the Report holds them, each faulty cell marked and its findings beside its row.

Cells are shown as read: a blank stays blank (hatched), "/" or text as printed,
and a row the reader did not find says so.  A finding points at a cell by its
JSON pointer (``/tables/applications/results/total/6``); a finding about a
whole row marks the row's label; one about the whole table stands above it.
"""

from __future__ import annotations

from html import escape
from typing import Any, Iterable

from lint.model import Finding, Severity
from lint.vocab import tables as T

_ROWS_CLASS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


def severity_class(finding: Finding) -> str:
    return "reading" if finding.origin == "reading" else _ROWS_CLASS[finding.severity]


def _pointers(finding: Finding) -> Iterable[str]:
    yield finding.location.pointer
    for consequence in finding.consequences:
        yield consequence.location.pointer


class _Marks:
    """Findings by the pointer they are about (consequences under their own cells too)."""

    def __init__(self, findings: list[Finding], numbers: dict[int, tuple[str, int]]) -> None:
        self.by_pointer: dict[str, list[Finding]] = {}
        self.numbers = numbers  # id(finding) → (its anchor on the page, its number in the list)
        for finding in findings:
            for pointer in _pointers(finding):
                if pointer:
                    self.by_pointer.setdefault(pointer, []).append(finding)

    def link(self, finding: Finding, text: str | None = None) -> str:
        anchor, number = self.numbers.get(id(finding), ("", 0))
        return f'<a href="#{anchor}" class="code">{escape(text or finding.code)}</a>' if anchor else \
            f'<span class="code">{escape(text or finding.code)}</span>'

    def at(self, pointer: str) -> list[Finding]:
        return self.by_pointer.get(pointer, [])

    def under(self, prefix: str) -> list[Finding]:
        out: list[Finding] = []
        for pointer, found in self.by_pointer.items():
            if pointer == prefix or pointer.startswith(prefix + "/"):
                out.extend(f for f in found if f not in out)
        return out


def _worst(found: list[Finding]) -> str:
    worst = max(found, key=lambda f: (f.origin != "reading", f.severity))
    return severity_class(worst)


def _cell(value: Any, pointer: str, marks: _Marks, lang: str) -> str:
    found = marks.at(pointer)
    classes = ["num"]
    if value is None:
        classes.append("blank")
        shown = ""
    else:
        shown = escape(str(value))
    title = ""
    if found:
        classes += ["bad", _worst(found)]
        title = f' title="{escape(" / ".join(f.code + " " + f.message for f in found))}"'
        refs = [marks.link(f, str(marks.numbers[id(f)][1])) for f in found if id(f) in marks.numbers]
        shown += f"<sup>{', '.join(refs)}</sup>" if refs else ""
    blank = ' aria-label="空白"' if value is None and lang == "zh" else (' aria-label="blank"' if value is None else "")
    return f'<td class="{" ".join(classes)}" data-pointer="{escape(pointer)}"{title}{blank}>{shown}</td>'


def _why(found: list[Finding], marks: _Marks) -> str:
    if not found:
        return '<td class="why"></td>'
    items = "".join(f"<p>{marks.link(f)} {escape(f.message)}</p>" for f in found)
    return f'<td class="why">{items}</td>'


def _label(report: dict, pointer: str, label: str, found: list[Finding]) -> str:
    bad = " bad" if found else ""
    return f'<th class="row{bad}" scope="row">{escape(T.printed_label(report, pointer, label))}</th>'


def _node(table: Any, path: tuple[str, ...]) -> Any:
    node = table
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _table_notes(key: str, marks: _Marks) -> str:
    found = marks.at(f"/tables/{key}")
    if not found:
        return ""
    return "".join(f'<p class="more">{marks.link(f)} {escape(f.message)}</p>' for f in found)


def _why_label(lang: str) -> str:
    return "问题" if lang == "zh" else "Findings"


def _unread(lang: str, width: int) -> str:
    text = "（未读到此行）" if lang == "zh" else "(row not read)"
    return f'<td class="unread" colspan="{width}">{text}</td>'


def applications(report: dict, marks: _Marks, lang: str) -> str:
    table = report["tables"]["applications"]
    fmt = report.get("format") if report.get("format") in ("2019", "2021") else "2021"
    head = "".join(f'<th class="num">{escape(c)}</th>' for c in T.APPLICANT_COLUMNS)
    rows = []
    for row in T.applications_rows(fmt):
        pointer = "/tables/applications" + row.pointer_suffix
        label = row.label if not row.parent or row.parent == "三、本年度办理结果" else f"{row.parent} {row.label}"
        rows.append(_row(report, pointer, label, _node(table, row.path), len(T.APPLICANT_COLUMNS), marks, lang))
    return _grid("applications", head, rows, marks, lang)


def _row(report: dict, pointer: str, label: str, values: Any, width: int, marks: _Marks, lang: str) -> str:
    """One row of 表三 or 表四 as read: its label, ``width`` cells (or "not read"), and why it is marked."""
    found = marks.under(pointer)
    if isinstance(values, list):
        cells = "".join(_cell(values[i] if i < len(values) else None, f"{pointer}/{i}", marks, lang)
                        for i in range(width))
    else:
        cells = _unread(lang, width)
    return f"<tr>{_label(report, pointer, label, found)}{cells}{_why(found, marks)}</tr>"


def appeals(report: dict, marks: _Marks, lang: str) -> str:
    table = report["tables"]["appeals"]
    head = "".join(f'<th class="num">{escape(c)}</th>' for c in T.APPEAL_COLUMNS)
    rows = []
    for key, zh, en in T.APPEAL_GROUPS:
        pointer = f"/tables/appeals/{key}"
        values = table.get(key) if isinstance(table, dict) else None
        rows.append(_row(report, pointer, zh, values, len(T.APPEAL_COLUMNS), marks, lang))
    return _grid("appeals", head, rows, marks, lang)


def proactive(report: dict, marks: _Marks, lang: str) -> str:
    table = report["tables"]["proactive"]
    fmt = report.get("format") if report.get("format") in ("2019", "2021") else "2021"
    blocks = T.proactive_blocks(fmt)
    width = max(len(b.columns) for b in blocks)
    rows = []
    for block in blocks:
        heads = "".join(f'<th class="num">{escape(label)}</th>' for _, label in block.columns)
        pad = f'<th colspan="{width - len(block.columns)}"></th>' if width > len(block.columns) else ""
        rows.append(f'<tr><th scope="col">{escape(block.caption)}</th>{heads}{pad}<th>{_why_label(lang)}</th></tr>')
        for key, label in block.rows:
            pointer = f"/tables/proactive/{key}"
            values = table.get(key) if isinstance(table, dict) else None
            found = marks.under(pointer)
            if isinstance(values, dict):
                cells = "".join(_cell(values.get(col), f"{pointer}/{col}", marks, lang) for col, _ in block.columns)
                cells += f'<td colspan="{width - len(block.columns)}"></td>' if width > len(block.columns) else ""
            else:
                cells = _unread(lang, width)
            rows.append(f"<tr>{_label(report, pointer, label, found)}{cells}{_why(found, marks)}</tr>")
    return _grid("proactive", "", rows, marks, lang)


def _grid(key: str, head: str, rows: list[str], marks: _Marks, lang: str) -> str:
    name = T.TABLE_NAMES[key] if lang == "zh" else f"{T.TABLE_NAMES_EN[key]} ({T.TABLE_NAMES[key]})"
    header = f"<thead><tr><th></th>{head}<th>{_why_label(lang)}</th></tr></thead>" if head else ""
    return (f'<h3>{escape(name)}</h3>{_table_notes(key, marks)}<div class="wrap"><table class="grid" '
            f'data-table="{key}">{header}<tbody>{"".join(rows)}</tbody></table></div>')


def render(report: dict | None, findings: list[Finding], numbers: dict[int, tuple[str, int]], lang: str) -> str:
    """The three tables of ``report`` that were read, or a line saying which were not."""
    if not isinstance(report, dict) or not isinstance(report.get("tables"), dict):
        return ""
    marks = _Marks(findings, numbers)
    out = []
    for key, draw in (("proactive", proactive), ("applications", applications), ("appeals", appeals)):
        if report["tables"].get(key) is None:
            name = T.TABLE_NAMES[key] if lang == "zh" else T.TABLE_NAMES_EN[key]
            out.append(f'<h3>{escape(name)}</h3><p class="more">'
                       + ("报告中没有读到这张表。" if lang == "zh" else "This table was not read from the report.")
                       + _table_notes(key, marks) + "</p>")
            continue
        out.append(draw(report, marks, lang))
    return "".join(out)
