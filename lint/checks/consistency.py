"""Narrative statements and numbers against the tables (C7xx).

A narrative number can mean several cells (收到 may be 新收 or 新收 + 结转), so a
finding is made only when the number fits none of the cells the phrase can mean.
Blank or "/" cells are not 0: they widen what a cell can hold, so they can hide
a conflict but never create one.

Each rule's passing and failing example lives in its pack (``examples:``); ``xxgk-lint explain``
shows them and a test runs them.
"""

from __future__ import annotations

import math
import re

from functools import lru_cache
from typing import Iterable, Iterator

from lint.records import record
from lint.vocab import tables as L
from lint.vocab.text import normalise
from lint.checks.base import MISSING, Context, Problem, classify, numeric
from lint.checks.registry import SECTION, kind

INF = math.inf


@record(frozen=True)
class Span:
    """What a table quantity can be: exactly known, or bounded where cells are blank."""

    lo: float
    hi: float

    def __add__(self, other: "Span") -> "Span":
        return Span(self.lo + other.lo, self.hi + other.hi)

    def contains(self, n: int) -> bool:
        return self.lo <= n <= self.hi

    def text(self) -> str:
        if self.lo == self.hi:
            return str(int(self.lo))
        return f"≥{int(self.lo)}" if self.hi == INF else f"{int(self.lo)}–{int(self.hi)}"


UNKNOWN = Span(0, INF)


def _cell(value: object) -> Span:
    n = numeric(value) if value is not MISSING else None
    return UNKNOWN if n is None else Span(n, n)


def row_total(ctx: Context, pointer: str, columns: int = 7) -> Span | None:
    """The 总计 of a row; where it is blank, what its parts allow."""
    row = ctx.get(pointer)
    if not isinstance(row, list):
        return None
    if len(row) >= columns and classify(row[columns - 1]) == "number":
        return _cell(row[columns - 1])
    parts = [_cell(v) for v in row[: columns - 1]] + [UNKNOWN] * max(0, columns - 1 - len(row))
    total = Span(0, 0)
    for part in parts:
        total = total + part
    return total


def _sum(spans: Iterable[Span | None]) -> Span | None:
    total = Span(0, 0)
    for span in spans:
        if span is None:
            return None
        total = total + span
    return total


def _group(ctx: Context, prefix: str) -> Span | None:
    node = ctx.get("/tables/applications/results/" + prefix)
    if isinstance(node, list):
        return row_total(ctx, "/tables/applications/results/" + prefix)
    if not isinstance(node, dict):
        return None
    return _sum(row_total(ctx, f"/tables/applications/results/{prefix}/{k}") for k in node)


def _t3(ctx: Context, key: str) -> Span | None:
    return row_total(ctx, "/tables/applications/" + key)


# ---------------------------------------------------------------- reading the narrative

_YEAR = re.compile(r"(\d{4})年")
_SKIP = re.compile(r"备案|各级|各部门|各单位|各地|各区|各县|同比|较上年|较去年|上一年度|上年度|去年|增长|减少|增加|下降")


def _normalise(text: str) -> str:
    text = normalise(text)
    text = re.sub(r"(?<=\d)\s+(?=[件个条])|(?<=[^\x00-\x7f])\s+(?=\d)|(?<=\d)\s+(?=[^\x00-\x7f])", "", text)
    return text.replace("\n", "")


@lru_cache(maxsize=256)
def sentences(text: str) -> tuple[str, ...]:
    return tuple(s for s in re.split(r"[。；;！!？?]", _normalise(text)) if s.strip())


@lru_cache(maxsize=256)
def current_sentences(text: str, year: int | None) -> tuple[str, ...]:
    """The sentences of ``text`` that name no year but ``year`` (cached: several rules read them)."""
    if year is None:
        return sentences(text)
    return tuple(s for s in sentences(text) if all(int(y) == year for y in _YEAR.findall(s)))


@record(frozen=True)
class Claim:
    kind: str
    number: int
    quote: str


