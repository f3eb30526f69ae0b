"""表三: rows matched to the template by their labels, value rows cut off from their labels put back."""

from __future__ import annotations

import re

from typing import TYPE_CHECKING, Any

from lint.ingest.assemble.rows import (Region, Split, Staging, Unreadable, fit_cells, printed_columns, split_row,
                                       text_row_fits)
from lint.ingest.assemble.templates import APP_LABELS, match_application
from lint.ingest.assemble.text import as_printed, is_glued, is_value, match_key, number_of, parse_value
from lint.ingest.document import Cell
from lint.vocab import tables as L

if TYPE_CHECKING:
    from lint.ingest.assemble import Assembly

_SPACES = re.compile(r"\s+")


def is_applicant_header(cells: list[Cell]) -> bool:
    """A header row of 表三: the note, 申请人情况, or applicant columns without any value."""
    keys = {match_key(cell.text) for cell in cells}
    if any("申请人情况" in key or "勾稽关系" in key for key in keys):
        return True
    if any(is_value(cell.text) for cell in cells):
        return False
    # numbered cells are row labels (（七）总计, 3.其他), not the 总计/其他 columns
    plain = {match_key(cell.text) for cell in cells if number_of(cell.text) is None}
    columns = {L.normalize_label(column) for column in (*L.APPLICANT_COLUMNS, "法人或其他组织")}
    return bool(plain & columns)


def category_cell(split: Split) -> Cell | None:
    """The merged category label (（三）不予公开 …) printed on a sub-row, if it is there."""
    for cell in split.labels:
        found = match_application(cell.text, False, False)
        if found is not None and found.kind == "category" and found.key != "results":
            return cell
    return None


def join_label_rows(records: list[tuple[str, Any, Split]]) -> list[tuple[str, Any, Split]]:
    """A label row with no cells, then a row of values with no label: one row cut in two."""
    out: list[tuple[str, Any, Split]] = []
    index = 0
    while index < len(records):
        kind, key, split = records[index]
        if kind == "leaf" and not split.values and split.problem is None:
            following = records[index + 1] if index + 1 < len(records) else None
            if following is not None and following[0] == "values":
                split.values = following[2].values
                out.append((kind, key, split))
                index += 2
                continue
            index += 1  # a label with nothing printed after it: the row is absent
            continue
        out.append((kind, key, split))
        index += 1
    return out


def other_shape(records: list[tuple[str, Any, Split]], fmt: str) -> str:
    """Whether （六）其他处理 is the 2021 three sub-rows or the 2019 single row in this table."""
    subrows = any(kind == "leaf" and key[:2] == ("results", "other") for kind, key, _ in records)
    single = any(kind == "other_single" for kind, _key_, _ in records)
    if subrows:
        return "2021"
    if single:
        return "2019"
    return fmt


def place_rows(records: list[tuple[str, Any, Split]], template: list[tuple[str, ...]],
                shape: str) -> dict[tuple[str, ...], tuple[Split, list[Cell]]]:
    """Give every row its template path; unlabelled rows fill the gaps between labelled ones.

    A run of value rows whose labels were cut off (PDF→Markdown) is placed only
    when it has exactly as many rows as the template has free rows between the
    labelled neighbours; any other count leaves the table unreadable.
    """
    assigned: dict[tuple[str, ...], tuple[Split, list[Cell]]] = {}
    run: list[tuple[str, Any, Split]] = []
    previous = -1
    for kind, key, split in records + [("end", None, None)]:  # type: ignore[list-item]
        if kind in ("values", "numbered"):
            run.append((kind, key, split))
            continue
        if kind == "extra":
            continue
        if kind == "other_single" and shape == "2021":
            continue  # a subtotal above the three sub-rows
        position = len(template) if kind == "end" else _template_index(template, key)
        if position is None:
            continue
        if run:
            _fill_gap(run, template, previous, position, assigned)
            run = []
        if kind == "end":
            break
        _assign(assigned, template[position], split)
        previous = max(previous, position)
    return assigned


def _template_index(template: list[tuple[str, ...]], path: tuple[str, ...]) -> int | None:
    return template.index(path) if path in template else None


def _fill_gap(run: list[tuple[str, Any, Split]], template: list[tuple[str, ...]], after: int,
              before: int, assigned: dict[tuple[str, ...], tuple[Split, list[Cell]]]) -> None:
    slots = [path for path in template[after + 1:before] if path not in assigned]
    if before <= after or len(slots) != len(run):
        raise Unreadable(f"表三有{len(run)}行数据与行标签分开了，模板在该处有{max(len(slots), 0)}行，"
                          "无法确定它们各属于哪一行，未读取该表")
    for (kind, number, split), path in zip(run, slots):
        national = APP_LABELS[path]
        if kind == "numbered" and number != number_of(national.label):
            raise Unreadable(f"表三“{as_printed(split.label.text)}”一行的标签与模板对应位置的"
                              f"“{national.label}”不符，未读取该表")
        _assign(assigned, path, split)


