"""Page images for OCR: straighten a scan, find its ruled tables, tell ink from speckle, cut small crops.

Everything here works on one grey page (a numpy ``uint8`` array, 0 black, 255
white) with OpenCV, which ships with the OCR extra.  Tables in disclosure
reports are fully ruled, so a table is found from its ruling lines, and each
printed cell is an enclosed white area between them: merged cells come out as
one area, exactly as printed.
"""

from __future__ import annotations

import base64

from typing import Any

from lint.records import record

MAX_SKEW = 3.0  # degrees: a scan tilted more than this is not straightened (and likely misread)
RULING_HALF = 2  # pixels from a cell's paper to the middle of its (dilated) ruling
MIN_SKEW = 0.05  # below this, rotating would only blur the page


@record
class CellBox:
    """One printed cell of a ruled table, in page pixels."""

    x0: int
    top: int
    x1: int
    bottom: int


@record
class TableBox:
    x0: int
    top: int
    x1: int
    bottom: int
    cells: list[CellBox]


def _cv() -> Any:
    import cv2

    return cv2


INK_CONTRAST = 20  # grey levels darker than the paper around it that a pixel must be to count as ink
FAINT_CONTRAST = 8  # ...to count as a mark at all (a smudge, a faded digit)


def ink_mask(grey: Any, contrast: int = 0) -> Any:
    """Ink pixels as 255: darker than their surroundings (about 5 mm around) by ``contrast`` (INK_CONTRAST).

    A local threshold keeps the thin grey strokes of small print scanned at 150
    dpi, and leaves a shaded table row paper, which one page-wide level cannot do.
    """
    cv2 = _cv()
    block = max(15, (min(grey.shape[:2]) // 50) | 1)
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block,
                                 contrast or INK_CONTRAST)


def _lines(mask: Any, horizontal: bool, length: int) -> Any:
    cv2 = _cv()
    shape = (length, 1) if horizontal else (1, length)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, shape)
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)


