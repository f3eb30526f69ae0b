"""Which part of the report a finding belongs to, for outputs that show findings part by part.

The parts, in document order: the whole report (what has no one place: the format
read, the file itself), the title and introduction, then sections 一 to 六.  A
finding about a table belongs to the section the table stands in; a finding about
a sentence of the narrative (C7xx compares it with a table) belongs where the
sentence stands (``evidence.narrative_pointer``).
"""

from __future__ import annotations

from lint.model import Finding
from lint.vocab.sections import SECTION_KEYS, TITLES, TITLES_EN

WHOLE, FRONT = "whole", "front"
#: the parts in the order a report prints them
ORDER = (WHOLE, FRONT, *SECTION_KEYS)
_FRONT_KEYS = {"title", "agency", "year", "intro", "published", "level", "format", "source_form", "period"}
_NAMES = {"zh": {WHOLE: "全文", FRONT: "标题与前言"}, "en": {WHOLE: "Whole report", FRONT: "Title and introduction"}}


def part_of(finding: Finding) -> str:
    """A section key, FRONT or WHOLE."""
    evidence = finding.evidence if isinstance(finding.evidence, dict) else {}
    narrative = evidence.get("narrative_pointer")
    pointer = narrative if isinstance(narrative, str) and narrative else finding.location.pointer or ""
    parts = pointer.split("/")
    if len(parts) > 2 and parts[1] in ("sections", "tables") and parts[2] in SECTION_KEYS:
        return parts[2]
    if len(parts) > 1 and parts[1] in _FRONT_KEYS and not (parts[1] == "format" and len(parts) == 2):
        return FRONT
    return WHOLE


def part_title(key: str, lang: str) -> str:
    if key in SECTION_KEYS:
        return (TITLES_EN if lang == "en" else TITLES)[key]
    return _NAMES["en" if lang == "en" else "zh"][key]


def by_part(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """(part, its findings) in document order; within a part the findings in document order, the most
    severe first at one place (:meth:`Finding.sort_key`)."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(part_of(finding), []).append(finding)
    return [(key, sorted(groups[key], key=Finding.sort_key)) for key in ORDER if key in groups]