def _assign(assigned: dict[tuple[str, ...], tuple[Split, list[Cell]]], path: tuple[str, ...],
            split: Split) -> None:
    values = split.values
    if path in assigned:
        earlier = [parse_value(cell.text) for cell in assigned[path][1]]
        if earlier != [parse_value(cell.text) for cell in values]:
            label = as_printed(split.label.text) if split.label else APP_LABELS[path].label
            raise Unreadable(f"表三“{label}”一行出现了两次且数值不同，无法确定应读取哪一行，未读取该表")
        return
    assigned[path] = (split, values)


def read_applications(assembly: Assembly, region: Region, fmt: str, staged: Staging) -> dict[str, Any] | None:
    columns = list(L.APPLICANT_COLUMNS)
    records: list[tuple[str, Any, Split]] = []  # (kind, path or numbering, split)
    for row in region.rows:
        cells = row.cells
        if is_applicant_header(cells):
            printed_columns(cells, columns, L.APPLICANT_COLUMNS)
            continue
        split = row.split or split_row(cells, match_application)
        values = fit_cells(split.values, 7)
        if split.match is None and split.text_only:
            continue
        label = as_printed(split.label.text) if split.label else ""
        glued = [cell.text for cell in split.values if is_glued(cell.text)]
        if glued and values is not None and len(values) == 7 and split.match is not None \
                and split.match.kind == "leaf" and not row.from_text:
            # a grid cell holding several numbers (digits broken over lines): this row only is unreadable
            printed = "、".join("“" + _SPACES.sub(" ", text.strip()) + "”" for text in glued)
            split.problem = f"的单元格印有几行数字（{printed}），无法确定是一个数还是几个数"
            split.values = []
            records.append(classify_app_row(assembly, split, []))
            continue
        if values is None or glued:
            raise Unreadable(f"表三“{label or '数据行'}”一行的单元格数量或内容无法与七列对应，未读取该表")
        if row.from_text and not text_row_fits(values, 7, label):
            continue
        records.append(classify_app_row(assembly, split, values))
    records = join_label_rows(records)
    shape = other_shape(records, fmt)
    template = [row.path for row in L.applications_rows(shape)]
    assigned = place_rows(records, template, shape)
    if not assigned:
        return None
    table: dict[str, Any] = {}
    for path, (split, values) in sorted(assigned.items(), key=lambda item: template.index(item[0])):
        put_app_row(assembly, table, path, split, values, columns, staged)
    return table


def classify_app_row(assembly: Assembly, split: Split, values: list[Cell]) -> tuple[str, Any, Split]:
    """Name what a 表三 row is: a template row, the 2019 single （六）, a subtotal, or unlabelled."""
    split.values = values
    if split.match and split.match.kind == "leaf":
        return ("leaf", split.match.key, split)
    if split.match and split.match.key == "other" and values:
        # （六）其他处理 with cells of its own (even blank ones): the 2019 single row
        return ("other_single", ("results", "other"), split)
    if split.match:  # a category label with numbers: a subtotal row the template does not have
        return ("extra", None, split)
    if split.label is None:
        return ("values", None, split)
    number = number_of(split.label.text) or _bare_number(split.label.text)
    return ("numbered", number, split) if number else ("extra", None, split)


_BARE_NUMBER = re.compile(r"^\s*(?:[（(]\s*([一二三四五六七八九十\d]{1,3})\s*[)）]|([一二三四五六七八九十]{1,3})\s*、|(\d{1,2})\s*[.．、])\s*$")


def _bare_number(text: str) -> str | None:
    """The number of a label cell that holds only its list number (the words went to another line)."""
    match = _BARE_NUMBER.match(text)
    return next((group for group in match.groups() if group), None) if match else None


def put_app_row(assembly: Assembly, table: dict[str, Any], path: tuple[str, ...], split: Split,
                 values: list[Cell], columns: list[str], staged: "Staging") -> None:
    national = APP_LABELS[path]
    printed = as_printed(split.label.text) if split.label else national.label
    pointer = staged.pointer + "/" + "/".join(path)
    if split.problem is not None:
        # this row cannot be read for sure; the rest of the table can
        staged.unreadable[pointer] = f"表三“{printed}”一行{split.problem}"
        staged.add(pointer, split.label.place if split.label else None, row=printed)
        return
    node = table
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = [parse_value(cell.text) for cell in values]
    staged.mark(pointer, split)
    if split.label is not None and match_key(printed) != match_key(national.label):
        staged.label(pointer, printed)
    row_place = split.label.place if split.label else values[0].place if values else None
    staged.add(pointer, row_place, row=printed)
    if len(path) == 3:
        category = staged.pointer + "/" + "/".join(path[:2])
        cell = category_cell(split)
        staged.add_once(category, cell.place if cell else row_place,
                        row=as_printed(cell.text) if cell else national.parent)
    for number, cell in enumerate(values):
        staged.add(f"{pointer}/{number}", cell.place, row=printed, col=columns[number])

# ..................................................................... 表二
