"""Read a PDF report (with a text layer) into a :class:`Document`.

Tables are found from their ruling lines only (pdfplumber's "lines" strategy on
the visible strokes): disclosure tables are always fully ruled, and text-based
detection would invent tables out of justified prose.  Each table becomes a
grid built from the cells' own coordinates, so a digit stays in the column it
is printed in even when other cells of its row are missing or merged.  A
table cut by a page break is joined back into one when nothing but page
furniture stands between the parts and the columns agree.  Text inside a
table is not repeated as paragraphs; everything else becomes one Paragraph per
printed line.
"""

from __future__ import annotations

import io
import logging
import re
import time
import warnings
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

from lint.errors import CORRUPT, EMPTY, ENCRYPTED, HOSTILE, NO_TEXT, TIMEOUT, InputError
from lint.ingest.document import Block, Cell, Document, Paragraph, Place, Table

MAX_BYTES = 200 * 1024 * 1024
MAX_PAGES = 200  # a report has 5-20 pages; beyond this we read the first MAX_PAGES
TIME_LIMIT = 60.0  # seconds for the whole file
TOLERANCE = 3.0  # points: ruling lines closer than this are one line (pdfplumber's snap tolerance)
MARGIN_TOP = 0.10  # fractions of the page height where running headers and page numbers live
MARGIN_BOTTOM = 0.12

_PAGE_NUMBER = re.compile(r"^[\s\-—–_·•]*(第\s*)?\d{1,4}\s*(页)?(\s*[/／]\s*(共\s*)?\d{1,4}\s*页?)?[\s\-—–_·•]*$")
# pdfplumber infers a space wherever glyphs stand apart.  Next to a CJK glyph that
# space was never typed: it is justification, spaced-out headings ("总 计") or
# Word's automatic gap between Chinese and digits ("2023 年").  The same report
# saved as .docx or HTML has no space there, so neither do we.
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f]) +(?=\S)|(?<=\S) +(?=[^\x00-\x7f])")
_WHITE = ((1,), (1.0,), (1, 1, 1), (1.0, 1.0, 1.0), (0, 0, 0, 0), (0.0, 0.0, 0.0, 0.0))


def extract(path: str, data: bytes) -> Document:
    """Paragraph lines and table grids of a PDF, page by page, in reading order."""
    _check_bytes(path, data)
    reader = _Reader(path)
    scanned = False
    with _quiet():
        pdf = _open(path, data)
        try:
            reader.read(pdf)
        except _NoTextLayer:
            scanned = True
        finally:
            _close(pdf)
    if scanned:  # a scan: read it by OCR (the optional extra), or say how to enable that
        from lint.ingest.ocr import read_pdf

        return read_pdf(path, data)
    return Document(path=path, blocks=reader.blocks(), kind="pdf", notes=reader.notes)


class _NoTextLayer(Exception):
    """Not one page of the PDF has text: it is made of images."""


# ---------------------------------------------------------------- opening


