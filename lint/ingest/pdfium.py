"""PDF pages read by pdfium, handed on in the structures pdfplumber gives.

pdfminer (under pdfplumber) interprets every content stream in Python; pdfium
reads the same page in a few milliseconds.  The table code (pdfpage.py,
pdfgrid.py, pdfunruled.py) goes on reading pdfplumber's objects, so this
module builds them from pdfium the way pdfminer builds them:

* a character's box is pdfminer's, not the glyph's ink: from the origin, the
  advance width and the font's descent, one font size high (for vertical
  writing, pdfminer's box around the vertical origin);
* a painted path is split into its sub-paths and each becomes a line, a
  rectangle or a curve by pdfminer's own rules, with its fill, stroke and
  colour;
* form XObjects are flattened in place, in content order;
* several letters from one glyph ("ﬁ") are one character.

pdfplumber's table finder and line grouping are pure geometry over those
objects and run unchanged on them (lint.ingest.pdfpage).  A page this module
cannot describe as pdfminer would raises :class:`Unsupported` and is read by
pdfplumber instead: a turned page, rotated or mirrored text, a character
without a Unicode mapping, a text object pdfium left out of its text page
(text printed twice to look bold), a distance within pdfium's single
precision of pdfplumber's 3-point tolerances, or white text (pdfium gives its
colour in RGB, pdfminer in its own colour space: lint.ingest.pdfseen).  A file a reader would have to
repair is read by pdfplumber as a whole (lint.ingest.pdfdamage).
"""

from __future__ import annotations

import ctypes
import re
import threading
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfplumber.page import Page

from lint.ingest.pdfpaths import Calls as _Calls, Unsupported, calls as _calls, colour as _colour, paths as _paths
from lint.ingest.pdfpaths import pointer as _pointer
from lint.ingest.pdfseen import white_glyph

#: pdfium must not be entered from two threads at once.
LOCK = threading.RLock()

_EPSILON = 1e-3  # points: "the same position" for two coordinates pdfium gives in single precision
_TOLERANCE = 3.0  # points: pdfplumber's word, line and ruling tolerances, as the table code sets them


class Encrypted(Exception):
    """The file needs a password to be opened."""


# ---------------------------------------------------------------- the file


