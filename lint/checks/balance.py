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
from lint.checks.identities import (MIN_CONFIDENCE, Identity, all_identities, breaks, confidences, describe_cell,
                                    least_certain, recovered_cells)

KINDS = ("column", "results_total", "row_total", "appeals_total")


def _describe(terms) -> str:
    return " + ".join(f"「{t.label}」{t.value}" for t in terms)


def _problem(identity: Identity, recovered: set[str] | frozenset[str] = frozenset()) -> Problem:
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


CONFIDENCE = {"type": "number", "minimum": 0, "maximum": 1, "default": MIN_CONFIDENCE,
              "description": "cells read by OCR less surely than this are doubtful"}


@kind("balance", params={"identity": {"enum": list(KINDS)}, "min_confidence": CONFIDENCE}, required=("identity",))
def balance(ctx: Context, params: dict) -> Iterator[Problem]:
    """B301–B304: the identity named by ``params['identity']`` holds wherever it can be evaluated.

    In a table read by OCR a break that a doubtful reading can explain is B305's;
    the rest are the document's, and say which of their cells were read least surely.
    """
    kind = params["identity"]
    threshold = params.get("min_confidence", MIN_CONFIDENCE)
    recovered = recovered_cells(ctx)
    for identity in all_identities(ctx):
        if identity.kind != kind or identity.unevaluable():
            continue
        left, right = identity.sides()
        if left == right:
            continue
        if not confidences(ctx):
            yield _problem(identity, recovered)
            continue
        if id(identity) in breaks(ctx, threshold).reading:
            continue
        problem = _problem(identity)
        least = least_certain(ctx, identity)
        if least:  # cells read by OCR: say it is no misreading, naming the least sure of them
            problem.variant = "ocr"
            problem.args.update(least=_cells_text(ctx, least, "zh"), least_en=_cells_text(ctx, least, "en"))
            problem.evidence["ocr_least_certain"] = dict(least)
        yield problem


def _cells_text(ctx: Context, cells: list[tuple[str, float]], lang: str) -> str:
    parts = []
    for pointer, confidence in cells:
        _table, row, col = describe_cell(ctx, pointer)
        parts.append(f"“{row}”行“{col}”列 {confidence:.2f}" if lang == "zh"
                     else f"row “{row}”, column “{col}” {confidence:.2f}")
    return ("；" if lang == "zh" else "; ").join(parts)


@kind("ocr_doubt", params={"min_confidence": CONFIDENCE})
def ocr_doubt(ctx: Context, params: dict) -> Iterator[Problem]:
    """B305: in a table read by OCR, breaks of B301–B304 that a doubtful reading can explain: a person should look.

    One finding per doubtful cell that alone explains every break it is in (with
    the value that would make them hold), and one per other break that has a
    doubtful cell among its terms.
    """
    threshold = params.get("min_confidence", MIN_CONFIDENCE)
    if not confidences(ctx):
        return
    found = breaks(ctx, threshold)
    crops = ctx.report.get("ocr_crops") if isinstance(ctx.report.get("ocr_crops"), dict) else {}
    for suspect in found.suspects:
        table, row, col = describe_cell(ctx, suspect.pointer)
        names = [_identity_name(i) for i in suspect.identities]
        evidence = {"read": suspect.value, "confidence": suspect.confidence, "balancing_value": suspect.balancing,
                    "broken": names}
        if isinstance(crops.get(suspect.pointer), str):
            evidence["crop"] = crops[suspect.pointer]
        yield Problem(suspect.pointer, {
            "table": table, "row": row, "col": col, "value": suspect.value, "confidence": f"{suspect.confidence:.2f}",
            "balancing": suspect.balancing, "count": len(suspect.identities), "checks": "；".join(names),
            "checks_en": "; ".join(_identity_name(i, "en") for i in suspect.identities),
        }, evidence=evidence, cells=(suspect.pointer,), table=table, row=row, col=col, origin="reading")
    for identity in found.unexplained:
        left, right = identity.sides()
        least = least_certain(ctx, identity)
        evidence = {"left_sum": left, "right_sum": right, "difference": left - right,
                    "ocr_least_certain": dict(least)}
        crop = next((crops[p] for p, _ in least if isinstance(crops.get(p), str)), None)
        if crop:
            evidence["crop"] = crop
        yield Problem(identity.pointer, {
            "table": identity.table, "check": _identity_name(identity), "check_en": _identity_name(identity, "en"),
            "left": left, "right": right, "delta": abs(left - right),
            "least": _cells_text(ctx, least, "zh"), "least_en": _cells_text(ctx, least, "en"),
        }, variant="unexplained", evidence=evidence, cells=identity.cells, table=identity.table, row=identity.row,
            col=identity.col, origin="reading")


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
