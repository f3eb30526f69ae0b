"""Statements section 六 must make, matched by topic rather than by item number (F4xx, P5xx).

``section_mentions`` passes when the section (or, with ``anywhere``, any part of
the report) contains one of the ``any`` phrases.  It serves the fee statement
(信息处理费) and the proposal-handling statement (人大代表建议、政协提案), and
any topic an auditor's pack adds.

Each rule's passing and failing example lives in its pack (``examples:``); ``xxgk-lint explain``
shows them and a test runs them.
"""

from __future__ import annotations

import re
from typing import Iterator

from lint.vocab import tables as L
from lint.checks.base import Context, Problem, numeric
from lint.checks.registry import SECTION, STRINGS, kind
from lint.checks.base import compact as _compact


@kind("section_mentions", params={"section": {**SECTION, "default": "other"}, "any": STRINGS,
                                   "anywhere": {"type": "boolean", "default": False}}, required=("any",))
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


@kind("fee_notice")
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


_CHARGED = re.compile(r"(?<!未)(?<!没有)(?<!不)收取(了)?[^。；;]{0,16}?信息处理费|信息处理费[^。；;]{0,10}?(共计|合计|共|计)")
_AMOUNT = re.compile(r"\d+(\.\d+)?\s*(元|万元)")


@kind("fee_amount")
def fee_amount(ctx: Context, params: dict) -> Iterator[Problem]:
    """F403: a statement that fees were charged gives the amount, with its unit."""
    for sentence in re.split(r"[。；;]", _compact(ctx.section_text("other") or "")):
        if "信息处理费" not in sentence or _NO_FEE.search(sentence):
            continue
        if _CHARGED.search(sentence) and not _AMOUNT.search(sentence):
            yield Problem("/sections/other", {"quote": sentence[:60]})
            return


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
