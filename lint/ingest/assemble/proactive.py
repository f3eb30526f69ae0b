"""表二: rows by label, columns by the block's header, the other format's columns never mapped across."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lint.ingest.assemble.rows import Region, Staging, Unreadable, fit_cells, split_row, text_row_fits
from lint.ingest.assemble.templates import match_proactive
from lint.ingest.assemble.text import as_printed, is_glued, match_key, parse_value, squash
from lint.ingest.document import Cell
from lint.vocab import tables as L

if TYPE_CHECKING:
    from lint.ingest.assemble import Assembly

def proactive_header(cells: list[Cell], previous: list[str] | None) -> list[str] | None:
    """Column labels of a 表二 header row (信息内容 | 本年制发件数 | …); a caption resets them."""
    texts = [as_printed(cell.text) for cell in cells if cell.text.strip()]
    if not texts:
        return previous
    if squash(texts[0]).startswith("第二十条"):
        return None
    if squash(texts[0]).startswith("信息内容"):
        rest = texts[1:] or ([texts[0][len("信息内容"):].strip()] if len(texts[0]) > 4 else [])
        return [text for text in rest if text] or None
    return previous


def read_proactive(assembly: Assembly, region: Region, fmt: str, staged: Staging) -> dict[str, Any] | None:
    blocks = L.proactive_blocks(fmt)
    by_row = {key: (block, label) for block in blocks for key, label in block.rows}
    header: list[str] | None = None
    table: dict[str, Any] = {}
    for row in region.rows:
        split = row.split or split_row(row.cells, match_proactive)
        if split.match is None:
            if split.text_only:
                header = proactive_header(row.cells, header)
            continue
        key = split.match.key
        printed = as_printed(split.label.text) if split.label else key
        if key not in by_row:
            assembly.extra_row(staged.name, printed, split.label)
            continue
        block, national = by_row[key]
        pointer = f"{staged.pointer}/{key}"
        if split.problem is not None:
            if key in table or pointer in staged.unreadable:
                raise Unreadable(f"表二“{printed}”一行出现了两次，其中一次无法读取，无法确定应读取哪一行")
            staged.unreadable[pointer] = f"表二“{printed}”一行{split.problem}"
            staged.add(pointer, split.label.place if split.label else None, row=printed)
            if match_key(printed) != match_key(national):
                staged.label(pointer, printed)
            continue
        values = fit_cells(split.values, len(block.columns))
        # a grid cell holding several numbers stays in its column, as printed: that cell alone is unreadable
        if values is None or row.from_text and any(is_glued(cell.text) for cell in split.values):
            raise Unreadable(f"表二“{printed}”一行的单元格多于应有的{len(block.columns)}列，"
                              "无法确定数值对应的列，未读取该表")
        if row.from_text and not text_row_fits(values, len(block.columns), printed, "表二"):
            continue
        if header and len(values) < len(block.columns) and len(header) == len(values):
            # the block is printed with the other format's columns: do not map them across
            raise Unreadable(f"表二“{printed}”所在栏目（{'、'.join(header)}）与{fmt}年格式的"
                              f"{len(block.columns)}个栏目不一致，无法对应，未读取该表")
        cells = {column: parse_value(cell.text, decimal_ok=(key, column) in L.PROACTIVE_DECIMAL)
                 for (column, _label), cell in zip(block.columns, values)}
        if pointer in staged.unreadable:
            raise Unreadable(f"表二“{printed}”一行出现了两次，其中一次无法读取，无法确定应读取哪一行")
        if key in table:
            if table[key] == cells:
                continue  # the same row again (a header repeated after a page break)
            raise Unreadable(f"表二“{printed}”一行出现了两次且数值不同，无法确定应读取哪一行")
        heads = header if header and len(header) == len(block.columns) else None
        for number, cell in enumerate(values):
            column, column_label = block.columns[number]
            shown = heads[number] if heads else column_label
            if heads and match_key(shown) != match_key(column_label):
                staged.label(f"{pointer}/{column}", shown)
            staged.add(f"{pointer}/{column}", cell.place, row=printed, col=shown)
        table[key] = cells
        staged.mark(pointer, split, [column for column, _label in block.columns])
        if match_key(printed) != match_key(national):
            staged.label(pointer, printed)
        staged.add(pointer, split.label.place if split.label else None, row=printed)
    order = [key for block in blocks for key, _label in block.rows]
    return {key: table[key] for key in order if key in table} or None

# ..................................................................... 表四
