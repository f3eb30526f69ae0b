"""What section 六 says about this year's 信息处理费, read the way agencies word it (F401–F403).

The wording comes from the pack (each rule's ``params``), so an auditor can add the phrases
of their region without code.  A phrase is plain text; "…" in it stands for a few characters
of the same sentence ("收取…元"), and ``{year}`` for the reporting year.  Each sentence that
speaks of the fee (``subject``, and not only of ``exclude`` — 表二's 行政事业性收费 is another
thing) is read clause by clause as one of:

* ``none``     – no fee this year: 未收取 / 没有收取 / 无收取…情况 / 未产生 / 未发生 / 0元 …, or a
  habitual wording (不收取 / 免收) tied to the year (本年度 / 全年 / {year}年);
* ``charged``  – fees were charged: 收取…元 / 共计…元 / 实际收取 (an amount of 0 元 is ``none``);
* ``general``  – a general or conditional rule, no statement about this year: "…明显超过合理范围的，
  本机关将依照…收取信息处理费", "如…则…", "按照规定可以收取", 不收取 with no time given, or how
  fees are charged with no amount ("严格按照《办法》规定收取信息处理费", ``practice``).

A general rule is neither a statement that fees were charged nor one that none were: F401 says
that the report states no fee situation of this year, F402/F403 do not read it as either.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from lint.vocab import tables as L
from lint.checks.base import Context, Problem, numeric
from lint.checks.base import compact as _compact
from lint.checks.registry import STRINGS, kind
from lint.checks.structure import unfound

NONE, CHARGED, CHARGED_NO_AMOUNT, GENERAL = "none", "charged", "charged_no_amount", "general"

#: how far "…" in a phrase reaches: within one clause of a sentence
_GAP = r"[^。;!?]{0,24}?"

#: the phrase lists a fee rule reads, given in the pack (national-2021.yaml has the national wording)
FEE_WORDING = {name: STRINGS for name in ("subject", "none", "habitual", "period", "conditional", "charged")}
FEE_WORDING["exclude"] = {"type": "array", "items": {"type": "string", "minLength": 1}, "default": []}
FEE_WORDING["notice"] = {"type": "array", "items": {"type": "string", "minLength": 1}, "default": []}
FEE_WORDING["practice"] = {"type": "array", "items": {"type": "string", "minLength": 1}, "default": []}
_REQUIRED = ("subject", "none", "habitual", "period", "conditional", "charged")

_AMOUNT = re.compile(r"(\d+(?:\.\d+)?|[零〇])\s*(万元|元)")


@lru_cache(maxsize=64)
def _pattern(phrases: tuple[str, ...], year: int | None) -> re.Pattern[str] | None:
    year_re = str(year) if year is not None else r"\d{4}"
    parts = [_GAP.join(re.escape(_compact(piece)).replace(re.escape("{year}"), year_re)
                       for piece in phrase.split("…"))
             for phrase in phrases]
    parts = [p for p in parts if p]
    return re.compile("|".join(f"(?:{p})" for p in parts)) if parts else None


def _has(text: str, phrases: list[str], year: int | None) -> re.Match[str] | None:
    pattern = _pattern(tuple(phrases), year)
    return pattern.search(text) if pattern is not None else None


def shown(flat: str) -> str:
    """A compacted sentence as Chinese text prints it again: full-width commas, colons and brackets."""
    for ascii_, wide in ((",", "，"), (":", "："), (";", "；"), ("(", "（"), (")", "）")):
        flat = re.sub(rf"(?<=[^\x00-\x7f]){re.escape(ascii_)}|{re.escape(ascii_)}(?=[^\x00-\x7f])", wide, flat)
    return flat


def classify_fee(sentence: str, params: dict, year: int | None) -> str | None:
    """What one sentence says about the fee, or None when it does not speak of it."""
    if not _has(sentence, params["subject"], year):
        return None
    if params.get("exclude") and _has(sentence, params["exclude"], year):
        stripped = _pattern(tuple(params["exclude"]), year).sub("", sentence)  # type: ignore[union-attr]
        if not _has(stripped, params["subject"], year):
            return None  # only 行政事业性收费: 表二's fee, not the 信息处理费
    found: list[str] = []
    for clause in re.split(r"[,:]", sentence):
        if not clause:
            continue
        if _has(clause, params["conditional"], year):
            found.append(GENERAL)
        elif _has(clause, params["none"], year):
            found.append(NONE)
        elif _has(clause, params["habitual"], year):
            found.append(NONE if _has(sentence, params["period"], year) else GENERAL)
        elif _has(clause, params["charged"], year):
            amounts = [m for m in _AMOUNT.finditer(clause)]
            if amounts and all(_zero(m.group(1)) for m in amounts):
                found.append(NONE)  # 全年收取信息处理费0元
            elif amounts:
                found.append(CHARGED)
            elif params.get("practice") and _has(clause, params["practice"], year):
                found.append(GENERAL)  # "严格按照规定收取信息处理费": how it is done, not that it was
            else:
                found.append(CHARGED_NO_AMOUNT)
        elif params.get("practice") and _has(clause, params["practice"], year):
            found.append(GENERAL)
    for verdict in (NONE, CHARGED, CHARGED_NO_AMOUNT, GENERAL):
        if verdict in found:
            return verdict
    return None


def _zero(text: str) -> bool:
    return text in ("零", "〇") or float(text) == 0


def fee_statements(ctx: Context, params: dict) -> list[tuple[str, str]]:
    """(verdict, compacted sentence) for every sentence of section 六 that speaks of the fee."""
    text = ctx.section_body("other") or ""
    subject = _pattern(tuple(params["subject"]), ctx.year)

    def read() -> list[tuple[str, str]]:
        out = []
        for sentence in re.split(r"[。;!?]", _compact(text)):  # one pass; most sentences are not about the fee
            verdict = classify_fee(sentence, params, ctx.year) if subject and subject.search(sentence) else None
            if verdict is not None:
                out.append((verdict, sentence))
        return out

    lists = tuple((k, tuple(v)) for k, v in sorted(params.items()) if isinstance(v, list))
    return ctx.memo(f"fee:{hash(lists)}", read)


def _section_title(ctx: Context) -> str:
    return (ctx.section("other") or {}).get("title") or L.SECTION_TITLES["other"]


@kind("fee_statement", params=FEE_WORDING, required=_REQUIRED)
def fee_statement(ctx: Context, params: dict) -> Iterator[Problem]:
    """F401: section 六 states this year's 信息处理费 situation (charged, how much, or none)."""
    text = ctx.section_body("other")
    if text is None or not _compact(text) or unfound(ctx, "other"):
        return  # a missing, unfound or empty section 六 is S101's, S109's or S106's finding
    found = fee_statements(ctx, params)
    if any(verdict != GENERAL for verdict, _ in found):
        return
    general = [s for verdict, s in found if verdict == GENERAL]
    if general:
        yield Problem("/sections/other", {"section": _section_title(ctx), "quote": shown(general[0])[:60]},
                      variant="general", evidence={"general_rule": shown(general[0])})
    else:
        yield Problem("/sections/other", {"section": _section_title(ctx)})


