"""Rules across reports of one agency in consecutive years (X8xx).

They see a small summary of each report, not the whole report, so a batch of
thousands of files keeps only what pairing needs.  A finding belongs to the
later report and names the earlier file.

Each rule's passing and failing example lives in its pack (``examples:``); ``xxgk-lint explain``
shows them and a test runs them.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any, Iterator

from lint.records import record
from lint.vocab import tables as L
from lint.vocab.agency import normal_name
from lint.vocab.text import normalise
from lint.model import Location
from lint.checks.base import Context, Problem, numeric
from lint.checks.registry import kind


@record
class Summary:
    """What the cross-report rules need to know of one report."""

    path: str
    agency: str | None
    year: int | None
    carried_over: list[Any] | None = None
    carried_forward: list[Any] | None = None
    new_received_total: int | None = None
    proactive: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: a bottom-k sketch of the narrative's shingles: enough to estimate similarity, small enough
    #: that a batch of thousands of reports keeps memory flat
    shingles: tuple[int, ...] = ()
    #: where the pointers cross-report findings use stand in the file
    places: dict[str, Location] = field(default_factory=dict)
    #: how much of the report could not be read (unreadable tables and rows): the pairing keeps
    #: the best-read of several files holding one agency's report of one year
    unread: int = 0
    #: an earlier report named by the configuration's ``history``: paired, never reported
    history: bool = False
    #: what the run's roster and copy stages need: the publication date (ISO) and level as the report
    #: gives them, its passages (lint.checks.copies.Passage), its narrative (normalised, as the
    #: cross-year rules compare it: made once in the worker, not once a pair) and the promises of its 五
    published: str | None = None
    level: str | None = None
    passages: list[Any] = field(default_factory=list)
    narrative: str = ""
    promises: list[str] = field(default_factory=list)

    def pairing_key(self) -> tuple:
        return (self.agency, self.year, self.path, self.unread, self.history)


PLACES = ("/tables/applications/carried_over", "/tables/applications/new_received/6",
          "/tables/proactive/regulations/in_force", "/tables/proactive/normative_documents/in_force",
          "/tables/proactive/regulations/repealed", "/tables/proactive/normative_documents/repealed", "/sections")


def agency_key(name: str) -> str:
    return normal_name(name)


SKETCH = 256


def _sketch(passages: list[Any]) -> tuple[int, ...]:
    """A bottom-k sketch of the narrative's words, from its passages' shingles: numbers, the agency's
    name and the format's own wording left out (years and figures change every year even in copied text)."""
    from array import array

    hashes: set[int] = set()
    for passage in passages:
        values = array("I")
        values.frombytes(passage.hashes)
        hashes.update(values)
    return tuple(sorted(hashes)[:SKETCH])


