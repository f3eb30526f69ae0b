"""The intermediate form every importer produces: paragraphs and table grids with their places.

Each input form (text, Markdown, HTML, Word, PDF) has its own extractor that
turns the file into a :class:`Document`.  One assembler then reads any
Document into the structured report (Contract 1) and its SourceMap, so the
template matching of 表二/三/四 and the splitting into sections is written once.
"""

from __future__ import annotations

from dataclasses import field

from lint.records import record


@record
class Place:
    """Where a piece of text stands in the source file (any field may be unknown)."""

    line: int | None = None  # 1-based line in text and Markdown
    column: int | None = None
    page: int | None = None  # 1-based PDF page
    table_index: int | None = None  # 0-based table number in the document (HTML, Word)
    row_index: int | None = None  # 0-based row within that table
    col_index: int | None = None
    paragraph: int | None = None  # 0-based index among the document's paragraphs (Word, HTML)


@record
class Cell:
    """One grid cell.  ``text`` is exactly what was printed ('' for blank)."""

    text: str
    place: Place = field(default_factory=Place)
    #: True where this grid position is covered by a merged cell that starts elsewhere
    #: (rowspan/colspan, Word vMerge/gridSpan); ``text`` then repeats the merged cell's text.
    merged: bool = False
    #: how sure a recogniser (OCR) was of ``text``, 0–1; None for text taken from a text layer
    confidence: float | None = None


@record
class Paragraph:
    text: str
    place: Place = field(default_factory=Place)


@record
class Table:
    """A table as a rectangular-ish grid of rows of cells, merged cells expanded in place."""

    rows: list[list[Cell]]
    place: Place = field(default_factory=Place)


Block = Paragraph | Table


@record(frozen=True)
class NotRead:
    """A part of the file that was not read (pages past a limit, a page that failed, embedded content), in
    words for the clerk; what it held was not checked."""

    zh: str
    en: str
    page: int | None = None


@record
class Document:
    path: str
    blocks: list[Block]
    #: the form it came from: "text", "markdown", "html", "docx", "pdf"
    kind: str = "text"
    #: problems met while extracting that do not stop reading (e.g. a page with no text)
    notes: list[str] = field(default_factory=list)
    #: parts of the file that were not read, so were not checked
    not_read: list[NotRead] = field(default_factory=list)
    #: where bytes that the file's encoding does not accept were replaced by U+FFFD (text-like forms)
    replaced: list[Place] = field(default_factory=list)
