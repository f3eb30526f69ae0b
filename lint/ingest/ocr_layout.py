"""Rebuild lines, headings and table grids from recognised text boxes (the geometry of an OCR page).

The recogniser gives boxes of text with a position and a confidence; the page
image gives the printed cells of each ruled table (:mod:`lint.ingest.ocr_image`).
Here the boxes become what every other reader produces: a Paragraph per printed
line outside the tables and a Table grid per ruled table, each cell carrying
the confidence of the least certain box read into it, so the assembler and the
checks can tell a clear figure from a doubtful one.

Pure Python on numbers: no image library is needed here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import field

from lint.ingest.document import Block, Cell, Paragraph, Place, Table
from lint.ingest.pdfgrid import boundaries, span
from lint.records import record

MARGIN_TOP = 0.08  # fractions of the page height where running headers and page numbers live
MARGIN_BOTTOM = 0.10
#: a reading the recogniser did not give as such (a letter O taken for the digit 0) is at most this sure
REINTERPRETED = 0.75

_PAGE_NUMBER = re.compile(r"^[\s\-—–_·•.]*(第\s*)?\d{1,4}\s*(页)?(\s*[/／]\s*(共\s*)?\d{1,4}\s*页?)?[\s\-—–_·•.]*$")
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f]) +(?=\S)|(?<=\S) +(?=[^\x00-\x7f])")
# Specks next to a printed number read as dots or commas: "67." "·0" "1、"
_STRAY = "．.·•,，、'`‘’\"“”:：;；_~"
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "〇": "0", "l": "1", "I": "1", "|": "1",
                                   "丨": "1", "S": "5", "B": "8"})
_LOOKALIKE_TOKEN = re.compile(r"^[\dOoD〇lI|丨SB]+$")


@record
class OcrCell(Cell):
    """A cell read by OCR: besides its confidence, a small picture of it where the reading is doubtful."""

    crop: str | None = None  # a PNG data URI of the cell and its surroundings


@record
class TextBox:
    """One recognised piece of text in page pixels."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    confidence: float

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


@record
class GridCell:
    """A printed cell of a ruled table and what was read into it."""

    x0: float
    top: float
    x1: float
    bottom: float
    boxes: list[TextBox] = field(default_factory=list)
    #: marks in the cell big enough to be writing, in page pixels (None: the cell is empty on paper)
    ink: tuple[int, int, int, int] | None = None
    marks: list[tuple[int, int, int, int]] = field(default_factory=list)  # the pieces of writing inside it
    faint: tuple[int, int, int, int] | None = None  # the extent of any marks at all, faded ones included
    crop: str | None = None  # a small PNG of the cell (data URI) where the reading is doubtful

    @property
    def text(self) -> str:
        return "\n".join(_join(line) for line in _group_lines(self.boxes))

    @property
    def confidence(self) -> float | None:
        return min((b.confidence for b in self.boxes), default=None)


@record
class PageTable:
    top: float
    bottom: float
    cells: list[GridCell]


@record
class PageLine:
    text: str
    top: float
    bottom: float
    margin: bool


@record
class PageLayout:
    number: int
    items: list[PageLine | PageTable]


# ---------------------------------------------------------------- one page


def place_boxes(boxes: list[TextBox], tables: list[PageTable]) -> list[TextBox]:
    """Put every box inside a table into the cell under its centre; return the boxes outside all tables.

    A box that runs across a ruling into the next cell ("0  0" read as one) is
    dropped: both cells are then read again, each from its own marks.
    """
    outside: list[TextBox] = []
    for box in boxes:
        x, y = box.centre
        table = next((t for t in tables if t.top <= y <= t.bottom and any(c.x0 <= x <= c.x1 for c in t.cells)), None)
        if table is None:
            outside.append(box)
            continue
        width = max(1.0, box.x1 - box.x0)
        across = [c for c in table.cells
                  if c.top <= y <= c.bottom and min(c.x1, box.x1) - max(c.x0, box.x0) >= 0.25 * width]
        if len(across) >= 2:
            continue
        cell = min(table.cells, key=lambda c: _distance(c, x, y))
        cell.boxes.append(box)
    return outside


def _distance(cell: GridCell, x: float, y: float) -> float:
    dx = max(cell.x0 - x, 0.0, x - cell.x1)
    dy = max(cell.top - y, 0.0, y - cell.bottom)
    return dx * dx + dy * dy


def layout_page(number: int, boxes: list[TextBox], tables: list[PageTable], height: float) -> PageLayout:
    """The page's lines outside its tables and its tables, top to bottom."""
    items: list[PageLine | PageTable] = []
    for line in _group_lines(boxes):
        text = _join(line)
        if not text:
            continue
        top, bottom = min(b.top for b in line), max(b.bottom for b in line)
        margin = bottom < height * MARGIN_TOP or top > height * (1 - MARGIN_BOTTOM)
        items.append(PageLine(text, top, bottom, margin))
    items.extend(tables)
    items.sort(key=lambda item: item.top)
    return PageLayout(number, items)


