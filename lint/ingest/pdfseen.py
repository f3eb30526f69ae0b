"""The characters of a PDF page a person sees, from the character dictionaries either engine builds.

A text layer holds glyphs nobody sees, and glued to a figure they change it
(``21`` with an invisible ``9`` reads 219).  Left out here, before any word,
line or cell is built:

* text drawn invisibly (render mode 3 or 7) on a page that has visible text
  too, unless it lies on an image: a searchable scan's text layer transcribes
  the image a person sees, and a page whose text is all invisible is such a
  layer too, and is kept;
* text white on a white page (white on a dark filled box, or on an image, is seen): white in the
  device spaces and the ICC-based ones of one, three or four components, and no ink in a spot colour
  (Separation, DeviceN: every tint 0);
* glyphs under :data:`TINY` points high;
* glyphs whose middle lies off the page (outside its MediaBox), where no viewer shows them;
* a raised, smaller digit right after a figure: a footnote mark;
* the copies of a glyph printed again a fraction of a point away (fake bold):
  the leftmost one stays.

pdfium (lint.ingest.pdfium) and pdfminer (lint.ingest.pdf) each put
``render_mode`` and ``non_stroking_color`` on their characters, and pdfium
hands on where images are painted; everything else used is geometry both give
alike.  pdfium converts every colour to RGB (a spot colour through its
alternate space, as a screen shows it) and says nothing of the colour space,
so only pdfminer, which keeps the space, tells white: a page on which pdfium
sees white text is read by pdfplumber.  Two limits follow.  A spot colour
whose alternate is not white at tint 0 (a tint transform that inverts) or is
white at another tint (a white ink), an Indexed palette entry that is white,
and the colorant /None (which never marks the page) are taken as seen, since
pdfminer keeps neither the tint transform, the palette nor the colorant's
name.  A colour space chosen without a colour (``/CS0 cs`` alone) paints the
space's initial colour, which pdfminer does not set (lint.ingest.pdfcolour):
such text is taken as seen, as the initial colour is black or full ink in
every space but an ICC-based CMYK one.

Not told apart, because the engines do not give it alike: text cut away by a clipping path, text
painted over by a later filled box (a figure covered with a white box and another typed in its
place), and text squeezed to no width (``0 Tz``), which the character boxes do not tell from a
font without widths, whose glyphs a viewer does draw.  Such glyphs are read as if seen.
"""

from __future__ import annotations

from math import inf
from typing import Any

TINY = 2.0  # points: a glyph under this height is no text a reader sees
INVISIBLE_MODES = frozenset({3, 7})  # neither fill nor stroke (7: clip only)
FILL_ONLY_MODES = frozenset({0, 4})  # the glyph's fill is all there is of it (2 and 6 stroke an outline too)
#: colour spaces whose components say white as such (1 in grey and RGB, no ink in CMYK); in any other
#: (Indexed, Pattern, Lab …) a component is no colour, and the glyph is taken as seen
DEVICE_SPACES = frozenset({"DeviceGray", "DeviceRGB", "DeviceCMYK", "ICCBased", "CalGray", "CalRGB"})
#: colour spaces of inks, whose every component is a tint: 0 puts no ink down
INK_SPACES = frozenset({"Separation", "DeviceN"})
MARK_RATIO = 0.75  # a footnote mark is at most this size of the figure it follows
RAISED = 0.2  # … and its bottom at least this part of the figure's size above the figure's bottom
OVERPRINT = 1.0  # points: a copy this near the same glyph is the same glyph printed twice


def is_white(colour: Any) -> bool:
    """White in DeviceGray, DeviceRGB (pdfium gives every colour so) or DeviceCMYK."""
    if not isinstance(colour, (list, tuple)):
        colour = (colour,)
    if len(colour) in (1, 3):
        return all(isinstance(v, (int, float)) and v == 1 for v in colour)
    if len(colour) == 4:
        return all(isinstance(v, (int, float)) and v == 0 for v in colour)
    return False


def no_ink(colour: Any) -> bool:
    """Every tint of a Separation or DeviceN colour 0."""
    if not isinstance(colour, (list, tuple)):
        colour = (colour,)
    return bool(colour) and all(isinstance(v, (int, float)) and v == 0 for v in colour)


def white_glyph(char: dict[str, Any]) -> bool:
    """Whether the character is painted white and nothing else (``ncs``: pdfminer's colour space, and
    ``fill_set`` False when no colour was set in it; pdfium gives every colour as RGB and no space)."""
    if char.get("render_mode", 0) not in FILL_ONLY_MODES or not char.get("fill_set", True):
        return False
    space, colour = char.get("ncs", "DeviceRGB"), char.get("non_stroking_color")
    return is_white(colour) if space in DEVICE_SPACES else space in INK_SPACES and no_ink(colour)


