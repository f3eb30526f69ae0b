"""Read a web page that carries an annual report into a :class:`Document`.

Agencies publish the report as an article inside their site's chrome
(navigation, breadcrumbs, sidebars, footers, sometimes a layout table around the
whole page).  We walk the page once, turning block text into lines and data
tables into grids, then keep only what lies inside the smallest element that
holds every report marker (the 一、…六、 section headings and the tables whose
text is a disclosure table).  The report title and a publication-date line just
above that element are kept too, because article templates often put them in a
header outside the article body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from lint.errors import HOSTILE, NOT_A_REPORT, InputError
from lint.ingest.html_decode import decode_html
from lint.ingest.document import Block, Cell, Document, Paragraph, Place, Table
from lint.ingest.html_tree import common_container, within
from lint.ingest.html_css import apply_style_sheets
from lint.ingest.html_visible import removed, unseen
from lint.vocab.page import META_LINE
from lint.vocab.text import normalise, strip_invisible

if TYPE_CHECKING:  # lxml is imported lazily: linting a YAML file must not load it
    from lxml.etree import _Element as HtmlElement

MAX_BYTES = 50 * 1024 * 1024  # a report page is well under 1 MB; beyond this we refuse
MAX_COLSPAN = 200  # HTML caps colspan at 1000; a disclosure table has at most 15 columns
MAX_GRID_CELLS = 200_000  # guards against rowspan/colspan bombs

_BLOCK_TAGS = frozenset("""
    address article aside blockquote body caption center dd details dialog dir div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav
    ol p pre section summary table tbody td tfoot th thead tr ul
""".split())
# Never text of the report: scripts, styles, form widgets, embedded objects, navigation.  <embed> is not
# among them: it is empty in HTML, but the parser nests whatever follows an unclosed one inside it.
_SKIP_TAGS = frozenset("""
    script style noscript noembed noframes template head title iframe object svg canvas select option
    button input textarea nav map audio video
