"""PDF pages read by pdfium, handed on in the structures pdfplumber gives.

pdfminer (under pdfplumber) interprets every content stream in Python; pdfium
reads the same page in a few milliseconds.  The table code (pdf.py,
pdfgrid.py, pdfunruled.py) goes on reading pdfplumber's objects, so this
module builds them from pdfium the way pdfminer builds them:

* a character's box is pdfminer's, not the glyph's ink: from the origin, the
  advance width and the font's descent, one font size high (for vertical
  writing, pdfminer's box around the vertical origin);
* a painted path is split into its sub-paths and each becomes a line, a
  rectangle or a curve by pdfminer's own rules, with its fill, stroke and
  colour;
* form XObjects are flattened in place, in content order.

pdfplumber's table finder and line grouping are pure geometry over those
objects and run unchanged on them.  A page this module cannot describe as
pdfminer would (a rotated page or rotated text, a character without a Unicode
mapping) raises :class:`Unsupported` and is read by pdfplumber instead; a file
whose cross-reference table is broken (each library repairs such a file its
own way) is read by pdfplumber as a whole, see :func:`looks_damaged`.
"""

from __future__ import annotations

import ctypes
import re
import threading
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfplumber.page import Page

#: pdfium is not safe to call from two threads at once (the web page reads uploads in a pool).
LOCK = threading.RLock()

_EPSILON = 1e-3  # points: "the same position" for two coordinates pdfium gives in single precision
_TOLERANCE = 3.0  # points: pdfplumber's word, line and ruling tolerances, as the table code sets them


class Unsupported(Exception):
    """The page holds something this module does not describe exactly as pdfminer would."""


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
            objects: dict[str, list[dict[str, Any]]] = {"char": chars, "line": [], "rect": [], "curve": []}
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


class _Calls:
    """The pdfium text functions as plain C calls on addresses: a character takes four of them."""

    def __init__(self) -> None:
        p, i, d = ctypes.c_void_p, ctypes.c_int, ctypes.c_double

        def bind(name: str, restype: Any, *argtypes: Any) -> Any:
            address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)

        self.count = bind("FPDFText_CountChars", i, p)
        self.text = bind("FPDFText_GetText", i, p, i, i, p)
        self.generated = bind("FPDFText_IsGenerated", i, p, i)
        self.map_error = bind("FPDFText_HasUnicodeMapError", i, p, i)
        self.loose_box = bind("FPDFText_GetLooseCharBox", i, p, i, p)
        self.matrix = bind("FPDFText_GetMatrix", i, p, i, p)
        self.object = bind("FPDFText_GetTextObject", p, p, i)
        self.size = bind("FPDFText_GetFontSize", d, p, i)
        self.origin = bind("FPDFText_GetCharOrigin", i, p, i, p, p)
        self.page_count = bind("FPDFPage_CountObjects", i, p)
        self.page_object = bind("FPDFPage_GetObject", p, p, i)
        self.form_count = bind("FPDFFormObj_CountObjects", i, p)
        self.form_object = bind("FPDFFormObj_GetObject", p, p, ctypes.c_ulong)
        self.kind = bind("FPDFPageObj_GetType", i, p)
        self.object_matrix = bind("FPDFPageObj_GetMatrix", i, p, p)
        self.draw_mode = bind("FPDFPath_GetDrawMode", i, p, p, p)
        self.segments = bind("FPDFPath_CountSegments", i, p)
        self.segment = bind("FPDFPath_GetPathSegment", p, p, i)
        self.segment_type = bind("FPDFPathSegment_GetType", i, p)
        self.segment_point = bind("FPDFPathSegment_GetPoint", i, p, p, p)
        self.segment_close = bind("FPDFPathSegment_GetClose", i, p)
        self.fill_colour = bind("FPDFPageObj_GetFillColor", i, p, p, p, p, p)
        self.stroke_colour = bind("FPDFPageObj_GetStrokeColor", i, p, p, p, p, p)
        self.stroke_width = bind("FPDFPageObj_GetStrokeWidth", i, p, p)
        self.font = bind("FPDFTextObj_GetFont", p, p)
        self.descent = bind("FPDFFont_GetDescent", i, p, ctypes.c_float, p)


def _calls() -> _Calls:
    global _CALLS
    if _CALLS is None:
        _CALLS = _Calls()
    return _CALLS


