"""The arithmetic identities of 表三 and 表四, shared by the balance checks (B3xx).

表三, for every column:   一 + 二 = （七）总计 + 四            (the note printed in the table)
表三, for every column:   （七）总计 = the sum of every 办理结果 row
表三, for every row:      总计 = 自然人 + 商业企业 + … + 其他
表四, for every group:    总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结
"""

from __future__ import annotations

from typing import Iterator

from lint.records import record
from lint.vocab import tables as L
from lint.checks.base import MISSING, Context, classify, numeric, NUMBER


@record
class Term:
    pointer: str
    label: str
    value: object


@record
class Identity:
    kind: str  # column | results_total | row_total | appeals_total
    pointer: str  # where a finding about it points
    table: str
    row: str | None
    col: str | None
    left: list[Term]
    right: list[Term]

    @property
    def terms(self) -> list[Term]:
        return self.left + self.right

    @property
    def cells(self) -> tuple[str, ...]:
        return tuple(t.pointer for t in self.terms)

    def unevaluable(self) -> list[Term]:
        """Terms that hold no number: blank, "/", text, or absent."""
        if not hasattr(self, "_unevaluable"):
            self._unevaluable = [t for t in self.terms if t.value is MISSING or classify(t.value) != NUMBER]
        return self._unevaluable

    def sides(self) -> tuple[int, int]:
        """(sum of the left terms, sum of the right terms): worked out once (four rules and the grouping ask)."""
        if not hasattr(self, "_sides"):
            self._sides = (sum(numeric(t.value) for t in self.left), sum(numeric(t.value) for t in self.right))
        return self._sides


def _cell(ctx: Context, row_pointer: str, index: int) -> object:
    row = ctx.get(row_pointer)
    if isinstance(row, list) and index < len(row):
        return row[index]
    return MISSING


def applications(ctx: Context) -> Iterator[Identity]:
    if ctx.table("applications") is None:
        return
    rows = ctx.applications_rows()
    by_key = {row.path: (pointer, row) for pointer, row in rows}
    first = by_key[L.NEW_RECEIVED.path]
    second = by_key[L.CARRIED_OVER.path]
    total = by_key[L.RESULTS_TOTAL.path]
    fourth = by_key[L.CARRIED_FORWARD.path]
    items = [(p, r) for p, r in rows if r.path not in
             {L.NEW_RECEIVED.path, L.CARRIED_OVER.path, L.RESULTS_TOTAL.path, L.CARRIED_FORWARD.path}]

    row_labels = {pointer: ctx.row_label(pointer, row) for pointer, row in rows}
    assumed = assumed_totals(ctx)
    col_labels = [ctx.column_label(col) for col in range(7)]

    values = {pointer: ctx.get(pointer) for pointer, _row in rows}  # each row looked up once, not once a cell

    terms: dict[tuple[str, int], Term] = {}  # a cell is a term of two or three identities: one Term serves them

    def term(entry: tuple[str, L.Row], col: int) -> Term:
        pointer = entry[0]
        made = terms.get((pointer, col))
        if made is None:
            row = values[pointer]
            made = terms[(pointer, col)] = Term(f"{pointer}/{col}", row_labels[pointer],
                                                row[col] if isinstance(row, list) and col < len(row) else MISSING)
        return made

    for col in range(7):
        col_label = col_labels[col]
        yield Identity("column", f"{total[0]}/{col}", "表三", None, col_label,
                       [term(first, col), term(second, col)], [term(total, col), term(fourth, col)])
    for col in range(7):
        col_label = col_labels[col]
        yield Identity("results_total", f"{total[0]}/{col}", "表三", row_labels[total[0]], col_label,
                       [term(total, col)], [term(item, col) for item in items])
    for entry in rows:
        pointer, row = entry
        if ctx.get(pointer) is MISSING:
            continue  # a missing row is a completeness finding, not six unbalanced sums
        if pointer in assumed:
            continue  # its digits were split on the assumption that it adds up: not checked, not passed
        yield Identity("row_total", f"{pointer}/{L.TOTAL_COLUMN}", "表三", row_labels[pointer],
                       col_labels[L.TOTAL_COLUMN],
                       [term(entry, L.TOTAL_COLUMN)], [term(entry, col) for col in range(6)])


def assumed_totals(ctx: Context) -> set[str]:
    """Rows whose run-together digits were split on the assumption that their total adds up."""
    value = ctx.report.get("assumed_totals")
    return {p for p in value if isinstance(p, str)} if isinstance(value, list) else set()


def recovered_cells(ctx: Context) -> set[str]:
    """Cells the importer read from digits that ran together in the document."""
    value = ctx.report.get("recovered")
    return {p for p in value if isinstance(p, str)} if isinstance(value, list) else set()


def appeals(ctx: Context) -> Iterator[Identity]:
    if ctx.table("appeals") is None:
        return
    assumed = assumed_totals(ctx)
    for key, group_label, _en in L.APPEAL_GROUPS:
        pointer = f"/tables/appeals/{key}"
        if ctx.get(pointer) is MISSING or pointer in assumed:
            continue
        row_label = ctx.label(pointer, group_label)

        def term(i: int) -> Term:
            return Term(f"{pointer}/{i}", ctx.label(f"{pointer}/{i}", L.APPEAL_COLUMNS[i]), _cell(ctx, pointer, i))

        yield Identity("appeals_total", f"{pointer}/4", "表四", row_label, L.APPEAL_COLUMNS[4],
                       [term(4)], [term(i) for i in range(4)])


