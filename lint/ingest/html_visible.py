"""What a person sees of a web page: elements whose text is not laid out, not visible, or no part of a number.

A page may carry text nobody reads: ``display:none`` spans left by an editor,
white or zero-size text, struck-through figures (``<s>5</s>218``), footnote
marks raised above a number (``218<sup>1</sup>``), decorative text hidden from
readers (``aria-hidden``), ruby glosses, text put out of sight the way "visually
hidden" helpers do (positioned or indented thousands of pixels off the page,
clipped or scaled to nothing, in a box of no width that hides what overflows),
a dialog that is not open.  Glued into a cell, any of them turns the printed
218 into another number.  :func:`unseen` tells the walker to leave such an
element's text out; :func:`removed` tells the table reader which rows and
cells a browser does not lay out at all.

The page's own ``<style>`` sheets are folded into the ``style`` attribute of
the elements they select before the walk (lint.ingest.html_css), so one test
of an element's style covers sheets and attributes alike.
"""

from __future__ import annotations

import re
from typing import Any

#: struck through: what was deleted is not what is reported
_STRUCK = frozenset({"s", "strike", "del"})
#: raised or lowered marks (footnote numbers): printed beside a number, never part of it; ruby text
#: (``<rt>``) is printed small above the characters it glosses, ``<rp>`` only where ruby is not shown
_RAISED = frozenset({"sup", "sub", "rt", "rp"})
_WATCHED = frozenset({"style", "hidden", "aria-hidden", "color"})
#: past this far off the page (px) a positioned element or an indented line is put out of sight on purpose
#: (the "visually hidden" patterns of web editors: left:-9999px, text-indent:-9999px)
_OFF_PAGE = 999.0
_CLIP_NOTHING = re.compile(r"^rect\(\s*(?:0|1px)(?:[\s,]+(?:0|1px|auto)){3}\s*\)$")
_CLIP_PATH_NOTHING = re.compile(r"^(?:inset\(\s*(?:50|100)%|circle\(\s*0|polygon\(\s*0(?:px)?\s+0(?:px)?\s*\))")
_SCALE_ZERO = re.compile(r"scale[xy]?\(\s*0(?:\.0+)?\s*[,)]")
_HSL = re.compile(r"hsla?\(\s*([0-9.]+)(?:deg)?\s*[, ]\s*([0-9.]+)%\s*[, ]\s*([0-9.]+)%\s*(?:[,/]\s*([0-9.]+%?)\s*)?\)")

_DECLARATION = re.compile(r"\s*([a-zA-Z-]+)\s*:\s*([^;]*)")
_SIZE = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*([a-z%]*)")
_RGB = re.compile(r"rgba?\(\s*([0-9.]+%?)\s*[, ]\s*([0-9.]+%?)\s*[, ]\s*([0-9.]+%?)\s*(?:[,/]\s*([0-9.]+%?)\s*)?\)")
#: below these sizes text prints as a line or a dot, not as characters anyone reads
_TINY = {"px": 2.0, "pt": 1.5, "em": 0.15, "rem": 0.15, "%": 15.0, "": 0.0, "mm": 0.5, "cm": 0.05, "in": 0.02,
         "vw": 0.0, "vh": 0.0}


def declarations(style: str | None) -> dict[str, str]:
    """The declarations of a CSS ``style`` attribute, lower-cased, the last of a property winning."""
    if not style:
        return {}
    out = {}
    for part in style.split(";"):
        match = _DECLARATION.match(part)
        if match:
            value = match.group(2).lower().replace("!important", "").strip()
            out[match.group(1).lower()] = value
    return out


def removed(el: Any) -> bool:
    """Whether a browser does not lay ``el`` out at all (a row or cell that takes no place in its table)."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style) and declarations(style).get("display", "").startswith("none")


def unseen(el: Any, tag: str) -> bool:
    """Whether the text of ``el`` is no part of what a person reads as the report's text and numbers."""
    if tag in _STRUCK or tag in _RAISED:
        return True
    attrib = el.attrib
    if tag == "dialog" and "open" not in attrib:  # a dialog that is not open is not shown
        return True
    if _WATCHED.isdisjoint(attrib):  # (one test over the attribute names, most elements having none of these)
        return False
    if "hidden" in attrib or attrib.get("aria-hidden", "").strip().lower() == "true":
        return True
    style = declarations(attrib.get("style"))
    if style.get("display", "").startswith("none") or style.get("visibility", "") in ("hidden", "collapse"):
        return True
    if "line-through" in style.get("text-decoration", "") or "line-through" in style.get("text-decoration-line", ""):
        return True
    if _transparent(style.get("opacity", "")) or _tiny(style.get("font-size", "")) or _tiny_font(style):
        return True
    if _out_of_sight(style):
        return True
    if style.get("vertical-align", "") in ("super", "sub"):
        return True
    color = style.get("color") or (attrib.get("color", "").lower() if tag == "font" else "")
    if color and (_clear(color) or _white(color) and _on_white(el)):
        return True
    return False