_N = r"(\d{1,7})\s*件"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("received", re.compile(r"(收到|受理|新收|接收|接到)[^，,\d]{0,24}?申请[^，,\d]{0,8}?" + _N)),
    ("received", re.compile(r"(收到|受理|新收|接收|接到)[^，,\d]{0,6}?" + _N + r"[^，,]{0,14}申请")),
    ("handled", re.compile(r"(办结|答复|办理完毕|完成办理|处理完毕)[^，,\d]{0,10}?" + _N)),
    ("carried_forward", re.compile(r"(结转[至到入]?下(一)?年度?|转入下(一)?年度?|顺延至?下(一)?年度?|结转至?\d{4}年)"
                                   r"[^，,\d]{0,10}?" + _N)),
    ("granted_partial", re.compile(r"(予以公开|同意公开)(和|及|、|与)部分公开[^，,\d]{0,6}?" + _N)),
    ("granted", re.compile(r"(?<!不)(予以公开|同意公开)(?!(和|及|、|与)部分公开)[^，,\d]{0,6}?" + _N)),
    ("partially_granted", re.compile(r"(?<!公开[及和、与])部分公开[^，,\d]{0,6}?" + _N)),
    ("withheld", re.compile(r"不予(以)?公开[^，,\d]{0,6}?" + _N)),
    ("unavailable", re.compile(r"无法提供[^，,\d]{0,6}?" + _N)),
    ("not_processed", re.compile(r"不予(以)?处理[^，,\d]{0,6}?" + _N)),
    ("other_processed", re.compile(r"其他处理[^，,\d]{0,6}?" + _N)),
    ("issued", re.compile(r"(制发|制定|出台|印发)(了)?[^，,\d]{0,4}?(行政)?规范性文件[^，,\d]{0,4}?" + _N)),
    ("repealed", re.compile(r"(废止|清理废止)(了)?[^，,\d]{0,4}?(行政)?规范性文件[^，,\d]{0,4}?" + _N)),
    ("in_force", re.compile(r"现行有效(的)?(行政)?规范性文件[^，,\d]{0,4}?" + _N)),
    ("reconsideration", re.compile(r"行政复议(案件|申请)?[^，,\d、和及]{0,6}?" + _N)),
    ("litigation", re.compile(r"行政诉讼(案件)?[^，,\d、和及]{0,6}?" + _N)),
]


_BREAKDOWN = re.compile(r"^其中|当场|延期|按期|按时|逾期|超期|当日|现场|平均")
#: the kinds that count a whole (收到, 办结…): a clause giving a part of it ("其中当场答复3件") is skipped;
#: the result rows (予以公开, 无法提供…) are parts by nature and are read in such clauses too
_WHOLES = {"received", "handled", "carried_forward", "reconsideration", "litigation"}
#: "予以公开、部分公开分别为12件、3件": numbers that are not next to what they count
_RESPECTIVELY = re.compile(r"分别")
RESULTS = {"granted", "partially_granted", "withheld", "unavailable", "not_processed", "other_processed"}
#: words naming one reason of 表三 （三）–（五）: "因本机关不掌握无法提供5件" counts that row alone;
#: with 等 ("因本机关不掌握等原因无法提供265件") the whole category is meant
REASONS: dict[str, tuple[tuple[str, str], ...]] = {
    "withheld": (("国家秘密", "state_secret"), ("禁止公开", "prohibited_by_law"), ("三安全一稳定", "three_safety_one_stability"),
                 ("第三方", "third_party_rights"), ("内部事务", "internal_affairs"), ("过程性", "process_information"),
                 ("执法案卷", "enforcement_files"), ("查询事项", "query_matters")),
    "unavailable": (("不掌握", "not_held"), ("另行制作", "needs_creation"), ("不明确", "unclear_after_correction")),
    "not_processed": (("信访", "petition_complaint"), ("重复申请", "duplicate"), ("公开出版物", "publication"),
                      ("大量反复", "excessive"), ("重新出具", "confirmation")),
}
_APPEAL_OUTCOME = re.compile(r"结果|维持|纠正|纠错|审结|撤销|驳回|败诉|胜诉")


