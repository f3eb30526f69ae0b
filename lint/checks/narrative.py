"""Statements section 六 must make, matched by topic rather than by item number (F4xx, P5xx).

``section_mentions`` passes when the section (or, with ``anywhere``, any part of
the report) contains one of the ``any`` phrases.  It serves the fee statement
(信息处理费) and the proposal-handling statement (人大代表建议、政协提案), and
any topic an auditor's pack adds.

PASS::

    other: {text: "本机关2024年度未收取信息处理费。人大代表建议和政协提案办理结果已公开。"}

FAIL::

    other: {text: "无。"}
"""

from __future__ import annotations

import re
from typing import Iterator

from .. import labels as L
from .base import Context, Problem, numeric


def _compact(text: str) -> str:
    # PDF extraction breaks lines mid-word; match across breaks and stray spaces
    return re.sub(r"\s+", "", text)


def section_mentions(ctx: Context, params: dict) -> Iterator[Problem]:
    key = params.get("section", "other")
    phrases = params["any"]
    text = ctx.section_text(key)
    haystack = _compact(text or "")
    if params.get("anywhere"):
        haystack = _compact(ctx.narrative())
    elif not text or not _compact(text):
        return  # a missing or empty section is S101's or S106's finding; saying it again is noise
    if not any(_compact(p) in haystack for p in phrases):
        yield Problem("/sections/" + key, {
            "section": (ctx.section(key) or {}).get("title") or L.SECTION_TITLES[key],
            "phrases": "、".join(f"“{p}”" for p in phrases)})


_NO_FEE = re.compile(r"(未|没有|不|无|免)收(取|费)|未产生|零收费|无信息处理费"
                     r"|信息处理费[^。；;]{0,12}?(为|是)?(?<![\d.])(0|零|无)(元|万元)?(?![\d.])")
_UNPAID_FEE = next(r for r in L.applications_rows("2021") if r.path[-1] == "unpaid_fee")


def fee_notice(ctx: Context, params: dict) -> Iterator[Problem]:
    """F402: 表三 （六）2 counts applications dropped for an unpaid fee, yet 六 says no fee at all."""
    row = ctx.get("/tables/applications/results/other/unpaid_fee")
    if not isinstance(row, list) or len(row) < 7:
        return
    count = numeric(row[6])
    if not count:
        return
    raw = ctx.section_text("other") or ctx.narrative()
    if "收费通知" in _compact(raw) or "缴费通知" in _compact(raw):
        return
    sentences = [c for c in (_compact(s) for s in re.split(r"[。；;]", raw)) if "信息处理费" in c or "收费" in c]
    if any(_NO_FEE.search(s) for s in sentences):
        yield Problem("/sections/other", {"count": count,
                                          "row": ctx.label("/tables/applications/results/other/unpaid_fee", _UNPAID_FEE.label)},
                      evidence={"unpaid_fee_total": count})