def seen(chars: list[dict[str, Any]], rects: list[dict[str, Any]],
         images: list[dict[str, Any]], page: tuple[float, float, float, float] | None = None) -> list[dict[str, Any]]:
    """The characters of ``chars`` (a page's, in content order) a person sees on the page, which
    has the filled or stroked rectangles ``rects``, the painted ``images`` and the box ``page``
    (x0, top, x1, bottom, as pdfplumber's ``Page.bbox``)."""
    visible_modes = any(c.get("render_mode", 0) not in INVISIBLE_MODES for c in chars)
    boxes = [r for r in rects if r.get("fill") and not is_white(r.get("non_stroking_color"))]
    left, top, right, bottom = page if page is not None else (-inf, -inf, inf, inf)
    white: dict[tuple[Any, ...], bool] = {}  # a page has a few looks: each is told white or not once
    kept = []
    for char in chars:
        mode = char.get("render_mode", 0)
        if mode in INVISIBLE_MODES and visible_modes and not _on_a_box(char, images):
            continue  # (invisible text over an image is a scan's text layer: what the image shows)
        if char.get("size", TINY) < TINY:
            continue
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        if not (left <= x <= right and top <= y <= bottom):
            continue
        colour = char.get("non_stroking_color")
        look = (mode, char.get("fill_set", True), char.get("ncs"),
                tuple(colour) if isinstance(colour, list) else colour)
        try:
            painted_white = white.get(look)
        except TypeError:  # a colour of something unhashable: told for this character alone
            painted_white, look = None, None
        if painted_white is None:
            painted_white = white_glyph(char)
            if look is not None:
                white[look] = painted_white
        if painted_white and not _on_a_box(char, boxes) and not _on_a_box(char, images):
            continue
        kept.append(char)
    kept = _without_copies(kept)
    marks = _footnote_marks(kept)
    return [c for c in kept if id(c) not in marks] if marks else kept


def _middle(char: dict[str, Any]) -> tuple[float, float]:
    return (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2


def _on_a_box(char: dict[str, Any], boxes: list[dict[str, Any]]) -> bool:
    x, y = _middle(char)
    return any(b["x0"] <= x <= b["x1"] and b["top"] <= y <= b["bottom"] for b in boxes)


def _without_copies(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One of each glyph printed several times within :data:`OVERPRINT` of itself: the leftmost."""
    near: dict[tuple[str, int], list[tuple[float, float, int, dict[str, Any]]]] = {}
    for n, char in enumerate(chars):  # (position, content order): which copy stays
        near.setdefault((char["text"], int(char["top"])), []).append((char["x0"], char["top"], n, char))
    copies: set[int] = set()
    for (text, row), group in near.items():
        if len(group) == 1 and (text, row - 1) not in near and (text, row + 1) not in near:
            continue
        around = near.get((text, row - 1), []) + group + near.get((text, row + 1), [])
        for entry in group:
            char = entry[3]
            if any(other[:3] < entry[:3] and _same_glyph(other[3], char) for other in around):
                copies.add(id(char))
    return [c for c in chars if id(c) not in copies] if copies else chars


def _same_glyph(a: dict[str, Any], b: dict[str, Any]) -> bool:
    reach = min(OVERPRINT, (a["x1"] - a["x0"]) / 2)
    return (abs(a["size"] - b["size"]) <= 0.01 * max(a["size"], b["size"]) and abs(a["x0"] - b["x0"]) < reach
            and abs(a["top"] - b["top"]) < OVERPRINT)


def _footnote_marks(chars: list[dict[str, Any]]) -> set[int]:
    """Small raised digits right after a figure's last digit (or after such a mark)."""
    figures = sorted((c for c in chars if c["text"].isdigit()), key=lambda c: c["x0"])
    if not figures:
        return set()
    digits: dict[int, list[dict[str, Any]]] = {}  # by where they end
    for char in figures:
        digits.setdefault(int(char["x1"]), []).append(char)
    marks: set[int] = set()
    for char in figures:
        x0 = char["x0"]
        before = [d for at in range(int(x0) - 2, int(x0) + 2) for d in digits.get(at, ())
                  if d is not char and abs(d["x1"] - x0) <= 1 and d["x0"] < x0]
        for figure in before:
            if id(figure) in marks:  # the next digit of a mark of several
                if (abs(figure["size"] - char["size"]) <= 0.01 * char["size"]
                        and abs(figure["bottom"] - char["bottom"]) < 0.5):
                    marks.add(id(char))
                    break
            elif (char["size"] <= MARK_RATIO * figure["size"] and figure["top"] < char["bottom"]
                  and char["bottom"] < figure["bottom"] - RAISED * figure["size"]):
                marks.add(id(char))
                break
    return marks
