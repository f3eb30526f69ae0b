"""PDF table parts as grids: cells placed by their coordinates, and tables cut by page breaks joined back.

A ruled table printed over several pages arrives as one part per page.  The
parts are joined when nothing but page furniture stands between them and their
columns agree; a header row repeated on the next page is kept once; a merged
cell cut by the page break continues; and a row that the page break itself cut
in two (its label goes on at the top of the next page, its numbers stayed on the
first) becomes one row again, so its label is not read as a second row.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from typing import Any

from lint.ingest.document import Block, Cell, Paragraph, Place, Table
from lint.records import record

TOLERANCE = 3.0  # points: ruling lines closer than this are one line (pdfplumber's snap tolerance)


@record
class Part:
    """The piece of one ruled table printed on one page."""

    page: int
    top: float
    bottom: float
    cells: list[tuple[float, float, float, float, str]]  # x0, top, x1, bottom, text

    @property
    def xs(self) -> list[float]:
        return boundaries([c[0] for c in self.cells] + [c[2] for c in self.cells])

    @property
    def ys(self) -> list[float]:
        return boundaries([c[1] for c in self.cells] + [c[3] for c in self.cells])


# ---------------------------------------------------------------- grids and joining


def boundaries(values: list[float], tolerance: float = TOLERANCE) -> list[float]:
    """The distinct lines among ``values``: values closer than ``tolerance`` are one line."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _index(bounds: list[float], value: float) -> int:
    """The position of the boundary nearest ``value`` in the sorted ``bounds``; of several as near, the first."""
    at = bisect_left(bounds, value)
    if at == 0:
        return 0
    if at < len(bounds) and abs(bounds[at] - value) < abs(bounds[at - 1] - value):
        return at
    nearest = at - 1  # distances fall towards ``value``: walk back over any that round to the same
    while nearest > 0 and abs(bounds[nearest - 1] - value) == abs(bounds[nearest] - value):
        nearest -= 1
    return nearest


def span(xs: list[float], ys: list[float], x0: float, top: float, x1: float,
         bottom: float) -> tuple[int, int, int, int]:
    """(first column, first row, end column, end row) of the grid positions a cell's box covers on the
    boundaries ``xs``/``ys``; a degenerate (zero-width or zero-height) cell still takes one position."""
    c0, r0 = min(_index(xs, x0), len(xs) - 2), min(_index(ys, top), len(ys) - 2)
    c1 = min(max(_index(xs, x1), c0 + 1), len(xs) - 1)
    r1 = min(max(_index(ys, bottom), r0 + 1), len(ys) - 1)
    return c0, r0, c1, r1


@record
class _Slot:
    text: str
    page: int
    origin: int  # which printed cell covers this position
    merged: bool


def grid(part: Part, xs: list[float], first_origin: int) -> list[list[_Slot | None]]:
    """The part's cells on the table's column boundaries ``xs``; a merged cell fills every position it covers."""
    ys = part.ys
    rows: list[list[_Slot | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    for n, (x0, top, x1, bottom, text) in enumerate(part.cells):
        c0, r0, c1, r1 = span(xs, ys, x0, top, x1, bottom)
        for r in range(r0, r1):
            for c in range(c0, c1):
                if rows[r][c] is None:
                    rows[r][c] = _Slot(text, part.page, first_origin + n, (r, c) != (r0, c0))
    return rows


def _compatible(xs: list[float], other: list[float]) -> bool:
    """One part's column rulings are a subset of the other's: the same table's columns."""
    small, large = sorted((xs, other), key=len)
    return all(any(abs(a - b) <= TOLERANCE for b in large) for a in small) and \
        abs(small[0] - large[0]) <= TOLERANCE and abs(small[-1] - large[-1]) <= TOLERANCE


@record
class _Joined:
    parts: list[Part]

    @property
    def xs(self) -> list[float]:
        return max((p.xs for p in self.parts), key=len)

    @property
    def top(self) -> float:
        return self.parts[0].top


def join_tables(flow: list[Any]) -> list[Any]:
    """Join a table continued at the top of the next page with nothing printed in between."""
    out: list[Any] = []
    for item in flow:
        if isinstance(item, Part):
            previous = out[-1] if out else None
            if (isinstance(previous, _Joined) and previous.parts[-1].page == item.page - 1
                    and _compatible(previous.xs, item.xs)):
                previous.parts.append(item)
                continue
            out.append(_Joined([item]))
        else:
            out.append(item)
    return out


def _table_rows(joined: _Joined) -> list[list[_Slot | None]]:
    xs = joined.xs
    rows: list[list[_Slot | None]] = []
    origin = 0
    for part in joined.parts:
        part_rows = grid(part, xs, origin)
        origin += len(part.cells)
        if rows:
            part_rows = _drop_repeated_header(rows, part_rows)
            if _continues_row(rows[-1], part_rows):
                _join_continued_row(rows, part_rows)
                part_rows = part_rows[1:]
            _continue_merged_cells(rows[-1], part_rows)
        rows.extend(part_rows)
    return rows


def _texts(row: list[_Slot | None]) -> list[str]:
    return [s.text if s else "" for s in row]


def _drop_repeated_header(table: list[list[_Slot | None]], grid: list[list[_Slot | None]]) -> list[list[_Slot | None]]:
    """Word repeats header rows on each page; keep them once."""
    k = 0
    while k < len(grid) and k < len(table) and any(_texts(grid[k])) and _texts(grid[k]) == _texts(table[k]):
        k += 1
    return grid[k:]


#: A printed value (a count, an amount) and a label's list numbering (1. （一） 一、).
_VALUE = re.compile(r"^[+\-−]?\d[\d,，.]*%?$")
_NUMBERED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、])")


