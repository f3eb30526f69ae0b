"""Rows of a table region: label cells and value cells, rows printed as text, staged source places."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from lint.ingest.assemble.templates import Match
from lint.ingest.assemble.text import as_printed, is_value, match_key, normalise, shifted_place, squash
from lint.ingest.document import Cell, Paragraph, Place
from lint.model import Location, place_location
from lint.vocab import tables as L

if TYPE_CHECKING:
    from lint.ingest.assemble import Assembly

class Unreadable(Exception):
    """A table cannot be read for sure; carries the reason in Chinese."""


@dataclass
class RegionRow:
    cells: list[Cell]
    from_text: bool = False  # read from a line of text ("行政许可 97"), not from a grid
    #: already cut into label and values (a table flattened into running text)
    split: Split | None = None
    #: a paragraph of table text run together, read into rows once the table's format is known
    blob: Paragraph | None = None


@dataclass
class Region:
    """Everything seen for one table: grid rows, run-on text and where it starts."""

    rows: list[RegionRow] = field(default_factory=list)
    blobs: list[Paragraph] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    anchor: Place | None = None  # the table's caption or first row
    heading: Place | None = None  # the section heading above it, when there is no caption

    @property
    def place(self) -> Place | None:
        return self.anchor or self.heading


@dataclass
class Split:
    labels: list[Cell]
    label: Cell | None
    match: Match | None
    values: list[Cell]
    text_only: bool  # no value-like cell at all: a header or caption row
    #: why this row's cells cannot be read for sure (the row is then left out, not the table)
    problem: str | None = None
    #: value cells split out of digits that ran together, and whether that split assumed the row's total
    recovered: tuple[int, ...] = ()
    assumed: bool = False
    groups: tuple[int, ...] = ()  # 表四's one data row: the groups whose totals the split assumed


def dedupe(cells: list[Cell]) -> list[Cell]:
    """Drop copies of a horizontally merged cell so a colspan counts once."""
    out: list[Cell] = []
    for cell in cells:
        if out and cell.merged and cell.text == out[-1].text:
            continue
        out.append(cell)
    return out


def split_row(cells: list[Cell], matcher: Callable[[str, bool, bool], Match | None]) -> Split:
    """Separate the label cells of a row from its value cells.

    Labels come first; the last cell before the first value that matches the
    template is the row's label (a leaf over a category), and everything after
    it is a value — including text such as 详见附件 that sits in a value column.
    """
    cells = split_label_tail(cells, matcher)
    first_value = next((i for i, cell in enumerate(cells) if is_value(cell.text)), len(cells))
    has_values = first_value < len(cells)
    first_text = next((i for i, cell in enumerate(cells) if cell.text.strip()), None)
    chosen: tuple[int, Match] | None = None
    for index in range(first_value):
        found = matcher(cells[index].text, index == first_text, has_values)
        if found is None:
            continue
        if chosen is None or found.kind != "category" or chosen[1].kind == "category":
            chosen = (index, found)
    if chosen is not None:
        index, found = chosen
        labels = [cell for cell in cells[:index + 1] if cell.text.strip()]
        return Split(labels, cells[index], found, cells[index + 1:], not has_values)
    texts = [cell for cell in cells if cell.text.strip() and not is_value(cell.text)]
    if texts:
        return Split(texts, texts[-1], None, cells[cells.index(texts[-1]) + 1:], not has_values)
    return Split([], None, None, cells, not has_values)


#: Longest line read as "label numbers…"; longer text is prose or cells run together.
MAX_TEXT_ROW = 160


LABEL_AND_NUMBERS = re.compile(r"^(?P<label>.*?[^\d\s.,+\-])\s*(?P<values>[-+]?\d[\d,.]*(?:\s+[-+]?\d[\d,.]*)*)$",
                                re.DOTALL)


def split_label_tail(cells: list[Cell], matcher: Callable[[str, bool, bool], Match | None]) -> list[Cell]:
    """A label cell that also holds the numbers ("行政许可 97") becomes a label and value cells."""
    if any(is_value(cell.text) for cell in cells):
        return cells
    for index, cell in enumerate(cells):
        if len(cell.text) > MAX_TEXT_ROW:
            continue
        match = LABEL_AND_NUMBERS.match(normalise(cell.text).strip())
        if match and matcher(match.group("label"), True, True):
            return cells[:index] + label_and_tokens(cell.text, cell.place, match) + cells[index + 1:]
    return cells


_TOKEN = re.compile(r"\S+")


def label_and_tokens(text: str, place: Place, match: re.Match[str]) -> list[Cell]:
    lead = len(text) - len(text.lstrip())
    out = [Cell(match.group("label").strip(), place)]
    for token in _TOKEN.finditer(match.group("values")):
        offset = lead + match.start("values") + token.start()
        out.append(Cell(token.group(), shifted_place(place, text, offset)))
    return out


def fit_cells(values: list[Cell], expected: int) -> list[Cell] | None:
    """Trim blank padding cells beyond ``expected``; None when real cells are still too many."""
    values = list(values)
    while len(values) > expected and not values[-1].text.strip():
        values.pop()
    while len(values) > expected and not values[0].text.strip():
        values.pop(0)
    return values if len(values) <= expected else None


class Staging:
    """SourceMap entries and labels of one table, kept only if the whole table reads."""

    def __init__(self, assembly: Assembly, pointer: str, name: str) -> None:
        self.assembly = assembly
        self.pointer = pointer
        self.name = name
        self.entries: dict[str, tuple[Place, str | None, str | None]] = {}
        self.labels: dict[str, str] = {}
        self.unreadable: dict[str, str] = {}  # rows that could not be read (the rest of the table could)
        self.recovered: list[str] = []  # cells read from digits that ran together
        self.assumed: list[str] = []  # rows whose total was assumed to split their digits
        self.read_by_ocr: dict[str, Cell] = {}

    def add(self, pointer: str, place: Place | None, row: str | None = None, col: str | None = None) -> None:
        self.entries[pointer] = (place or _NOWHERE, row, col)  # a Location when the source map is asked
        recognised = self.assembly.recognised.get(id(place)) if col is not None else None
        if recognised is not None:  # a value cell read by OCR: its confidence goes into the report
            self.read_by_ocr[pointer] = recognised

    def add_once(self, pointer: str, place: Place | None, row: str | None = None) -> None:
        if pointer not in self.entries:
            self.add(pointer, place, row=row)

    def label(self, pointer: str, printed: str) -> None:
        self.labels[pointer] = printed

    def mark(self, pointer: str, split: Split, names: list[str] | None = None) -> None:
        """Note the recovered cells of a row read from run-together digits (``names``: 表二's column keys)."""
        self.recovered.extend(f"{pointer}/{names[index] if names else index}" for index in split.recovered)
        if split.assumed:
            self.assumed.append(pointer)

    def commit(self) -> None:
        add, table = self.assembly.smap.add_place, self.name
        for pointer, (place, row, col) in self.entries.items():
            add(pointer, place, table, row, col)
        self.assembly.labels.update(self.labels)
        self.assembly.unreadable.update(self.unreadable)
        self.assembly.recovered.extend(self.recovered)
        self.assembly.assumed.extend(self.assumed)
        for pointer, cell in self.read_by_ocr.items():
            self.assembly.ocr[pointer] = round(float(cell.confidence or 0.0), 3)
            crop = getattr(cell, "crop", None)
            if crop:
                self.assembly.ocr_crops[pointer] = crop


def make_location(pointer: str, place: Place | None, table: str | None = None, row: str | None = None,
              col: str | None = None) -> Location:
    return place_location(pointer, place or _NOWHERE, table, row, col)


_NOWHERE = Place()


def text_row_fits(values: list[Cell], expected: int, label: str, table: str = "表三") -> bool:
    """Whether a row read from a line of text can be used.

    One number where several are due is a sentence that happens to end in a
    number: skip it.  Several numbers of the wrong count, or numbers with
    leading zeros (digits run together), mean the row cannot be split.
    """
    if len(values) == expected and not any(leading_zero(cell.text) for cell in values):
        return True
    if len(values) <= 1:
        return False
    raise Unreadable(f"{table}“{label}”一行在文本中有{len(values)}个数字，应为{expected}个"
                      "（或数字连在一起），无法可靠拆分到各列，未读取该表")


def leading_zero(text: str) -> bool:
    digits = squash(text).lstrip("+-")
    return len(digits) > 1 and digits.startswith("0") and digits.isdigit()


def printed_columns(cells: list[Cell], columns: list[str], national: tuple[str, ...]) -> None:
    """Take the printed form of each column label that a header row shows."""
    for cell in cells:
        key = match_key(cell.text)
        for index, label in enumerate(national):
            if key and key == L.normalize_label(label) and columns[index] == label:
                columns[index] = as_printed(cell.text)