def open_document(data: bytes) -> Any:
    """The pdfium document of ``data``; :class:`Encrypted` for a password, PdfiumError when damaged."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            raise Encrypted() from None
        raise


# ---------------------------------------------------------------- a page


class PdfiumPage(Page):
    """A pdfplumber page whose objects come from pdfium (only what the table code reads)."""

    def __init__(self, objects: dict[str, list[dict[str, Any]]], mediabox: tuple[float, float, float, float],
                 page_number: int) -> None:
        self.pdf = None
        self.root_page = self
        self.page_obj = None
        self.page_number = page_number
        self.initial_doctop = 0
        self.rotation = 0
        self.mediabox = mediabox
        self.cropbox = mediabox
        self.bbox = mediabox
        self._objects = objects
        from functools import lru_cache

        self.get_textmap = lru_cache()(self._get_textmap)


def read_page(document: Any, index: int) -> PdfiumPage:
    """Page ``index`` (0-based) of ``document`` as a pdfplumber page; :class:`Unsupported` if it cannot be."""
    with LOCK:
        page = document[index]
        try:
            if page.get_rotation() % 360:
                raise Unsupported("rotated page")
            left, bottom, right, top = page.get_mediabox()
            x0, x1 = sorted((left, right))
            y0, y1 = sorted((bottom, top))
            height = y1 - y0
            number = index + 1
            textpage = page.get_textpage()
            texts: set[int] = set()
            try:
                chars = _chars(textpage.raw, y1, number, texts)
            finally:
                textpage.close()
            objects: dict[str, list[dict[str, Any]]] = {"char": chars, "line": [], "rect": [], "curve": [],
                                                          "image": []}
            _paths(page.raw, y1, number, objects, texts)
            _check_precision(objects)
        finally:
            page.close()
    # pdfplumber's page box: the MediaBox, turned top-down (see pdfplumber.page._invert_box)
    return PdfiumPage({k: v for k, v in objects.items() if v}, (x0, -y0, x1, height - y0), number)


def _check_precision(objects: dict[str, list[dict[str, Any]]]) -> None:
    """:class:`Unsupported` where a distance is within pdfium's precision of one of pdfplumber's tolerances.

    pdfium keeps coordinates in single precision, pdfminer in double: a gap of
    exactly 3 points (pdfplumber's word, line and ruling tolerance) may fall on
    either side of it.  Such a page is read by pdfplumber.
    """
    chars = objects["char"]  # (gaps between neighbouring characters: _chars)
    edges = [e for kind in ("line", "rect", "curve") for e in objects[kind]]
    for values in ([c["top"] for c in chars], [e["x0"] for e in edges] + [e["x1"] for e in edges],
                   [e["top"] for e in edges] + [e["bottom"] for e in edges]):
        ordered = sorted(set(values))
        if any(abs(b - a - _TOLERANCE) < _EPSILON for a, b in zip(ordered, ordered[1:])):
            raise Unsupported("positions at a tolerance apart")


# ---------------------------------------------------------------- characters


_SURROGATE = re.compile("[\ud800-\udfff]")
_WHITESPACE = frozenset(" \t\r\n\x0b\x0c\xa0")


def _chars(textpage: Any, page_top: float, number: int, texts: set[int]) -> list[dict[str, Any]]:
    """The page's characters as pdfminer's; the text objects they belong to go into ``texts``."""
    calls = _calls()
    text = ctypes.cast(textpage, ctypes.c_void_p).value
    count = calls.count(text)
    if count < 0:
        raise Unsupported("no text page")
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    calls.text(text, 0, count, ctypes.addressof(buffer))
    codes = buffer.raw[:2 * count].decode("utf-16-le", errors="surrogatepass")
    if len(codes) != count or _SURROGATE.search(codes):
        raise Unsupported("characters outside the Basic Multilingual Plane")  # pdfium's index and text part
    generated, map_error, loose_box, get_matrix = calls.generated, calls.map_error, calls.loose_box, calls.matrix
    text_object, get_origin = calls.object, calls.origin
    page = _pointer(text)  # these calls take their arguments as ctypes objects (lint.ingest.pdfpaths.Calls)
    box, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    box_at, matrix_at = ctypes.pointer(box), ctypes.pointer(matrix)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    ox_at, oy_at = ctypes.pointer(ox), ctypes.pointer(oy)
    #: text object → (a, d, its descent, its size, written vertically): pdfium makes one text object of
    #: each text-showing operator, with one font, size and matrix for all its characters
    shapes: dict[int, tuple[float, float, float, float, bool]] = {}
    looks: dict[int, dict[str, Any]] = {}  # text object → its render mode and colours (lint.ingest.pdfseen)
    painted: dict[tuple[int, tuple[float, ...]], dict[str, Any]] = {}  # one look of each kind on the page
    fonts: dict[tuple[int, float], float] = {}  # (font, size) → descent at that size
    get_font, get_size = calls.font, calls.size
    out: list[dict[str, Any]] = []
    last: tuple[int, float, float] | None = None  # the text object and origin of the last character
    previous_x1 = previous_top = -1e9
    for i, ch in enumerate(codes):
        if ch in _WHITESPACE and generated(page, i):
            continue  # spaces and line ends pdfium infers between glyphs: no glyph was printed there
        if ch == "\x00" or map_error(page, i) == 1:
            raise Unsupported("character without a Unicode mapping")
        if not loose_box(page, i, box_at):
            raise Unsupported("character without a box")
        obj = text_object(page, i)
        get_origin(page, i, ox_at, oy_at)
        x, y = ox.value, oy.value
        if (obj, x, y) == last:  # one glyph, several characters ("ﬁ" → "fi"): pdfminer's one character
            out[-1]["text"] += ch
            continue
        last = (obj, x, y)
        shape = shapes.get(obj)
        if shape is None:  # a text object's first character
            if not get_matrix(page, i, matrix_at):
                raise Unsupported("character without a box")
            a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
            if b or c or a <= 0 or d <= 0:
                raise Unsupported("rotated or mirrored text")
            key = (get_font(obj), get_size(page, i))
            descent = fonts.get(key)
            if descent is None:
                descent = fonts[key] = _descent(calls, *key)
            size = key[1]
            e, f = matrix.e, matrix.f  # the object's text position: its writing mode is told here
            vertical = abs(y - f) > _EPSILON and _vertical(box, x, y, size, a, d, e, f)
            shape = shapes[obj] = (a, d, descent, size, vertical)
            texts.add(obj)
            look = (calls.render_mode(obj), _colour(calls.fill_colour, obj))
            if look not in painted:
                painted[look] = {"render_mode": look[0], "non_stroking_color": look[1]}
                if white_glyph(painted[look]):  # white in RGB; in pdfminer's colour space it may not be (pdfseen)
                    raise Unsupported("white text")
            looks[obj] = painted[look]
        a, d, descent, size, vertical = shape
        if not vertical:  # pdfminer's box: origin, advance, the font's descent, one size high
            if abs(box.left - x) > _EPSILON:
                raise Unsupported("a font without usable metrics")  # pdfium's box is then the glyph's ink
            x0, x1 = x, box.right
            y0 = y + d * descent
            y1 = y0 + d * size
            em = y1 - y0  # pdfminer's LTChar.size: the height of a horizontal character
        else:  # pdfminer's box of a vertical character: one size wide from the origin, its advance high
            x0, x1 = x, x + a * size
            y1 = y + d * size
            y0 = y1 - d * abs(box.top - box.bottom)
            em = x1 - x0  # … and the width of a vertical one
        top, bottom = page_top - y1, page_top - y0
        if abs(x0 - previous_x1 - _TOLERANCE) < _EPSILON and abs(top - previous_top) < _EPSILON:
            raise Unsupported("a gap between characters at the word tolerance")
        previous_x1, previous_top = x1, top
        out.append({"object_type": "char", "page_number": number, "text": ch,
                    "x0": x0, "x1": x1, "y0": y0, "y1": y1, "top": top, "bottom": bottom, "doctop": top,
                    "width": x1 - x0, "height": y1 - y0, "size": em, "upright": True, **looks[obj]})
    return out


def _descent(calls: _Calls, font: int | None, size: float) -> float:
    """The font's descent at ``size`` in text space (pdfminer: the font descriptor's /Descent)."""
    value = ctypes.c_float()
    if not font or size <= 0 or not calls.descent(font, size, ctypes.addressof(value)):
        raise Unsupported("a character without its font or size")
    return value.value


def _vertical(box: Any, x: float, y: float, size: float, a: float, d: float, e: float, f: float) -> bool:
    """Whether the first character of a text object is written vertically.

    For vertical writing pdfium puts a character's origin at its vertical origin, (vx, vy) (W2/DW2,
    in thousandths of the font size) before the text position; its loose box begins at
    ``origin.x + (vx - 500)·size/1000`` and its top at ``origin.y + vy·size/1000``.  A text object
    begins at its text position, so there the origin plus that offset is the object's position.
    Horizontal text has its origin on the text position's baseline (the caller tells that apart first).
    """
    vx = (box.left - x) + 0.5 * size
    vy = max(box.top, box.bottom) - y
    return abs(x + a * vx - e) <= _EPSILON and abs(y + d * vy - f) <= _EPSILON