@lru_cache(maxsize=256)
def claims(text: str, year: int | None) -> tuple[Claim, ...]:
    """What the narrative says in numbers (cached: four rules read the same sentences)."""
    return tuple(_claims(text, year))


def _claims(text: str, year: int | None) -> Iterator[Claim]:
    for sentence in sentences(text):
        if _SKIP.search(sentence):
            continue  # comparisons with last year, region-wide or filing counts are not this table
        other_year = [int(y) for y in _YEAR.findall(sentence) if year is None or int(y) != year]
        if other_year:
            continue
        for clause in re.split(r"[，,]", sentence):
            if "件" not in clause:
                continue  # every pattern counts 件: a clause without it claims nothing
            if _RESPECTIVELY.search(clause):
                continue
            part = bool(_BREAKDOWN.search(clause))  # "其中当场答复3件" is a part, not the whole
            for claim_kind, pattern in PATTERNS:
                if part and claim_kind in _WHOLES:
                    continue
                if claim_kind in ("received", "handled") and "申请" not in sentence:
                    continue
                if claim_kind in RESULTS and "主动" in sentence:
                    continue  # "主动予以公开文件12件" is 表二's business, not an application's result
                for match in pattern.finditer(clause):
                    if claim_kind in ("reconsideration", "litigation") and _APPEAL_OUTCOME.search(match.group(0)):
                        continue  # "行政复议结果维持1件" counts an outcome, not the cases
                    reason = _reason(claim_kind, clause)
                    # a result row is quoted with its clause: "因本机关不掌握等原因无法提供265件"
                    quote = clause.strip()[-40:] if claim_kind in RESULTS else match.group(0)
                    yield Claim(claim_kind + (f":{reason}" if reason else ""), int(match.groups()[-1]), quote)


def _reason(claim_kind: str, clause: str) -> str | None:
    """The one row of （三）–（五） a clause names as the reason, when it names one and no 等."""
    if claim_kind not in REASONS or "等" in clause:
        return None
    named = [row for word, row in REASONS[claim_kind] if word in clause]
    return named[0] if len(named) == 1 else None


def candidates(ctx: Context, kind: str) -> list[tuple[str, Span | None]]:
    r1, r2, total, r4 = _t3(ctx, "new_received"), _t3(ctx, "carried_over"), _t3(ctx, "results/total"), \
        _t3(ctx, "carried_forward")
    both = _sum([r1, r2])
    if kind == "received":
        return [("一、本年新收", r1), ("一 + 二（新收与上年结转）", both)]
    if kind == "handled":
        return [("（七）总计", total), ("一、本年新收", r1), ("一 + 二", both)]
    if kind == "carried_forward":
        return [("四、结转下年度继续办理", r4)]
    if kind == "granted_partial":
        return [("（一）予以公开 +（二）部分公开",
                 _sum([row_total(ctx, "/tables/applications/results/granted"),
                       row_total(ctx, "/tables/applications/results/partially_granted")]))]
    if kind == "granted":
        granted = row_total(ctx, "/tables/applications/results/granted")
        partial = row_total(ctx, "/tables/applications/results/partially_granted")
        return [("（一）予以公开", granted), ("（一）予以公开 +（二）部分公开", _sum([granted, partial]))]
    if kind == "partially_granted":
        return [("（二）部分公开", row_total(ctx, "/tables/applications/results/partially_granted"))]
    base, _, reason = kind.partition(":")
    if base in ("withheld", "unavailable", "not_processed", "other_processed"):
        prefix = "other" if base == "other_processed" else base
        label = RESULT_GROUPS[base]
        options = [(label, _group(ctx, prefix))]
        if reason:
            row = next(r for r in L.applications_rows(ctx.applications_layout()) if r.path[-1] == reason)
            options.append((f"{label}·{L.short_row_label(row)}",
                            row_total(ctx, f"/tables/applications/results/{prefix}/{reason}")))
        return options
    if kind in ("issued", "repealed", "in_force"):
        column = {"issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数"}[kind]
        value = ctx.get(f"/tables/proactive/normative_documents/{kind}")
        return [(f"表二 行政规范性文件 {column}", _cell(value) if value is not MISSING else None)]
    if kind == "reconsideration":
        return [("表四 行政复议 总计", row_total(ctx, "/tables/appeals/reconsideration", 5))]
    if kind == "litigation":
        direct = row_total(ctx, "/tables/appeals/litigation_direct", 5)
        after = row_total(ctx, "/tables/appeals/litigation_after_reconsideration", 5)
        return [("表四 行政诉讼 总计（直接起诉 + 复议后起诉）", _sum([direct, after]))]
    return []


