"""Completeness and values of the cells of 表二, 表三 and 表四 (T2xx).

Every cell of the national tables must be present and hold a non-negative
whole number (表二's fee amount in 万元 may be a fraction).  Blank, "/", text,
negative and decimal cells are each reported for what they are, one finding
per row listing the columns concerned.

Each rule's passing and failing example lives in its pack (``examples:``); ``xxgk-lint explain``
shows them and a test runs them.
"""

from __future__ import annotations

from typing import Any, Iterator

from lint.vocab import tables as L
from lint.checks.base import MISSING, Context, Problem, classify, numeric
from lint.checks.identities import MIN_CONFIDENCE, confidences
from lint.checks.registry import kind


def _table_rows(ctx: Context) -> list[tuple[str, str, str, list[str], Any, set[int], set[int]]]:
    """(table name, row pointer, row label, column labels, row value, decimal columns, signed columns)."""
    return ctx.memo("table_rows", lambda: list(_each_table_row(ctx)))


def _each_table_row(ctx: Context) -> Iterator[tuple[str, str, str, list[str], Any, set[int], set[int]]]:
    if ctx.table("proactive") is not None:
        for block in L.proactive_blocks(ctx.format):
            for row_key, row_label in block.rows:
                pointer = f"/tables/proactive/{row_key}"
                cols = [ctx.label(f"{pointer}/{ck}", cl) for ck, cl in block.columns]
                value = ctx.get(pointer)
                decimal = {i for i, (ck, _) in enumerate(block.columns) if (row_key, ck) in L.PROACTIVE_DECIMAL}
                signed = {i for i, (ck, _) in enumerate(block.columns) if ck in L.PROACTIVE_SIGNED}
                if isinstance(value, dict):
                    value = [value.get(ck, MISSING) for ck, _ in block.columns]
                yield "表二", pointer, ctx.label(pointer, row_label), cols, value, decimal, signed
    if ctx.table("applications") is not None:
        cols = [ctx.column_label(i) for i in range(7)]
        for pointer, row in ctx.applications_rows():
            yield "表三", pointer, ctx.row_label(pointer, row), cols, ctx.get(pointer), set(), set()
    if ctx.table("appeals") is not None:
        cols = list(L.APPEAL_COLUMNS)
        for key, label, _en in L.APPEAL_GROUPS:
            pointer = f"/tables/appeals/{key}"
            yield "表四", pointer, ctx.label(pointer, label), cols, ctx.get(pointer), set(), set()


def _row_classes(ctx: Context) -> list[list[str | None] | None]:
    """What each cell of each row of :func:`_table_rows` holds (``classify``; None for a missing cell, None for
    a row that is no list): worked out once per report for the five cell-value rules."""
    def work() -> list[list[str | None] | None]:
        out: list[list[str | None] | None] = []
        for _table, _pointer, _label, cols, value, decimal, signed in _table_rows(ctx):
            out.append([None if cell is MISSING else classify(cell, allow_decimal=i in decimal, allow_sign=i in signed)
                        for i, cell in enumerate(value[: len(cols)])] if isinstance(value, list) else None)
        return out
    return ctx.memo("cell_classes", work)


def _cell_pointer(row_pointer: str, table: str, index: int, ctx: Context) -> str:
    if table == "表二":
        for block in L.proactive_blocks(ctx.format):
            for row_key, _ in block.rows:
                if row_pointer.endswith("/" + row_key):
                    return f"{row_pointer}/{block.columns[index][0]}"
    return f"{row_pointer}/{index}"


