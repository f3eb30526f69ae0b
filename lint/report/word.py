"""The annotated Word copy: every finding as a Word comment (批注) on the place it is about.

A clerk opens the copy in Word or WPS and finds each problem where it is: on
the faulty table cell, on the section heading, or on the very words of a
sentence.  Findings with no place in the text (the whole report, the format)
are listed in one comment at the top.

Places come from the Word reader (:mod:`lint.ingest.docx`): it names every
paragraph and table cell by the index of its ``w:p`` element among all of the
body's ``w:p`` elements in document order, and that index arrives in a
finding's ``location.paragraph``.  This module opens the same package, counts
the same elements and puts ``w:commentRangeStart``/``w:commentRangeEnd`` and a
reference run around the place; comments themselves go into
``word/comments.xml`` through python-docx.  Adding runs and comments never adds
a ``w:p`` to the body, so the indices stay valid while comments are added.

A narrative finding (C7xx) carries ``evidence.narrative_pointer``, the section
whose text it quotes; the quoted words are looked for in that section's
paragraphs (between its heading and the next section's) and, when found, the
comment covers just those words.
"""

from __future__ import annotations

import io
import re
from copy import deepcopy
from dataclasses import dataclass
from typing import Any, Iterable

from lint.model import Finding, Severity, SourceMap
from lint.vocab.text import normalise

AUTHOR = "xxgk-lint"
INITIALS = "XL"

LABELS = {
    "zh": {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示", "reading": "需人工核对",
           "hint": "修改建议：", "consequences": "由此引起：",
           "reading_note": "（检查工具未能读取或核对这一处，请人工查看；不是报告本身的错误，不扣分。）",
           "top": "xxgk-lint 检查意见：以下 {n} 条意见不针对文中某一处，列在文首。",
           "summary": "共 {n} 条意见：错误 {error} 条，警告 {warning} 条，提示 {info} 条。"},
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info", "reading": "check by hand",
           "hint": "Fix: ", "consequences": "Follows from it: ",
           "reading_note": "(The tool could not read or verify this place; please look at it. This is not a "
                           "fault of the report and costs no points.)",
           "top": "xxgk-lint: the {n} finding(s) below are about no single place in the text.",
           "summary": "{n} finding(s): {error} error(s), {warning} warning(s), {info} info."},
}

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
#: quoted text in a message: “…” (the templates quote report text this way in both languages)
_QUOTED = re.compile(r"“([^“”]{2,})”")
#: a run's text lies inside these: not shown (deleted, moved away, fallback copies of text boxes)
_HIDDEN = {f"{{{_W}}}del", f"{{{_W}}}moveFrom", f"{{{_MC}}}Fallback"}


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


class NotWordError(Exception):
    """The bytes are no Word (.docx) package that comments can be written into."""


@dataclass(frozen=True)
class Anchor:
    """Where a comment goes: a body paragraph (by its index) and, optionally, a span of its run text."""

    paragraph: int
    start: int | None = None
    end: int | None = None


@dataclass
class Annotated:
    data: bytes
    comments: int  # comments written, the top one included
    placed: int  # findings commented at their place
    listed: int  # findings listed in the top comment


# ---------------------------------------------------------------- opening


def open_document(data: bytes) -> Any:
    """The python-docx Document of a .docx (also .docm/.dotx: the same body); NotWordError otherwise."""
    try:
        from docx.opc.part import PartFactory
        from docx.package import Package
        from docx.parts.document import DocumentPart

        from lint.ingest.docx import _WORD_MAIN_TYPES  # the main-part types the reader accepts

        for content_type in _WORD_MAIN_TYPES:
            PartFactory.part_type_for.setdefault(content_type, DocumentPart)
        part = Package.open(io.BytesIO(data)).main_document_part
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise NotWordError(f"{type(exc).__name__}: {exc}") from None
    if not isinstance(part, DocumentPart):
        raise NotWordError(f"main part is {part.content_type}")
    return part.document


# ---------------------------------------------------------------- where each finding goes


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


class _Places:
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


def locate(finding: Finding, places: _Places, source_map: SourceMap | None, quote: str | None) -> Anchor | None:
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


def _visible_runs(p: Any) -> list[Any]:
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


def _run_text(r: Any) -> str:
    return r.text or ""


def _find_text(p: Any, quote: str) -> tuple[int, int] | None:
    """(start, end) of ``quote`` in the paragraph's run text, matched as the reader matches text:
    normalised (NFKC, radicals, invisible characters) and without whitespace."""
    raw = "".join(_run_text(r) for r in _visible_runs(p))
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


