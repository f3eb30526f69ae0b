"""The annotated Word copy: every finding as a Word comment (批注) on the place it is about.

A clerk opens the copy in Word or WPS and finds each problem where it is: on
the faulty table cell, on the section heading, or on the very words of a
sentence.  Findings with no place in the text (the whole report, the format)
are listed in one comment at the top.

Places come from the Word reader: every paragraph and table cell arrives in a
finding's ``location.paragraph`` as the index of its ``w:p`` element among all
of the body's ``w:p`` elements; :mod:`lint.report.word_places` finds the same
element again, and the quoted words of a narrative finding in it.  Comments go
into ``word/comments.xml`` through python-docx, with ``w:commentRangeStart``/
``w:commentRangeEnd`` and a reference run around the place.  Adding runs and
comments never adds a ``w:p`` to the body, so the indices stay valid while
comments are added.
"""

from __future__ import annotations

import io

from typing import Any, Iterable

from lint.model import Finding, Severity, SourceMap
from lint.records import record
from lint.report.word_places import (Anchor, Places, locate, message_quote, outside_text_box, range_runs, run_text,
                                     visible_runs)

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


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


class NotWordError(Exception):
    """The bytes are no Word (.docx) package that comments can be written into."""


@record
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


# ---------------------------------------------------------------- comment text


def finding_text(finding: Finding, lang: str) -> list[str]:
    """The lines a comment gives one finding: what is wrong, the fix, what follows from it."""
    from lint.vocab.printed import printable  # the report's text is shown, its control characters escaped

    t = LABELS[lang]
    label = t["reading"] if finding.origin == "reading" else t[finding.severity]
    message = printable(finding.message)
    lines = [f"【{label}】{finding.code} {message}" if lang == "zh" else f"[{label}] {finding.code} {message}"]
    if finding.hint:
        lines.append(t["hint"] + printable(finding.hint))
    if finding.origin == "reading":
        lines.append(t["reading_note"])
    if finding.consequences:
        lines.append(t["consequences"] + ("；" if lang == "zh" else "; ").join(
            f"{c.code} {printable(c.message)}" for c in finding.consequences))
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
    places = Places(document.element.body, source_map)
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
        outer = outside_text_box(p, places)
        if outer is not p:  # comments in text boxes are not shown by every editor
            anchor, p = Anchor(anchor.paragraph), outer
        _comment(document, range_runs(p, anchor), _comment_text(members, lang))
        comments += 1
    if findings:
        top = next((p for p in places.paragraphs if visible_runs(p) and "".join(map(run_text, visible_runs(p))).strip()
                    and outside_text_box(p, places) is p), None)
        if top is None:
            top = _first_paragraph(document)
        _comment(document, range_runs(top, Anchor(0)), _top_text(unplaced, findings, lang))
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


def word_source(path: str) -> tuple[str, bytes]:
    """("docx" or "word97", the file's bytes) of a Word document to annotate; Refused for anything else.

    Only the bytes are looked at: a Word 97-2003, WPS, RTF or OpenDocument file is
    converted later (:func:`word_bytes`), so a batch is refused before any work."""
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
        form = hinted  # named as Word: the reader says what is wrong with the bytes
    if form is not None and form.name in ("docx", "word97"):
        return form.name, data
    raise Refused(f"“{name}”不是 Word 或 WPS 文档：批注只能写入 Word（.docx、.doc）或 WPS（.wps）文档。"
                  "其他格式请用 xxgk-lint check 检查。",
                  f"{name} is no Word or WPS document: comments can only be written into Word (.docx, .doc) or "
                  "WPS (.wps) documents. Check other files with xxgk-lint check.")


def word_bytes(path: str, timeout: float | None = None) -> bytes:
    """The .docx bytes of ``path`` to annotate: a Word 97-2003, WPS, RTF or OpenDocument file is converted
    by LibreOffice exactly as ``check`` reads it (the same conversion, so the findings' places are the
    converted document's), and the copy is written as .docx (see :func:`output_path`)."""
    import os

    from lint.errors import InputError

    form, data = word_source(path)
    if form == "docx":
        return data
    from lint.ingest import time_limit
    from lint.ingest.office import convert_to_docx

    try:
        return convert_to_docx(data, os.path.basename(path), timeout or time_limit() or 60)
    except InputError as exc:
        raise Refused(exc.zh, exc.en) from None


def output_path(path: str) -> str:
    """年报.docx → 年报.批注.docx beside it (a converted Word 97/WPS file becomes .docx)."""
    import os

    stem, suffix = os.path.splitext(path)
    if suffix.lower() not in (".docx", ".docm", ".dotx"):
        suffix = ".docx"
    return f"{stem}.批注{suffix}"


def annotate_file(path: str, findings: Iterable[Finding], *, lang: str = "zh",
                  rules: dict[str, Any] | None = None) -> Annotated:
    """The annotated copy of the Word file at ``path`` with ``findings`` (those of a run of the pipeline).

    The file is read once more for its section headings, unless its reading was stopped (time limit) or
    crashed: then the copy gets what the findings say, at the top."""
    from lint import errors

    findings = list(findings)
    stopped = any(f.code in (errors.TIMEOUT, errors.INTERNAL) for f in findings)
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
        if not stopped:
            from lint.ingest import import_document
            from lint.ingest.forms import BY_NAME

            # the section headings: where each narrative part starts (in the converted copy, if converted)
            _report, source_map = import_document(path, data, BY_NAME["docx"])
    except Exception:  # the findings already say what could not be read; comments still go where known
        source_map = None
    try:
        return annotate_docx(data, findings, lang=lang, source_map=source_map, rules=rules)
    except NotWordError as exc:
        name = os.path.basename(path)
        raise Refused(f"无法打开“{name}”写入批注：{exc}", f"cannot open {name} to write comments: {exc}") from None
