"""pdfium's painted paths as pdfminer's lines, rectangles and curves; pdfium's functions as plain C calls.

Used by lint.ingest.pdfium, which reads a page's characters and hands both on
in pdfplumber's structures.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as raw


class Unsupported(Exception):
    """The page holds something lint.ingest.pdfium cannot describe exactly as pdfminer would."""


#: a handle as the untyped calls take it (:class:`Calls`)
Pointer = ctypes.POINTER(ctypes.c_ubyte)


def pointer(address: int) -> Any:
    """``address`` as a :data:`Pointer`."""
    return ctypes.cast(address, Pointer)


class Calls:
    """The pdfium functions this reading uses, as plain C calls on addresses.

    pypdfium2's wrappers cost more than the calls, and a page takes thousands of them.
    ctypes' conversion of an argument by its declared type (a ``from_param`` call and a scan
    of its type table) costs more than pdfium's own work in the calls made for every
    character and every path, so those declare only some of their arguments, or none, and
    ctypes passes the rest as they come: an ``int`` as a C int, a ctypes pointer as the
    address it holds.  Past the declared arguments, pass the text page or a segment as a
    :data:`Pointer` (:func:`pointer`), an index as an ``int`` and each output as a ctypes
    pointer to its buffer (``ctypes.pointer``) — never an address as an ``int``, which would
    be cut to 32 bits.
    """

    def __init__(self) -> None:
        p, i, d = ctypes.c_void_p, ctypes.c_int, ctypes.c_double

        def bind(name: str, restype: Any, *argtypes: Any) -> Any:
            address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)

        self.count = bind("FPDFText_CountChars", i, p)
        self.text = bind("FPDFText_GetText", i, p, i, i, p)
        # (text page, index, outputs …): untyped, as above
        self.generated = bind("FPDFText_IsGenerated", i)
        self.map_error = bind("FPDFText_HasUnicodeMapError", i)
        self.loose_box = bind("FPDFText_GetLooseCharBox", i)
        self.matrix = bind("FPDFText_GetMatrix", i)
        self.object = bind("FPDFText_GetTextObject", p)
        self.size = bind("FPDFText_GetFontSize", d)
        self.origin = bind("FPDFText_GetCharOrigin", i)
        self.page_count = bind("FPDFPage_CountObjects", i, p)
        self.page_object = bind("FPDFPage_GetObject", p, p)  # (page, then the index: untyped)
        self.form_count = bind("FPDFFormObj_CountObjects", i, p)
        self.form_object = bind("FPDFFormObj_GetObject", p, p, ctypes.c_ulong)
        self.kind = bind("FPDFPageObj_GetType", i, p)
        # (object as an int, then its outputs as ctypes pointers: untyped), as the colours below
        self.object_matrix = bind("FPDFPageObj_GetMatrix", i, p)
        self.draw_mode = bind("FPDFPath_GetDrawMode", i, p)
        self.segments = bind("FPDFPath_CountSegments", i, p)
        self.segment = bind("FPDFPath_GetPathSegment", Pointer, p, i)  # (a Pointer: for the three below)
        # (segment, outputs …): untyped, as the calls of a text page's characters
        self.segment_type = bind("FPDFPathSegment_GetType", i)
        self.segment_point = bind("FPDFPathSegment_GetPoint", i)
        self.segment_close = bind("FPDFPathSegment_GetClose", i)
        # (object as an int, then four outputs as ctypes pointers: untyped)
        self.fill_colour = bind("FPDFPageObj_GetFillColor", i, p)
        self.stroke_colour = bind("FPDFPageObj_GetStrokeColor", i, p)
        self.stroke_width = bind("FPDFPageObj_GetStrokeWidth", i, p)
        self.font = bind("FPDFTextObj_GetFont", p, p)
        self.render_mode = bind("FPDFTextObj_GetTextRenderMode", i, p)
        self.descent = bind("FPDFFont_GetDescent", i, p, ctypes.c_float, p)


def calls() -> Calls:
    global _CALLS
    if _CALLS is None:
        _CALLS = Calls()
    return _CALLS


_CALLS: Calls | None = None
# ---------------------------------------------------------------- paths


def paths(page: Any, page_top: float, number: int, objects: dict[str, list[dict[str, Any]]],
          texts: set[int]) -> None:
    """The page's painted paths as pdfminer's lines, rectangles and curves into ``objects``.

    ``texts`` are the page's text objects that have characters in pdfium's text page; any other text object
    means pdfium left text out (:class:`Unsupported`).
    """
    bound = calls()
    handle = ctypes.cast(page, ctypes.c_void_p).value
    children = [obj for obj in (bound.page_object(handle, i) for i in range(bound.page_count(handle)))
                if obj not in texts]
    _walk(bound, children, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), page_top, number, objects, texts, 0)


def _walk(calls: Calls, children: list[int], outer: tuple[float, ...], page_top: float, number: int,
          objects: dict[str, list[dict[str, Any]]], texts: set[int], depth: int) -> None:
    if depth > 16:
        raise Unsupported("forms nested too deep")
    matrix = raw.FS_MATRIX()
    at = ctypes.pointer(matrix)
    for obj in children:
        kind = calls.kind(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT and obj not in texts:
            # pdfium leaves out a text object it takes for a repeat of one just before (text printed twice
            # to look bold) or one off the page; pdfminer keeps every one
            raise Unsupported("a text object without characters")
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM, raw.FPDF_PAGEOBJ_IMAGE):
            continue
        if not calls.object_matrix(obj, at):
            raise Unsupported("an object without its matrix")
        ctm = _multiply((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            _path(calls, obj, ctm, page_top, number, objects)
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            objects["image"].append(_image(ctm, page_top, number))
        else:
            inner = [calls.form_object(obj, i) for i in range(calls.form_count(obj))]
            _walk(calls, inner, ctm, page_top, number, objects, texts, depth + 1)


def _image(ctm: tuple[float, ...], page_top: float, number: int) -> dict[str, Any]:
    """Where an image is painted: pdfminer's box, the unit square through the image's matrix
    (lint.ingest.pdfseen reads text over an image as seen)."""
    a, b, c, d, e, f = ctm
    xs, ys = [e, a + e, c + e, a + c + e], [f, b + f, d + f, b + d + f]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return {"object_type": "image", "page_number": number, "x0": x0, "x1": x1, "y0": y0, "y1": y1,
            "top": page_top - y1, "bottom": page_top - y0, "doctop": page_top - y1, "width": x1 - x0,
            "height": y1 - y0}


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m then n (pdfminer.utils.mult_matrix)."""
    a1, b1, c1, d1, e1, f1 = m
    a0, b0, c0, d0, e0, f0 = n
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