def _range_runs(p: Any, anchor: Anchor) -> list[Any]:
    """The runs the comment covers: the quoted words (cutting runs at their edges where possible), or the
    whole paragraph; an empty paragraph (a blank cell) gets an empty run to hold the comment."""
    runs = _visible_runs(p)
    if not runs:
        from docx.oxml import OxmlElement

        run = OxmlElement("w:r")
        p.append(run)
        return [run]
    if anchor.start is None or anchor.end is None:
        return runs
    at, first, last = 0, None, None
    for i, r in enumerate(runs):
        text = _run_text(r)
        if first is None and anchor.start < at + len(text):
            first = i
            if anchor.start > at and _is_simple(r):
                runs[i] = r = _split(r, anchor.start - at)
                at = anchor.start
                text = _run_text(r)
        if first is not None and anchor.end <= at + len(text):
            last = i
            if anchor.end < at + len(text) and _is_simple(r):
                _split(r, anchor.end - at)
            break
        at += len(text)
    if first is None:
        return runs
    return runs[first:(last if last is not None else len(runs) - 1) + 1]


def _outside_text_box(p: Any, places: _Places) -> Any:
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


# ---------------------------------------------------------------- comment text


def finding_text(finding: Finding, lang: str) -> list[str]:
    """The lines a comment gives one finding: what is wrong, the fix, what follows from it."""
    t = LABELS[lang]
    label = t["reading"] if finding.origin == "reading" else t[finding.severity]
    lines = [f"【{label}】{finding.code} {finding.message}" if lang == "zh"
             else f"[{label}] {finding.code} {finding.message}"]
    if finding.hint:
        lines.append(t["hint"] + finding.hint)
    if finding.origin == "reading":
        lines.append(t["reading_note"])
    if finding.consequences:
        lines.append(t["consequences"] + ("；" if lang == "zh" else "; ").join(
            f"{c.code} {c.message}" for c in finding.consequences))
    return lines


def _comment_text(findings: list[Finding], lang: str) -> str:
    if len(findings) == 1:
        return "\n".join(finding_text(findings[0], lang))
    return "\n".join(f"{n}. " + "\n".join(finding_text(f, lang))
                     for n, f in enumerate(findings, 1))


def _top_text(unplaced: list[Finding], everything: list[Finding], lang: str) -> str:
    t = LABELS[lang]
    counts = {s.label: sum(1 for f in everything if f.severity == s) for s in Severity}
    lines = [t["summary"].format(n=len(everything), **counts)]
    if unplaced:
        lines.append(t["top"].format(n=len(unplaced)))
        for n, finding in enumerate(unplaced, 1):
            lines.extend([f"{n}. " + finding_text(finding, lang)[0], *finding_text(finding, lang)[1:]])
    return "\n".join(lines)


# ---------------------------------------------------------------- writing


def annotate_docx(data: bytes, findings: Iterable[Finding], *, lang: str = "zh",
                  source_map: SourceMap | None = None, rules: dict[str, Any] | None = None) -> Annotated:
    """A copy of the Word file ``data`` with one comment at the place of each finding (findings at one
    place share a comment) and a comment at the top that counts them and lists those with no place."""
    lang = lang if lang in LABELS else "zh"
    document = open_document(data)
    findings = sorted(findings, key=Finding.sort_key)
    places = _Places(document.element.body, source_map)
    groups: dict[Anchor, list[Finding]] = {}
    unplaced: list[Finding] = []
    for finding in findings:
        anchor = locate(finding, places, source_map, message_quote(finding, rules, lang))
        if anchor is None:
            unplaced.append(finding)
        else:
            groups.setdefault(anchor, []).append(finding)
    comments = 0
    for anchor, members in sorted(groups.items(), key=lambda item: (item[0].paragraph, item[0].start or -1)):
        p = places.paragraphs[anchor.paragraph]
        outer = _outside_text_box(p, places)
        if outer is not p:  # comments in text boxes are not shown by every editor
            anchor, p = Anchor(anchor.paragraph), outer
        _comment(document, _range_runs(p, anchor), _comment_text(members, lang))
        comments += 1
    if findings:
        top = next((p for p in places.paragraphs if _visible_runs(p) and "".join(map(_run_text, _visible_runs(p))).strip()
                    and _outside_text_box(p, places) is p), None)
        if top is None:
            top = _first_paragraph(document)
        _comment(document, _range_runs(top, Anchor(0)), _top_text(unplaced, findings, lang))
        comments += 1
    out = io.BytesIO()
    document.save(out)
    return Annotated(out.getvalue(), comments, len(findings) - len(unplaced), len(unplaced))


