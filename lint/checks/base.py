"""What every check kind shares: the Problem it yields, the Context it reads, cell semantics."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lint.vocab import tables as L
from lint.model import SourceMap


@dataclass
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

    def narrative(self) -> str:
        """Intro and every section's text, for rules that may look anywhere."""
        parts = [self.report.get("intro") or ""]
        for key in L.SECTION_KEYS:
            parts.append(self.section_text(key) or "")
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

# ---------------------------------------------------------------- cell semantics

NUMBER, BLANK, NA, TEXT, NEGATIVE, DECIMAL = "number", "blank", "na", "text", "negative", "decimal"

_NA_TEXT = {"/", "-", "—", "——", "–", "不适用", "无", "/ ", "×"}
_PLAIN_NUMBER = re.compile(r"^[+]?\d+$")
_SIGNED = re.compile(r"^[+-]\d+$")


@lru_cache(maxsize=512)
def compact(text: str) -> str:
    """NFKC and no whitespace: how narrative is matched, across PDF line breaks and stray spaces.

    Cached: every narrative rule reads the same few section texts of a report."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _normalise_text(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).strip()
    text = re.sub(r"\s+", "", text)
    return text.replace(",", "").rstrip("件")


def classify(value: Any, *, allow_decimal: bool = False, allow_sign: bool = False) -> str:
    if isinstance(value, (dict, list)):
        return TEXT
    return _classify(value, allow_decimal, allow_sign)


@lru_cache(maxsize=4096, typed=True)  # typed: True and 1, 1.0 and 1 are different cells
def _classify(value: Any, allow_decimal: bool, allow_sign: bool) -> str:
    """The meaning of a cell: number, blank, na ("/"), text, negative or decimal."""
    if value is None:
        return BLANK
    if isinstance(value, bool):
        return TEXT
    if isinstance(value, int):
        if value < 0 and not allow_sign:
            return NEGATIVE
        return NUMBER
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return TEXT
        if value < 0 and not allow_sign:
            return NEGATIVE
        if not allow_decimal and not value.is_integer():
            return DECIMAL
        if not allow_decimal:
            return DECIMAL  # a count written as 3.0 is still not a count
        return NUMBER
    if isinstance(value, str):
        text = _normalise_text(value)
        if not text:
            return BLANK
        if text in _NA_TEXT or value.strip() in _NA_TEXT:
            return NA
        if _PLAIN_NUMBER.match(text):
            return NUMBER
        if _SIGNED.match(text):
            return NUMBER if allow_sign else (NEGATIVE if text.startswith("-") else NUMBER)
        try:
            number = float(text.rstrip("万元"))
        except ValueError:
            return TEXT
        if number < 0 and not allow_sign:
            return NEGATIVE
        return NUMBER if allow_decimal else DECIMAL
    return TEXT


def numeric(value: Any) -> int | None:
    """The integer a count cell holds, or None when it holds none (blank, "/", text...)."""
    if classify(value) != NUMBER:
        return None
    if isinstance(value, int):
        return value
    return int(_normalise_text(str(value)).lstrip("+"))