_MOVE, _LINE, _BEZIER = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO, raw.FPDF_SEGMENT_BEZIERTO


def _path(calls: Calls, obj: int, ctm: tuple[float, ...], page_top: float, number: int,
          objects: dict[str, list[dict[str, Any]]]) -> None:
    fill_mode, stroke_flag = ctypes.c_int(), ctypes.c_int()
    if not calls.draw_mode(obj, ctypes.pointer(fill_mode), ctypes.pointer(stroke_flag)):
        raise Unsupported("a path without its drawing mode")
    stroke, fill = bool(stroke_flag.value), fill_mode.value != raw.FPDF_FILLMODE_NONE
    if not stroke and not fill:
        return  # pdfminer paints nothing for "n"
    a, b, c, d, e, f = ctm
    segments: list[tuple[str, float, float]] = []  # ("m" | "l" | "c" (curve end) | "h", x, y) in page space
    x, y = ctypes.c_float(), ctypes.c_float()
    x_at, y_at = ctypes.pointer(x), ctypes.pointer(y)
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
    linewidth = width.value if calls.stroke_width(obj, ctypes.pointer(width)) else 0.0
    common = {"page_number": number, "stroke": stroke, "fill": fill,
              "evenodd": fill_mode.value == raw.FPDF_FILLMODE_ALTERNATE, "linewidth": linewidth,
              "non_stroking_color": colour(calls.fill_colour, obj), "stroking_color": colour(calls.stroke_colour, obj)}
    _paint(segments, page_top, common, objects)


def colour(getter: Any, obj: int) -> tuple[float, ...]:
    """The colour as RGB fractions (pdfium converts every colour space to RGB; pdfminer keeps the components,
    and only white — (1,), (1, 1, 1), (0, 0, 0, 0) — is told apart, by the table code and by
    lint.ingest.pdfseen, as here)."""
    if not getter(obj, *_RGBA_AT):
        return (0.0, 0.0, 0.0)
    r, g, b, _ = _RGBA
    return (r.value / 255, g.value / 255, b.value / 255)


#: where pdfium writes a colour: one set of buffers, as pdfium is only ever called by one thread at a time
#: (lint.ingest.pdfium.LOCK), and making them per call costs more than the call; passed as ctypes
#: pointers, past the declared arguments (Calls)
_RGBA = tuple(ctypes.c_uint() for _ in range(4))
_RGBA_AT = tuple(ctypes.pointer(v) for v in _RGBA)


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
