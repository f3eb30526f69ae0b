"""A report's status, score and grade.

Only what the document itself gets wrong costs points: a finding whose origin
is the reading (a table the tool could not read, a cell it could not verify)
never lowers a score.  A file whose tables could not all be read is ``partial``:
its score covers what was read.  A file that is no report in scope is
``not-graded`` and has no score at all.
"""

from __future__ import annotations

from typing import Iterable

from lint.engine.selection import longest_prefix
from lint.model import COMPLETE, NOT_GRADED, PARTIAL, READING, FileResult, Finding, Severity
from lint.records import record

_DEFAULT_GRADES = [{"min": 90, "grade": "A"}, {"min": 75, "grade": "B"}, {"min": 60, "grade": "C"},
                   {"min": 0, "grade": "D"}]


@record(frozen=True)
class Scoring:
    """Findings to a score out of 100 and a grade; packs choose the weights."""

    weights: dict[str, float]
    codes: dict[str, float]
    cap: dict[str, float]
    grades: list[tuple[float, str]]

    @classmethod
    def from_dict(cls, data: dict) -> "Scoring":
        weights = {"error": 15.0, "warning": 3.0, "info": 0.0, **(data.get("weights") or {})}
        grades = sorted(((g["min"], g["grade"]) for g in data.get("grades") or _DEFAULT_GRADES), reverse=True)
        return cls(weights, dict(data.get("codes") or {}), dict(data.get("cap") or {}), grades)

    def score(self, findings: Iterable[Finding]) -> tuple[int, str]:
        taken: dict[str, float] = {}
        for finding in findings:
            if finding.origin == READING:
                continue  # what the tool could not read is no fault of the report
            prefix = longest_prefix(finding.code, self.codes)
            points = self.codes[prefix] if prefix else self.weights.get(finding.severity.label, 0.0)
            cap_key = longest_prefix(finding.code, self.cap) or finding.code
            taken[cap_key] = taken.get(cap_key, 0.0) + points
        total = sum(min(v, self.cap[k]) if k in self.cap else v for k, v in taken.items())
        score = max(0, round(100 - total))
        grade = next((g for minimum, g in self.grades if score >= minimum), self.grades[-1][1])
        return score, grade


def final_status(result: FileResult, not_graded: set[str]) -> str:
    """The status once every finding is known: what reading said, lowered by reading findings left.

    ``not_graded`` holds the codes whose finding makes a file no gradable report (the
    pack's rules with ``status: not-graded``: not a report, out of scope).
    """
    if result.status == NOT_GRADED or any(f.code in not_graded for f in result.findings):
        return NOT_GRADED
    if result.status == PARTIAL or any(f.origin == READING and f.severity >= Severity.WARNING
                                       for f in result.findings):
        return PARTIAL
    return COMPLETE


def grade(result: FileResult, scoring: Scoring | None, not_graded: set[str]) -> None:
    """Set the result's final status, and its score and grade where it is graded."""
    result.status = final_status(result, not_graded)
    if scoring is None or result.status == NOT_GRADED:
        result.score = result.grade = None
        return
    result.score, result.grade = scoring.score(result.findings)


# ---------------------------------------------------------------------------------------- indicators

@record(frozen=True)
class Deduction:
    """Points an indicator takes for findings of some codes: once, or for each finding."""

    codes: tuple[str, ...]
    points: float
    each: bool = False


@record(frozen=True)
class Indicator:
    """One item of an evaluator's score sheet (an indicator id, its title, what deducts how much)."""

    id: str
    title: str
    title_en: str
    points: float  # the most this item can take
    deductions: tuple[Deduction, ...]
    group: str = ""
    #: what a unit on the roster with no report for the year loses on this item
    missing: float = 0.0
    #: what a unit the roster found late loses (the roster's own date, when the report gives none)
    late: float = 0.0
    note: str = ""


@record(frozen=True)
class Indicators:
    """An evaluator's indicator list as a pack defines it (``indicators:``)."""

    name: str
    source: str
    items: tuple[Indicator, ...]
    #: group → the most the group's items can take together (the category's points)
    groups: dict[str, float]

    @classmethod
    def from_dict(cls, data: dict) -> "Indicators":
        items = []
        for raw in data.get("items") or []:
            deductions = tuple(Deduction(tuple(d["codes"]), float(d["points"]), d.get("per") == "finding")
                               for d in raw.get("deduct") or [])
            items.append(Indicator(raw["id"], raw["title"], raw.get("title_en") or raw["title"],
                                   float(raw["points"]), deductions, raw.get("group", ""),
                                   float(raw.get("missing", 0)), float(raw.get("late", 0)), raw.get("note", "")))
        groups = {g["name"]: float(g["points"]) for g in data.get("groups") or []}
        return cls(data.get("name", ""), data.get("source", ""), tuple(items), groups)

    def sheet(self, findings: Iterable[Finding] | None, *, late: bool = False) -> list[dict]:
        """One line per indicator: what it deducts and the findings behind it.

        ``findings`` None stands for a unit with no report: each item takes its ``missing``
        points.  ``late``: the roster found the report late (its ``late`` points).  Findings
        about what the tool could not read never deduct.
        """
        if findings is None:
            return [{"indicator": item, "deduction": min(item.missing, item.points), "findings": []}
                    for item in self.items]
        kept = [f for f in findings if f.origin != READING]
        lines = []
        for item in self.items:
            taken, behind = 0.0, []
            for deduction in item.deductions:
                hits = [f for f in kept if any(f.code.startswith(c) for c in deduction.codes)]
                if hits:
                    taken += deduction.points * (len(hits) if deduction.each else 1)
                    behind.extend(h for h in hits if h not in behind)
            if late and item.late:
                taken += item.late
            lines.append({"indicator": item, "deduction": min(taken, item.points), "findings": behind,
                          "late": bool(late and item.late)})
        return lines

    def total(self, lines: list[dict]) -> float:
        """The deduction of all lines, each group capped at its points."""
        by_group: dict[str, float] = {}
        for line in lines:
            group = line["indicator"].group
            by_group[group] = by_group.get(group, 0.0) + line["deduction"]
        return sum(min(v, self.groups[g]) if g in self.groups else v for g, v in by_group.items())

    @property
    def full(self) -> float:
        """The points the sheet's items are out of: each group's points, or its items' points."""
        by_group: dict[str, float] = {}
        for item in self.items:
            by_group[item.group] = by_group.get(item.group, 0.0) + item.points
        return sum(min(v, self.groups[g]) if g in self.groups else v for g, v in by_group.items())