_CALLS: _Calls | None = None
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
    box, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    box_at, matrix_at = ctypes.addressof(box), ctypes.addressof(matrix)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    ox_at, oy_at = ctypes.addressof(ox), ctypes.addressof(oy)
    modes: dict[int, bool] = {}  # text object → written vertically
    fonts: dict[tuple[int, float], float] = {}  # (font, size) → descent at that size
    get_font, get_size = calls.font, calls.size
    out: list[dict[str, Any]] = []
    last: tuple[int, float, float] | None = None  # the text object and origin of the last character
    previous_x1 = previous_top = -1e9
    for i, ch in enumerate(codes):
        if ch in _WHITESPACE and generated(text, i):
            continue  # spaces and line ends pdfium infers between glyphs: no glyph was printed there
        if ch == "\x00" or map_error(text, i) == 1:
            raise Unsupported("character without a Unicode mapping")
        if not loose_box(text, i, box_at) or not get_matrix(text, i, matrix_at):
            raise Unsupported("character without a box")
        a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
        if b or c or a <= 0 or d <= 0:
            raise Unsupported("rotated or mirrored text")
        obj = text_object(text, i)
        key = (get_font(obj), get_size(text, i))
        descent = fonts.get(key)
        if descent is None:
            descent = fonts[key] = _descent(calls, *key)
        size = key[1]
        get_origin(text, i, ox_at, oy_at)
        x, y = ox.value, oy.value
        if (obj, x, y) == last:  # one glyph, several characters ("ﬁ" → "fi"): pdfminer's one character
            out[-1]["text"] += ch
            continue
        last = (obj, x, y)
        vertical = modes.get(obj)
        if vertical is None:  # a text object's writing mode, told at its first character
            e, f = matrix.e, matrix.f  # the object's text position
            vertical = modes[obj] = abs(y - f) > _EPSILON and _vertical(box, x, y, size, a, d, e, f)
            texts.add(obj)
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
                    "width": x1 - x0, "height": y1 - y0, "size": em, "upright": True})
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


# ---------------------------------------------------------------- paths


def _paths(page: Any, page_top: float, number: int, objects: dict[str, list[dict[str, Any]]],
           texts: set[int]) -> None:
    """The page's painted paths as pdfminer's lines, rectangles and curves (``texts``: text objects to pass by)."""
    calls = _calls()
    handle = ctypes.cast(page, ctypes.c_void_p).value
    children = [obj for obj in (calls.page_object(handle, i) for i in range(calls.page_count(handle)))
                if obj not in texts]
    _walk(calls, children, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), page_top, number, objects, texts, 0)


