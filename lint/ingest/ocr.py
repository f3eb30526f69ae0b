"""Read a scanned report (an image-only PDF, or .png/.jpg/.tif pages) by OCR, offline.

The optional extra ``ocr`` brings the recogniser: RapidOCR's PP-OCR models run
by ONNX Runtime, shipped inside the ``rapidocr-onnxruntime`` wheel, so nothing
is downloaded at run time.  Each page is rendered (at most :data:`MAX_DPI`) or
loaded, straightened, its ruled tables found from the ruling lines in the
image, its text boxes detected and recognised, and cells the detector passed
over but that hold ink are recognised on their own.  :mod:`lint.ingest.ocr_layout`
turns the boxes into the same Document every reader gives, every table cell
with its confidence, and the assembler reads it like any other.

One page is in memory at a time.  Reading stops with E012 when the pages take
longer than the run's time limit allows, rather than being killed half-way.
"""

from __future__ import annotations

import io
import logging
import time
import warnings
from typing import Any, Iterator

from lint.errors import CORRUPT, EMPTY, HOSTILE, NO_TEXT, TIMEOUT, InputError
from lint.ingest.document import Document, NotRead, Paragraph

MAX_DPI = 200  # rendering resolution of an image-only PDF page; the recogniser gains nothing above it
MIN_DPI = 150
MAX_PAGES = 40  # a scanned report longer than this is read up to here
MAX_PIXELS = 12_000_000  # a PDF page is rendered no larger (A3 at 200 dpi is 7.8 million pixels)
MAX_IMAGE_PIXELS = 60_000_000  # an image file may be this large (A4 at 600 dpi is 35 million); it is scaled down
PAGE_SECONDS = 60.0  # no page may take longer than this
DEFAULT_SECONDS = 300.0  # the file's budget when the run sets none
DETECT_DPI = 150
_REQUIRED = ("numpy", "PIL", "cv2", "onnxruntime", "pypdfium2", "rapidocr_onnxruntime")
_ENGINE: Any = None


def available() -> list[str]:
    """The modules of the ``ocr`` extra that cannot be imported (empty when OCR can run)."""
    from importlib import import_module

    missing = []
    for name in _REQUIRED:
        try:
            import_module(name)
        except (ImportError, OSError):  # not installed, or a system library it needs is absent (libGL for cv2)
            missing.append(name)
    return missing


def _need_extra(path: str, what_zh: str, what_en: str) -> InputError:
    missing = ", ".join(available())
    return InputError(NO_TEXT, f"文件“{path}”{what_zh}，识别扫描件需要安装可选组件：pip install 'xxgk-lint[ocr]'"
                      f"（缺少 {missing}）。也可以提供 Word 版本或由原文件导出的 PDF。",
                      f"{path}: {what_en}; reading scans needs the optional extra: pip install 'xxgk-lint[ocr]' "
                      f"({missing} missing), or give the Word file or a PDF exported from it")


# ---------------------------------------------------------------- entry points


def extract(path: str, data: bytes) -> Document:
    """An image file (PNG, JPEG, TIFF with one or more pages) read by OCR."""
    if not data.strip(b"\x00 \t\r\n"):
        raise InputError(EMPTY, f"文件“{path}”是空的，没有任何内容。", f"{path}: the file is empty")
    if available():
        raise _need_extra(path, "是扫描图片", "is a scanned image")
    return read_pages(path, _image_pages(path, data))


def read_pdf(path: str, data: bytes) -> Document:
    """An image-only PDF (a scan) read by OCR; E010 with the way to enable it when the extra is missing."""
    if available():
        raise _need_extra(path, "没有文字层（可能是扫描件）", "the PDF has no text layer (a scan?)")
    return read_pages(path, _pdf_pages(path, data))


