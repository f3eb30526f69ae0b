"""Read a PDF report (with a text layer) into a :class:`Document`.

The pages are read by pdfium (:mod:`lint.ingest.pdfium`), which hands on the
characters and ruling lines pdfminer would have found, so that pdfplumber's
table finder and line grouping run on them unchanged; a page pdfium cannot
describe so, and a damaged file as a whole, are read by pdfplumber itself.
XXGK_PDF_ENGINE=pdfplumber reads everything with pdfplumber, =compare with both
(their readings must be identical; the tests run so).

Each page's lines and table parts come from :mod:`lint.ingest.pdfpage`.  Each table becomes a
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
from collections import Counter
from contextlib import contextmanager
from dataclasses import field
from typing import Any, Iterator

from lint.errors import CORRUPT, EMPTY, ENCRYPTED, HOSTILE, NO_TEXT, TIMEOUT, ConfigError, InputError
from lint.ingest.document import Block, Document, NotRead
from lint.ingest.pdfgrid import Part as _Part, grid as _grid, join_tables, to_blocks
from lint.ingest.pdfpage import Line as _Line, read_page as _read_page
from lint.records import record

MAX_BYTES = 200 * 1024 * 1024
MAX_PAGES = 200  # a report has 5-20 pages; beyond this we read the first MAX_PAGES
TIME_LIMIT = 60.0  # seconds for the whole file

_PAGE_NUMBER = re.compile(r"^[\s\-—–_·•]*(第\s*)?\d{1,4}\s*(页)?(\s*[/／]\s*(共\s*)?\d{1,4}\s*页?)?[\s\-—–_·•]*$")


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
DEFAULT_ENGINE = "pdfium"  # its readings of every corpus PDF are pdfplumber's (tests/ingest/test_pdfium.py)


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
    return Document(path=path, blocks=reader.blocks(), kind="pdf", notes=reader.notes, not_read=reader.not_read)


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
    if (a.notes, a.not_read) != (b.notes, b.not_read):
        return f"notes {a.notes!r} {a.not_read!r} / {b.notes!r} {b.not_read!r}"
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
        from lint.ingest.pdfdamage import looks_damaged

        if not looks_damaged(data):
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
            _with_render_modes(page)
            return _read_page(page, number)
        finally:
            page.close()

    def close(self) -> None:
        _close(self.pdf)


def _with_render_modes(page: Any) -> None:
    """Lay out a pdfplumber page as pdfplumber does, noting on each character its text render mode.

    pdfminer keeps the render mode (Tr) in the text state and does not hand it on to its characters;
    lint.ingest.pdfseen needs it ("render_mode", as pdfium gives it) to leave out invisible text, and
    whether the fill colour was set in its colour space ("fill_set": lint.ingest.pdfcolour).
    """
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent
    from pdfplumber.utils.exceptions import PdfminerException

    from lint.ingest.pdfcolour import Interpreter

    class Device(PDFPageAggregatorWithMarkedContent):
        mode = 0

        def render_string(self, textstate: Any, *args: Any, **kwargs: Any) -> None:
            self.mode = textstate.render
            super().render_string(textstate, *args, **kwargs)

        def render_char(self, *args: Any, **kwargs: Any) -> float:
            advance = super().render_char(*args, **kwargs)
            char = self.cur_item._objs[-1]
            char.render_mode = self.mode
            char.fill_set = getattr(kwargs.get("graphicstate", args[-1] if args else None), "fill_set", True)
            return advance

    device = Device(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    try:
        Interpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    except Exception as exc:
        raise PdfminerException(exc)
    page._layout = device.get_result()
    laid = _layout_chars(page._layout, [])
    chars = page.chars  # pdfplumber's dictionaries of those characters, in the same order
    if len(laid) != len(chars):
        raise AssertionError("pdfplumber's characters are not pdfminer's")
    for char, item in zip(chars, laid):
        char["render_mode"] = getattr(item, "render_mode", 0)
        if not getattr(item, "fill_set", True):
            char["fill_set"] = False


def _layout_chars(container: Any, out: list[Any]) -> list[Any]:
    """The LTChar objects of a layout in the order pdfplumber's Page.iter_layout_objects visits them."""
    from pdfminer.layout import LTChar, LTContainer

    for item in container:
        if isinstance(item, LTContainer):
            _layout_chars(item, out)
        elif isinstance(item, LTChar):
            out.append(item)
    return out


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


@record
class _Reader:
    path: str
    notes: list[str] = field(default_factory=list)
    not_read: list[NotRead] = field(default_factory=list)
    pages: list[list[_Line | _Part]] = field(default_factory=list)

    def read(self, source: Any) -> None:
        started = time.monotonic()
        count = source.count()
        if not count:
            raise _corrupt(self.path, "no pages")
        if count > MAX_PAGES:
            self.not_read.append(NotRead(f"第 {MAX_PAGES + 1}–{count} 页（文件共 {count} 页，只读取前 {MAX_PAGES} 页）",
                                         f"pages {MAX_PAGES + 1}–{count} (the file has {count} pages; only the "
                                         f"first {MAX_PAGES} are read)", MAX_PAGES + 1))
        chars = garbled = failed = 0
        for number in range(1, min(count, MAX_PAGES) + 1):
            try:
                items, n_chars, n_garbled, n_unruled = source.read(number - 1, number)
                if n_chars == 0:
                    self.not_read.append(NotRead(f"第 {number} 页（没有文字层，可能是扫描图片）",
                                                 f"page {number} (no text layer: perhaps a scanned image)", number))
                if n_unruled:
                    self.notes.append(f"第{number}页有 {n_unruled} 个没有框线的表格，已按数字的位置还原各列")
            except Exception as exc:  # one damaged page must not lose the others
                failed += 1
                self.not_read.append(NotRead(f"第 {number} 页（这一页无法解析）", f"page {number} (it could not be parsed)",
                                             number))
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


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text)


def _running_lines(pages: list[list[_Line | _Part]]) -> set[str]:
    """Margin lines that repeat on at least half of the pages (and on two or more)."""
    counts: Counter[str] = Counter()
    for items in pages:
        counts.update({_furniture_key(i.text) for i in items if isinstance(i, _Line) and i.margin})
    needed = max(2, (len(pages) + 1) // 2)
    return {key for key, n in counts.items() if n >= needed}
