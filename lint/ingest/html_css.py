"""The page's own style sheets, as a browser on a desktop screen applies them to what a person sees.

Pages hide text through their ``<style>`` sheets as often as through ``style``
attributes: ``#note{display:none}``, ``td span{color:#fff}``, ``.x > .y``,
``a, b``, ``[hidden]``, ``span[class~=x]``, ``!important``, and rules inside
``@media screen`` blocks.  :func:`apply_style_sheets` folds the declarations
that bear on whether text is seen into the ``style`` attribute of every element
they select, so that one test of an element's style
(lint.ingest.html_visible) covers sheets and attributes alike.

Selectors are matched by lxml through ``cssselect`` (its HTML translator:
``:hover`` and the like never match).  Declarations are resolved as a browser
cascades them: an ``!important`` one beats a normal one, an inline ``style``
beats a sheet's normal declarations (an inline ``!important`` beats
everything), and among the sheets' the more specific selector wins, then the
later rule.  ``@media`` blocks apply when their query holds for a desktop
screen (:data:`VIEWPORT`; a print-only block is skipped, as is a query this
reader does not understand); ``@supports`` and ``@layer`` blocks apply as their
content; other at-rules (fonts, key frames, pages) and pseudo-elements
(``::before``) hold no text of the page.  A ``<style media="print">`` sheet is
skipped likewise.

A selector that does not parse, or that cssselect cannot translate, is skipped,
as a browser skips a rule it does not understand.  The work is bounded: the
sheets are split in one pass, only the first :data:`MAX_SELECTORS` selectors of
rules that bear on sight are matched, a selector that names a class, id or tag
the page does not have is not matched at all, and no more than
:data:`MAX_MATCHES` (element, selector) pairs are folded.  Rules beyond those
bounds are not honoured: their text is read as if they did not exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from lint.ingest.html_selectors import Compound

#: the declarations that bear on whether text is seen, and on what it is seen against
WATCHED = frozenset({"display", "visibility", "opacity", "font-size", "color", "text-decoration",
                     "text-decoration-line", "vertical-align", "background-color", "background"})
MAX_RULES = 50_000
MAX_SELECTORS = 2000
MAX_MATCHES = 200_000
#: steps the XPath of the selectors matched may take, all together (lint.ingest.html_selectors; a
#: nanosecond or two each: about a second)
MAX_STEPS = 500_000_000
MAX_SELECTOR_CHARS = 4000  # a selector list longer than this is no page's own
#: the screen a person reads the page on: a desktop browser window, in CSS pixels
VIEWPORT = {"width": 1280.0, "height": 800.0}

_TOKENS = re.compile(r"/\*.*?(?:\*/|\Z)|\"[^\"\n]*\"?|'[^'\n]*'?|[{}]", re.S)
_WATCHED_WORD = re.compile(r"display|visibility|opacity|font-size|color|text-decoration|vertical-align|background",
                           re.I)
_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)
_AT_RULE = re.compile(r"@([-\w]+)\s*(.*)", re.S)
_DECLARATION = re.compile(r"\s*([a-zA-Z-]+)\s*:\s*(.*?)\s*$", re.S)
_IMPORTANT = re.compile(r"!\s*important\s*$", re.I)
_FEATURE = re.compile(r"^\(\s*([a-z-]+)\s*(?::\s*([^)]*?)\s*)?\)$")
_RANGE = re.compile(r"^\(\s*([a-z-]+)\s*(<=|>=|<|>|=)\s*([^)]*?)\s*\)$")
_LENGTH = re.compile(r"^([0-9]*\.?[0-9]+)\s*(px|em|rem)?$")
_SCREEN_FEATURES = {"orientation": "landscape", "prefers-color-scheme": "light", "hover": "hover",
                    "any-hover": "hover", "pointer": "fine", "any-pointer": "fine", "scan": "progressive",
                    "prefers-reduced-motion": "no-preference", "prefers-contrast": "no-preference",
                    "display-mode": "browser"}
#: features a desktop screen has, asked without a value: ``(color)``, ``(hover)``
_PRESENT = frozenset({"color", "hover", "pointer", "any-hover", "any-pointer", "width", "height"})


def parse_declarations(body: str) -> list[tuple[str, str, bool]]:
    """(property, value, important) of each declaration of ``body``, lower-cased, in order."""
    out = []
    for part in body.split(";"):
        match = _DECLARATION.match(part)
        if match:
            value = match.group(2).lower()
            important = bool(_IMPORTANT.search(value))
            out.append((match.group(1).lower(), _IMPORTANT.sub("", value).strip(), important))
    return out


def style_rules(sheet: str) -> Iterator[tuple[str, str]]:
    """(selector list, body) of each style rule of ``sheet`` that applies on a screen, in order.

    One pass over the sheet: comments and strings are read as tokens, so a brace inside them
    splits nothing, and a sheet without braces costs one scan.  At most :data:`MAX_RULES` blocks are read.
    """
    sheet = sheet.replace("<!--", " ").replace("-->", " ")
    stack: list[str] = []  # "group" (an applied @media, @supports…), "skip" or "rule"
    prelude: list[str] = []  # the text since the last brace, without comments
    selectors, body_start, at, blocks = "", 0, 0, 0
    for token in _TOKENS.finditer(sheet):
        text = token.group()
        if text.startswith("/*"):
            prelude.append(sheet[at:token.start()])
            at = token.end()
            continue
        if text not in "{}":
            continue  # a string: part of a selector or a body
        head = ("".join(prelude) + sheet[at:token.start()]).rsplit(";", 1)[-1].strip()
        prelude, at = [], token.end()
        if text == "{":
            blocks += 1
            if blocks > MAX_RULES:
                return
            if stack and stack[-1] != "group":
                stack.append("skip")  # nested inside a rule or a skipped block
            elif head.startswith("@"):
                stack.append("group" if _applies(head) else "skip")
            else:
                stack.append("rule")
                selectors, body_start = head, token.end()
        elif stack and stack.pop() == "rule":  # (a stray closing brace closes nothing)
            yield selectors, _COMMENT.sub(" ", sheet[body_start:token.start()])


def _applies(head: str) -> bool:
    """Whether the contents of the block an at-rule opens apply on a screen."""
    match = _AT_RULE.match(head)
    name, condition = (match.group(1).lower(), match.group(2)) if match else ("", "")
    if name == "media":
        return media_applies(condition)
    return name in ("supports", "layer", "document", "-moz-document")


def media_applies(query_list: str) -> bool:
    """Whether a media query list holds for a desktop screen of :data:`VIEWPORT`."""
    queries = [q.strip().lower() for q in query_list.split(",")]
    return any(_query(q) for q in queries if q) if any(queries) else True


def _query(query: str) -> bool:
    negated = query.startswith("not ")
    query = query[4:] if negated else query[5:] if query.startswith("only ") else query
    holds = True
    for n, part in enumerate(p.strip() for p in re.split(r"\band\b", query)):
        holds = part in ("all", "screen") if n == 0 and not part.startswith("(") else _feature(part)
        if not holds:
            break
    return holds != negated


def _feature(part: str) -> bool:
    """Whether one media feature, ``(min-width: 768px)``, ``(width >= 600px)``, ``(hover)``, holds."""
    match = _FEATURE.match(part)
    if match:
        name, value = match.group(1), match.group(2)
        if value is None:
            return name in _PRESENT
        for prefix, op in (("min-", ">="), ("max-", "<=")):
            if name.startswith(prefix) and name[len(prefix):] in VIEWPORT:
                return _compare(name[len(prefix):], op, value)
        if name in VIEWPORT:
            return _compare(name, "=", value)
        return _SCREEN_FEATURES.get(name) == value
    match = _RANGE.match(part)
    return bool(match) and match.group(1) in VIEWPORT and _compare(match.group(1), match.group(2), match.group(3))


def _compare(name: str, op: str, value: str) -> bool:
    match = _LENGTH.match(value.strip())
    if not match:
        return False  # a unit this reader does not measure: the block is not taken to apply
    length = float(match.group(1)) * (16 if match.group(2) in ("em", "rem") else 1)
    have = VIEWPORT[name]
    return {">=": have >= length, "<=": have <= length, ">": have > length, "<": have < length,
            "=": have == length}[op]


# ---------------------------------------------------------------- folding into the elements


def apply_style_sheets(root: Any) -> None:
    """Fold the declarations of the page's sheets that bear on sight into the ``style`` of the elements
    they select, resolved with the element's own style as a browser cascades them."""
    sheets = [el.text for el in root.iter("style") if el.text and _sheet_applies(el)]
    if not sheets:
        return
    from lxml import etree

    found: dict[int, tuple[Any, dict[str, tuple[tuple, str]]]] = {}
    matches = MAX_MATCHES
    for order, selector in enumerate(_selectors(sheets, root)):
        try:
            elements = etree.XPath(selector.xpath)(root)
        except etree.XPathError:
            continue
        for el in elements[:matches]:
            entry = found.setdefault(id(el), (el, {}))[1]
            for name, value, important in selector.declared:
                key = (important, 0, selector.specificity, order)
                if name not in entry or entry[name][0] < key:
                    entry[name] = (key, value)
        matches -= len(elements)
        if matches <= 0:
            break
    _fold(found)


