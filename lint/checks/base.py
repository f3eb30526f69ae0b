"""What every check kind shares: the Problem it yields, the Context it reads, cell semantics."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from lint.model import SourceMap
from lint.records import record
from lint.vocab import tables as L
from lint.vocab.text import compact  # noqa: F401  (the check kinds match narrative by it)
from lint.vocab.values import BLANK, DECIMAL, NA, NEGATIVE, NUMBER, TEXT, classify, numeric  # noqa: F401


@record
class Problem:
    """One thing a check found.  The engine turns it into a Finding with the rule's code,
    severity and message template (``args`` fill the template; ``variant`` picks one)."""

    pointer: str
    args: dict[str, Any] = field(default_factory=dict)
    variant: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    cells: tuple[str, ...] = ()
    table: str | None = None
    row: str | None = None
    col: str | None = None
    #: where in the file to show the finding when that differs from ``pointer``'s own place:
    #: a narrative sentence (in 一) that contradicts the table of another section (三)
    place: str | None = None
    #: "reading" when this finding is about what could not be read or verified rather than about
    #: the document; None takes the rule's own origin
    origin: str | None = None


class Context:
    """The report as checks see it: typed accessors that never raise on a malformed report."""

    def __init__(self, report: dict, source_map: SourceMap | None = None, path: str = "") -> None:
        self.report = report
        self.source_map = source_map or SourceMap()
        self.path = path
        # rules read the same cells many times; the report does not change while they run
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, compute):
        """A value computed once per report and shared by every rule (e.g. the identities of 表三)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def year(self) -> int | None:
        year = self.report.get("year")
        return year if isinstance(year, int) and not isinstance(year, bool) else None

    @property
    def format(self) -> str:
        fmt = self.report.get("format")
        if fmt in ("2021", "2019"):
            return fmt
        return "2019" if (self.year or 2021) < 2021 else "2021"

    def section(self, key: str) -> dict | None:
        sections = self.report.get("sections")
        if not isinstance(sections, dict):
            return None
        value = sections.get(key)
        return value if isinstance(value, dict) else None

    def section_text(self, key: str) -> str | None:
        section = self.section(key)
        if section is None:
            return None
        text = section.get("text")
        return text if isinstance(text, str) else ""

    def section_body(self, key: str) -> str | None:
        """The section's text with the parts the report numbered on its own inside it
        ("一、总体情况" followed by "二、工作机制保障", "三、主动公开工作情况"…): the reader
        keeps such headings apart (S108), but what they say belongs to the section."""
        text = self.section_text(key)
        if text is None:
            return None
        extra = self.report.get("extra_sections")
        parts = [f"{part.get('title') or ''}\n{part.get('text') or ''}" for part in extra
                 if isinstance(part, dict) and part.get("after") == key] if isinstance(extra, list) else []
        return "\n".join([text, *parts]) if parts else text

    def narrative(self) -> str:
        """Intro, every section's text and the parts the report numbered on its own, for rules that
        may look anywhere."""
        parts = [self.report.get("intro") or ""]
        for key in L.SECTION_KEYS:
            parts.append(self.section_text(key) or "")
        extra = self.report.get("extra_sections")
        for part in extra if isinstance(extra, list) else []:
            if isinstance(part, dict):
                parts += [part.get("title") or "", part.get("text") or ""]
        return "\n".join(p for p in parts if isinstance(p, str))

    def table(self, key: str) -> dict | None:
        tables = self.report.get("tables")
        if not isinstance(tables, dict):
            return None
        value = tables.get(key)
        return value if isinstance(value, dict) else None

    def get(self, pointer: str) -> Any:
        """Resolve a JSON pointer; ``MISSING`` where any step is absent or of the wrong type."""
        key = "get:" + pointer
        if key not in self._memo:
            self._memo[key] = self._resolve(pointer)
        return self._memo[key]

    def _resolve(self, pointer: str) -> Any:
        node: Any = self.report
        for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict):
                if part not in node:
                    return MISSING
                node = node[part]
            elif isinstance(node, list):
                if not part.isdigit() or int(part) >= len(node):
                    return MISSING
                node = node[int(part)]
            else:
                return MISSING
        return node

    def label(self, pointer: str, default: str) -> str:
        return L.printed_label(self.report, pointer, default)

    # ---- table layouts ------------------------------------------------

    def applications_layout(self) -> str:
        """'2019' when （六）其他处理 is printed as one row, whatever the report's year."""
        other = self.get("/tables/applications/results/other")
        if isinstance(other, list):
            return "2019"
        if isinstance(other, dict):
            return "2021"
        return self.format

    def applications_rows(self) -> list[tuple[str, L.Row]]:
        """(pointer, row) for every data row of 表三 in the report's layout."""
        return [("/tables/applications" + row.pointer_suffix, row)
                for row in L.applications_rows(self.applications_layout())]

    def row_label(self, pointer: str, row: L.Row) -> str:
        return self.label(pointer, L.short_row_label(row))

    def column_label(self, index: int) -> str:
        return self.label(f"/tables/applications/columns/{index}", L.APPLICANT_COLUMNS[index])


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()

