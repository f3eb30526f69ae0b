"""Markdown reports: one Paragraph per non-blank line, runs of pipe rows as tables.

Markdown made from PDFs (pdf→md converters) splits tables into fragments: a
header row with the wrong number of columns, value rows cut off from their
labels, a table broken into several pipe tables with label text between them.
A Markdown parser following GFM would force every row to the header's width
and drop the extra cells, so rows are read here one by one and keep their own
width; the assembler puts fragments back together against the template.

Lines are kept one per Paragraph (not joined into Markdown paragraphs)
because converters put a heading and the text under it on adjacent lines
without a blank line between them.
"""

from __future__ import annotations

import html
import re

from lint.ingest.decode import decode_text
from lint.ingest.document import Cell, Document, Paragraph, Place, Table
from lint.ingest.html_visible import unseen
from lint.vocab.text import strip_invisible

_DELIMITER = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_FENCE = re.compile(r"^(```|~~~)")
# What a Markdown viewer does not show as text: struck ~~text~~, comments, and inline HTML elements that
# are hidden, struck or raised (the innermost element first, so nested ones come off one by one)
_STRUCK = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_ELEMENT = re.compile(r"<([A-Za-z][\w-]*)(\s[^<>]*)?>([^<]*)</\1\s*>")
_ATTRIBUTE = re.compile(r"""([A-Za-z_:][\w:.-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_NEVER_SHOWN = frozenset({"template", "noscript", "script", "style", "title"})


def extract(path: str, data: bytes) -> Document:
    repairs: list[tuple[int, int]] = []
    document = extract_markdown(path, decode_text(data, path, repairs))
    document.replaced = [Place(line=line, column=column) for line, column in repairs]
    return document


def extract_markdown(path: str, text: str) -> Document:
    """Split already-decoded Markdown into paragraphs and tables."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    blocks: list[Paragraph | Table] = []
    rows: list[list[Cell]] = []
    in_fence = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if _FENCE.match(stripped):
            in_fence = not in_fence
            continue
        if not in_fence and _is_pipe_row(stripped):
            if not _DELIMITER.match(stripped):
                rows.append(_row(line, number, len(_tables(blocks)), len(rows)))
            continue
        if rows:
            blocks.append(_table(rows))
            rows = []
        if stripped:
            blocks.append(Paragraph(_inline(_heading_text(_seen(stripped))),
                                    Place(line=number, column=len(line) - len(line.lstrip()) + 1)))
    if rows:
        blocks.append(_table(rows))
    return Document(path=path, blocks=blocks, kind="markdown")


def _is_pipe_row(stripped: str) -> bool:
    return stripped.startswith("|") or bool(_DELIMITER.match(stripped) and "|" in stripped)


def _tables(blocks: list[Paragraph | Table]) -> list[Table]:
    return [block for block in blocks if isinstance(block, Table)]


def _table(rows: list[list[Cell]]) -> Table:
    first = rows[0][0].place if rows[0] else Place()
    return Table(rows=rows, place=Place(line=first.line, column=first.column,
                                        table_index=first.table_index))


def _row(line: str, number: int, table_index: int, row_index: int) -> list[Cell]:
    """The cells of one pipe row, each with its own column in the source line."""
    cells: list[Cell] = []
    for start, raw in _split_cells(line):
        lead = len(raw) - len(raw.lstrip())
        place = Place(line=number, column=start + lead + 1, table_index=table_index,
                      row_index=row_index, col_index=len(cells))
        cells.append(Cell(_cell_text(raw), place))
    return cells


def _split_cells(line: str) -> list[tuple[int, str]]:
    """Split on unescaped pipes; drop the empty pieces outside the outer pipes."""
    pieces: list[tuple[int, str]] = []
    start = 0
    index = 0
    while index < len(line):
        char = line[index]
        if char == "\\" and index + 1 < len(line):
            index += 2
            continue
        if char == "|":
            pieces.append((start, line[start:index]))
            start = index + 1
        index += 1
    pieces.append((start, line[start:]))
    if pieces and not pieces[0][1].strip():
        pieces = pieces[1:]
    if pieces and not pieces[-1][1].strip():
        pieces = pieces[:-1]
    return pieces


def _cell_text(raw: str) -> str:
    """What the cell prints: a zero-width space or a soft hyphen alone is a blank cell, not a label."""
    text = _BR.sub("\n", _seen(strip_invisible(raw)).replace("\\|", "|"))
    text = _TAG.sub("", text)
    text = strip_invisible(html.unescape(text))  # &#8203; too
    return "\n".join(part.strip() for part in _inline(text).split("\n")).strip()


class _Inline:
    """An inline HTML element of a Markdown line, as :func:`lint.ingest.html_visible.unseen` asks about it."""

    def __init__(self, attributes: str) -> None:
        self.attrib = {name.lower(): (value or "").strip("\"'") for name, value in _ATTRIBUTE.findall(attributes)}

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrib.get(name, default)

    def getparent(self) -> None:
        return None


def _seen(text: str) -> str:
    """``text`` without what a Markdown viewer does not show as text: struck, hidden or raised parts."""
    if "~~" in text:
        text = _STRUCK.sub("", text)
    if "<" not in text:
        return text
    text = _COMMENT.sub("", text)

    def element(match: re.Match[str]) -> str:
        tag = match.group(1).lower()
        if tag in _NEVER_SHOWN or unseen(_Inline(match.group(2) or ""), tag):
            return ""
        return match.group(3)  # shown: its text, as the viewer shows it

    previous = None
    while previous != text:
        previous, text = text, _ELEMENT.sub(element, text)
    return text


def _heading_text(stripped: str) -> str:
    match = _HEADING.match(stripped)
    return match.group(1) if match else stripped


def _inline(text: str) -> str:
    """Drop bold markers, which converters put around headings and labels."""
    return _EMPHASIS.sub(r"\2", text)