def skew_angle(grey: Any) -> float:
    """The tilt of the page in degrees (positive: counter-clockwise), from its long horizontal strokes.

    Table rulings are the straightest marks on a page; where there are none, the
    baselines of the text lines are used through a projection profile.
    """
    cv2 = _cv()
    import numpy as np

    mask = ink_mask(grey)
    width = mask.shape[1]
    angles: list[tuple[float, float]] = []
    ruled = _lines(mask, True, max(40, width // 30))
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(ruled, connectivity=8)
    for index in range(1, count):
        x, y, w, h, _area = stats[index]
        if w < width // 5 or h > w * 0.1:
            continue
        ys, xs = np.nonzero(_labels[y:y + h, x:x + w] == index)
        if len(xs) < 50:
            continue
        slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
        angles.append((float(np.degrees(np.arctan(slope))), float(w)))
    if angles:
        angles.sort()
        half = sum(w for _, w in angles) / 2
        acc = 0.0
        for angle, weight in angles:  # weighted median: long rulings count most
            acc += weight
            if acc >= half:
                return angle if abs(angle) <= MAX_SKEW else 0.0
    return _profile_angle(mask)


def _profile_angle(mask: Any) -> float:
    """The rotation that makes text rows sharpest (variance of the row sums), searched coarse to fine."""
    cv2 = _cv()
    import numpy as np

    small = cv2.resize(mask, (mask.shape[1] // 4, mask.shape[0] // 4), interpolation=cv2.INTER_AREA)
    h, w = small.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        turned = cv2.warpAffine(small, cv2.getRotationMatrix2D(centre, angle, 1.0), (w, h))
        return float(np.var(turned.sum(axis=1, dtype=np.float64)))

    best = 0.0
    for step, span in ((0.5, MAX_SKEW), (0.1, 0.5)):
        candidates = [best + step * k for k in range(-int(span / step), int(span / step) + 1)]
        best = max(candidates, key=sharpness)
    return best


def straighten(grey: Any, angle: float) -> Any:
    """The page rotated by ``angle`` degrees about its centre, new corners white."""
    if abs(angle) < MIN_SKEW:
        return grey
    cv2 = _cv()
    h, w = grey.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def find_tables(grey: Any) -> tuple[list[TableBox], Any]:
    """The ruled tables of a straight page, each with its printed cells, and the mask of ruling lines."""
    cv2 = _cv()
    import numpy as np

    mask = ink_mask(grey)
    h, w = mask.shape
    horizontal = _lines(mask, True, max(30, w // 40))
    vertical = _lines(mask, False, max(20, h // 80))
    # a ruling meets rulings across it; a tall "1" or a long dash standing alone is writing
    horizontal, vertical = _meeting(horizontal, vertical), _meeting(vertical, horizontal)
    grid = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    tables: list[TableBox] = []
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(grid, connectivity=8)
    for index in range(1, count):
        x, y, bw, bh, _area = stats[index]
        if bw < w // 5 or bh < max(20, h // 60):
            continue
        cells = _cells(grid[y:y + bh, x:x + bw], x, y)
        if len(cells) >= 2:
            tables.append(TableBox(int(x), int(y), int(x + bw), int(y + bh), cells))
    tables.sort(key=lambda t: t.top)
    return tables, grid


def _meeting(lines: Any, across: Any) -> Any:
    """The strokes of ``lines`` that touch a stroke of ``across`` (within a few pixels)."""
    cv2 = _cv()
    import numpy as np

    near = cv2.dilate(across, np.ones((7, 7), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    keep = np.zeros(count, dtype=bool)
    for index in range(1, count):
        x, y, w, h, _area = stats[index]
        keep[index] = bool(np.any(near[y:y + h, x:x + w][labels[y:y + h, x:x + w] == index]))
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def _cells(grid: Any, left: int, top: int) -> list[CellBox]:
    """The enclosed white areas of one table's rulings: its printed cells."""
    cv2 = _cv()

    h, w = grid.shape
    paper = cv2.bitwise_not(grid)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(paper, connectivity=4)
    cells: list[CellBox] = []
    for index in range(1, count):
        x, y, bw, bh, area = stats[index]
        touches_edge = x == 0 or y == 0 or x + bw >= w or y + bh >= h
        if touches_edge or bw < 6 or bh < 6 or area < 0.5 * bw * bh:
            continue  # outside the frame, a gap between double rules, or no box at all
        # out to the middle of the rulings around it, so neighbouring cells share their edges
        cells.append(CellBox(int(left + x - RULING_HALF), int(top + y - RULING_HALF), int(left + x + bw + RULING_HALF),
                             int(top + y + bh + RULING_HALF)))
    return cells


Box = tuple[int, int, int, int]


def writing_mask(grey: Any, rulings: Any, contrast: int = 0) -> Any:
    """The page's ink without its ruling lines (``contrast`` as for :func:`ink_mask`)."""
    cv2 = _cv()

    return cv2.bitwise_and(ink_mask(grey, contrast), cv2.bitwise_not(rulings))


def ink_boxes(writing: Any, box: CellBox, min_height: int) -> tuple[Box | None, list[Box]]:
    """The bounding box of the marks in a cell big enough to be writing (not specks, not rulings), and the marks."""
    cv2 = _cv()

    inset = 2
    x0, y0, x1, y1 = box.x0 + inset, box.top + inset, box.x1 - inset, box.bottom - inset
    if x1 <= x0 or y1 <= y0:
        return None, []
    mask = writing[y0:y1, x0:x1]
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    found: list[Box] = []
    for index in range(1, count):
        x, y, w, h, area = stats[index]
        tall = h >= 1.5 * min_height and area >= 2 * min_height  # a stroke of a character, not a chain of specks
        if tall or (w >= 1.5 * min_height and h >= min_height // 3 and area >= min_height):  # or a dash
            found.append((int(x0 + x), int(y0 + y), int(x0 + x + w), int(y0 + y + h)))
    if not found:
        return None, []
    return (min(f[0] for f in found), min(f[1] for f in found), max(f[2] for f in found),
            max(f[3] for f in found)), found


def clean_crop(grey: Any, ink: Box, pad: int, marks: list[Box]) -> Any:
    """The cell's writing on clean paper: everything but its marks (specks, ruling stubs) turned white."""
    import numpy as np

    x0, top, x1, bottom = ink
    h, w = grey.shape
    left, up = max(0, x0 - pad), max(0, top - pad)
    piece = grey[up:min(h, bottom + pad), left:min(w, x1 + pad)].copy()
    keep = np.zeros(piece.shape, dtype=bool)
    for mx0, mtop, mx1, mbottom in marks:
        keep[max(0, mtop - up - 1):mbottom - up + 1, max(0, mx0 - left - 1):mx1 - left + 1] = True
    piece[~keep] = 255
    return piece


def crop(grey: Any, x0: int, top: int, x1: int, bottom: int, pad: int = 0) -> Any:
    h, w = grey.shape
    return grey[max(0, top - pad):min(h, bottom + pad), max(0, x0 - pad):min(w, x1 + pad)]


def png_data_uri(grey: Any, x0: int, top: int, x1: int, bottom: int, max_width: int = 240) -> str:
    """A small grey PNG of a page region as a data URI (for a person to compare with what was read)."""
    cv2 = _cv()

    piece = crop(grey, x0, top, x1, bottom, pad=6)
    if piece.size == 0:
        return ""
    if piece.shape[1] > max_width:
        scale = max_width / piece.shape[1]
        piece = cv2.resize(piece, (max_width, max(1, int(piece.shape[0] * scale))), interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".png", piece, [cv2.IMWRITE_PNG_COMPRESSION, 9])
    return "data:image/png;base64," + base64.b64encode(encoded.tobytes()).decode("ascii") if ok else ""