""".split())

_SECTION_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]")
_HEADING_MAX_CHARS = 60
# Words that only a disclosure table (表二/三/四) prints.
_TABLE_WORDS = ("申请人情况", "本年新收", "办理结果", "第二十条", "信息内容", "行政复议", "结果维持")
_TITLE_WORDS = ("年度报告", "年报")
_DATE_LINE = re.compile(r"(\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2})")
_SPACE_RUN = re.compile(r"[ \t\r\n\f\u00a0\u3000]+")


def extract(path: str, data: bytes) -> Document:
    """The report in an HTML page as paragraphs and expanded table grids."""
    if len(data) > MAX_BYTES:
        raise InputError(HOSTILE, f"文件“{path}”超过 {MAX_BYTES // 1024 // 1024} MB，不像一份年度报告网页，已拒绝读取。",
                         f"{path}: larger than {MAX_BYTES // 1024 // 1024} MB; refused")
    repairs: list[tuple[int, int]] = []
    text = decode_html(path, data, repairs)
    root = _parse(path, text)
    apply_style_sheets(root)
    raw = _Walker().walk(root)
    kept = _report_part(path, raw)
    return Document(path=path, blocks=_finish(path, kept), kind="html",
                    replaced=[Place(line=line, column=column) for line, column in repairs])


# ---------------------------------------------------------------- parsing


def _parse(path: str, text: str) -> HtmlElement:
    from lint.ingest.html_parse import parse_page

    return parse_page(path, text)


# ---------------------------------------------------------------- walking


@dataclass
class _RawLine:
    text: str
    line: int | None
    origin: Any  # the block element the line belongs to


@dataclass
class _RawTable:
    element: Any
    rows: list[Any]  # its rows, as :func:`_rows` gives them


_Raw = _RawLine | _RawTable


class _Walker:
    """Turns an element tree into lines and data tables, in reading order."""

    def __init__(self) -> None:
        self.out: list[_Raw] = []
        self.buffer: list[str] = []
        self.line: int | None = None
        self.origin: Any = None

    def walk(self, root: HtmlElement) -> list[_Raw]:
        body = root.find("body")
        self._element(body if body is not None else root)
        self._flush()
        return self.out

    def walk_inside(self, el: Any) -> list[_Raw]:
        """The lines of one element's content (a table cell), not of its tail."""
        self._text(el.text, el)
        for child in el:
            self._element(child)
        self._flush()
        return self.out

    def _element(self, el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP_TAGS or not tag or unseen(el, tag):
            self._text(el.tail, el.getparent())
            return
        if tag == "table":
            rows = _rows(el)
            if not _is_layout_table(el, rows):
                self._flush()
                self.out.append(_RawTable(el, rows))
                self._text(el.tail, el.getparent())
                return
        if tag == "br":
            self._flush()
            self._text(el.tail, el.getparent())
            return
        block = tag in _BLOCK_TAGS
        if block:
            self._flush()
        self._text(el.text, el)
        for child in el:
            self._element(child)
        if block:
            self._flush()
        self._text(el.tail, el.getparent())

    def _text(self, text: str | None, owner: Any) -> None:
        if text and (self.buffer or text.strip(" \t\r\n\f\u00a0\u3000")):
            if not self.buffer:
                self.line = owner.sourceline if owner is not None else None
                self.origin = owner
            self.buffer.append(text)

    def _flush(self) -> None:
        if not self.buffer:
            return
        text = _clean("".join(self.buffer))
        if text:
            self.out.append(_RawLine(text, self.line, self.origin))
        self.buffer, self.origin, self.line = [], None, None


def _clean(text: str) -> str:
    """Collapse HTML whitespace (incl. &nbsp; and the full-width indent) to single spaces."""
    return _SPACE_RUN.sub(" ", text).strip()


def _is_layout_table(table: Any, rows: list[Any]) -> bool:
    """A table that lays out the page rather than holding data: it wraps tables or prose blocks."""
    if table.find(".//table") is not None:
        return True
    if len(rows) == 1 and len(_cells(rows[0])) == 1:
        return True  # a one-cell frame around content
    # section headings inside a cell of a row of at most two cells: the page is laid out with a table
    for block in table.iter("p", "div", "h1", "h2", "h3", "h4", "h5", "h6"):
        heading = None
        node = block.getparent()
        while node is not None and node is not table:  # every cell that holds the block
            if node.tag in ("td", "th"):
                if heading is None:
                    heading = _is_heading_text(_clean(_text_content(block)))
                if heading and len(_cells(node.getparent())) <= 2:
                    return True
            node = node.getparent()
    return False


_STRING: Any = None


def _text_content(el: Any) -> str:
    """All the text inside ``el`` (what lxml.html's ``text_content`` gives, on any element)."""
    global _STRING
    if _STRING is None:
        from lxml import etree

        _STRING = etree.XPath("string()")
    return _STRING(el)


def _is_heading_text(text: str) -> bool:
    text = normalise(text)
    return len(text) <= _HEADING_MAX_CHARS and bool(_SECTION_HEADING.match(text))


# ---------------------------------------------------------------- finding the report


def _report_part(path: str, raw: list[_Raw]) -> list[_Raw]:
    """The raw blocks inside the element that holds the report, plus its title and date lines."""
    markers = [item for item in raw if _is_marker(item)]
    if not markers:
        raise InputError(
            NOT_A_REPORT,
            f"文件“{path}”中找不到政府信息公开工作年度报告的内容（没有“一、总体情况”等章节标题，也没有统计表格），"
            "可能是错误页面或其他网页。",
            f"{path}: no report found (no section headings and no disclosure tables)")
    core = common_container([_origin(item) for item in markers])
    inside = [i for i, item in enumerate(raw) if within(_origin(item), core)]
    first = inside[0]
    kept = [raw[i] for i in inside]
    return _title_lines(raw[:first], kept) + kept


def _is_marker(item: _Raw) -> bool:
    if isinstance(item, _RawTable):
        text = _text_content(item.element)
        # (a word printed as is is a word normalised: normalising a whole table is the costly way to see it)
        return any(word in text for word in _TABLE_WORDS) or any(word in normalise(_clean(text))
                                                                  for word in _TABLE_WORDS)
    return _is_heading_text(item.text)


def _origin(item: _Raw) -> Any:
    return item.element if isinstance(item, _RawTable) else item.origin


def _title_lines(before: list[_Raw], kept: list[_Raw]) -> list[_Raw]:
    """The report title, a date line under it and the page's metadata lines, printed above the body.

    Metadata (``发布机构：… 公开日期：…``) tells the publication date and the publishing
    agency; the assembler reads it and keeps it out of the title and the intro.
    """
    if any(isinstance(item, _RawLine) and _is_title(item.text) for item in kept[:5]):
        return [item for item in before[-_META_WINDOW:] if _is_meta(item)]
    for index in range(len(before) - 1, max(-1, len(before) - 8), -1):
        item = before[index]
        if isinstance(item, _RawLine) and _is_title(item.text):
            above = [m for m in before[max(0, index - _META_WINDOW):index] if _is_meta(m)]
            after = before[index + 1:]
            meta = [m for m in after if _is_meta(m)]
            dates = [d for d in after if isinstance(d, _RawLine) and d not in meta
                     and len(d.text) <= 60 and _DATE_LINE.search(normalise(d.text))]
            return [*above, item, *[m for m in after if m in meta or m in dates[:1]]]
    return [item for item in before[-_META_WINDOW:] if _is_meta(item)]


_META_WINDOW = 6


def _is_meta(item: _Raw) -> bool:
    return isinstance(item, _RawLine) and len(item.text) <= 200 and bool(META_LINE.match(normalise(item.text)))


def _is_title(text: str) -> bool:
    text = normalise(text)
    return len(text) <= 80 and "政府信息公开" in text and any(w in text for w in _TITLE_WORDS)


# ---------------------------------------------------------------- tables


def _finish(path: str, raw: list[_Raw]) -> list[Block]:
    blocks: list[Block] = []
    table_index = 0
    for item in raw:
        if isinstance(item, _RawLine):
            blocks.append(Paragraph(item.text, Place(line=item.line)))
        else:
            blocks.append(_table(path, item.element, item.rows, table_index))
            table_index += 1
    return blocks


_SECTIONS = frozenset(("thead", "tbody", "tfoot"))


def _rows(table: Any) -> list[Any]:
    """This table's rows in document order, as ``./tr|./thead/tr|./tbody/tr|./tfoot/tr`` selects them (a
    nested table's rows belong to that table), and only those a browser lays out."""
    rows = []
    for child in table:
        tag = child.tag
        if tag == "tr":
            if not removed(child):
                rows.append(child)
        elif tag in _SECTIONS:
            rows.extend(row for row in child.iterchildren("tr") if not removed(row))
    return rows


def _cells(row: Any) -> list[Any]:
    # the row's own td/th children in document order, as "./td|./th" selects them, without compiling XPath
    return [cell for cell in row.iterchildren("td", "th") if not removed(cell)]


_DIGITS = re.compile(r"\d+")


def _span(raw: str, limit: int) -> int:
    """A rowspan or colspan attribute's value, within 1..``limit``."""
    digits = _DIGITS.match(raw.strip() or "1")
    value = int(digits.group()) if digits else 1
    return max(1, min(value, limit))


def _table(path: str, el: Any, rows: list[Any], table_index: int) -> Table:
    """Expand rowspan/colspan in place: every covered position repeats the text, merged=True."""
    n_rows = len(rows)
    grid: list[dict[int, Cell]] = [{} for _ in range(n_rows)]  # per row: column → cell
    budget = MAX_GRID_CELLS
    for r, row in enumerate(rows):
        placed = grid[r]
        c = 0
        for cell in _cells(row):
            while c in placed:
                c += 1
            raw_rows, raw_cols = cell.get("rowspan"), cell.get("colspan")
            rowspan = 1 if raw_rows is None else _span(raw_rows, n_rows - r)
            colspan = 1 if raw_cols is None else _span(raw_cols, MAX_COLSPAN)
            budget -= rowspan * colspan
            if budget < 0:
                raise InputError(HOSTILE, f"文件“{path}”中的表格大得异常（合并单元格展开后超过 "
                                 f"{MAX_GRID_CELLS} 格），已拒绝读取。",
                                 f"{path}: a table expands to more than {MAX_GRID_CELLS} cells; refused")
            text = _cell_text(cell)
            line = cell.sourceline
            if rowspan == 1 and colspan == 1:  # most cells: a position of its own, nothing to expand
                placed[c] = Cell(text, Place(line=line, table_index=table_index, row_index=r, col_index=c))
                c += 1
                continue
            for dr in range(rowspan):
                target = grid[r + dr]
                for dc in range(colspan):
                    # Where spans overlap, the cell that claimed the position first keeps it (as browsers do).
                    if c + dc not in target:
                        place = Place(line=line, table_index=table_index, row_index=r + dr, col_index=c + dc)
                        target[c + dc] = Cell(text, place, merged=(dr, dc) != (0, 0))
            c += colspan
    return Table(rows=_grid_rows(grid, table_index), place=Place(line=el.sourceline, table_index=table_index))


def _grid_rows(grid: list[dict[int, Cell]], table_index: int) -> list[list[Cell]]:
    # A hole left of a placed cell (a row shorter than a rowspan expects) is a blank cell.
    return [[placed.get(c) or Cell("", Place(table_index=table_index, row_index=r, col_index=c))
             for c in range(max(placed, default=-1) + 1)] for r, placed in enumerate(grid)]


@lru_cache(maxsize=4096)  # the same few numbers fill the cells of every page
def _leaf_text(text: str) -> str:
    return strip_invisible(_clean(text)).strip() if text.strip(" \t\r\n\f\u00a0\u3000") else ""


def _cell_text(cell: Any) -> str:
    """Cell text with its printed line breaks (<br>, <p> inside the cell) kept as '\\n'.

    A cell holding only &nbsp; is blank: ''; so is a cell whose text no one sees (white, hidden).
    """
    if unseen(cell, "td"):
        return ""
    if len(cell) == 0:  # text alone, most cells: what walking it would give, without the walk
        text = cell.text
        if not text:
            return ""
        return _leaf_text(text) if len(text) <= 64 else _leaf_text.__wrapped__(text)
    lines = (strip_invisible(item.text).strip() for item in _Walker().walk_inside(cell) if isinstance(item, _RawLine))
    return "\n".join(line for line in lines if line)
