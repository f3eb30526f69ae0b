"""A second look at the table cells of a page read by OCR: what the detector missed, and what not to trust.

The detector passes over a lone small "1" or "0"; cells with ink but no text
are recognised on their own.  A cell whose text is no clean value ("L5", "!")
is read again from its own marks.  And a number that does not account for the
marks of its cell (a digit lost, a smudge) is doubted, whatever the
recogniser's own score says.  Doubtful cells get a small picture of themselves.
"""

from __future__ import annotations

import re
from typing import Any

#: cells read less surely than this get a picture of themselves in the report (for a person to compare)
CROP_BELOW = 0.9
MAX_CROPS = 20  # pictures per page, the least sure cells first, about 1-3 KB each
#: width of a printed digit's marks over their height (a table's own numbers give it where it has some)
DIGIT_SHAPE = 0.65
EXTRA_DIGIT = 0.7  # marks wider than the digits read by this many digits: one was lost
REREAD = 0.85  # the most a cell the detector passed over, read on its own, can be trusted
FAINT = 0.5  # the most a number that does not account for its cell's marks can be trusted
_CLEAN = re.compile(r"\d+(?:\.\d+)?")
_CJK = re.compile(r"[\u3400-\u9fff]")


def doubt(cell: Any, at_most: float) -> None:
    """Make every reading in the cell no surer than ``at_most``."""
    for box in cell.boxes:
        box.confidence = min(box.confidence, at_most)


def read_cells(ocr: Any, grey: Any, cells: list[Any]) -> None:
    """Recognise, one by one, the cells with ink that the detector passed over (a lone small "1" or "0")."""
    if not cells:
        return
    import cv2

    from lint.ingest import ocr_image as I
    from lint.ingest.ocr_layout import TextBox

    crops = []
    for cell in cells:
        x0, top, x1, bottom = cell.ink
        pad = max(4, (bottom - top) // 2)
        piece = I.clean_crop(grey, cell.ink, pad, cell.marks)
        crops.append(cv2.cvtColor(piece, cv2.COLOR_GRAY2BGR))
    read, _elapsed = ocr.text_rec(crops)
    for cell, (text, score) in zip(cells, read):
        text = str(text).strip()
        if not text:
            continue
        x0, top, x1, bottom = cell.ink
        if not cell.boxes:
            # the detector passed it over: read alone, it is no surer than REREAD
            cell.boxes.append(TextBox(x0, top, x1, bottom, text, min(float(score), REREAD)))
        elif not garbled_number(text):
            # the cell's own marks, without the rulings the detector's box took in, read as a clean value
            cell.boxes = [TextBox(x0, top, x1, bottom, text, min(float(score), cell.confidence or 1.0))]


def garbled_number(text: str) -> bool:
    """A short cell text without Chinese that is no clean value ("L5", "1|0", "!"): re-read from the cell's marks."""
    from lint.ingest.ocr_layout import value_text
    from lint.vocab.values import NA_TOKENS

    cleaned = value_text(text, None)[0].strip()
    if not cleaned or len(cleaned) > 10 or _CJK.search(cleaned):
        return False
    return not _CLEAN.fullmatch(cleaned) and cleaned not in NA_TOKENS


def check_extent(cells: list[Any]) -> None:
    """Doubt a number that does not account for the marks of its cell.

    The recogniser's own score stays high when it reads a smudged "1289" as
    "120".  Printed digits are about as wide as each other, so a number whose
    cell holds marks about a digit wider than its digits need (a digit lost,
    or a mark read as nothing), or narrower, or marks too faint to tell from
    the paper, is no surer than FAINT.  A digit's width is measured on the
    table's own numbers where it has some.
    """
    from lint.ingest.ocr_layout import value_text

    numbers = []
    for cell in cells:
        text = value_text(cell.text, None)[0].strip()
        if cell.boxes and _CLEAN.fullmatch(text) and "." not in text:
            numbers.append((cell, len(text)))
    widths = sorted(_shape(cell) / n for cell, n in numbers if cell.ink is not None and n >= 2)
    digit = widths[len(widths) // 2] if widths else DIGIT_SHAPE
    for cell, n in numbers:
        if cell.ink is None:
            unsure = True  # read from marks fainter than print: a smudge, a stain, a pencil note
        else:
            shape = _shape(cell)
            unsure = shape > (n + EXTRA_DIGIT) * digit or (n >= 2 and shape < (n - EXTRA_DIGIT) * digit)
            if cell.faint is not None:  # faded marks beside the print: a digit rubbed out or smudged
                faded = (cell.faint[2] - cell.faint[0]) - (cell.ink[2] - cell.ink[0])
                unsure = unsure or faded / max(1, cell.ink[3] - cell.ink[1]) > EXTRA_DIGIT * digit
        if unsure:
            doubt(cell, FAINT)


def _shape(cell: Any) -> float:
    x0, top, x1, bottom = cell.ink
    return (x1 - x0) / max(1, bottom - top)


def add_crops(grey: Any, tables: list[Any]) -> None:
    """A small picture of each doubtful value cell (and its neighbours' edges), at most MAX_CROPS a page."""
    from lint.ingest import ocr_image as I

    doubtful = []
    for table in tables:
        for cell in table.cells:
            sure = 0.0 if cell.ink is not None and not cell.boxes else cell.confidence
            if sure is not None and sure < CROP_BELOW and cell.x1 - cell.x0 < grey.shape[1] / 4:
                doubtful.append((sure, cell))
    doubtful.sort(key=lambda pair: pair[0])
    for _sure, cell in doubtful[:MAX_CROPS]:
        cell.crop = I.png_data_uri(grey, int(cell.x0), int(cell.top), int(cell.x1), int(cell.bottom))