@kind("table_shape")
def table_shape(ctx: Context, params: dict) -> Iterator[Problem]:
    """T201: every row and every cell of the national tables is present; no extra cells."""
    unreadable = _unreadable(ctx)
    for table, pointer, row_label, cols, value, _dec, _sig in _table_rows(ctx):
        base = {"table": table, "row": row_label}
        if pointer in unreadable:
            continue  # printed, but not readable for sure: T209's finding, not a missing row
        if value is MISSING or value is None:
            yield Problem(pointer, base, variant="row_missing", table=table, row=row_label)
            continue
        if not isinstance(value, list):
            continue  # a wrong type is a schema finding
        missing = [i for i, v in enumerate(value[: len(cols)]) if v is MISSING]
        missing += list(range(len(value), len(cols)))
        if missing:
            yield Problem(pointer, {**base, "cols": "、".join(f"「{cols[i]}」" for i in missing),
                                    "count": len(missing)},
                          variant="cells_missing", evidence={"missing_columns": [cols[i] for i in missing]},
                          table=table, row=row_label)
        if len(value) > len(cols):
            yield Problem(f"{pointer}/{len(cols)}", {**base, "count": len(value) - len(cols), "expected": len(cols)},
                          variant="extra_cells", table=table, row=row_label)


def _unreadable(ctx: Context) -> dict[str, str]:
    value = ctx.report.get("unreadable")
    return {k: v for k, v in value.items() if isinstance(v, str)} if isinstance(value, dict) else {}


@kind("unreadable_rows")
def unreadable_rows(ctx: Context, params: dict) -> Iterator[Problem]:
    """T209: table rows that are printed but could not be read for sure (the rest of the table was)."""
    unreadable = _unreadable(ctx)
    for table, pointer, row_label, cols, _value, _dec, _sig in _table_rows(ctx):
        if pointer in unreadable:
            yield Problem(pointer, {"table": table, "row": row_label, "reason": unreadable[pointer]},
                          evidence={"reason": unreadable[pointer]}, table=table, row=row_label, origin="reading")
            continue
        for index, col in enumerate(cols):  # one cell the reader could not read, in a row it could
            cell = _cell_pointer(pointer, table, index, ctx)
            if cell in unreadable:
                yield Problem(cell, {"table": table, "row": row_label, "col": col, "reason": unreadable[cell]},
                              variant="cell", evidence={"reason": unreadable[cell]}, table=table, row=row_label,
                              col=col, origin="reading")


@kind("recovered_cells")
def recovered_cells(ctx: Context, params: dict) -> Iterator[Problem]:
    """T210: cells read from digits that ran together, and the row totals that reading assumed."""
    recovered = ctx.report.get("recovered")
    if not isinstance(recovered, list):
        return
    assumed = ctx.report.get("assumed_totals")
    assumed = [p for p in assumed if isinstance(p, str)] if isinstance(assumed, list) else []
    for key, name in L.TABLE_NAMES.items():
        prefix = f"/tables/{key}/"
        cells = [p for p in recovered if isinstance(p, str) and p.startswith(prefix)]
        if not cells:
            continue
        rows = [p for p in assumed if p.startswith(prefix)]
        labels = [_row_label(ctx, p) for p in rows]
        yield Problem(f"/tables/{key}", {
            "table": name, "count": len(cells), "assumed": len(rows),
            "rows": "、".join(f"“{label}”" for label in labels[:6]) or "无"},
            variant="assumed" if rows else None, evidence={"recovered": cells, "assumed_totals": rows},
            table=name, origin="reading")


def _row_label(ctx: Context, pointer: str) -> str:
    for _table, row_pointer, row_label, *_rest in _table_rows(ctx):
        if row_pointer == pointer:
            return row_label
    return pointer.rsplit("/", 1)[-1]


@kind("cell_values", params={
    "value_class": {"enum": ["blank", "na", "text", "negative", "decimal"]},
    "tables": {"type": "array", "items": {"enum": ["表二", "表三", "表四"]}, "default": ["表二", "表三", "表四"]},
    "min_confidence": {"type": "number", "minimum": 0, "maximum": 1, "default": MIN_CONFIDENCE,
                       "description": "cells read by OCR less surely than this are reading doubts"}},
    required=("value_class",))