@dataclass(frozen=True)
class Selector:
    """One selector of a rule that bears on sight, parsed and translated, with the rule's declarations."""

    compounds: tuple[Compound, ...]
    specificity: tuple[int, int, int]
    xpath: str
    declared: tuple[tuple[str, str, bool], ...]


def _selectors(sheets: list[str], root: Any) -> Iterator[Selector]:
    """The first :data:`MAX_SELECTORS` selectors of the sheets' rules that bear on sight, in order, less those
    that cannot match on this page and those that would take the selectors matched past :data:`MAX_STEPS`
    steps (lint.ingest.html_selectors)."""
    from lint.ingest.html_selectors import Page

    budget, steps, page = MAX_SELECTORS, MAX_STEPS, None
    for sheet in sheets:
        for selector in (_sheet_selectors(sheet) if len(sheet) > _CACHED_SHEET else _cached_selectors(sheet)):
            if budget <= 0:
                return
            budget -= 1
            if selector is None:
                continue  # ::before and the like (text of the sheet, not of the page), or untranslatable
            page = page or Page(root)
            if not page.may_match(selector.compounds):
                continue
            cost = page.cost(selector.compounds)
            if cost <= steps:  # (a selector that would cost more is not honoured; cheaper ones still are)
                steps -= cost
                yield selector