def _group_lines(boxes: list[TextBox]) -> list[list[TextBox]]:
    """Boxes that share a printed line (they overlap vertically by half the smaller height), left to right."""
    lines: list[list[TextBox]] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        best = None
        for line in lines[-3:]:
            top, bottom = min(b.top for b in line), max(b.bottom for b in line)
            overlap = min(bottom, box.bottom) - max(top, box.top)
            if overlap >= 0.5 * min(box.height, bottom - top):
                best = line
        if best is None:
            lines.append([box])
        else:
            best.append(box)
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def _join(line: list[TextBox]) -> str:
    parts: list[str] = []
    previous: TextBox | None = None
    for box in line:
        text = box.text.strip()
        if not text:
            continue
        if previous is not None and box.x0 - previous.x1 > 0.6 * max(box.height, previous.height):
            parts.append(" ")  # a wide gap: two printed words (removed again next to CJK)
        parts.append(text)
        previous = box
    return _CJK_GAP.sub("", "".join(parts)).strip()


def value_text(text: str, confidence: float | None) -> tuple[str, float | None]:
    """A table cell's text with the specks around a lone number removed and digit look-alikes read as digits.

    Only a cell that is a number apart from such marks changes; a reinterpreted
    character makes the reading no surer than :data:`REINTERPRETED`.
    """
    printed = text.strip()
    core = printed.strip(_STRAY).strip()
    if core != printed and re.fullmatch(r"\d+(?:\.\d+)?", core):
        return core, confidence  # specks beside a number
    trailing = re.fullmatch(r"(\d+(?:\.\d+)?)[-—–_~]+", core)
    if trailing:
        return trailing.group(1), confidence  # a speck after a number read as a dash (a sign comes first)
    lookalike = _LOOKALIKE_TOKEN.fullmatch(core) and not core.isdigit() and (
        any(ch.isdigit() for ch in core) or core in ("O", "o", "〇"))
    if lookalike:
        return core.translate(_DIGIT_LOOKALIKES), min(confidence, REINTERPRETED) if confidence is not None else None
    return text, confidence


# ---------------------------------------------------------------- grids


@record
class _Slot:
    cell: GridCell
    merged: bool


def grid_of(table: PageTable, tolerance: float) -> list[list[_Slot | None]]:
    """The table as rows of grid positions, a merged cell filling every position it covers."""
    xs = boundaries([c.x0 for c in table.cells] + [c.x1 for c in table.cells], tolerance)
    ys = boundaries([c.top for c in table.cells] + [c.bottom for c in table.cells], tolerance)
    if len(xs) < 2 or len(ys) < 2:
        return []
    rows: list[list[_Slot | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    for cell in sorted(table.cells, key=lambda c: (c.top, c.x0)):
        c0, r0, c1, r1 = span(xs, ys, cell.x0, cell.top, cell.x1, cell.bottom)
        for r in range(r0, r1):
            for c in range(c0, c1):
                if rows[r][c] is None:
                    rows[r][c] = _Slot(cell, (r, c) != (r0, c0))
    # gaps between the rulings of neighbouring cells leave rows and columns nothing covers
    rows = [row for row in rows if any(row)]
    keep = [c for c in range(len(xs) - 1) if any(row[c] for row in rows)]
    return [[row[c] for c in keep] for row in rows]


# ---------------------------------------------------------------- the document


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text)


def _running_lines(pages: list[PageLayout]) -> set[str]:
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_furniture_key(i.text) for i in page.items if isinstance(i, PageLine) and i.margin})
    needed = max(2, (len(pages) + 1) // 2)
    return {key for key, n in counts.items() if n >= needed}


def to_blocks(pages: list[PageLayout], tolerance: float) -> list[Block]:
    """Paragraphs and Tables of the pages in reading order, page numbers and running headers left out."""
    furniture = _running_lines(pages)
    blocks: list[Block] = []
    table_index = 0
    for page in pages:
        line_number = 0
        for item in page.items:
            if isinstance(item, PageLine):
                if item.margin and (_PAGE_NUMBER.match(item.text) or _furniture_key(item.text) in furniture):
                    continue
                line_number += 1
                blocks.append(Paragraph(item.text, Place(page=page.number, line=line_number)))
                continue
            grid = grid_of(item, tolerance)
            if not grid:
                continue
            blocks.append(_table(grid, page.number, table_index))
            table_index += 1
    return blocks


def _table(grid: list[list[_Slot | None]], page: int, table_index: int) -> Table:
    rows: list[list[Cell]] = []
    made: dict[int, tuple[str, float | None]] = {}
    for r, slots in enumerate(grid):
        row: list[Cell] = []
        for c, slot in enumerate(slots):
            place = Place(page=page, table_index=table_index, row_index=r, col_index=c)
            if slot is None:
                row.append(Cell("", place))
                continue
            key = id(slot.cell)
            if key not in made:
                made[key] = value_text(slot.cell.text, slot.cell.confidence)
            text, confidence = made[key]
            if slot.merged:
                row.append(Cell(text, place, merged=True))
            else:
                row.append(OcrCell(text, place, confidence=confidence if text else _blank_confidence(slot.cell),
                                   crop=slot.cell.crop))
        rows.append(row)
    return Table(rows=rows, place=Place(page=page, table_index=table_index))


def _blank_confidence(cell: GridCell) -> float | None:
    """A cell read as blank is sure to be blank only when the paper shows nothing in it."""
    return 0.0 if cell.ink is not None else None