def jaccard(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimate the Jaccard similarity of two sets from their bottom-k sketches."""
    first, second = set(a), set(b)
    union = first | second
    k = min(SKETCH, len(union))
    if not k:
        return 0.0
    both = first & second
    if k == len(union):
        return len(both) / k
    kth = sorted(union)[k - 1]  # the union's bottom k are those up to its k-th smallest
    return sum(1 for h in both if h <= kth) / k


def summarize(ctx: Context, path: str) -> Summary | None:
    agency, year = ctx.report.get("agency"), ctx.year
    if not isinstance(agency, str) or not agency.strip():
        agency = None
    def row(pointer: str) -> list | None:
        value = ctx.get(pointer)
        return list(value) if isinstance(value, list) else None
    new_received = row("/tables/applications/new_received")
    proactive = {}
    for key in ("regulations", "normative_documents"):
        value = ctx.get(f"/tables/proactive/{key}")
        if isinstance(value, dict):
            proactive[key] = dict(value)
    from lint.checks.copies import passages
    from lint.checks.promises import promises

    texts = [(k, ctx.section_text(k) or "") for k in L.SECTION_KEYS]
    narrative = "\n".join(normalise(t) for _, t in texts if t)  # each section's is cached from the rules
    cut = passages(texts, agency)
    unreadable = ctx.report.get("unreadable")
    published = ctx.report.get("published")
    level = ctx.report.get("level")
    return Summary(path, agency, year, row("/tables/applications/carried_over"),
                   row("/tables/applications/carried_forward"),
                   numeric(new_received[6]) if new_received and len(new_received) == 7 else None,
                   proactive, _sketch(cut),
                   {p: ctx.source_map.lookup(p) for p in (*PLACES, *(f"/sections/{k}/text" for k, _ in texts))},
                   unread=len(unreadable) if isinstance(unreadable, dict) else 0,
                   published=str(published) if published else None,
                   level=level if isinstance(level, str) else None,
                   passages=cut, narrative=narrative,
                   promises=promises(ctx.section_text("problems") or ""))


@kind("carry_over", cross=True)
def carry_over(prev: Summary, cur: Summary, params: dict) -> Iterator[Problem]:
    """X801: 二、上年结转 this year equals last year's 四、结转下年度继续办理, column by column."""
    if prev.carried_forward is None or cur.carried_over is None:
        return
    differing = []
    for i, label in enumerate(L.APPLICANT_COLUMNS):
        before = numeric(prev.carried_forward[i]) if i < len(prev.carried_forward) else None
        now = numeric(cur.carried_over[i]) if i < len(cur.carried_over) else None
        if before is not None and now is not None and before != now:
            differing.append((label, before, now))
    if differing:
        yield Problem("/tables/applications/carried_over", {
            "prev_year": prev.year, "prev_path": prev.path, "year": cur.year,
            "columns": "；".join(f"「{label}」{before} → {now}" for label, before, now in differing)},
            evidence={"previous_report": prev.path,
                      "columns": {label: {"previous_carried_forward": b, "carried_over": n}
                                  for label, b, n in differing}},
            table="表三", row="二、上年结转政府信息公开申请数量")


@kind("in_force_continuity", cross=True)
def in_force_continuity(prev: Summary, cur: Summary, params: dict) -> Iterator[Problem]:
    """X802: 现行有效 this year = last year's 现行有效 + 本年制发 − 本年废止 (2021 columns)."""
    for key, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        before, now = prev.proactive.get(key, {}), cur.proactive.get(key, {})
        values = [numeric(before.get("in_force")), numeric(now.get("issued")), numeric(now.get("repealed")),
                  numeric(now.get("in_force"))]
        if None in values:
            continue
        prev_in_force, issued, repealed, in_force = values
        expected = prev_in_force + issued - repealed
        if expected != in_force:
            yield Problem(f"/tables/proactive/{key}/in_force", {
                "row": label, "prev_year": prev.year, "prev_path": prev.path, "prev": prev_in_force,
                "issued": issued, "repealed": repealed, "expected": expected, "in_force": in_force},
                evidence={"previous_report": prev.path, "expected": expected, "printed": in_force},
                table="表二", row=label, col="现行有效件数")


@kind("year_on_year", params={"ratio": {"type": "number", "exclusiveMinimum": 1, "default": 5},
                                     "min_count": {"type": "integer", "default": 10}}, cross=True)
def year_on_year(prev: Summary, cur: Summary, params: dict) -> Iterator[Problem]:
    """X803: 本年新收 jumps by more than ``ratio`` times against last year (with a minimum count)."""
    before, now = prev.new_received_total, cur.new_received_total
    if before is None or now is None or max(before, now) < params.get("min_count", 10):
        return
    ratio = params.get("ratio", 5)
    low, high = min(before, now), max(before, now)
    if low == 0 or high / low > ratio:
        yield Problem("/tables/applications/new_received/6", {
            "prev_year": prev.year, "prev": before, "year": cur.year, "now": now, "prev_path": prev.path},
            evidence={"previous_report": prev.path, "previous": before, "current": now}, table="表三")


@kind("similarity", params={"threshold": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.8},
                                   "min_shingles": {"type": "integer", "minimum": 1, "default": 50}}, cross=True)
def similarity(prev: Summary, cur: Summary, params: dict) -> Iterator[Problem]:
    """X804: the narrative (every section's text) nearly identical to last year's (内容雷同)."""
    a, b = prev.shingles, cur.shingles
    if len(a) < params.get("min_shingles", 50) or len(b) < params.get("min_shingles", 50):
        return
    score = jaccard(a, b)
    if score >= params.get("threshold", 0.8):
        yield Problem("/sections", {"percent": round(score * 100), "prev_year": prev.year, "prev_path": prev.path},
                      evidence={"previous_report": prev.path, "jaccard": round(score, 3)})



@kind("impossible_repeal", cross=True)
def impossible_repeal(prev: Summary, cur: Summary, params: dict) -> Iterator[Problem]:
    """X805: more repealed this year than were in force last year plus issued this year."""
    for key, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        before, now = prev.proactive.get(key, {}), cur.proactive.get(key, {})
        values = [numeric(before.get("in_force")), numeric(now.get("issued")), numeric(now.get("repealed"))]
        if None in values:
            continue
        prev_in_force, issued, repealed = values
        if repealed > prev_in_force + issued:
            yield Problem(f"/tables/proactive/{key}/repealed", {
                "row": label, "repealed": repealed, "prev_year": prev.year, "prev": prev_in_force,
                "issued": issued, "prev_path": prev.path},
                evidence={"previous_report": prev.path}, table="表二", row=label, col="本年废止件数")
