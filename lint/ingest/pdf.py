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
import os
import re
import time
import warnings
from bisect import bisect_left
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

from lint.errors import CORRUPT, EMPTY, ENCRYPTED, HOSTILE, NO_TEXT, TIMEOUT, ConfigError, InputError
from lint.ingest.document import Block, Document
from lint.ingest.pdfgrid import TOLERANCE, Part as _Part, boundaries as _boundaries, grid as _grid, join_tables, to_blocks
from lint.ingest.pdfunruled import unruled_tables

MAX_BYTES = 200 * 1024 * 1024
MAX_PAGES = 200  # a report has 5-20 pages; beyond this we read the first MAX_PAGES
TIME_LIMIT = 60.0  # seconds for the whole file
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
    engine = engine_name()
    if engine == "compare":
        outcome = _compared(path, data)
    else:
        outcome = _text_layer(path, data, engine)
    if outcome is None:  # a scan: read it by OCR (the optional extra), or say how to enable that
        from lint.ingest.ocr import read_pdf

        return read_pdf(path, data)
    return outcome


ENGINES = ("pdfium", "pdfplumber", "compare")
DEFAULT_ENGINE = "pdfplumber"


def engine_name() -> str:
    """Which library reads the pages: XXGK_PDF_ENGINE (pdfium, pdfplumber, or compare: both, and they must agree)."""
    name = os.environ.get("XXGK_PDF_ENGINE", "").strip().lower() or DEFAULT_ENGINE
    if name not in ENGINES:
        raise ConfigError(f"环境变量 XXGK_PDF_ENGINE 的值“{name}”无效，应为 {'、'.join(ENGINES)} 之一"
                          f" (XXGK_PDF_ENGINE must be one of {', '.join(ENGINES)})")
    return name


def _text_layer(path: str, data: bytes, engine: str) -> Document | None:
    """The document read from the text layer, or None when no page has one (a scan)."""
    reader = _Reader(path)
    with _quiet():
        source = _open_source(path, data, engine)
        try:
            reader.read(source)
        except _NoTextLayer:
            return None
        finally:
            source.close()
    return Document(path=path, blocks=reader.blocks(), kind="pdf", notes=reader.notes)


class EngineMismatch(AssertionError):
    """XXGK_PDF_ENGINE=compare: pdfium and pdfplumber read the file differently."""


def _compared(path: str, data: bytes) -> Document | None:
    """Read with both libraries; their documents (or their input errors) must be identical."""
    outcomes = []
    for engine in ("pdfplumber", "pdfium"):
        try:
            outcomes.append(("read", _text_layer(path, data, engine)))
        except InputError as exc:
            outcomes.append(("error", (exc.code, exc.zh, exc.en, exc.page)))
    (kind_a, a), (kind_b, b) = outcomes
    if (kind_a, a) != (kind_b, b):
        raise EngineMismatch(f"{path}: pdfplumber and pdfium read the file differently: "
                             f"{describe_difference(a, b)}")
    if kind_a == "error":
        code, zh, en, page = a
        raise InputError(code, zh, en, page=page)
    return a


def describe_difference(a: Any, b: Any) -> str:
    """The first place two readings differ, in a line."""
    if not isinstance(a, Document) or not isinstance(b, Document):
        return f"{a!r} / {b!r}"
    if a.notes != b.notes:
        return f"notes {a.notes!r} / {b.notes!r}"
    for n, (x, y) in enumerate(zip(a.blocks, b.blocks)):
        if x != y:
            return f"block {n}: {x!r} / {y!r}"
    return f"{len(a.blocks)} / {len(b.blocks)} blocks"


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
            raise _encrypted(path) from None
        raise _corrupt(path, f"{type(original).__name__}: {original}") from None
    return pdf


def _encrypted(path: str) -> InputError:
    return InputError(ENCRYPTED, f"文件“{path}”设置了密码保护，无法读取文字。请取消密码后重新导出 PDF 再检查。",
                      f"{path}: the PDF is password-protected")


def _close(pdf: Any) -> None:
    try:
        pdf.close()
    except Exception:  # close() walks the page tree again; on a damaged file that fails again
        pass


def _open_source(path: str, data: bytes, engine: str) -> _PlumberSource | _PdfiumSource:
    """The pages of the file, read by pdfium where it can, else by pdfplumber."""
    if engine == "pdfium":
        from lint.ingest import pdfium

        if not pdfium.looks_damaged(data):
            try:
                return _PdfiumSource(path, data, pdfium.open_document(data))
            except pdfium.Encrypted:
                raise _encrypted(path) from None
            except Exception:  # pdfium cannot open it: pdfplumber says how it is damaged, as it always has
                pass
    return _PlumberSource(path, data)


class _PlumberSource:
    """Pages read by pdfplumber (pdfminer)."""

    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        self.pdf = _open(path, data)

    def count(self) -> int:
        try:
            return len(self.pdf.pages)
        except Exception as exc:
            raise _corrupt(self.path, f"page tree unreadable: {exc}") from None

    def read(self, index: int, number: int) -> tuple[list[_Line | _Part], int, int, int]:
        page = self.pdf.pages[index]
        try:
            return _read_page(page, number)
        finally:
            page.close()

    def close(self) -> None:
        _close(self.pdf)