def _sheet_selectors(sheet: str) -> tuple[Selector | None, ...]:
    """The first :data:`MAX_SELECTORS` selectors of the rules of ``sheet`` that bear on sight, whatever the
    page (None for one that selects no element's own text)."""
    from cssselect import HTMLTranslator, SelectorError, parse

    from lint.ingest.html_selectors import shape

    translator = HTMLTranslator()
    out: list[Selector | None] = []
    for selectors, body in style_rules(sheet):
        if not _WATCHED_WORD.search(body) or len(selectors) > MAX_SELECTOR_CHARS:
            continue
        declared = tuple(d for d in parse_declarations(body) if d[0] in WATCHED)
        if not declared:
            continue
        try:
            group = parse(selectors)
        except SelectorError:
            continue  # as a browser drops a rule whose selector it does not understand
        for selector in group:
            try:
                xpath = translator.selector_to_xpath(selector) if selector.pseudo_element is None else None
            except SelectorError:
                xpath = None
            out.append(Selector(shape(selector.parsed_tree), selector.specificity(), xpath, declared) if xpath else None)
            if len(out) >= MAX_SELECTORS:
                return tuple(out)
    return tuple(out)


#: the pages of one site share their sheets: each is parsed once (sheets up to this many characters)
_CACHED_SHEET = 256 * 1024
_cached_selectors = lru_cache(maxsize=32)(_sheet_selectors)


def _sheet_applies(style: Any) -> bool:
    media = style.get("media")
    if media is not None and not media_applies(media):
        return False
    return not any(isinstance(a.tag, str) and a.tag in ("template", "svg") for a in style.iterancestors())


def _fold(found: dict[int, tuple[Any, dict[str, tuple[tuple, str]]]]) -> None:
    """Write each element's resolved declarations into its ``style``: its own win where they should."""
    for el, entry in found.values():
        resolved = dict(entry)
        for n, (name, value, important) in enumerate(parse_declarations(el.get("style") or "")):
            key = (important, 1, (0, 0, 0), n)
            if name not in resolved or resolved[name][0] < key:
                resolved[name] = (key, value)
        el.set("style", ";".join(f"{name}:{value}" for name, (_, value) in resolved.items()))