def _comment(document: Any, runs: list[Any], text: str) -> None:
    from docx.text.run import Run

    first, last = Run(runs[0], None), Run(runs[-1], None)  # type: ignore[arg-type]
    comment = document.comments.add_comment(text=text, author=AUTHOR, initials=INITIALS)
    first.mark_comment_range(last, comment.comment_id)


def _first_paragraph(document: Any) -> Any:
    """The body's first paragraph; a document with none gets one at the start (after the comments are placed)."""
    body = document.element.body
    first = next(body.iter(_w("p")), None)
    if first is not None:
        return first
    from docx.oxml import OxmlElement

    p = OxmlElement("w:p")
    body.insert(0, p)
    return p


# ---------------------------------------------------------------- from a checked file


class Refused(Exception):
    """A file comments cannot be written into; ``zh``/``en`` say why, for the user."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def word_bytes(path: str) -> bytes:
    """The .docx bytes of ``path`` to annotate; Refused for anything that is no Word document.

    Word 97-2003, WPS, RTF and OpenDocument files are refused for now: once the
    reader can convert them (``lint.ingest.office.convert_to_docx(data, name,
    timeout)``), this is the one place that converts them, and the copy is then
    written as .docx (see :func:`output_path`).
    """
    import os
    from pathlib import Path

    from lint.errors import InputError
    from lint.ingest.forms import BY_EXTENSION, MAX_DOCUMENT_BYTES, read_bytes, sniff

    name = os.path.basename(path)
    try:
        data = read_bytes(path, MAX_DOCUMENT_BYTES)
    except InputError as exc:
        raise Refused(exc.zh, exc.en) from None
    except OSError as exc:
        raise Refused(f"无法读取“{name}”：{exc.strerror or exc}", f"cannot read {name}: {exc.strerror or exc}") from None
    hinted = BY_EXTENSION.get(Path(path).suffix.lower())
    form = sniff(data, hinted)
    if form is None and hinted is not None and hinted.name in ("docx", "word97"):
        form = hinted  # named as Word: the reader says what is wrong with the bytes, or the seam below refuses
    if form is not None and form.name == "docx":
        return data
    if form is not None and form.name == "word97":
        raise Refused(f"“{name}”是旧版 Word、WPS、RTF 或 OpenDocument 文档，暂不能直接写入批注；"
                      "请在 Word 或 WPS 中另存为 .docx 后再试。",
                      f"{name} is a Word 97-2003, WPS, RTF or OpenDocument file; comments cannot be written into "
                      "it yet: save it as .docx in Word or WPS and try again.")
    raise Refused(f"“{name}”不是 Word（.docx）文档：批注只能写入 Word 文档。其他格式请用 xxgk-lint check 检查。",
                  f"{name} is no Word (.docx) document: comments can only be written into Word documents. "
                  "Check other files with xxgk-lint check.")


def output_path(path: str) -> str:
    """年报.docx → 年报.批注.docx beside it (a converted Word 97/WPS file becomes .docx)."""
    import os

    stem, suffix = os.path.splitext(path)
    if suffix.lower() not in (".docx", ".docm", ".dotx"):
        suffix = ".docx"
    return f"{stem}.批注{suffix}"


def annotate_file(path: str, findings: Iterable[Finding], *, lang: str = "zh",
                  rules: dict[str, Any] | None = None) -> Annotated:
    """The annotated copy of the Word file at ``path`` with ``findings`` (those of a run of the pipeline)."""
    import os

    from lint.errors import InputError
    from lint.ingest.docx import _check_package  # the reader's refusal of zip bombs and hostile packages

    data = word_bytes(path)
    try:
        _check_package(path, data)
    except InputError as exc:
        raise Refused(exc.zh, exc.en) from None
    source_map = None
    try:
        from lint.ingest import load_report

        _report, source_map = load_report(path)  # the section headings: where each narrative part starts
    except Exception:  # the findings already say what could not be read; comments still go where known
        source_map = None
    try:
        return annotate_docx(data, findings, lang=lang, source_map=source_map, rules=rules)
    except NotWordError as exc:
        name = os.path.basename(path)
        raise Refused(f"无法打开“{name}”写入批注：{exc}", f"cannot open {name} to write comments: {exc}") from None