class _PdfiumSource:
    """Pages read by pdfium; a page it cannot read as pdfminer would is read by pdfplumber."""

    def __init__(self, path: str, data: bytes, document: Any) -> None:
        self.path, self.data, self.document = path, data, document
        self.plumber: _PlumberSource | None = None
        self.fallbacks: list[int] = []  # pages pdfplumber read

    def count(self) -> int:
        return len(self.document)

    def read(self, index: int, number: int) -> tuple[list[_Line | _Part], int, int, int]:
        from lint.ingest import pdfium

        try:
            return _read_page(pdfium.read_page(self.document, index), number)
        except Exception:  # pdfium.Unsupported, or pdfium failed on the page: pdfplumber reads it
            self.fallbacks.append(number)
            if self.plumber is None:
                self.plumber = _PlumberSource(self.path, self.data)
            return self.plumber.read(index, number)

    def close(self) -> None:
        from lint.ingest import pdfium

        if self.plumber is not None:
            self.plumber.close()
        with pdfium.LOCK:
            self.document.close()


# ---------------------------------------------------------------- page reading


@dataclass
class _Line:
    text: str
    top: float
    bottom: float
    page: int
    margin: bool  # printed in the top or bottom margin (a running header/footer candidate)


@dataclass
class _Reader:
    path: str
    notes: list[str] = field(default_factory=list)
    pages: list[list[_Line | _Part]] = field(default_factory=list)

    def read(self, source: Any) -> None:
        started = time.monotonic()
        count = source.count()
        if not count:
            raise _corrupt(self.path, "no pages")
        if count > MAX_PAGES:
            self.notes.append(f"文件共 {count} 页，只读取了前 {MAX_PAGES} 页")
        chars = garbled = failed = 0
        for number in range(1, min(count, MAX_PAGES) + 1):
            try:
                items, n_chars, n_garbled, n_unruled = source.read(number - 1, number)
                if n_chars == 0:
                    self.notes.append(f"第{number}页没有文字层（可能是扫描图片）")
                if n_unruled:
                    self.notes.append(f"第{number}页有 {n_unruled} 个没有框线的表格，已按数字的位置还原各列")
            except Exception as exc:  # one damaged page must not lose the others
                failed += 1
                self.notes.append(f"第{number}页无法读取（{type(exc).__name__}）")
                items, n_chars, n_garbled = [], 0, 0
            chars, garbled = chars + n_chars, garbled + n_garbled
            self.pages.append(items)
            if time.monotonic() - started > TIME_LIMIT:
                raise InputError(TIMEOUT, f"读取文件“{self.path}”超过 {TIME_LIMIT:.0f} 秒，已停止。",
                                 f"{self.path}: reading took longer than {TIME_LIMIT:.0f} s", page=number)
        self._check_text(chars, garbled, failed, min(count, MAX_PAGES))

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
        return to_blocks(join_tables(flow))


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
    placed: set[int] = set()  # the characters a table cell took (their midpoint inside its box)
    parts = [p for p in (_part(t, number, placed) for t in ruled.find_tables(settings)) if p is not None]
    boxes = [c[:4] for part in parts for c in part.cells]

    def outside_tables(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        if id(obj) in placed:
            return False
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
    unruled, used = unruled_tables(entries, number, _tidy)
    items: list[_Line | _Part] = [line for i, (line, _) in enumerate(entries) if i not in used]
    items += parts + unruled
    items.sort(key=lambda item: item.top)
    return items, len(chars), garbled, len(unruled)


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


def _part(table: Any, page: int, placed: set[int]) -> _Part | None:
    """A detected table's cells with their text; None for a frame that is no table.

    The ``id`` of each character a cell of the table took goes into ``placed``.
    """
    cells: list[tuple[float, float, float, float, str]] = []
    taken: set[int] = set()
    for row, texts in _extract(table, taken):
        for bbox, text in zip(row.cells, texts):
            if bbox is not None:
                cells.append((bbox[0], bbox[1], bbox[2], bbox[3], _tidy_cell(text or "")))
    part = _Part(page, table.bbox[1], table.bbox[3], cells)
    if len(part.xs) < 3 or len(part.ys) < 3 or not any(c[4] for c in cells):
        return None  # one row or one column of boxes: a frame around prose, not a table
    placed |= taken
    return part


def _extract(table: Any, taken: set[int]) -> list[tuple[Any, list[str | None]]]:
    """Each row of the table with its cells' texts: pdfplumber's ``Table.extract()``, its very tests and
    text, but over the characters inside the table only (it scans every character of the page for each row).
    The ``id`` of every character a cell takes goes into ``taken``."""
    from pdfplumber.utils import extract_text

    x0, top, x1, bottom = table.bbox
    inside = []
    for char in table.page.chars:
        v_mid, h_mid = (char["top"] + char["bottom"]) / 2, (char["x0"] + char["x1"]) / 2
        if x0 <= h_mid < x1 and top <= v_mid < bottom:
            inside.append((h_mid, v_mid, char))
    by_height = sorted(range(len(inside)), key=lambda k: inside[k][1])
    heights = [inside[k][1] for k in by_height]
    out: list[tuple[Any, list[str | None]]] = []
    for row in table.rows:
        r0, r_top, r1, r_bottom = row.bbox
        band = sorted(by_height[bisect_left(heights, r_top):bisect_left(heights, r_bottom)])  # in page order
        in_row = [inside[k] for k in band if r0 <= inside[k][0] < r1]
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            c0, c_top, c1, c_bottom = cell
            chars = [c[2] for c in in_row if c0 <= c[0] < c1 and c_top <= c[1] < c_bottom]
            taken.update(map(id, chars))
            texts.append(extract_text(chars) if chars else "")
        out.append((row, texts))
    return out


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
