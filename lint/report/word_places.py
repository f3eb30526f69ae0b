"""Where in a Word body each finding goes: paragraphs counted as the Word reader counts them, quoted words.

The Word reader (:mod:`lint.ingest.docx`) names every paragraph and table cell
by the index of its ``w:p`` element among all of the body's ``w:p`` elements
in document order; :class:`Places` counts the same elements.  A finding that
quotes the report (``evidence.quote``, or the ``{quote}``/``{found}`` field of
its rule's message) is put on those words when they are found in its
paragraph or in the part of the report its ``narrative_pointer`` names
(between that section's heading and the next one's); runs are cut at the
edges of the words so that the comment covers just them.
"""

from __future__ import annotations

import re
from copy import deepcopy

from typing import Any

from lint.model import Finding, SourceMap
from lint.records import record
from lint.vocab.text import normalise

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
#: a run's text lies inside these: not shown (deleted, moved away, fallback copies of text boxes)
_HIDDEN = {f"{{{_W}}}del", f"{{{_W}}}moveFrom", f"{{{_MC}}}Fallback"}


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


@record(frozen=True)
class Anchor:
    """Where a comment goes: a body paragraph (by its index) and, optionally, a span of its run text."""

    paragraph: int
    start: int | None = None
    end: int | None = None


def message_quote(finding: Finding, rules: dict[str, Any] | None, lang: str) -> str | None:
    """The report text a finding quotes: ``evidence.quote``, or the ``{quote}``/``{found}`` field of its
    rule's message read back out of the message."""
    quote = finding.evidence.get("quote") if isinstance(finding.evidence, dict) else None
    if isinstance(quote, str) and quote.strip():
        return quote.strip()
    rule = (rules or {}).get(finding.code)
    if rule is None:
        return None
    templates = [rule.template(None, lang)] + [v.get(lang) or v.get("zh") or "" for v in rule.variants.values()]
    for template in templates:
        if "{quote}" not in template and "{found}" not in template:
            continue
        pattern, seen, at = "", set(), 0
        for field in _FIELD.finditer(template):
            pattern += re.escape(template[at:field.start()])
            name = field.group(1)
            pattern += ".+?" if name in seen else f"(?P<{name}>.+?)"
            seen.add(name)
            at = field.end()
        pattern += re.escape(template[at:])
        match = re.fullmatch(pattern, finding.message, re.S)
        if match:
            found = match.groupdict().get("quote") or match.groupdict().get("found")
            if found and found.strip():
                return found.strip()
    return None


class Places:
    """The body's paragraphs as the Word reader counts them, and the section each belongs to."""

    def __init__(self, body: Any, source_map: SourceMap | None) -> None:
        self.paragraphs = list(body.iter(_w("p")))
        self.body = body
        self.starts: dict[str, int] = {}  # "/sections/overview", "/intro" → index of its first paragraph
        if source_map is not None:
            for pointer, loc in source_map.items():
                if loc is not None and loc.paragraph is not None and (
                        pointer == "/intro" or re.fullmatch(r"/sections/[a-z_]+", pointer)):
                    self.starts[pointer] = loc.paragraph
        self.headings = sorted(v for k, v in self.starts.items() if k.startswith("/sections/"))

    def span(self, pointer: str) -> range | None:
        """Paragraph indices of the part of the report ``pointer`` (a narrative pointer) names."""
        match = re.match(r"(/sections/[a-z_]+|/intro)", pointer or "")
        if not match or match.group(1) not in self.starts:
            return None
        first = self.starts[match.group(1)]
        later = [h for h in self.headings if h > first]
        return range(first, later[0] if later else len(self.paragraphs))

    def table_start(self, index: int) -> int | None:
        """The first paragraph of the ``index``-th table, counted as the reader counts (body-level tables)."""
        count = 0
        for tbl in self.body.iter(_w("tbl")):
            parent, nested = tbl.getparent(), False
            while parent is not None and parent is not self.body:
                if parent.tag in (_w("tbl"), _w("p")):
                    nested = True
                    break
                parent = parent.getparent()
            if nested:
                continue
            if count == index:
                first = next(tbl.iter(_w("p")), None)
                return self.paragraphs.index(first) if first is not None else None
            count += 1
        return None