def cell_values(ctx: Context, params: dict) -> Iterator[Problem]:
    """T202–T206: cells holding ``params['value_class']`` (blank, na, text, negative, decimal).

    In a table read by OCR, such a cell read with low confidence is a reading
    doubt (variant ``ocr``): a speck read as "/" or a digit the recogniser missed.
    """
    wanted = params["value_class"]
    only_tables = set(params.get("tables", ["表二", "表三", "表四"]))
    conf = confidences(ctx)
    threshold = params.get("min_confidence", MIN_CONFIDENCE)
    unreadable = _unreadable(ctx)
    for (table, pointer, row_label, cols, value, _dec, _sig), classes in zip(_table_rows(ctx), _row_classes(ctx)):
        if table not in only_tables or classes is None:
            continue
        # a cell that could not be read is T209's reading finding, not the agency's
        hits = [i for i, found in enumerate(classes)
                if found == wanted and _cell_pointer(pointer, table, i, ctx) not in unreadable]
        if not hits:
            continue
        doubts = [i for i in hits if conf.get(_cell_pointer(pointer, table, i, ctx), 1.0) < threshold]
        sure = [i for i in hits if i not in doubts]
        for group, origin in ((sure, None), (doubts, "reading")):
            if group:
                yield _cells_problem(ctx, table, pointer, row_label, cols, value, group, origin)


def _cells_problem(ctx: Context, table: str, pointer: str, row_label: str, cols: list[str], value: list,
                   hits: list[int], origin: str | None) -> Problem:
    first = _cell_pointer(pointer, table, hits[0], ctx)
    target = first if len(hits) == 1 else pointer
    cells = tuple(_cell_pointer(pointer, table, i, ctx) for i in hits)
    args = {"table": table, "row": row_label, "count": len(hits), "cols": "、".join(f"「{cols[i]}」" for i in hits),
            "values": "、".join(repr(value[i]) if not isinstance(value[i], str) else f"“{value[i]}”" for i in hits)}
    evidence: dict[str, Any] = {"columns": [cols[i] for i in hits], "values": [value[i] for i in hits]}
    if origin == "reading":
        conf = confidences(ctx)
        args["values"] = "、".join("空白" if value[i] is None else f"“{value[i]}”" for i in hits)
        args["values_en"] = ", ".join("blank" if value[i] is None else f"“{value[i]}”" for i in hits)
        evidence["ocr_confidence"] = {c: conf[c] for c in cells if c in conf}
        crops = ctx.report.get("ocr_crops")
        crop = next((crops[c] for c in cells if isinstance(crops, dict) and isinstance(crops.get(c), str)), None)
        if crop:
            evidence["crop"] = crop
    return Problem(target, args, variant="ocr" if origin else None, evidence=evidence, cells=cells, table=table,
                   row=row_label, col=cols[hits[0]] if len(hits) == 1 else None, origin=origin)


@kind("blank_total")
def blank_total(ctx: Context, params: dict) -> Iterator[Problem]:
    """T207: a 表三 总计 cell left blank while the row's other cells are not all zero."""
    for table, pointer, row_label, cols, value, _dec, _sig in _table_rows(ctx):
        if table != "表三" or not isinstance(value, list) or len(value) < 7:
            continue
        if classify(value[6]) not in ("blank", "na"):
            continue
        if confidences(ctx).get(f"{pointer}/6", 1.0) < MIN_CONFIDENCE:
            continue  # a total OCR could not read for sure is T202's reading doubt, not a blank total
        parts = [n for n in (numeric(v) for v in value[:6]) if n]
        if parts:
            yield Problem(f"{pointer}/6", {"table": table, "row": row_label, "col": cols[6], "sum": sum(parts)},
                          table=table, row=row_label, col=cols[6])


@kind("fee_unit")
def fee_unit(ctx: Context, params: dict) -> Iterator[Problem]:
    """T208: 表二's 本年收费金额 is in 万元; a cell or column label in 元 is a unit slip."""
    cell = ctx.get("/tables/proactive/fees/amount")
    printed = ctx.label("/tables/proactive/fees/amount", "")
    if isinstance(cell, str) and "元" in cell and "万元" not in cell:
        yield Problem("/tables/proactive/fees/amount", {"value": cell, "what": f"单元格填写为“{cell}”"},
                      table="表二", row="行政事业性收费")
    elif printed and "元" in printed and "万元" not in printed:
        yield Problem("/tables/proactive/fees/amount", {"value": printed, "what": f"栏目名称为“{printed}”"},
                      table="表二", row="行政事业性收费")
