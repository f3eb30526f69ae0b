"""Which runs of a Word body a person sees as text: hidden, struck, white, tiny and raised runs are not.

Word keeps in a cell what it does not print or what is no part of the figure:
hidden text (``<w:vanish/>``), struck-through corrections (``<w:strike/>``,
``<w:dstrike/>``), white or one-point text, superscript or raised marks
(``<w:position>``), ruby text and footnote or endnote reference marks.  Read as plain text they glue onto the printed digits
(a hidden 9 after 21 reads 219).  :class:`RunFilter` says which runs to leave
out, from their direct formatting and from the character styles of the
document's styles part (``basedOn`` followed) — a reference mark is recognised by
its element or by its style's name.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from lint.records import record

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: half-points: below 4 (2 pt) a character prints as a dot, not as a digit anyone reads
_MIN_HALF_POINTS = 4
_MARK_STYLE_NAMES = ("footnote reference", "endnote reference", "脚注引用", "尾注引用")
_MARKS = (f"{{{_W}}}footnoteReference", f"{{{_W}}}endnoteReference", f"{{{_W}}}footnoteRef",
          f"{{{_W}}}endnoteRef")
_ON_OFF = ("vanish", "specVanish", "strike", "dstrike")
_RUBY_TEXT = f"{{{_W}}}rt"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _on(el: Any) -> bool:
    """A Word on/off property: present and not switched off."""
    return el is not None and (el.get(_w("val")) or "true").lower() not in ("false", "0", "off", "none")


def _unseen_properties(rpr: Any, on_colour: bool = False) -> bool | None:
    """True when run properties hide the text, False when they say it shows, None when they say nothing.

    ``on_colour``: the paragraph or cell around the run is shaded, so white text on it shows.
    """
    if rpr is None:
        return None
    verdict: bool | None = None
    for name in _ON_OFF:
        el = rpr.find(_w(name))
        if el is not None:
            if _on(el):
                return True
            verdict = False
    align = rpr.find(_w("vertAlign"))
    if align is not None and align.get(_w("val")) in ("superscript", "subscript"):
        return True
    position = rpr.find(_w("position"))  # raised or lowered by so many half-points: a mark, as superscript is
    if position is not None and (position.get(_w("val")) or "0").lstrip("+-").isdigit() \
            and int(position.get(_w("val"))) != 0:
        return True
    size = rpr.find(_w("sz"))
    if size is not None:
        try:
            if int(size.get(_w("val")) or "24") < _MIN_HALF_POINTS:
                return True
        except ValueError:
            pass
    if _white(rpr.find(_w("color"))) and not on_colour and not _painted(rpr):
        return True
    return verdict


def _white(color: Any) -> bool:
    if color is None:
        return False
    value = (color.get(_w("val")) or "").upper()
    return value in ("FFFFFF", "FEFEFE") or color.get(_w("themeColor")) in ("background1", "light1")


def _painted(props: Any) -> bool:
    """Whether properties (of a run, paragraph or cell) paint a background that is not white."""
    if props is None:
        return False
    shade = props.find(_w("shd"))
    if shade is not None and (shade.get(_w("fill")) or "auto").upper() not in ("AUTO", "FFFFFF", ""):
        return True
    highlight = props.find(_w("highlight"))
    return highlight is not None and (highlight.get(_w("val")) or "none") not in ("none", "white")


@record
class RunFilter:
    """The styles of one document that hide their text (character and paragraph), and the test of one run."""

    hiding_styles: frozenset[str] = field(default_factory=frozenset)
    mark_styles: frozenset[str] = field(default_factory=frozenset)
    hiding_paragraphs: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, document: Any) -> RunFilter:
        try:
            styles = document.styles.element
        except Exception:  # a package without a styles part: direct formatting still counts
            return cls()
        by_id: dict[str, Any] = {}
        for style in styles.iter(_w("style")):
            style_id = style.get(_w("styleId"))
            if style_id:
                by_id[style_id] = style
        hiding, marks, paragraphs = set(), set(), set()
        for style_id, style in by_id.items():
            if style.get(_w("type")) == "paragraph":
                if _style_hides(style, by_id):
                    paragraphs.add(style_id)
                continue
            if style.get(_w("type")) not in (None, "character"):
                continue
            name = style.find(_w("name"))
            if name is not None and (name.get(_w("val")) or "").lower() in _MARK_STYLE_NAMES:
                marks.add(style_id)
            if _style_hides(style, by_id):
                hiding.add(style_id)
        return cls(frozenset(hiding), frozenset(marks), frozenset(paragraphs))

    def unseen(self, run: Any, paragraph: Any = None, cell: Any = None) -> bool:
        """Whether the text of ``run`` is no part of what a person reads."""
        if any(run.find(tag) is not None for tag in _MARKS):
            return True  # a reference mark, and a custom mark typed after it in the same run
        if run.getparent() is not None and run.getparent().tag == _RUBY_TEXT:
            return True  # ruby text, printed small above the characters it glosses
        rpr = run.find(_w("rPr"))
        direct = _unseen_properties(rpr, any(_painted(_props(el)) for el in (paragraph, cell)))
        if direct is not None:
            return direct
        style = rpr.find(_w("rStyle")) if rpr is not None else None
        style_id = style.get(_w("val")) if style is not None else None
        if style_id is not None and (style_id in self.hiding_styles or style_id in self.mark_styles
                                     or style_id in ("FootnoteReference", "EndnoteReference")):
            return True
        return bool(self.hiding_paragraphs) and _paragraph_style(paragraph) in self.hiding_paragraphs


def _paragraph_style(paragraph: Any) -> str | None:
    ppr = paragraph.find(_w("pPr")) if paragraph is not None else None
    style = ppr.find(_w("pStyle")) if ppr is not None else None
    return style.get(_w("val")) if style is not None else None


def _props(el: Any) -> Any:
    if el is None:
        return None
    return el.find(_w("pPr")) if el.tag == _w("p") else el.find(_w("tcPr"))


def _style_hides(style: Any, by_id: dict[str, Any], depth: int = 0) -> bool:
    verdict = _unseen_properties(style.find(_w("rPr")))
    if verdict is not None or depth > 10:
        return bool(verdict)
    based = style.find(_w("basedOn"))
    parent = by_id.get(based.get(_w("val"))) if based is not None else None
    return parent is not None and _style_hides(parent, by_id, depth + 1)
