"""Plain-text reports: one Paragraph per non-blank line, tab-indented runs as tables.

Text saved from Word (or copied from a web page) keeps tables as one cell per
tab-indented line, with a blank line between table rows and tab-only lines
where merged cells stood.  A cell whose text broke over lines in a narrow
column leaves its tail on an unindented line right before the next cell
(``结果`` / blank / ``维持``); that tail is joined back to its cell.

Tables whose cells ran together into one line (digits without separators)
are not tables here: they stay paragraphs and the assembler reports them as
unreadable rather than guess where one number ends.
"""

from __future__ import annotations

from lint.ingest.decode import decode_text
from lint.ingest.document import Cell, Document, Paragraph, Place, Table
from lint.vocab.text import strip_invisible

#: Longest unindented line that can still be the tail of a wrapped table cell.
_MAX_TAIL = 12
_SENTENCE_MARKS = set("。，；！？,;!?")


def extract(path: str, data: bytes) -> Document:
    repairs: list[tuple[int, int]] = []
    document = extract_text(path, decode_text(data, path, repairs))
    document.replaced = [Place(line=line, column=column) for line, column in repairs]
    return document


def extract_text(path: str, text: str) -> Document:
    """Split already-decoded text into paragraphs and tables."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    blocks: list[Paragraph | Table] = []
    index = 0
    tables = 0
    while index < len(lines):
        line = lines[index]
        if _is_table_line(line):
            table, index = _read_table(lines, index, tables)
            blocks.append(table)
            tables += 1
            continue
        if line.strip():
            blocks.append(Paragraph(line.strip(), Place(line=index + 1, column=_indent(line) + 1)))
        index += 1
    return Document(path=path, blocks=blocks, kind="text")


def _is_table_line(line: str) -> bool:
    """A tab-indented line, or a line whose content is tab-separated (one row of cells)."""
    return line.startswith("\t") or "\t" in line.strip(" \u3000")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _read_table(lines: list[str], start: int, table_index: int) -> tuple[Table, int]:
    """Read the run of table lines from ``start``; return the table and the next line index."""
    rows: list[list[Cell]] = []
    current: list[Cell] = []
    blanks = 0
    index = start
    while index < len(lines):
        line = lines[index]
        if _is_table_line(line):
            if blanks and current:
                rows.append(current)
                current = []
            blanks = 0
            current.extend(_cells(line, index, table_index, len(rows), len(current)))
        elif not line.strip():
            blanks += 1
        elif _is_cell_tail(lines, index, blanks, current):
            tail = "\n" * (blanks + 1) + line.strip()
            current[-1].text = current[-1].text + tail
            blanks = 0
        else:
            break
        index += 1
    if current:
        rows.append(current)
    place = rows[0][0].place if rows and rows[0] else Place(line=start + 1)
    table = Table(rows=rows, place=Place(line=place.line, column=place.column, table_index=table_index))
    # Trailing blank lines belong to the text that follows, not to the table.
    return table, index


def _cells(line: str, index: int, table_index: int, row: int, first_col: int) -> list[Cell]:
    """The cells on one table line: usually one, several when the line is tab-separated."""
    body = line.lstrip("\t")
    offset = len(line) - len(body)
    cells = []
    for number, part in enumerate(body.split("\t")):
        lead = len(part) - len(part.lstrip())
        place = Place(line=index + 1, column=offset + lead + 1, table_index=table_index,
                      row_index=row, col_index=first_col + number)
        cells.append(Cell(strip_invisible(part).strip(), place))  # an invisible character prints nothing
        offset += len(part) + 1
    return cells


def _is_cell_tail(lines: list[str], index: int, blanks: int, current: list[Cell]) -> bool:
    """Whether an unindented line is the wrapped end of the previous cell.

    Only a short fragment, squeezed between table lines (at most one blank line
    before it and a table line right after), qualifies; a heading or a sentence
    after a table never does.
    """
    if not current or blanks > 1 or not current[-1].text:
        return False
    text = lines[index].strip()
    if len(text) > _MAX_TAIL or any(mark in _SENTENCE_MARKS for mark in text):
        return False
    return index + 1 < len(lines) and _is_table_line(lines[index + 1])