def _tiny_font(style: dict[str, str]) -> bool:
    """The ``font`` shorthand's size, where it gives one first (``font: 0/0 a`` hides text)."""
    font = style.get("font")
    if not font:
        return False
    for word in font.split():
        if word[:1].isdigit() or word[:1] == ".":
            return _tiny(word.split("/")[0])
    return False


def _px(value: str) -> float | None:
    """A length in CSS pixels (px, pt, em at 16 px); None for other units or no length."""
    match = _SIZE.match(value.lstrip("-+"))
    if not match:
        return None
    number = float(match.group(1)) * (-1 if value.lstrip().startswith("-") else 1)
    scale = {"px": 1.0, "": 1.0, "pt": 4 / 3, "em": 16.0, "rem": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 9.6 / 2.54}
    return number * scale[match.group(2)] if match.group(2) in scale else None


def _out_of_sight(style: dict[str, str]) -> bool:
    """The "visually hidden" patterns: positioned far off the page, clipped to nothing, an element of no
    width or height that hides what overflows, scaled to nothing, a line indented off the page."""
    if style.get("position", "") in ("absolute", "fixed"):
        for side in ("left", "top", "right", "bottom"):
            offset = _px(style.get(side, ""))
            if offset is not None and offset <= -_OFF_PAGE:
                return True
        if _CLIP_NOTHING.match(style.get("clip", "")):
            return True
    if _CLIP_PATH_NOTHING.match(style.get("clip-path", "")):
        return True
    indent = _px(style.get("text-indent", ""))
    if indent is not None and indent <= -_OFF_PAGE:
        return True
    if style.get("overflow", "") in ("hidden", "clip") or style.get("overflow-x", "") in ("hidden", "clip"):
        for name in ("width", "height", "max-width", "max-height"):
            size = _px(style.get(name, ""))
            if size is not None and size <= 1:
                return True
    return bool(_SCALE_ZERO.search(style.get("transform", "")))


def _transparent(value: str) -> bool:
    try:
        return bool(value) and float(value.rstrip("%")) <= 0.05 * (100 if value.endswith("%") else 1)
    except ValueError:
        return False


def _tiny(value: str) -> bool:
    match = _SIZE.match(value)
    if not match:
        return False
    number, unit = float(match.group(1)), match.group(2)
    return number == 0 or number < _TINY.get(unit, 0.0)


def _channels(color: str) -> tuple[float, float, float, float] | None:
    """(r, g, b, alpha) of a CSS colour in 0-255 and 0-1, for the forms pages use."""
    color = color.strip()
    if color in ("white", "snow", "ivory"):
        return 255, 255, 255, 1
    if color == "transparent":
        return 0, 0, 0, 0
    if color.startswith("#"):
        digits = color[1:]
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        if len(digits) in (6, 8) and re.fullmatch(r"[0-9a-f]+", digits):
            alpha = int(digits[6:8], 16) / 255 if len(digits) == 8 else 1
            return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16), alpha
        return None
    hsl = _HSL.match(color)
    if hsl:
        from colorsys import hls_to_rgb

        try:
            hue, saturation, light = float(hsl.group(1)) % 360 / 360, float(hsl.group(2)) / 100, float(hsl.group(3)) / 100
            alpha = float(hsl.group(4).rstrip("%")) / (100 if hsl.group(4).endswith("%") else 1) if hsl.group(4) else 1
        except ValueError:
            return None
        r, g, b = hls_to_rgb(hue, min(light, 1.0), min(saturation, 1.0))
        return r * 255, g * 255, b * 255, alpha
    match = _RGB.match(color)
    if not match:
        return None

    def channel(text: str, scale: float) -> float:
        return float(text[:-1]) * scale / 100 if text.endswith("%") else float(text)

    try:
        alpha = channel(match.group(4), 1) if match.group(4) else 1
        return channel(match.group(1), 255), channel(match.group(2), 255), channel(match.group(3), 255), alpha
    except ValueError:
        return None


def _white(color: str) -> bool:
    channels = _channels(color)
    return channels is not None and min(channels[:3]) >= 245


def _clear(color: str) -> bool:
    channels = _channels(color)
    return channels is not None and channels[3] <= 0.05


def _on_white(el: Any) -> bool:
    """Whether ``el`` stands on a white page: no element around it paints a background that is not white."""
    node = el
    while node is not None:
        style = declarations(node.get("style"))
        painted = style.get("background-color") or style.get("background") or node.get("bgcolor")
        if painted:
            colour = painted.split()[0] if painted.split() else painted
            channels = _channels(colour)
            if channels is None or channels[3] > 0.05 and not _white(colour):
                return False
        node = node.getparent()
    return True
