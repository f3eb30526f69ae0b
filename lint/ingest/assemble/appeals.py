"""表四: three groups of five cells, labelled by group or printed as one data row of fifteen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lint.ingest.assemble.rows import (Region, Split, Staging, Unreadable, fit_cells, printed_columns, split_row,
                                       text_row_fits)
from lint.ingest.assemble.templates import APPEAL_GROUP_LABELS, match_appeal
from lint.ingest.assemble.text import as_printed, is_glued, is_value, number_of, parse_value
from lint.ingest.document import Cell
from lint.vocab import tables as L

if TYPE_CHECKING:
    from lint.ingest.assemble import Assembly

def split_appeal_row(loose: list[list[Cell]]) -> dict[str, list[Cell]]:
    """The one data row of 表四 (15 cells), possibly broken over several grid rows."""
    joined = [cell for values in loose for cell in values]
    values = fit_cells(joined, 15)
    if values is not None and len(values) != 15:
        values = None  # fewer cells than the three groups have: which are missing cannot be told
    if values is None:
        count = sum(len(values) for values in loose)
        raise Unreadable(f"表四的数据有{count}个单元格，应为15个（行政复议、未经复议直接起诉、复议后起诉各5个），"
                          "无法确定对应的列，未读取该表")
    groups: dict[str, list[Cell]] = {}
    for number, (group, _label, _en) in enumerate(L.APPEAL_GROUPS):
        part = values[number * 5:(number + 1) * 5]
        if part:
            groups[group] = part
    return groups


def read_appeals(assembly: Assembly, region: Region, fmt: str, staged: Staging) -> dict[str, Any] | None:
    columns = list(L.APPEAL_COLUMNS)
    groups: dict[str, list[Cell]] = {}
    splits: dict[str, Split] = {}  # rows read from running text: their recovered cells, or why unreadable
    loose: list[list[Cell]] = []
    for row in region.rows:
        split = row.split or split_row(row.cells, match_appeal)
        if split.problem is not None and split.match is not None:
            if split.match.key in groups or split.match.key in splits:
                raise Unreadable(f"表四“{as_printed(split.label.text)}”一行出现了两次，无法确定应读取哪一行，未读取该表")
            splits[split.match.key] = split
            continue
        # an all-blank row as wide as the data row is the data row left blank, not a header
        blank_data = len(row.cells) == 15 and not any(cell.text.strip() for cell in row.cells)
        if not any(is_value(cell.text) for cell in split.values) and not blank_data:
            printed_columns(row.cells, columns, L.APPEAL_COLUMNS)
            continue
        # in a grid, a cell holding several numbers keeps its column: that cell alone is unreadable
        if (row.from_text or row.split is not None) and any(is_glued(cell.text) for cell in split.values):
            raise Unreadable("表四的数字连在一起，无法可靠拆分到各列，未读取该表")
        label = as_printed(split.label.text) if split.label else "数据行"
        expected = 5 if split.match is not None else 15
        if row.from_text and not text_row_fits(fit_cells(split.values, expected) or split.values,
                                                expected, label, "表四"):
            continue
        if split.match is not None:
            values = fit_cells(split.values, 5)
            if values is None or split.match.key in groups:
                raise Unreadable(f"表四“{as_printed(split.label.text)}”一行的单元格无法与五列对应，未读取该表")
            if split.match.key in splits:
                raise Unreadable(f"表四“{as_printed(split.label.text)}”一行出现了两次，无法确定应读取哪一行，未读取该表")
            groups[split.match.key] = values
            splits[split.match.key] = split
        elif split.label is None or not number_of(split.label.text):
            loose.append(split.values)
            if row.split is not None:
                splits.update(_loose_marks(row.split))
    if loose:
        if groups:
            raise Unreadable("表四既有按行标注的数据又有未标注的数据行，无法确定对应关系，未读取该表")
        groups = split_appeal_row(loose)
    if not groups and not splits:
        return None
    table: dict[str, Any] = {}
    for group, _label, _en in L.APPEAL_GROUPS:
        pointer = f"{staged.pointer}/{group}"
        row_label = APPEAL_GROUP_LABELS[group]
        split = splits.get(group)
        if split is not None and split.problem is not None:
            staged.unreadable[pointer] = f"表四“{row_label}”一行{split.problem}"
            staged.add(pointer, split.label.place if split.label else None, row=row_label)
            continue
        if group not in groups:
            continue
        values = groups[group]
        table[group] = [parse_value(cell.text) for cell in values]
        if split is not None:
            staged.mark(pointer, split)
        staged.add(pointer, values[0].place if values else None, row=row_label)
        for number, cell in enumerate(values):
            staged.add(f"{pointer}/{number}", cell.place, row=row_label, col=columns[number])
    return table



def _loose_marks(split: Split) -> dict[str, Split]:
    """表四's one data row read from running text: each group's recovered cells and assumed total."""
    out: dict[str, Split] = {}
    for number, (group, _label, _en) in enumerate(L.APPEAL_GROUPS):
        recovered = tuple(i - number * 5 for i in split.recovered if number * 5 <= i < number * 5 + 5)
        out[group] = Split([], None, None, [], False, recovered=recovered, assumed=number in split.groups)
    return out

# ..................................................................... helpers
