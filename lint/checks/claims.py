"""Statements in the narrative about there being none or all of something, against the tables (C701, C703,
C705, C706, C708).

"本年度未收到政府信息公开申请" while 表三 counts some; "复议7件，诉讼9件，均获维持" while 表四 shows
cases still pending (尚未审结) or corrected (结果纠正); "均已办结" or "无结转" while 表三 四 carries
applications forward.  As everywhere in C7xx, a blank or "/" cell never makes a conflict: only a
printed count above zero contradicts a claim of none or all.

Each sentence is read once against a fixed list of phrases: linear in the length of the text.

Each rule's passing and failing example lives in its pack (``examples:``); ``xxgk-lint explain``
shows them and a test runs them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from lint.vocab import tables as L
from lint.checks.base import Context, Problem, compact, numeric
from lint.checks.consistency import _narrative_sections, _t3, _where, claims, current_sentences, row_total
from lint.checks.registry import STRINGS, kind

_NO_APPLICATIONS = re.compile(
    r"(未|没有)(收到|受理|接到|接收)(过|任何)?(政府信息公开申请|依申请公开(申请|事项)?|信息公开申请|公开申请)"
    r"|(无|没有)(任何)?(政府信息公开申请|依申请公开(申请|事项)?)"
    r"|(政府信息公开申请|依申请公开(申请|事项)?)(数量|件数)?(为零|为0)")
_NEGATION = re.compile(r"(未|没有|无)(发生|出现|产生|收到|涉及)?")
#: words that make a negated sentence speak of an outcome or a delay, not of there being none
_OUTCOME = re.compile(r"纠错|纠正|败诉|撤销|确认违法|超期|逾期|延期|答复率|被诉|被复议")
_LAST_YEAR = re.compile(r"上年|上一年|去年|往年|以前年度")

_GROUP_KEYS = [key for key, _, _ in L.APPEAL_GROUPS]


def _appeal_groups(clause: str) -> list[str]:
    """The 表四 groups a clause denying reconsideration or litigation speaks of."""
    if "复议后" in clause or "经复议" in clause or "经行政复议" in clause:
        groups = ["litigation_after_reconsideration"]
        if re.search(r"行政复议[、和及或与]", clause):
            groups.insert(0, "reconsideration")
        return groups
    groups = []
    if "行政复议" in clause:
        groups.append("reconsideration")
    if "行政诉讼" in clause:
        groups += ["litigation_direct", "litigation_after_reconsideration"]
    return groups


@kind("zero_statements", params={"subject": {"enum": ["applications", "appeals"]}}, required=("subject",))
def zero_statements(ctx: Context, params: dict) -> Iterator[Problem]:
    """C701 / C703: the narrative says there were none, the table counts some."""
    subject = params["subject"]
    table = "applications" if subject == "applications" else "appeals"
    if ctx.table(table) is None:
        return
    group_labels = {key: label for key, label, _ in L.APPEAL_GROUPS}
    for pointer, text in _narrative_sections(ctx, ["intro", *L.SECTION_KEYS]):
        for sentence in current_sentences(text, ctx.year):
            if (subject == "applications" and "申请" not in sentence) or \
                    (subject == "appeals" and "复议" not in sentence and "诉讼" not in sentence):
                continue  # the cheap test first: most sentences speak of neither
            if _LAST_YEAR.search(sentence):
                continue  # "上年度未收到申请" is about another year
            for clause in re.split(r"[，,]", sentence):
                if _OUTCOME.search(clause):
                    continue
                if subject == "applications":
                    match = _NO_APPLICATIONS.search(clause)
                    if not match:
                        continue
                    counted = [("一、本年新收", _t3(ctx, "new_received"))]
                    quote = match.group(0)
                else:
                    negation = _NEGATION.search(clause)
                    if not negation or not re.search(r"行政复议|行政诉讼", clause[negation.end():]):
                        continue
                    if "政府信息公开" not in sentence and "本机关" not in sentence and \
                            pointer != "/sections/appeals/text":
                        continue
                    quote = clause[negation.start():].strip()
                    counted = [(group_labels[g], row_total(ctx, f"/tables/appeals/{g}", 5))
                               for g in _appeal_groups(clause[negation.start():])]
                nonzero = [(label, span) for label, span in counted if span is not None and span.lo > 0]
                if nonzero:
                    yield Problem(f"/sections/{table}", {
                        "quote": quote, "table": L.TABLE_NAMES[table], "where": _where(ctx, pointer),
                        "counts": "；".join(f"{label} {span.text()} 件" for label, span in nonzero)},
                        evidence={"narrative_pointer": pointer, **{label: span.text() for label, span in nonzero}},
                        place=pointer)
                    return


def _all_cells(ctx: Context) -> list[object]:
    cells: list[object] = []
    for pointer, _row in ctx.applications_rows():
        row = ctx.get(pointer)
        if isinstance(row, list):
            cells.extend(row)
    return cells


@kind("suspicious_zero")
def suspicious_zero(ctx: Context, params: dict) -> Iterator[Problem]:
    """C705: 表三 is all zeros although 表四 has cases or the narrative speaks of applications."""
    cells = _all_cells(ctx)
    if not cells or any(numeric(c) != 0 for c in cells):
        return
    reasons = []
    appeals = [row_total(ctx, f"/tables/appeals/{key}", 5) for key, _, _ in L.APPEAL_GROUPS]
    if any(span is not None and span.lo > 0 for span in appeals):
        reasons.append("表四记载了行政复议或行政诉讼")
    for pointer, text in _narrative_sections(ctx, ["intro", *L.SECTION_KEYS]):
        claim = next((c for c in claims(text, ctx.year) if c.kind in ("received", "handled") and c.number > 0), None)
        if claim:
            reasons.append(f"正文写有“{claim.quote}”")
            break
    if reasons:
        yield Problem("/tables/applications", {"reasons": "；".join(reasons)}, table="表三")


@kind("appeals_without_applications")
def appeals_without_applications(ctx: Context, params: dict) -> Iterator[Problem]:
    """C706: 表四 counts cases while 表三 has neither new nor carried-over applications."""
    r1, r2 = _t3(ctx, "new_received"), _t3(ctx, "carried_over")
    if r1 is None or r2 is None or r1.hi != 0 or r2.hi != 0:
        return
    totals = [(label, row_total(ctx, f"/tables/appeals/{key}", 5)) for key, label, _ in L.APPEAL_GROUPS]
    nonzero = [(label, span) for label, span in totals if span is not None and span.lo > 0]
    if nonzero:
        yield Problem("/tables/appeals", {"counts": "；".join(f"{label} {span.text()} 件" for label, span in nonzero)},
                      table="表四")


# ---------------------------------------------------------------- claims of all or none (C708)

#: 表四's columns a claim about all cases can be contradicted by
APPEAL_COLUMNS = {"corrected": 1, "other": 2, "pending": 3}
#: 表三's rows a claim about all applications can be contradicted by
APPLICATION_ROWS = {"carried_forward": "carried_forward", "carried_over": "carried_over"}
_GAP = r"[^。;!?,]{0,12}?"
_OTHER_TIME = re.compile(r"上年|上一年|去年|往年|以前年度|同比|较上年")


@lru_cache(maxsize=64)
def _phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(_GAP.join(re.escape(compact(p)) for p in phrase.split("…")) for phrase in phrases))


def _groups_named(sentence: str, in_appeals: bool) -> list[str]:
    """The 表四 rows a sentence speaks of: 复议, 诉讼 (both kinds), 复议后起诉; all of them in section 四."""
    if "复议后" in sentence or "经复议" in sentence:
        groups = ["litigation_after_reconsideration"]
        return (["reconsideration"] if re.search(r"复议[^后]", sentence.replace("复议后", "")) else []) + groups
    groups = []
    if "复议" in sentence:
        groups.append("reconsideration")
    if re.search(r"诉讼|起诉|应诉", sentence):
        groups += ["litigation_direct", "litigation_after_reconsideration"]
    if not groups and in_appeals:
        groups = [key for key, _, _ in L.APPEAL_GROUPS]
    return groups


def _quote(flat: str, end: int) -> str:
    """The clauses up to the claim, at most 40 characters, with the commas printed as Chinese text prints them."""
    head = flat[:end]
    start = max(0, len(head) - 40)
    cut = head.find(",", start) if start else -1
    head = head[cut + 1:] if start and cut != -1 else head[start:]
    return re.sub(r"(?<=[^\x00-\x7f]),|,(?=[^\x00-\x7f])", "，", head)


_CLAIM = {"type": "object", "required": ["name", "phrases", "table", "conflict"], "additionalProperties": False,
          "properties": {"name": {"type": "string"}, "phrases": STRINGS, "unless": STRINGS,
                         "table": {"enum": ["applications", "appeals"]},
                         "conflict": {"type": "array", "minItems": 1,
                                      "items": {"enum": [*APPEAL_COLUMNS, *APPLICATION_ROWS]}}}}


@kind("blanket_claims", params={"claims": {"type": "array", "minItems": 1, "items": _CLAIM}}, required=("claims",))
def blanket_claims(ctx: Context, params: dict) -> Iterator[Problem]:
    """C708: the narrative says all cases were upheld, all applications concluded or none carried forward,
    and 表四/表三 print a count that says otherwise.

    Each claim is ``{name, phrases, unless, table, conflict}``: ``phrases`` as reports word it ("…" for a
    few characters), ``unless`` the words of a sentence that names its own exception, the table it speaks of, and the cells whose count above zero contradicts it —
    表四's ``corrected``/``other``/``pending`` of the rows the sentence names, or 表三's
    ``carried_forward``/``carried_over``."""
    group_labels = {key: label for key, label, _ in L.APPEAL_GROUPS}
    every = _phrases(tuple(p for claim in params["claims"] for p in claim["phrases"]))
    for pointer, text in _narrative_sections(ctx, ["intro", *L.SECTION_KEYS]):
        reported: set[str] = set()  # one finding per claim and section: a repeated sentence says nothing new
        for sentence in current_sentences(text, ctx.year):
            flat = compact(sentence)
            if not every.search(flat) or _OTHER_TIME.search(sentence):
                continue  # "上年度结转的申请均已办结" speaks of another year's applications
            for claim in params["claims"]:
                if claim["name"] in reported:
                    continue
                match = _phrases(tuple(claim["phrases"])).search(flat)
                if not match or ctx.table(claim["table"]) is None:
                    continue
                if claim.get("unless") and _phrases(tuple(claim["unless"])).search(flat):
                    continue  # "除2件结转下年度外，其余均已办结": the sentence itself names the exception
                counts = []
                if claim["table"] == "appeals":
                    for group in _groups_named(flat, pointer == "/sections/appeals/text"):
                        row = ctx.get(f"/tables/appeals/{group}")
                        for column in claim["conflict"]:
                            n = numeric(row[APPEAL_COLUMNS[column]]) if isinstance(row, list) and \
                                column in APPEAL_COLUMNS and len(row) > APPEAL_COLUMNS[column] else None
                            if n:
                                counts.append((f"“{group_labels[group]}”{L.APPEAL_COLUMNS[APPEAL_COLUMNS[column]]}", n))
                else:
                    for column in claim["conflict"]:
                        if column not in APPLICATION_ROWS:
                            continue
                        span = _t3(ctx, APPLICATION_ROWS[column])
                        if span is not None and span.lo > 0:
                            label = "四、结转下年度继续办理" if column == "carried_forward" else "二、上年结转"
                            counts.append((label, int(span.lo)))
                if counts:
                    table = L.TABLE_NAMES[claim["table"]]
                    yield Problem(f"/sections/{claim['table']}", {
                        "quote": _quote(flat, match.end()), "claim": match.group(0), "table": table,
                        "where": _where(ctx, pointer), "counts": "；".join(f"{label} {n} 件" for label, n in counts)},
                        evidence={"narrative_pointer": pointer, "claim": claim["name"],
                                  **{label: n for label, n in counts}}, place=pointer)
                    reported.add(claim["name"])
                    break  # one finding per sentence
