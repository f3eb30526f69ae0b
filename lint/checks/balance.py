"""Arithmetic balance of 表三 and 表四 (B3xx).

One rule per identity (see identities.py).  An identity with a blank, "/" or
text cell is not evaluated here — blank is never 0; ``balance_unevaluable``
says which identities could not be checked.

Each rule's passing and failing example lives in its pack (``examples:``); ``xxgk-lint explain``
shows them and a test runs them.
"""

from __future__ import annotations

from typing import Iterator

from lint.checks.base import Context, Problem
from lint.checks.registry import kind
from lint.checks.identities import Identity, all_identities, recovered_cells

KINDS = ("column", "results_total", "row_total", "appeals_total")


def _describe(terms) -> str:
    return " + ".join(f"「{t.label}」{t.value}" for t in terms)


def _problem(identity: Identity, recovered: set[str]) -> Problem:
    left, right = identity.sides()
    args = {
        "table": identity.table,
        "row": identity.row or "",
        "col": identity.col or "",
        "left": left,
        "right": right,
        "delta": abs(left - right),
        "left_terms": _describe(identity.left),
        "right_terms": _describe(identity.right) if len(identity.right) <= 4 else f"{len(identity.right)} 项之和",
    }
    evidence = {
        "left": {t.pointer: t.value for t in identity.left},
        "right": {t.pointer: t.value for t in identity.right},
        "left_sum": left, "right_sum": right, "difference": left - right,
    }
    split = [cell for cell in identity.cells if cell in recovered]
    if split:
        # the importer split these cells out of digits that ran together: say the finding rests on that
        evidence["recovered"] = split
        args["recovered"] = len(split)
    return Problem(identity.pointer, args, variant="recovered" if split else None, evidence=evidence,
                   cells=identity.cells, table=identity.table, row=identity.row, col=identity.col)


@kind("balance", params={"identity": {"enum": list(KINDS)}}, required=("identity",))
def balance(ctx: Context, params: dict) -> Iterator[Problem]:
    """B301–B304: the identity named by ``params['identity']`` holds wherever it can be evaluated."""
    kind = params["identity"]
    recovered = recovered_cells(ctx)
    for identity in all_identities(ctx):
        if identity.kind != kind or identity.unevaluable():
            continue
        left, right = identity.sides()
        if left != right:
            yield _problem(identity, recovered)


def _identity_name(identity: Identity, lang: str = "zh") -> str:
    if identity.kind == "column":
        return (f"「{identity.col}」列 一 + 二 = （七）总计 + 四" if lang == "zh"
                else f"column 「{identity.col}」: I + II = (7) total + IV")
    if identity.kind == "results_total":
        return (f"「{identity.col}」列（七）总计 = 各项办理结果之和" if lang == "zh"
                else f"column 「{identity.col}」: (7) total = sum of outcomes")
    return f"“{identity.row}”的总计" if lang == "zh" else f"the total of “{identity.row}”"


def unevaluable_args(table: str, identities: list[dict]) -> dict:
    """The B309 message fields for some of a table's unevaluable identities (``evidence.identities``).

    The engine calls it again with a subset when it files identities under the finding
    that names their blank cells (the root cause)."""
    cells = sorted({c for i in identities for c in i["cells"]})
    return {"table": table, "count": len(identities), "cells": len(cells),
            "examples": "；".join(i["name"] for i in identities[:3]),
            "examples_en": "; ".join(i["name_en"] for i in identities[:3])}


@kind("balance_unevaluable")
def balance_unevaluable(ctx: Context, params: dict) -> Iterator[Problem]:
    """B309: per table, the identities that blank/"/"/text cells keep from being checked."""
    by_table: dict[str, list[dict]] = {}
    for identity in all_identities(ctx):
        missing = identity.unevaluable()
        if missing:
            by_table.setdefault(identity.table, []).append({
                "name": _identity_name(identity), "name_en": _identity_name(identity, "en"),
                "cells": sorted({t.pointer for t in missing})})
    for table, entries in by_table.items():
        pointer = "/tables/applications" if table == "表三" else "/tables/appeals"
        cells = sorted({c for entry in entries for c in entry["cells"]})
        yield Problem(pointer, unevaluable_args(table, entries),
                      evidence={"unevaluable_cells": cells, "identities": entries}, table=table)