def _walk(calls: _Calls, children: list[int], outer: tuple[float, ...], page_top: float, number: int,
          objects: dict[str, list[dict[str, Any]]], texts: set[int], depth: int) -> None:
    if depth > 16:
        raise Unsupported("forms nested too deep")
    matrix = raw.FS_MATRIX()
    at = ctypes.addressof(matrix)
    for obj in children:
        kind = calls.kind(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT and obj not in texts:
            # pdfium leaves out a text object it takes for a repeat of one just before (text printed twice
            # to look bold) or one off the page; pdfminer keeps every one
            raise Unsupported("a text object without characters")
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
            continue
        if not calls.object_matrix(obj, at):
            raise Unsupported("an object without its matrix")
        ctm = _multiply((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            _path(calls, obj, ctm, page_top, number, objects)
        else:
            inner = [calls.form_object(obj, i) for i in range(calls.form_count(obj))]
            _walk(calls, inner, ctm, page_top, number, objects, texts, depth + 1)


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m then n (pdfminer.utils.mult_matrix)."""
    a1, b1, c1, d1, e1, f1 = m
    a0, b0, c0, d0, e0, f0 = n
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


_MOVE, _LINE, _BEZIER = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO, raw.FPDF_SEGMENT_BEZIERTO


def _path(calls: _Calls, obj: int, ctm: tuple[float, ...], page_top: float, number: int,
          objects: dict[str, list[dict[str, Any]]]) -> None:
    fill_mode, stroke_flag = ctypes.c_int(), ctypes.c_int()
    if not calls.draw_mode(obj, ctypes.addressof(fill_mode), ctypes.addressof(stroke_flag)):
        raise Unsupported("a path without its drawing mode")
    stroke, fill = bool(stroke_flag.value), fill_mode.value != raw.FPDF_FILLMODE_NONE
    if not stroke and not fill:
        return  # pdfminer paints nothing for "n"
    a, b, c, d, e, f = ctm
    segments: list[tuple[str, float, float]] = []  # ("m" | "l" | "c" (curve end) | "h", x, y) in page space
    x, y = ctypes.c_float(), ctypes.c_float()
    x_at, y_at = ctypes.addressof(x), ctypes.addressof(y)
    segment_type, segment_point, segment_close, get_segment = (calls.segment_type, calls.segment_point,
                                                               calls.segment_close, calls.segment)
    bezier = 0
    for i in range(calls.segments(obj)):
        segment = get_segment(obj, i)
        kind = segment_type(segment)
        if not segment_point(segment, x_at, y_at):
            raise Unsupported("a path segment without its point")
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        if kind == _LINE:
            segments.append(("l", px, py))
        elif kind == _MOVE:
            segments.append(("m", px, py))
        elif kind == _BEZIER:
            bezier += 1
            if bezier % 3:
                continue  # control points: pdfminer's points are each segment's end
            segments.append(("c", px, py))
        else:
            raise Unsupported("an unknown path segment")
        if segment_close(segment):
            segments.append(("h", px, py))
    width = ctypes.c_float()
    linewidth = width.value if calls.stroke_width(obj, ctypes.addressof(width)) else 0.0
    common = {"page_number": number, "stroke": stroke, "fill": fill,
              "evenodd": fill_mode.value == raw.FPDF_FILLMODE_ALTERNATE, "linewidth": linewidth,
              "non_stroking_color": _colour(calls.fill_colour, obj), "stroking_color": _colour(calls.stroke_colour, obj)}
    _paint(segments, page_top, common, objects)


def _colour(getter: Any, obj: int) -> tuple[float, ...]:
    """The colour as RGB fractions (pdfium converts every colour space to RGB; pdfminer keeps the components,
    and only white — (1,), (1, 1, 1), (0, 0, 0, 0) — is told apart by the table code, as here)."""
    rgba = (ctypes.c_uint * 4)()
    at = ctypes.addressof(rgba)
    size = ctypes.sizeof(ctypes.c_uint)
    if not getter(obj, at, at + size, at + 2 * size, at + 3 * size):
        return (0.0, 0.0, 0.0)
    return (rgba[0] / 255, rgba[1] / 255, rgba[2] / 255)


def _paint(segments: list[tuple[str, float, float]], page_top: float, common: dict[str, Any],
           objects: dict[str, list[dict[str, Any]]]) -> None:
    """pdfminer.converter.PDFLayoutAnalyzer.paint_path over page-space points."""
    starts = [i for i, s in enumerate(segments) if s[0] == "m"]
    if not starts or starts[0] != 0:
        return  # a path must begin with a move (pdfminer ignores it otherwise)
    for start, end in zip(starts, starts[1:] + [len(segments)]):
        sub = segments[start:end]
        if len(sub) < 2:
            continue  # a lone "m": pdfminer's sub-path pattern needs at least one more operator
        shape = "".join(s[0] for s in sub)
        pts = [(s[1], s[2]) if s[0] != "h" else (sub[0][1], sub[0][2]) for s in sub]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in ("mlh", "ml"):
            kind = "line"
            pts = pts[:2]
        elif shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3
                                                                             and x3 == x0)
            kind = "rect" if pts[0] == pts[4] and square else "curve"
            if kind == "rect":
                pts = [(x0, y0), (x2, y2)]
        else:
            kind = "curve"
        objects[kind].append(_shape(kind, pts, page_top, common))


def _shape(kind: str, pts: list[tuple[float, float]], page_top: float, common: dict[str, Any]) -> dict[str, Any]:
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    if kind == "rect":
        (ax, ay), (bx, by) = pts
        pts = [(ax, ay), (bx, ay), (bx, by), (ax, by)]
    top = page_top - y1
    return {"object_type": kind, **common, "x0": x0, "x1": x1, "y0": y0, "y1": y1, "top": top,
            "bottom": page_top - y0, "doctop": top, "width": x1 - x0, "height": y1 - y0,
            "pts": [(px, page_top - py) for px, py in pts]}
