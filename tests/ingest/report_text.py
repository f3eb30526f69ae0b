"""Write a structured report (Contract 1) as the documents agencies publish: Markdown and HTML.

Tests build their input files from these in ``tmp_path`` and then assert that
reading the file gives back every section and every table cell.  Tables print
the national labels (:mod:`lint.vocab.tables`); a ``None`` cell prints blank.
"""

from __future__ import annotations

import html
from typing import Any, Callable

from lint.vocab import sections as S
from lint.vocab.tables import APPEAL_COLUMNS, APPEAL_GROUPS, APPLICANT_COLUMNS, applications_rows, proactive_blocks


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _at(node: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def table_rows(report: dict, key: str) -> list[list[str]]:
    """The printed grid of 表二/三/四 of ``report`` (header rows first)."""
    tables = report.get("tables") or {}
    fmt = report.get("format", "2021")
    if key == "applications":
        note = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"
        rows = [[note, note, *APPLICANT_COLUMNS]]
        for row in applications_rows(fmt):
            values = _at(tables.get("applications"), row.path) or [0] * 7
            if row.path[0] != "results":
                rows.append([row.label, row.label, *map(_cell, values)])
            elif row.parent and row.parent != "三、本年度办理结果":
                rows.append([row.parent, row.label, *map(_cell, values)])  # the category repeated, as a
            else:                                                          # merged cell expands
                rows.append(["三、本年度办理结果", row.label, *map(_cell, values)])
        return rows
    if key == "appeals":
        header = [f"{group}{column}" for _, group, _ in APPEAL_GROUPS for column in APPEAL_COLUMNS]
        values = [_cell(v) for name, _, _ in APPEAL_GROUPS
                  for v in (_at(tables.get("appeals"), (name,)) or [0] * 5)]
        return [header, values]
    rows = []
    for block in proactive_blocks(fmt):
        rows.append([block.caption])
        rows.append(["信息内容", *(label for _, label in block.columns)])
        for row_key, label in block.rows:
            node = _at(tables.get("proactive"), (row_key,)) or {}
            rows.append([label, *(_cell(node.get(col, 0)) for col, _ in block.columns)])
    return rows


_TABLE_OF = {"proactive": "proactive", "applications": "applications", "appeals": "appeals"}


def _walk(report: dict, heading: Callable[[str], str], paragraph: Callable[[str], str],
          table: Callable[[list[list[str]]], str], *, title: Callable[[str], str] | None = None,
          head: list[str] = ()) -> str:
    out = list(head)
    if report.get("title"):
        out.append((title or heading)(report["title"]))
    if report.get("intro"):
        out.append(paragraph(report["intro"]))
    for key in S.SECTION_KEYS:
        section = (report.get("sections") or {}).get(key)
        if not section:
            continue
        out.append(heading(section.get("title") or S.TITLES[key]))
        for part in (section.get("text") or "").split("\n"):
            if part.strip():
                out.append(paragraph(part))
        if key in _TABLE_OF and key in (report.get("tables") or {}):
            out.append(table(table_rows(report, key)))
    return "\n\n".join(out) + "\n"


def to_markdown(report: dict, *, head: list[str] = ()) -> str:
    def table(rows: list[list[str]]) -> str:
        width = max(len(r) for r in rows)
        lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows]
        lines.insert(1, "|" + "---|" * width)
        return "\n".join(lines)

    return _walk(report, lambda t: f"## {t}", lambda p: p, table, title=lambda t: f"# {t}", head=list(head))


def to_html(report: dict, *, head: list[str] = ()) -> str:
    def table(rows: list[list[str]]) -> str:
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
        return f"<table border='1'>{body}</table>"

    body = _walk(report, lambda t: f"<p><strong>{html.escape(t)}</strong></p>", lambda p: f"<p>{html.escape(p)}</p>",
                 table, title=lambda t: f"<h1>{html.escape(t)}</h1>", head=list(head))
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>年报</title></head><body>{body}</body></html>"


def to_text(report: dict, *, head: list[str] = ()) -> str:
    """Plain text as Word saves it: a table cell per tab-indented line, a blank line between rows."""
    def table(rows: list[list[str]]) -> str:
        return "\n\n".join("\n".join("\t" + cell for cell in row) for row in rows)

    return _walk(report, lambda t: t, lambda p: p, table, head=list(head))