RESULT_GROUPS = {"withheld": "（三）不予公开", "unavailable": "（四）无法提供", "not_processed": "（五）不予处理",
                 "other_processed": "（六）其他处理"}

KIND_TABLE = {"reconsideration": "appeals", "litigation": "appeals",
              "issued": "proactive", "repealed": "proactive", "in_force": "proactive"}


def _narrative_sections(ctx: Context, keys: Iterable[str]) -> Iterator[tuple[str, str]]:
    intro = ctx.report.get("intro")
    if isinstance(intro, str) and "intro" in keys:
        yield "/intro", intro
    for key in keys:
        if key == "intro":
            continue
        text = ctx.section_text(key)
        if text:
            yield f"/sections/{key}/text", text


def _where(ctx: Context, pointer: str) -> str:
    """The section a narrative pointer is in, as printed ("一、总体情况"), or 前言."""
    if pointer == "/intro":
        return "前言"
    key = pointer.split("/")[2]
    return (ctx.section(key) or {}).get("title") or L.SECTION_TITLES[key]


@kind("narrative_numbers", params={
    "claims": {"type": "array", "items": {"enum": [
        "received", "handled", "carried_forward", "granted_partial", "granted", "partially_granted", "withheld",
        "unavailable", "not_processed", "other_processed", "reconsideration", "litigation",
        "issued", "repealed", "in_force"]}},
    "sections": {"type": "array", "items": {"enum": ["intro", *SECTION["enum"]]}}}, required=("claims",))
def narrative_numbers(ctx: Context, params: dict) -> Iterator[Problem]:
    """C702/C704: a number the narrative gives fits none of the cells it can mean.

    The finding belongs to the section of the table contradicted (三 or 四) and is
    shown at the sentence, wherever in the narrative it stands."""
    kinds = set(params["claims"])
    for pointer, text in _narrative_sections(ctx, params.get("sections", L.SECTION_KEYS)):
        seen: set[tuple[str, int]] = set()
        for claim in claims(text, ctx.year):
            if claim.kind.partition(":")[0] not in kinds or (claim.kind, claim.number) in seen:
                continue
            seen.add((claim.kind, claim.number))
            table = KIND_TABLE.get(claim.kind, "applications")
            if ctx.table(table) is None:
                continue  # a missing table is S102's finding; nothing to compare with
            every = candidates(ctx, claim.kind)
            if any(span is None for _, span in every):
                continue  # a cell it may mean was not read (or is absent): it cannot be ruled out
            options = [(name, span) for name, span in every if span is not None]
            if not options or any(span.contains(claim.number) for _, span in options):
                continue
            yield Problem(f"/sections/{table}", {
                "quote": claim.quote, "number": claim.number, "where": _where(ctx, pointer),
                "candidates": "；".join(f"{name} = {span.text()}" for name, span in options),
                "table": L.TABLE_NAMES[table]},
                evidence={"narrative": claim.number, "narrative_pointer": pointer,
                          "candidates": {n: s.text() for n, s in options}}, place=pointer)