_UNPAID_FEE = next(r for r in L.applications_rows("2021") if r.path[-1] == "unpaid_fee")


@kind("fee_notice", params=FEE_WORDING, required=_REQUIRED)
def fee_notice(ctx: Context, params: dict) -> Iterator[Problem]:
    """F402: 表三 （六）2 counts applications dropped for an unpaid fee, yet 六 says no fee at all."""
    row = ctx.get("/tables/applications/results/other/unpaid_fee")
    if not isinstance(row, list) or len(row) < 7:
        return
    count = numeric(row[6])
    if not count:
        return
    text = ctx.section_body("other")
    if not text:
        return  # no section 六 to compare with: S101/S109/S106 say so
    if params.get("notice") and _has(_compact(text), params["notice"], ctx.year):
        return
    found = fee_statements(ctx, params)
    if any(verdict == NONE for verdict, _ in found) and not any(v in (CHARGED, CHARGED_NO_AMOUNT) for v, _ in found):
        yield Problem("/sections/other", {"count": count,
                                          "row": ctx.label("/tables/applications/results/other/unpaid_fee",
                                                           _UNPAID_FEE.label)},
                      evidence={"unpaid_fee_total": count})


@kind("fee_amount", params=FEE_WORDING, required=_REQUIRED)
def fee_amount(ctx: Context, params: dict) -> Iterator[Problem]:
    """F403: a statement that fees were charged gives the amount, with its unit."""
    found = fee_statements(ctx, params)
    if any(verdict == CHARGED for verdict, _ in found):
        return  # the amount is given in another sentence
    for verdict, sentence in found:
        if verdict == CHARGED_NO_AMOUNT:
            yield Problem("/sections/other", {"quote": shown(sentence)[:60]})
            return