@contextmanager
def _quiet() -> Iterator[None]:
    """pdfminer warns and logs about every oddity of real PDFs; those are not the user's findings."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _check_bytes(path: str, data: bytes) -> None:
    if not data.strip(b"\x00 \t\r\n"):
        raise InputError(EMPTY, f"文件“{path}”是空的，没有任何内容。", f"{path}: the file is empty")
    if len(data) > MAX_BYTES:
        raise InputError(HOSTILE, f"文件“{path}”超过 {MAX_BYTES // 1024 // 1024} MB，已拒绝读取。",
                         f"{path}: larger than {MAX_BYTES // 1024 // 1024} MB; refused")
    if b"%PDF" not in data[:1024]:
        raise _corrupt(path, "no %PDF header")


def _corrupt(path: str, why: str) -> InputError:
    return InputError(CORRUPT, f"文件“{path}”已损坏或不是 PDF 文件，无法打开。请重新导出 PDF 后再检查。",
                      f"{path}: damaged or not a PDF ({why})")


def _open(path: str, data: bytes) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfplumber wraps pdfminer's errors in PdfminerException(original)
        original = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if isinstance(original, PDFEncryptionError):
            raise InputError(ENCRYPTED, f"文件“{path}”设置了密码保护，无法读取文字。请取消密码后重新导出 PDF 再检查。",
                             f"{path}: the PDF is password-protected") from None
        raise _corrupt(path, f"{type(original).__name__}: {original}") from None
    return pdf


def _close(pdf: Any) -> None:
    try:
        pdf.close()
    except Exception:  # close() walks the page tree again; on a damaged file that fails again
        pass


# ---------------------------------------------------------------- page reading


@dataclass
class _Line:
    text: str
    top: float
    bottom: float
    page: int
    margin: bool  # printed in the top or bottom margin (a running header/footer candidate)


@dataclass
class _Part:
    """The piece of one ruled table printed on one page."""

    page: int
    top: float
    bottom: float
    cells: list[tuple[float, float, float, float, str]]  # x0, top, x1, bottom, text

    @property
    def xs(self) -> list[float]:
        return _boundaries([c[0] for c in self.cells] + [c[2] for c in self.cells])

    @property
    def ys(self) -> list[float]:
        return _boundaries([c[1] for c in self.cells] + [c[3] for c in self.cells])


@dataclass
class _Reader:
    path: str
    notes: list[str] = field(default_factory=list)
    pages: list[list[_Line | _Part]] = field(default_factory=list)

    def read(self, pdf: Any) -> None:
        started = time.monotonic()
        try:
            pages = pdf.pages
        except Exception as exc:
            raise _corrupt(self.path, f"page tree unreadable: {exc}") from None
        if not pages:
            raise _corrupt(self.path, "no pages")
        if len(pages) > MAX_PAGES:
            self.notes.append(f"文件共 {len(pages)} 页，只读取了前 {MAX_PAGES} 页")
        chars = garbled = failed = 0
        for number, page in enumerate(pages[:MAX_PAGES], start=1):
            try:
                items, n_chars, n_garbled, n_unruled = _read_page(page, number)
                if n_chars == 0:
                    self.notes.append(f"第{number}页没有文字层（可能是扫描图片）")
                if n_unruled:
                    self.notes.append(f"第{number}页有 {n_unruled} 个没有框线的表格，已按数字的位置还原各列")
            except Exception as exc:  # one damaged page must not lose the others
                failed += 1
                self.notes.append(f"第{number}页无法读取（{type(exc).__name__}）")
                items, n_chars, n_garbled = [], 0, 0
            finally:
                page.close()
            chars, garbled = chars + n_chars, garbled + n_garbled
            self.pages.append(items)
            if time.monotonic() - started > TIME_LIMIT:
                raise InputError(TIMEOUT, f"读取文件“{self.path}”超过 {TIME_LIMIT:.0f} 秒，已停止。",
                                 f"{self.path}: reading took longer than {TIME_LIMIT:.0f} s", page=number)
        self._check_text(chars, garbled, failed, len(pages[:MAX_PAGES]))

    def _check_text(self, chars: int, garbled: int, failed: int, n_pages: int) -> None:
        if failed == n_pages:
            raise _corrupt(self.path, "no page could be read")
        if chars == 0:
            raise _NoTextLayer()
        if garbled > chars / 2:
            raise InputError(NO_TEXT, f"文件“{self.path}”中的文字无法识别（字体缺少编码映射），无法检查。"
                             "请重新导出 PDF（嵌入字体）或提供 Word 版本。",
                             f"{self.path}: the text layer cannot be decoded (fonts without a Unicode map)")

    def blocks(self) -> list[Block]:
        furniture = _running_lines(self.pages)
        flow: list[_Line | _Part] = []
        for items in self.pages:
            for item in items:
                if isinstance(item, _Line) and item.margin and (
                        _PAGE_NUMBER.match(item.text) or _furniture_key(item.text) in furniture):
                    continue  # page numbers and running headers are not report text
                flow.append(item)
        return _to_blocks(_join_tables(flow))


def _read_page(page: Any, number: int) -> tuple[list[_Line | _Part], int, int, int]:
    """The page's lines and table parts by position, its character count, garbled count, unruled tables."""
    chars = page.chars
    if not chars:
        return [], 0, 0, 0
    garbled = sum(1 for c in chars if c.get("text", "").startswith("(cid:"))
    ruled = page.filter(_is_ink)
    settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
                "snap_tolerance": TOLERANCE, "join_tolerance": TOLERANCE,
                "explicit_horizontal_lines": _closing_edges(ruled.edges)}
    parts = [p for p in (_part(t, number) for t in ruled.find_tables(settings)) if p is not None]
    boxes = [c[:4] for part in parts for c in part.cells]

    def outside_tables(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    from pdfplumber.utils import extract_words

    height = float(page.height) or 1.0
    entries: list[tuple[_Line, list[dict[str, Any]]]] = []
    for raw in page.filter(outside_tables).extract_text_lines(strip=True, return_chars=True):
        text = _tidy(raw["text"])
        if text:
            margin = raw["bottom"] < height * MARGIN_TOP or raw["top"] > height * (1 - MARGIN_BOTTOM)
            entries.append((_Line(text, raw["top"], raw["bottom"], number, margin), extract_words(raw["chars"])))
    unruled, used = _unruled_tables(entries, number)
    items: list[_Line | _Part] = [line for i, (line, _) in enumerate(entries) if i not in used]
    items += parts + unruled
    items.sort(key=lambda item: item.top)
    return items, len(chars), garbled, len(unruled)


# ---------------------------------------------------------------- tables without rulings

# A printed value: a count, an amount, a signed change, or a "not applicable" mark.
_VALUE = re.compile(r"^(?:[+\-−]?\d[\d,，.]*%?|[/／—–\-－]+)$")
MIN_VALUES = 3  # value tokens a line must end with to start a table row
MIN_VALUES_SINGLE_ROW = 5  # a lone row (表四 has one) must be unmistakable

_Row = tuple[int, _Line, list[dict[str, Any]], list[dict[str, Any]]]  # index, line, label words, values


def _unruled_tables(entries: list[tuple[_Line, list[dict[str, Any]]]], page: int) -> tuple[list[_Part], set[int]]:
    """Tables printed without ruling lines: runs of lines that end in values.

    A run needs a line ending in three or more values; lines next to it ending in
    fewer (rows with blank cells) join it when their values stand under its
    columns.  Each value goes to the column whose printed span it overlaps, so a
    blank cell stays blank instead of pulling the next number to the left.
    """
    parts: list[_Part] = []
    used: set[int] = set()
    run: list[_Row] = []

    def flush() -> None:
        rows = _fitting_rows(run)
        strong = [r for r in rows if len(r[3]) >= MIN_VALUES]
        if strong and (len(rows) >= 2 or len(strong[0][3]) >= MIN_VALUES_SINGLE_ROW):
            parts.append(_unruled_part(rows, page))
            used.update(i for i, _, _, _ in rows)
        run.clear()

    for index, (line, words) in enumerate(entries):
        split = _values_start(words)
        if split is None:
            flush()
        else:
            run.append((index, line, words[:split], words[split:]))
    flush()
    return parts, used


def _values_start(words: list[dict[str, Any]]) -> int | None:
    """Where the trailing run of value tokens begins, if the line ends in a number."""
    start = len(words)
    while start > 0 and _VALUE.match(words[start - 1]["text"]):
        start -= 1
    values = words[start:]
    if not any(ch.isdigit() for w in values for ch in w["text"]):
        return None
    return start


def _fitting_rows(run: list[_Row]) -> list[_Row]:
    """The rows whose values stand under the columns of the run's full rows (prose ending in a number does not)."""
    strong = [r for r in run if len(r[3]) >= MIN_VALUES]
    if not strong:
        return []
    columns = _columns([(w["x0"], w["x1"]) for _, _, _, values in strong for w in values])
    return [r for r in run if len(r[3]) >= MIN_VALUES or all(
        any(w["x0"] < x1 and w["x1"] > x0 for x0, x1 in columns) for w in r[3])]


def _unruled_part(run: list[_Row], page: int) -> _Part:
    columns = _columns([(w["x0"], w["x1"]) for _, _, _, values in run for w in values])
    has_label = any(labels for _, _, labels, _ in run)
    left = min(min((w["x0"] for w in labels + values), default=columns[0][0]) for _, _, labels, values in run)
    cells: list[tuple[float, float, float, float, str]] = []
    for r, (_, line, labels, values) in enumerate(run):
        top = line.top
        bottom = run[r + 1][1].top if r + 1 < len(run) else line.bottom
        if has_label:
            cells.append((left, top, columns[0][0], bottom, _tidy(" ".join(w["text"] for w in labels))))
        for k, (x0, x1) in enumerate(columns):
            right = columns[k + 1][0] if k + 1 < len(columns) else x1
            text = " ".join(w["text"] for w in values if w["x0"] < x1 and w["x1"] > x0)
            cells.append((x0, top, right, bottom, text))
    return _Part(page, run[0][1].top, run[-1][1].bottom, cells)


def _columns(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Merge overlapping horizontal spans of printed values into columns, left to right."""
    columns: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(a, b) for a, b in columns]


def _is_ink(obj: dict[str, Any]) -> bool:
    """Keep what is visibly drawn: strokes and thin filled bars, not white or shaded backgrounds.

    Word→PDF converters paint every paragraph and cell on a white filled rectangle;
    as "lines" those would turn prose into one-column tables.
    """
    if obj.get("object_type") != "rect":
        return True
    if obj.get("stroke"):
        return True
    thin = min(obj.get("width", 0), obj.get("height", 0)) < 2
    colour = obj.get("non_stroking_color")
    colour = tuple(colour) if isinstance(colour, (list, tuple)) else (colour,)
    return bool(obj.get("fill")) and thin and colour not in _WHITE


def _closing_edges(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Close a table's top or bottom border left open at a page break.

    Word does not always draw the border where a table is cut by a page break
    (sometimes only part of it), and pdfplumber then loses the cells along that
    side.  Where three or more vertical rulings end on one line, we add the
    missing pieces of the horizontal ruling between neighbouring verticals.
    Side borders are never invented: that would bridge two stacked tables.
    """
    closing: list[dict[str, Any]] = []
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    ends = [(e["top"], e["x0"]) for e in verticals] + [(e["bottom"], e["x0"]) for e in verticals]
    for y, xs in _group(ends):
        xs = sorted(set(xs))
        if len(xs) < 3:
            continue
        for left, right in zip(xs, xs[1:]):
            if right - left > TOLERANCE and not _covered(horizontals, y, left, right):
                closing.append({"object_type": "line", "x0": left, "x1": right, "top": y, "bottom": y,
                                "width": right - left, "height": 0})
    return closing


def _group(points: list[tuple[float, float]]) -> list[tuple[float, list[float]]]:
    """Group (coordinate, position) pairs whose coordinates agree within TOLERANCE."""
    groups: list[tuple[float, list[float]]] = []
    for at, pos in sorted(points):
        if groups and at - groups[-1][0] <= TOLERANCE:
            groups[-1][1].append(pos)
        else:
            groups.append((at, [pos]))
    return groups


def _covered(horizontals: list[dict[str, Any]], y: float, left: float, right: float) -> bool:
    return any(abs(e["top"] - y) <= TOLERANCE and e["x0"] <= left + TOLERANCE and e["x1"] >= right - TOLERANCE
               for e in horizontals)


def _part(table: Any, page: int) -> _Part | None:
    """A detected table's cells with their text; None for a frame that is no table."""
    cells: list[tuple[float, float, float, float, str]] = []
    for row, texts in zip(table.rows, table.extract()):
        for bbox, text in zip(row.cells, texts):
            if bbox is not None:
                cells.append((bbox[0], bbox[1], bbox[2], bbox[3], _tidy_cell(text or "")))
    part = _Part(page, table.bbox[1], table.bbox[3], cells)
    if len(part.xs) < 3 or len(part.ys) < 3 or not any(c[4] for c in cells):
        return None  # one row or one column of boxes: a frame around prose, not a table
    return part


def _tidy(text: str) -> str:
    return _CJK_GAP.sub("", text).strip()


def _tidy_cell(text: str) -> str:
    return "\n".join(line for line in (_tidy(t) for t in text.split("\n")) if line)


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text)


def _running_lines(pages: list[list[_Line | _Part]]) -> set[str]:
    """Margin lines that repeat on at least half of the pages (and on two or more)."""
    counts: Counter[str] = Counter()
    for items in pages:
        counts.update({_furniture_key(i.text) for i in items if isinstance(i, _Line) and i.margin})
    needed = max(2, (len(pages) + 1) // 2)
    return {key for key, n in counts.items() if n >= needed}


# ---------------------------------------------------------------- grids and joining


def _boundaries(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > TOLERANCE:
            out.append(v)
    return out


def _index(bounds: list[float], value: float) -> int:
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - value))


@dataclass
class _Slot:
    text: str
    page: int
    origin: int  # which printed cell covers this position
    merged: bool


def _grid(part: _Part, xs: list[float], first_origin: int) -> list[list[_Slot | None]]:
    ys = part.ys
    rows: list[list[_Slot | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    for n, (x0, top, x1, bottom, text) in enumerate(part.cells):
        c0, r0 = min(_index(xs, x0), len(xs) - 2), min(_index(ys, top), len(ys) - 2)
        # A degenerate (zero-width or zero-height) cell still takes one position.
        c1 = min(max(_index(xs, x1), c0 + 1), len(xs) - 1)
        r1 = min(max(_index(ys, bottom), r0 + 1), len(ys) - 1)
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


@dataclass
class _Joined:
    parts: list[_Part]

    @property
    def xs(self) -> list[float]:
        return max((p.xs for p in self.parts), key=len)

    @property
    def top(self) -> float:
        return self.parts[0].top


def _join_tables(flow: list[_Line | _Part]) -> list[_Line | _Joined]:
    """Join a table continued at the top of the next page with nothing printed in between."""
    out: list[_Line | _Joined] = []
    for item in flow:
        if isinstance(item, _Part):
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
        grid = _grid(part, xs, origin)
        origin += len(part.cells)
        if rows:
            grid = _drop_repeated_header(rows, grid)
            _continue_merged_cells(rows[-1], grid)
        rows.extend(grid)
    return rows


def _texts(row: list[_Slot | None]) -> list[str]:
    return [s.text if s else "" for s in row]


def _drop_repeated_header(table: list[list[_Slot | None]], grid: list[list[_Slot | None]]) -> list[list[_Slot | None]]:
    """Word repeats header rows on each page; keep them once."""
    k = 0
    while k < len(grid) and k < len(table) and any(_texts(grid[k])) and _texts(grid[k]) == _texts(table[k]):
        k += 1
    return grid[k:]


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


def _to_blocks(flow: list[_Line | _Joined]) -> list[Block]:
    blocks: list[Block] = []
    line_numbers: Counter[int] = Counter()
    table_index = 0
    for item in flow:
        if isinstance(item, _Line):
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