def all_identities(ctx: Context) -> list[Identity]:
    """Every identity of the report's 表三 and 表四, built once and shared by the balance rules."""
    return ctx.memo("identities", lambda: [*applications(ctx), *appeals(ctx)])


def describe_cell(ctx: Context, pointer: str) -> tuple[str, str, str]:
    """(table, row label, column label) of a 表三/表四 cell pointer, as printed where known."""
    parts = pointer.strip("/").split("/")
    if pointer.startswith("/tables/appeals/") and len(parts) == 4:
        group = parts[2]
        labels = {k: label for k, label, _ in L.APPEAL_GROUPS}
        row_pointer = "/" + "/".join(parts[:3])
        index = int(parts[3])
        return ("表四", ctx.label(row_pointer, labels.get(group, group)),
                ctx.label(pointer, L.APPEAL_COLUMNS[index]) if index < 5 else parts[3])
    if pointer.startswith("/tables/applications/"):
        row_pointer = "/" + "/".join(parts[:-1])
        index = int(parts[-1])
        for row_ptr, row in ctx.applications_rows():
            if row_ptr == row_pointer:
                return "表三", ctx.row_label(row_ptr, row), ctx.column_label(index) if index < 7 else parts[-1]
    return "", pointer, ""


# ---------------------------------------------------------------- identities as a checksum of OCR

#: a cell read by OCR less surely than this (the recogniser's own confidence, 0–1) is doubtful
MIN_CONFIDENCE = 0.9


def confidences(ctx: Context) -> dict[str, float]:
    """Pointer → recognition confidence of the cells read by OCR (empty for a document with a text layer)."""
    def read() -> dict[str, float]:
        ocr = ctx.report.get("ocr")
        if not isinstance(ocr, dict):
            return {}
        return {k: float(v) for k, v in ocr.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    return ctx.memo("ocr", read)


@record
class Suspect:
    """A doubtful cell whose misreading alone would explain every broken identity it is in."""

    pointer: str
    value: object
    confidence: float
    balancing: int  # the value that makes every identity of the cell hold
    identities: list[Identity]


@record
class Breaks:
    suspects: list[Suspect]
    #: broken identities with doubtful cells that no single cell explains
    unexplained: list[Identity]
    #: ids of the identities whose break is a reading doubt, not the document's error
    reading: set[int]


def _balancing(identity: Identity, pointer: str) -> int:
    left, right = identity.sides()
    term = next(t for t in identity.terms if t.pointer == pointer)
    on_left = any(t.pointer == pointer for t in identity.left)
    return numeric(term.value) - (left - right) if on_left else numeric(term.value) + (left - right)


def _explains(ctx: Context, pointer: str, by_cell: dict[str, list[Identity]]) -> int | None:
    """The one value of the cell that makes all its identities hold, when that differs from what was read."""
    needed = {_balancing(identity, pointer) for identity in by_cell.get(pointer, [])}
    if len(needed) != 1:
        return None
    value = needed.pop()
    return value if value >= 0 and value != numeric(ctx.get(pointer)) else None


def breaks(ctx: Context, threshold: float = MIN_CONFIDENCE) -> Breaks:
    """Sort the broken identities of an OCR-read report into reading doubts and the document's errors.

    A break that one doubtful cell explains (all the cell's identities break and
    agree on the value it should have) is a reading doubt about that cell.  A
    break that one clearly read cell explains is the document's.  Of the rest, a
    break with a doubtful cell among its terms cannot be laid on the document
    either.  Only a break among clearly read cells is an arithmetic error.
    """
    def sort() -> Breaks:
        conf = confidences(ctx)
        if not conf:
            return Breaks([], [], set())

        def doubtful(pointer: str) -> bool:
            return pointer in conf and conf[pointer] < threshold

        evaluable = [i for i in all_identities(ctx) if not i.unevaluable()]
        broken = [i for i in evaluable if i.sides()[0] != i.sides()[1]]
        by_cell: dict[str, list[Identity]] = {}
        for identity in evaluable:
            for t in identity.terms:
                by_cell.setdefault(t.pointer, []).append(identity)
        suspects: dict[str, Suspect] = {}
        for identity in broken:
            for t in identity.terms:
                if doubtful(t.pointer) and t.pointer not in suspects:
                    value = _explains(ctx, t.pointer, by_cell)
                    if value is not None:
                        suspects[t.pointer] = Suspect(t.pointer, t.value, conf[t.pointer], value, by_cell[t.pointer])
        reading = {id(i) for s in suspects.values() for i in s.identities}
        unexplained = []
        for identity in broken:
            if id(identity) in reading:
                continue
            if any(not doubtful(t.pointer) and _explains(ctx, t.pointer, by_cell) is not None for t in identity.terms):
                continue  # a clearly read cell accounts for it: the document's error
            if any(doubtful(t.pointer) for t in identity.terms):
                unexplained.append(identity)
                reading.add(id(identity))
        return Breaks(list(suspects.values()), unexplained, reading)
    return ctx.memo(f"breaks:{threshold}", sort)


def least_certain(ctx: Context, identity: Identity, count: int = 2) -> list[tuple[str, float]]:
    """The cells of an identity that OCR read least surely, least sure first."""
    conf = confidences(ctx)
    found = sorted({(conf[t.pointer], t.pointer) for t in identity.terms if t.pointer in conf})
    return [(pointer, value) for value, pointer in found[:count]]