def _continues_row(above: list[_Slot | None], grid: list[list[_Slot | None]]) -> bool:
    """Whether the part's first row is the rest of the row above it, cut by the page break.

    The page break cut a row when the top row of the new page only goes on with
    the text of cells above it (no value, no list number of its own) and leaves
    empty a cell whose number was printed on the first page.
    """
    if not grid:
        return False
    first = grid[0]
    cut = False
    for c, slot in enumerate(first):
        over = above[c] if c < len(above) else None
        text, over_text = (slot.text if slot else ""), (over.text if over else "")
        if text:
            if slot is not None and slot.merged or not over_text or _VALUE.match(text) or _NUMBERED.match(text):
                return False
        elif _VALUE.match(over_text):
            cut = True
    return cut and any(slot is not None and slot.text for slot in first)


def _join_continued_row(rows: list[list[_Slot | None]], grid: list[list[_Slot | None]]) -> None:
    """Put the text of the part's first row back at the end of the cells above it (the row is then dropped)."""
    above = rows[-1]
    for c, slot in enumerate(grid[0]):
        over = above[c]
        if slot is None or not slot.text or over is None:
            continue
        joined = over.text + "\n" + slot.text
        for row in rows:
            for s in row:
                if s is not None and s.origin == over.origin:
                    s.text = joined
        for row in grid[1:]:
            for s in row:
                if s is not None and s.origin == slot.origin:
                    s.text, s.merged, s.origin = joined, True, over.origin


def _continue_merged_cells(above: list[_Slot | None], grid: list[list[_Slot | None]]) -> None:
    """A vertically merged cell cut by the page break prints empty on the next page: it is the cell above."""
    if not grid:
        return
    for c, slot in enumerate(grid[0]):
        over = above[c] if c < len(above) else None
        if slot is None or over is None or slot.text or not over.text or slot.merged:
            continue
        same_width = _width(above, over.origin) == _width(grid[0], slot.origin)
        if not same_width:
            continue
        for row in grid:
            for s in row:
                if s is not None and s.origin == slot.origin:
                    s.text, s.merged = over.text, True


def _width(row: list[_Slot | None], origin: int) -> int:
    return sum(1 for s in row if s is not None and s.origin == origin)


def to_blocks(flow: list[Any]) -> list[Block]:
    blocks: list[Block] = []
    line_numbers: Counter[int] = Counter()
    table_index = 0
    for item in flow:
        if not isinstance(item, _Joined):
            line_numbers[item.page] += 1
            blocks.append(Paragraph(item.text, Place(page=item.page, line=line_numbers[item.page])))
            continue
        rows: list[list[Cell]] = []
        for r, slots in enumerate(_table_rows(item)):
            page = next((s.page for s in slots if s is not None), item.parts[0].page)
            rows.append([Cell(s.text if s else "", Place(page=s.page if s else page, table_index=table_index,
                                                          row_index=r, col_index=c), merged=bool(s and s.merged))
                         for c, s in enumerate(slots)])
        blocks.append(Table(rows=rows, place=Place(page=item.parts[0].page, table_index=table_index)))
        table_index += 1
    return blocks