def read_pages(path: str, pages: Iterator[tuple[Any, int]]) -> Document:
    """OCR every page image ``pages`` yields (grey numpy array, its resolution in dpi)."""
    from lint.ingest.ocr_layout import to_blocks

    notes: list[str] = ["本文件是扫描件，文字和数字由光学字符识别（OCR）读取，可能有误"]
    not_read: list[NotRead] = []
    started = time.monotonic()
    budget = _budget()
    layouts = []
    tolerance = 4.0
    for number, (grey, dpi) in enumerate(pages, start=1):
        if number > MAX_PAGES:
            not_read.append(NotRead(f"第 {number} 页起（扫描件只识别前 {MAX_PAGES} 页）",
                                    f"page {number} on (only the first {MAX_PAGES} scanned pages are recognised)", number))
            break
        spent = time.monotonic() - started
        if number > 1 and spent / (number - 1) + spent > budget:
            raise _timeout(path, spent, number - 1, number)
        layout, page_not_read = read_page(grey, dpi, number)
        layouts.append(layout)
        not_read.extend(page_not_read)
        tolerance = max(tolerance, dpi / 25)  # about 1 mm: cell edges closer than this are one ruling
        del grey
    if not layouts:
        raise InputError(CORRUPT, f"文件“{path}”中没有可识别的页面。", f"{path}: no page to read")
    if time.monotonic() - started > budget:
        raise _timeout(path, time.monotonic() - started, len(layouts), None)
    blocks = to_blocks(layouts, tolerance)
    if not any(isinstance(b, Paragraph) or any(c.text for row in b.rows for c in row) for b in blocks):
        raise InputError(NO_TEXT, f"文件“{path}”没有文字层，光学字符识别（OCR）也未在其中找到文字，无法检查。",
                         f"{path}: no text layer, and OCR found no text in it either")
    return Document(path=path, blocks=blocks, kind="ocr", notes=notes, not_read=not_read)


def _budget() -> float:
    from lint import ingest

    limit = ingest.time_limit()
    return DEFAULT_SECONDS if not limit else max(1.0, limit * 0.9)


def _timeout(path: str, spent: float, done: int, at: int | None) -> InputError:
    return InputError(TIMEOUT, f"识别扫描件“{path}”用时 {spent:.0f} 秒，已识别 {done} 页，未能在时限内读完，已停止。"
                      "扫描件每页约需 10–20 秒，请用 --timeout 300 等更长的时限重新检查。",
                      f"{path}: OCR took {spent:.0f} s for {done} page(s) and could not finish in the time limit; "
                      "scans need about 10-20 s a page: run again with a longer --timeout (e.g. 300)", page=at)


# ---------------------------------------------------------------- page images


def _pdf_pages(path: str, data: bytes) -> Iterator[tuple[Any, int]]:
    import numpy as np
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:
        raise InputError(CORRUPT, f"文件“{path}”已损坏，无法打开。", f"{path}: damaged PDF ({exc})") from None
    try:
        for index in range(min(len(pdf), MAX_PAGES + 1)):
            page = pdf[index]
            try:
                width, height = page.get_size()
                dpi = min(MAX_DPI, max(MIN_DPI, _scan_dpi(page) or MAX_DPI))
                scale = min(dpi / 72, (MAX_PIXELS / max(1.0, width * height)) ** 0.5)
                bitmap = page.render(scale=scale, grayscale=True)
                grey = np.array(bitmap.to_pil().convert("L"))
                bitmap.close()
            finally:
                page.close()
            yield grey, round(scale * 72)
    finally:
        pdf.close()


def _scan_dpi(page: Any) -> float | None:
    """The resolution of the largest image on a PDF page (the scan itself): rendering finer only blurs it."""
    import pypdfium2.raw as raw

    best: tuple[float, float] | None = None
    try:
        for image in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
            left, _bottom, right, _top = image.get_bounds()
            pixels = image.get_metadata().width
            if right - left > 1 and pixels and (best is None or right - left > best[0]):
                best = (right - left, pixels / ((right - left) / 72))
    except Exception:  # an odd image object: render at the default resolution
        return None
    return best[1] if best else None


def _image_pages(path: str, data: bytes) -> Iterator[tuple[Any, int]]:
    import numpy as np
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS  # PIL refuses twice this, and warns above it
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image.load()
        frames = getattr(image, "n_frames", 1)
    except Image.DecompressionBombError:
        raise InputError(HOSTILE, f"图片“{path}”像素过多，已拒绝读取。", f"{path}: image too large; refused") from None
    except Exception as exc:
        raise InputError(CORRUPT, f"图片“{path}”已损坏或格式无法识别。", f"{path}: damaged image ({exc})") from None
    for index in range(min(frames, MAX_PAGES + 1)):
        try:
            image.seek(index)
            frame = ImageOps.exif_transpose(image).convert("L")
        except Exception as exc:
            raise InputError(CORRUPT, f"图片“{path}”第{index + 1}页已损坏。",
                             f"{path}: page {index + 1} is damaged ({exc})") from None
        dpi = _dpi_of(image)
        target = min(MAX_DPI, max(dpi, MIN_DPI), 2 * dpi)  # fine print of a screenshot is enlarged, not beyond 2×
        if target != dpi:
            frame = frame.resize((round(frame.width * target / dpi), round(frame.height * target / dpi)),
                                 Image.LANCZOS if target < dpi else Image.BICUBIC)
        yield np.array(frame), target


