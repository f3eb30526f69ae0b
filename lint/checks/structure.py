"""Required sections and tables (S1xx).

The six sections of 条例 Art. 50 / 国办公开办函〔2021〕30号 must each be there, and
so must 表二, 表三 and 表四.  A table that is absent is reported as missing, never
read as all zeros; a table the importer could not read says why.

Each rule's passing and failing example lives in its pack (``examples:``); ``xxgk-lint explain``
shows them and a test runs them.
"""

from __future__ import annotations

from typing import Iterator

from lint.vocab import sections as S
from lint.vocab import tables as L
from lint.checks.base import Context, Problem
from lint.checks.registry import SECTION, TABLE, kind

SECTION_NUMBERS = S.NUMBERS


def unreadable(ctx: Context) -> dict[str, str]:
    """Pointer -> what the reader saw of a table, row or section it could not read or find."""
    value = ctx.report.get("unreadable")
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(value, dict) else {}


def unfound(ctx: Context, key: str) -> bool:
    """True when section ``key`` is absent but the reader saw a sign of it (S109's finding)."""
    return ctx.section(key) is None and f"/sections/{key}" in unreadable(ctx)


_REPORTS = {"enum": ["missing", "unread"], "default": "missing"}


@kind("required_sections", params={"sections": {"type": "array", "items": SECTION}, "report": _REPORTS})
def required_sections(ctx: Context, params: dict) -> Iterator[Problem]:
    """S101 (``missing``): a required section the document shows no sign of.
    S109 (``unread``): a section not found although the reader saw a sign of it."""
    seen = unreadable(ctx)
    wanted = params.get("report", "missing")
    for key in params.get("sections", L.SECTION_KEYS):
        if ctx.section(key) is not None:
            continue
        pointer = "/sections/" + key
        args = {"number": SECTION_NUMBERS[key], "number_en": L.SECTION_KEYS.index(key) + 1,
                "title": L.SECTION_TITLES[key], "title_en": L.SECTION_TITLES_EN[key]}
        if pointer in seen:
            if wanted == "unread":
                yield Problem(pointer, {**args, "seen": seen[pointer]}, evidence={"seen": seen[pointer]},
                              origin="reading")
        elif wanted == "missing":
            yield Problem(pointer, args)


@kind("required_tables", params={"tables": {"type": "array", "items": TABLE}, "report": _REPORTS})
def required_tables(ctx: Context, params: dict) -> Iterator[Problem]:
    """S102 (``missing``): 表二/三/四 absent with no sign of them.
    S110 (``unread``): a table the reader saw a sign of (or part of) but could not read."""
    seen = unreadable(ctx)
    wanted = params.get("report", "missing")
    for key in params.get("tables", L.TABLE_KEYS):
        pointer = "/tables/" + key
        args = {"table": L.TABLE_NAMES[key], "table_en": L.TABLE_NAMES_EN[key],
                "section": L.SECTION_TITLES[key]}
        if pointer in seen:
            if wanted == "unread":
                yield Problem(pointer, {**args, "reason": seen[pointer]}, evidence={"seen": seen[pointer]},
                              table=L.TABLE_NAMES[key], origin="reading")
        elif ctx.table(key) is None and wanted == "missing":
            yield Problem(pointer, args, table=L.TABLE_NAMES[key])


@kind("extra_sections")
def extra_sections(ctx: Context, params: dict) -> Iterator[Problem]:
    """S108: numbered top-level parts that are none of the six (a self-made scheme, or padding)."""
    extra = ctx.report.get("extra_sections")
    if not isinstance(extra, list) or not extra:
        return
    titles = [e.get("title", "") for e in extra if isinstance(e, dict) and e.get("title")]
    if titles:
        yield Problem("/sections", {"count": len(titles), "titles": "、".join(f"“{t}”" for t in titles[:6])},
                      evidence={"extra_sections": titles})


@kind("extra_rows")
def extra_rows(ctx: Context, params: dict) -> Iterator[Problem]:
    """M610: table rows that are not in the national template (subtotals, self-made rows)."""
    rows = ctx.report.get("extra_rows")
    if not isinstance(rows, list):
        return
    by_table: dict[str, list[str]] = {}
    for row in rows:
        if isinstance(row, dict) and row.get("label"):
            by_table.setdefault(str(row.get("table", "")), []).append(str(row["label"]))
    for table, labels in by_table.items():
        key = next((k for k, name in L.TABLE_NAMES.items() if name == table or k == table), None)
        yield Problem(f"/tables/{key}" if key else "/tables", {
            "table": L.TABLE_NAMES.get(key, table) if key else table, "count": len(labels),
            "rows": "、".join(f"“{label}”" for label in labels[:6])}, evidence={"rows": labels})