def locate(finding: Finding, places: Places, source_map: SourceMap | None, quote: str | None) -> Anchor | None:
    """The anchor of one finding, or None when it has no place in the text."""
    loc = finding.location
    narrative = finding.evidence.get("narrative_pointer") if isinstance(finding.evidence, dict) else None
    if quote:
        span = places.span(narrative if isinstance(narrative, str) else loc.pointer)
        own = [loc.paragraph] if loc.paragraph is not None and 0 <= loc.paragraph < len(places.paragraphs) else []
        if own or span is not None:
            for index in [*own, *(span or ())]:
                found = _find_text(places.paragraphs[index], quote)
                if found is not None:
                    return Anchor(index, *found)
    if loc.paragraph is not None and 0 <= loc.paragraph < len(places.paragraphs):
        return Anchor(loc.paragraph)
    if loc.table_index is not None:
        start = places.table_start(loc.table_index)
        if start is not None:
            return Anchor(start)
    if source_map is not None and loc.pointer:
        mapped = source_map.lookup(loc.pointer)
        if mapped.paragraph is not None and 0 <= mapped.paragraph < len(places.paragraphs):
            return Anchor(mapped.paragraph)
    return None


# ---------------------------------------------------------------- runs and text


def visible_runs(p: Any) -> list[Any]:
    """The runs that print as this paragraph's own text, in order."""
    runs = []
    for r in p.iter(_w("r")):
        parent, hidden = r.getparent(), False
        while parent is not None and parent is not p:
            if parent.tag in _HIDDEN or parent.tag == _w("p"):
                hidden = True  # deleted, a fallback copy, or a paragraph nested in a text box
                break
            parent = parent.getparent()
        if not hidden and r.find(_w("commentReference")) is None:
            runs.append(r)
    return runs


def run_text(r: Any) -> str:
    return r.text or ""


def _find_text(p: Any, quote: str) -> tuple[int, int] | None:
    """(start, end) of ``quote`` in the paragraph's run text, matched as the reader matches text:
    normalised (NFKC, radicals, invisible characters) and without whitespace."""
    raw = "".join(run_text(r) for r in visible_runs(p))
    if not raw:
        return None
    at = raw.find(quote)
    if at >= 0:
        return at, at + len(quote)
    chars, where = [], []
    for i, ch in enumerate(raw):
        for n in normalise(ch):
            if not n.isspace():
                chars.append(n)
                where.append(i)
    wanted = "".join(ch for ch in normalise(quote) if not ch.isspace())
    at = "".join(chars).find(wanted) if wanted else -1
    if at < 0:
        return None
    return where[at], where[at + len(wanted) - 1] + 1


def _is_simple(r: Any) -> bool:
    """A run of one text element (and its properties), which can be cut in two."""
    kids = [k for k in r if k.tag != _w("rPr")]
    return len(kids) == 1 and kids[0].tag == _w("t")


def _split(r: Any, k: int) -> Any:
    """Cut a simple run after ``k`` characters; return the second part (a new run after ``r``)."""
    second = deepcopy(r)
    first_t, second_t = r.find(_w("t")), second.find(_w("t"))
    text = first_t.text or ""
    first_t.text, second_t.text = text[:k], text[k:]
    space = "{http://www.w3.org/XML/1998/namespace}space"
    first_t.set(space, "preserve")
    second_t.set(space, "preserve")
    r.addnext(second)
    return second


def range_runs(p: Any, anchor: Anchor) -> list[Any]:
    """The runs the comment covers: the quoted words (cutting runs at their edges where possible), or the
    whole paragraph; an empty paragraph (a blank cell) gets an empty run to hold the comment."""
    runs = visible_runs(p)
    if not runs:
        from docx.oxml import OxmlElement

        run = OxmlElement("w:r")
        p.append(run)
        return [run]
    if anchor.start is None or anchor.end is None:
        return runs
    at, first, last = 0, None, None
    for i, r in enumerate(runs):
        text = run_text(r)
        if first is None and anchor.start < at + len(text):
            first = i
            if anchor.start > at and _is_simple(r):
                runs[i] = r = _split(r, anchor.start - at)
                at = anchor.start
                text = run_text(r)
        if first is not None and anchor.end <= at + len(text):
            last = i
            if anchor.end < at + len(text) and _is_simple(r):
                _split(r, anchor.end - at)
            break
        at += len(text)
    if first is None:
        return runs
    return runs[first:(last if last is not None else len(runs) - 1) + 1]


def outside_text_box(p: Any, places: Places) -> Any:
    """A paragraph inside a text box is commented on the body paragraph the box is anchored in."""
    parent = p.getparent()
    outer = p
    while parent is not None and parent is not places.body:
        if parent.tag == _w("txbxContent"):
            outer = None
        if parent.tag == _w("p") and outer is None:
            outer = parent
        parent = parent.getparent()
    return outer if outer is not None else p
