"""Findings, severities and locations: the records every part of xxgk-lint shares."""

from __future__ import annotations

import enum
from dataclasses import field
from typing import Any

from lint.records import filled, record


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None

    @property
    def label(self) -> str:
        return self.name.lower()


SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}

#: What a finding is about (Contract 2): the document has the problem and the agency must act, or the
#: tool could not read or verify something and a person should look.  Reading findings never lower a score.
DOCUMENT, READING = "document", "reading"
ORIGINS = (DOCUMENT, READING)

#: What was checked of a file (Contract 2): everything the rules need was read; some tables or sections
#: could not be read (the score covers what was); or it is no report in scope and gets no score.
COMPLETE, PARTIAL, NOT_GRADED = "complete", "partial", "not-graded"
STATUSES = (COMPLETE, PARTIAL, NOT_GRADED)


@record(frozen=True)
class Location:
    """Where a finding points: a JSON pointer into the report and, where known, the source."""

    pointer: str = ""
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    page: int | None = None
    table: str | None = None  # table label as printed, e.g. 表三
    row: str | None = None  # row label as printed
    col: str | None = None  # column label as printed
    #: where in a document without lines the place is: the 0-based index of the paragraph among the
    #: document's paragraphs, or of the table and the row and column of its grid (Word, HTML)
    paragraph: int | None = None
    table_index: int | None = None
    row_index: int | None = None
    col_index: int | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Location":
        anchor = data.get("anchor") or {}
        return cls(pointer=data.get("pointer", ""), line=data.get("line"), column=data.get("column"),
                   page=data.get("page"), table=data.get("table"), row=data.get("row"), col=data.get("column_label"),
                   paragraph=anchor.get("paragraph"), table_index=anchor.get("table"),
                   row_index=anchor.get("row"), col_index=anchor.get("column"))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"pointer": self.pointer}
        for key in ("line", "column", "page", "table", "row"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.col is not None:
            out["column_label"] = self.col
        anchor = {name: value for name, value in (("paragraph", self.paragraph), ("table", self.table_index),
                                                   ("row", self.row_index), ("column", self.col_index))
                  if value is not None}
        if anchor:
            out["anchor"] = anchor
        return out


def place_location(pointer: str, place: Any, table: str | None = None, row: str | None = None,
                   col: str | None = None) -> Location:
    """The Location of ``pointer`` at a document's ``place`` (any object with Place's fields, or None), with
    the table, row and column labels printed there ('' counts as none)."""
    if place is None:
        return Location(pointer=pointer, table=table, row=row or None, col=col or None)
    # (filled, not Location(...): a frozen record's __init__ sets field by field)
    return filled(Location, {"pointer": pointer, "line": place.line, "column": place.column, "page": place.page,
                             "table": table, "row": row or None, "col": col or None, "paragraph": place.paragraph,
                             "table_index": place.table_index, "row_index": place.row_index,
                             "col_index": place.col_index})


def _moved(location: Location, pointer: str) -> Location:
    """``location`` for another pointer (what ``dataclasses.replace`` gives, without its checks: findings ask
    this of every place they point at)."""
    return filled(Location, {**location.__dict__, "pointer": pointer})


class SourceMap:
    """Maps JSON pointers of a report to places in the file it came from.

    A pointer with no entry of its own takes the place of its nearest ancestor,
    so a finding about a missing cell still points at its row.
    """

    def __init__(self, entries: dict[str, Location] | None = None) -> None:
        # a Location, or (line, column) until someone asks: loading makes hundreds per report
        self._entries: dict[str, Location | tuple[int, int]] = dict(entries or {})
        #: the text of a YAML/JSON report, kept so suppression comments are read without a second read
        self.text: str | None = None
        #: text pointer → [(offset in the text, place of the printed paragraph starting there)], in order:
        #: where each paragraph of a section's text stands in a document
        self._spans: dict[str, list[tuple[int, Location]]] = {}

    def add(self, pointer: str, location: Location) -> None:
        self._entries[pointer] = location

    def add_position(self, pointer: str, line: int, column: int) -> None:
        """A place known only by line and column: stored as a tuple, made a Location when asked for."""
        self._entries[pointer] = (line, column)

    def add_place(self, pointer: str, place: Any, table: str | None = None, row: str | None = None,
                  col: str | None = None) -> None:
        """A document's place (a :class:`lint.ingest.document.Place`) and the table, row and column labels
        printed there: stored as they are, made a Location when asked for (a document's tables have hundreds
        of cells, and few are ever asked for)."""
        self._entries[pointer] = (place, table, row, col)

    def positions(self) -> dict[str, tuple[int, int]]:
        """Every pointer's (line, column): plain data, to store and give back to ``SourceMap(...)``."""
        return {k: (v.line, v.column) if not isinstance(v, tuple) else v if len(v) == 2 else (v[0].line, v[0].column)
                for k, v in self._entries.items()}

    def __contains__(self, pointer: str) -> bool:
        return pointer in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def items(self):
        return ((k, self._get(k)) for k in self._entries)

    def _get(self, pointer: str) -> Location | None:
        found = self._entries.get(pointer)
        if isinstance(found, tuple):
            found = self._entries[pointer] = (Location(pointer=pointer, line=found[0], column=found[1])
                                              if len(found) == 2 else place_location(pointer, *found))
        return found

    def add_span(self, pointer: str, offset: int, location: Location) -> None:
        """The paragraph printed at ``location`` starts at ``offset`` of the text at ``pointer``."""
        self._spans.setdefault(pointer, []).append((offset, location))

    def lookup_offset(self, pointer: str, offset: int) -> Location | None:
        """The place of the paragraph that holds character ``offset`` of the text at ``pointer``, if known."""
        spans = self._spans.get(pointer)
        if not spans:
            return None
        found = None
        for start, location in spans:
            if start > offset:
                break
            found = location
        return _moved(found, pointer) if found is not None else None

    def lookup(self, pointer: str) -> Location:
        probe = pointer
        while True:
            found = self._get(probe)
            if found is not None:
                return _moved(found, pointer)
            if not probe:
                return Location(pointer=pointer)
            probe = probe.rsplit("/", 1)[0]


@record
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    hint: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    #: findings that follow from this one (the same wrong cell breaking other identities)
    consequences: list["Finding"] = field(default_factory=list)
    #: cells (JSON pointers) the finding rests on; the engine uses them to find a root cause
    cells: tuple[str, ...] = ()
    origin: str = DOCUMENT
    #: the report text at the finding's place, for people (lint.report.excerpt): {"text", "marks"}; the
    #: checker adds it only for outputs that show it
    excerpt: dict[str, Any] | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Finding":
        return cls(code=data["code"], name=data["name"], severity=Severity.parse(data["severity"]),
                   message=data["message"], location=Location.from_dict(data["location"]),
                   hint=data.get("hint", ""), evidence=data.get("evidence", {}), source=data.get("source", ""),
                   consequences=[cls.from_dict(c) for c in data.get("consequences", [])],
                   origin=data.get("origin", DOCUMENT), excerpt=data.get("excerpt"))

    def sort_key(self) -> tuple:
        """Document order: page, then line and column (or paragraph and table cell where there are no
        lines), then the most severe first within one place."""
        loc = self.location
        return (loc.page or 0, loc.line or 0, loc.paragraph if loc.paragraph is not None else -1,
                loc.table_index if loc.table_index is not None else -1, loc.row_index or 0, loc.col_index or 0,
                loc.column or 0, -self.severity, loc.pointer, self.code)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.label,
            "origin": self.origin,
            "message": self.message,
            "location": self.location.to_dict(),
        }
        if self.evidence:
            out["evidence"] = self.evidence
        if self.hint:
            out["hint"] = self.hint
        if self.source:
            out["source"] = self.source
        if self.consequences:
            out["consequences"] = [c.to_dict() for c in self.consequences]
        if self.excerpt:
            out["excerpt"] = self.excerpt
        return out


@record
class FileResult:
    """What checking one input file produced."""

    path: str
    findings: list[Finding]
    format: str | None = None
    agency: str | None = None
    year: int | None = None
    score: int | None = None
    grade: str | None = None
    status: str = COMPLETE

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "FileResult":
        return cls(data["path"], [Finding.from_dict(f) for f in data["findings"]], data.get("format"),
                   data.get("agency"), data.get("year"), data.get("score"), data.get("grade"),
                   data.get("status", COMPLETE))

    def counts(self) -> dict[str, int]:
        counts = {s.label: 0 for s in Severity}
        for finding in self.findings:
            counts[finding.severity.label] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        out = {
            "path": self.path,
            "format": self.format,
            "agency": self.agency,
            "year": self.year,
            "status": self.status,
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.score is not None:
            out["score"] = self.score
            out["grade"] = self.grade
        return out
