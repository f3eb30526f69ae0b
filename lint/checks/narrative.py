"""Statements section 六 must make, matched by topic rather than by item number (F404, F405, P5xx).

``section_mentions`` passes when the section (or, with ``anywhere``, any part of
the report) contains one of the ``any`` phrases.  It serves the proposal-handling
statement (人大代表建议、政协提案) and any topic an auditor's pack adds; the fee
statement itself is read by :mod:`lint.checks.statements`.

Each rule's passing and failing example lives in its pack (``examples:``); ``xxgk-lint explain``
shows them and a test runs them.
"""

from __future__ import annotations

import re
from typing import Iterator

from lint.vocab import tables as L
from lint.checks.base import Context, Problem
from lint.checks.registry import SECTION, STRINGS, kind
from lint.checks.structure import unfound
from lint.checks.base import compact as _compact


@kind("section_mentions", params={"section": {**SECTION, "default": "other"}, "any": STRINGS,
                                   "anywhere": {"type": "boolean", "default": False}}, required=("any",))
def section_mentions(ctx: Context, params: dict) -> Iterator[Problem]:
    key = params.get("section", "other")
    phrases = params["any"]
    text = ctx.section_text(key)
    haystack = _compact(text or "")
    if not text or not _compact(text) or unfound(ctx, key):
        return  # a missing, unfound or empty section is S101's, S109's or S106's finding; saying it again is noise
    if params.get("anywhere"):
        haystack = _compact(ctx.narrative())
    if not any(_compact(p) in haystack for p in phrases):
        yield Problem("/sections/" + key, {
            "section": (ctx.section(key) or {}).get("title") or L.SECTION_TITLES[key],
            "phrases": "、".join(f"“{p}”" for p in phrases)})


_AMOUNT = re.compile(r"\d+(\.\d+)?\s*(元|万元)")


@kind("fee_confusion")
def fee_confusion(ctx: Context, params: dict) -> Iterator[Problem]:
    """F404: the 信息处理费 statement cites 行政事业性收费 or repeats 表二（八）'s amount."""
    text = _compact(ctx.section_text("other") or "")
    sentences = [s for s in re.split(r"[。；;]", text) if "信息处理费" in s]
    amount = ctx.get("/tables/proactive/fees/amount")
    for sentence in sentences:
        if "行政事业性收费" in sentence:
            yield Problem("/sections/other", {"quote": sentence[:60], "why": "提到了“行政事业性收费”",
                                              "why_en": "it names 行政事业性收费"})
            return
        if isinstance(amount, (int, float)) and not isinstance(amount, bool) and amount > 0:
            for match in _AMOUNT.finditer(sentence):
                value = float(match.group(0).rstrip("元万 "))
                in_wan = value if match.group(2) == "万元" else value / 10000
                if abs(in_wan - float(amount)) < 1e-9:
                    yield Problem("/sections/other", {
                        "quote": sentence[:60], "why": f"金额与表二（八）行政事业性收费 {amount} 万元相同",
                        "why_en": f"the amount equals Table 2 (8)'s {amount} 万元"})
                    return


@kind("fee_measure_cited")
def fee_measure_cited(ctx: Context, params: dict) -> Iterator[Problem]:
    """F405: the fee statement cites 《政府信息公开信息处理费管理办法》."""
    text = _compact(ctx.section_text("other") or "")
    if "信息处理费" in text and "信息处理费管理办法" not in text:
        yield Problem("/sections/other", {})
