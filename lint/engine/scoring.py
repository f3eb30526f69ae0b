"""A report's status, score and grade.

Only what the document itself gets wrong costs points: a finding whose origin
is the reading (a table the tool could not read, a cell it could not verify)
never lowers a score.  A file whose tables could not all be read is ``partial``:
its score covers what was read.  A file that is no report in scope is
``not-graded`` and has no score at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from lint.engine.selection import longest_prefix
from lint.model import COMPLETE, NOT_GRADED, PARTIAL, READING, FileResult, Finding, Severity

_DEFAULT_GRADES = [{"min": 90, "grade": "A"}, {"min": 75, "grade": "B"}, {"min": 60, "grade": "C"},
                   {"min": 0, "grade": "D"}]


@dataclass(frozen=True)
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