def _dpi_of(image: Any) -> int:
    """The image's resolution, or the one an A4 page of its width would have."""
    info = image.info.get("dpi")
    if isinstance(info, tuple) and info and isinstance(info[0], (int, float)) and 50 <= info[0] <= 1200:
        return round(info[0])
    return max(72, round(image.width / 8.27))


# ---------------------------------------------------------------- one page


def engine() -> Any:
    """The recogniser, made once per process from the models inside the wheel (no network)."""
    global _ENGINE
    if _ENGINE is None:
        for name in ("RapidOCR", "OrtInferSession", "rapidocr_onnxruntime"):
            logging.getLogger(name).setLevel(logging.ERROR)
        from rapidocr_onnxruntime import RapidOCR

        _ENGINE = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
    return _ENGINE


def read_page(grey: Any, dpi: int, number: int) -> tuple[Any, list[NotRead]]:
    """One page image as a PageLayout (lines and tables), and what of it could not be read."""
    from lint.ingest import ocr_cells as C
    from lint.ingest import ocr_image as I
    from lint.ingest.ocr_layout import GridCell, PageTable, layout_page, place_boxes

    started = time.monotonic()
    not_read: list[NotRead] = []
    angle = I.skew_angle(grey)
    grey = I.straighten(grey, angle)
    found, rulings = I.find_tables(grey)
    tables = [PageTable(t.top, t.bottom, [GridCell(c.x0, c.top, c.x1, c.bottom) for c in t.cells]) for t in found]
    boxes = _recognise(grey, dpi)
    outside = place_boxes(boxes, tables)
    min_height = max(6, round(dpi / 25))  # about 1 mm: smaller marks are specks, not writing
    again = []
    writing = I.writing_mask(grey, rulings)
    faint = I.writing_mask(grey, rulings, I.FAINT_CONTRAST)
    for table in tables:
        for cell in table.cells:
            box = I.CellBox(int(cell.x0), int(cell.top), int(cell.x1), int(cell.bottom))
            cell.ink, cell.marks = I.ink_boxes(writing, box, min_height)
            cell.faint = I.ink_boxes(faint, box, min_height)[0]
            if cell.ink is not None and (not cell.boxes or C.garbled_number(cell.text)):
                again.append(cell)
    if time.monotonic() - started > PAGE_SECONDS:
        not_read.append(NotRead(f"第 {number} 页表格中识别时漏掉的单元格（这一页识别超时，未再补读）",
                                f"cells of the tables on page {number} that recognition missed (the page ran out "
                                "of time, so they were not read again)", number))
    else:
        C.read_cells(engine(), grey, again)
    for cell in again:
        if C.garbled_number(cell.text):  # still no clean value: what was read cannot be trusted
            C.doubt(cell, C.FAINT)
    for table in tables:
        C.check_extent(table.cells)
    C.add_crops(grey, tables)
    return layout_page(number, outside, tables, grey.shape[0]), not_read


def _recognise(grey: Any, dpi: int) -> list[Any]:
    """Detect and recognise the text boxes of a page (no orientation step: pages are upright once straight).

    Detection runs at no more than DETECT_DPI (its cost grows with the pixels and
    it finds print of this size as well); recognition reads the full resolution.
    """
    import cv2
    import numpy as np

    from lint.ingest.ocr_layout import TextBox

    ocr = engine()
    colour = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    scale = min(1.0, DETECT_DPI / dpi)
    small = colour if scale == 1.0 else cv2.resize(colour, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    found, _elapsed = ocr.text_det(small)
    if found is None or len(found) == 0:
        return []
    quads = [np.asarray(q, dtype=np.float32) / scale for q in ocr.sorted_boxes(found)]
    # upright crops of the straightened page: a lone "1" makes a tall box, which must not be turned on its side
    height, width = grey.shape
    crops = []
    for quad in quads:
        x0, top = max(0, int(quad[:, 0].min())), max(0, int(quad[:, 1].min()))
        x1, bottom = min(width, int(np.ceil(quad[:, 0].max())) + 1), min(height, int(np.ceil(quad[:, 1].max())) + 1)
        crops.append(colour[top:max(bottom, top + 1), x0:max(x1, x0 + 1)])
    read, _elapsed = ocr.text_rec(crops)
    boxes: list[TextBox] = []
    for quad, (text, score) in zip(quads, read):
        points = np.asarray(quad, dtype=float)
        if not str(text).strip():
            continue
        boxes.append(TextBox(float(points[:, 0].min()), float(points[:, 1].min()), float(points[:, 0].max()),
                             float(points[:, 1].max()), str(text), float(score)))
    return boxes
