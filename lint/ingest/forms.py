"""The forms a report comes in, and how a file's form is told: from its content, its name only a hint.

:data:`FORMS` is the one table of forms.  The folder walk, the E003 hint, the
pre-commit hook's ``files:`` pattern (``.pre-commit-hooks.yaml``, checked by a
test) and the web page's upload filter all come from it; adding a form is one
entry here and one importer module under :mod:`lint.ingest`.

A PDF named ``.txt``, Markdown saved as ``.txt``, a web page saved as ``.doc``:
agencies' files often lie about themselves.  The bytes decide (PDF signature,
OOXML and OpenDocument zips, OLE2 compound files, RTF, HTML markup, Markdown
headings or pipe tables); when they disagree with the name, the report records
both (``source_form``) and an info finding says so — never a failure.
"""

from __future__ import annotations

import os
import re

from pathlib import Path
from typing import Any

from lint import errors
from lint.errors import InputError
from lint.model import SourceMap
from lint.records import record


@record(frozen=True)
class Form:
    name: str
    extensions: tuple[str, ...]
    #: the importer module under lint.ingest that reads it (None: the structured loader)
    module: str | None
    zh: str
    en: str
    structured: bool = False
    #: read only when an optional extra is installed (the form is still recognised without it)
    extra: str | None = None
    #: checked by the pre-commit hook (images in a report repository are rarely reports)
    hook: bool = True


FORMS: tuple[Form, ...] = (
    Form("yaml", (".yaml", ".yml"), None, "结构化报告（YAML）", "structured report (YAML)", structured=True),
    Form("json", (".json",), None, "结构化报告（JSON）", "structured report (JSON)", structured=True),
    Form("docx", (".docx", ".docm", ".dotx"), "docx", "Word 文档", "Word document"),
    Form("word97", (".doc", ".wps", ".rtf", ".odt", ".wpt", ".dot"), "office",
         "旧版 Word、WPS、RTF 或 OpenDocument 文档", "Word 97-2003, WPS, RTF or OpenDocument document"),
    Form("pdf", (".pdf",), "pdf", "PDF 文件", "PDF"),
    Form("html", (".html", ".htm", ".shtml", ".xhtml"), "html", "网页", "web page"),
    Form("markdown", (".md", ".markdown"), "markdown", "Markdown 文本", "Markdown"),
    Form("text", (".txt", ".text"), "text", "纯文本", "plain text"),
    Form("image", (".png", ".jpg", ".jpeg", ".tif", ".tiff"), "ocr", "扫描图片", "scanned image", extra="ocr",
         hook=False),
)
BY_NAME = {form.name: form for form in FORMS}
BY_EXTENSION = {ext: form for form in FORMS for ext in form.extensions}
MAX_DOCUMENT_BYTES = 100 * 1024 * 1024
#: plain text and Markdown: a report is well under 1 MB, and reading text takes many times its size in memory
MAX_TEXT_BYTES = 20 * 1024 * 1024
_TEXT_FORMS = ("markdown", "text")


def supported(path: str) -> bool:
    return Path(path).suffix.lower() in BY_EXTENSION


def is_structured(path: str) -> bool:
    form = BY_EXTENSION.get(Path(path).suffix.lower())
    return form is not None and form.structured


def hint(lang: str) -> str:
    """The list of readable forms, for the message of an unsupported file."""
    parts = [f"{(f.zh if lang == 'zh' else f.en)}（{' '.join(f.extensions)}）" if lang == "zh"
             else f"{f.en} ({' '.join(f.extensions)})" for f in FORMS]
    return ("支持：" + "；".join(parts)) if lang == "zh" else ("Supported: " + "; ".join(parts))


def hook_pattern() -> str:
    """The ``files:`` regular expression of the pre-commit hook: every extension of every form."""
    names = sorted({ext[1:] for form in FORMS if form.hook for ext in form.extensions})
    return r"(?i)\.(" + "|".join(re.escape(n) for n in names) + r")$"


# ---------------------------------------------------------------- telling the form from the bytes

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]|<table[\s>]|<div[\s>]|<p[\s>]", re.I)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S", re.M)
_PIPE_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)


def sniff(data: bytes, hinted: Form | None) -> Form | None:
    """The form the bytes show, or None when they show nothing particular (plain text or unknown)."""
    head = data[:4096]
    if b"%PDF-" in data[:1024]:
        return BY_NAME["pdf"]
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data)
        return None if kind in ("spreadsheet", "presentation") else BY_NAME.get(kind or "") or hinted
    if head.startswith(_OLE):
        return BY_NAME["word97"] if _ole_is_document(data) else None
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return BY_NAME["word97"]
    if hinted is not None and hinted.structured:
        return hinted  # YAML and JSON say what they are by their name; their loader checks the rest
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if probe.startswith((b"<", b"\xff\xfe<", b"\xfe\xff\x00<")) and _HTML.search(data[:65536]):
        return BY_NAME["html"]
    if hinted is not None and hinted.name == "image":
        return hinted if _is_image(head) else None
    if _is_image(head):
        return BY_NAME["image"]
    return None


def _is_image(head: bytes) -> bool:
    return head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*"))


def _zip_kind(data: bytes) -> str | None:
    """What a zip holds: "docx", "word97" (OpenDocument text), "spreadsheet", "presentation" or None."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "spreadsheet"
            if "ppt/presentation.xml" in names:
                return "presentation"
            if "content.xml" in names and "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if b"opendocument.text" in mimetype:
                    return "word97"
                if b"opendocument.spreadsheet" in mimetype:
                    return "spreadsheet"
                if b"opendocument.presentation" in mimetype:
                    return "presentation"
    except Exception:  # a damaged zip: the extension's importer says it is damaged
        return None
    return None


def _ole_kind(data: bytes) -> str | None:
    head = data[:1 << 20]
    if "Workbook".encode("utf-16-le") in head:
        return "spreadsheet"
    if "PowerPoint Document".encode("utf-16-le") in head:
        return "presentation"
    return None


def _ole_is_document(data: bytes) -> bool:
    """A Word/WPS compound file (its text stream), not a spreadsheet or another OLE container."""
    return any(name.encode("utf-16-le") in data[:1 << 20] for name in ("WordDocument", "WpsContent",
                                                                         "EncryptionInfo"))


def _text_form(data: bytes, path: str) -> str:
    """Markdown or plain text, by what the decoded text shows."""
    from lint.ingest.decode import decode_text

    text = decode_text(data, path)
    if len(_MARKDOWN_HEADING.findall(text)) >= 2 or _PIPE_DELIMITER.search(text):
        return "markdown"
    return "text"


# ---------------------------------------------------------------- reading

def read_bytes(path: str, limit: int) -> bytes:
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        raise InputError(errors.UNREADABLE, "文件不存在", "no such file") from None
    except OSError as exc:
        raise InputError(errors.UNREADABLE, f"无法读取：{exc.strerror}", f"cannot read: {exc.strerror}") from None
    if size > limit and os.path.isfile(path):  # refused before a byte is read
        raise InputError(errors.HOSTILE, f"文件超过 {limit // 1024 // 1024} MB，已拒绝读取",
                         f"file larger than {limit // 1024 // 1024} MB; refused")
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError(errors.UNREADABLE, "文件不存在", "no such file") from None
    except IsADirectoryError:
        raise InputError(errors.UNREADABLE, "这是一个文件夹，不是文件", "this is a folder, not a file") from None
    except OSError as exc:
        raise InputError(errors.UNREADABLE, f"无法读取：{exc.strerror}", f"cannot read: {exc.strerror}") from None
    if len(data) > limit:
        raise InputError(errors.HOSTILE, f"文件超过 {limit // 1024 // 1024} MB，已拒绝读取",
                         f"file larger than {limit // 1024 // 1024} MB; refused")
    return data


def load_report(path: str) -> tuple[Any, SourceMap]:
    """(report, source map) of ``path``; raises InputError when it cannot be read as a report."""
    suffix = Path(path).suffix.lower()
    hinted = BY_EXTENSION.get(suffix)
    if hinted is not None and hinted.structured:
        from lint.ingest.structured import MAX_BYTES, load_structured

        return load_structured(path, read_bytes(path, MAX_BYTES))
    textual = hinted is not None and hinted.name in _TEXT_FORMS
    data = read_bytes(path, MAX_TEXT_BYTES if textual else MAX_DOCUMENT_BYTES)  # the size is checked first
    form = sniff(data, hinted)
    if form is None:
        form = _unsniffed(path, data, hinted)
    if form.name in _TEXT_FORMS and len(data) > MAX_TEXT_BYTES:
        raise InputError(errors.HOSTILE, f"文本文件超过 {MAX_TEXT_BYTES // 1024 // 1024} MB，不像一份年度报告，已拒绝读取",
                         f"text file larger than {MAX_TEXT_BYTES // 1024 // 1024} MB; refused")
    from lint.ingest import import_document

    report, source_map = import_document(path, data, form)
    if (hinted is None and suffix or hinted is not None and hinted.name != form.name) and isinstance(report, dict):
        report["source_form"] = {"extension": suffix, "content": form.name}
    return report, source_map


_KIND_ZH = {"spreadsheet": "Excel 或其他电子表格", "presentation": "PowerPoint 或其他演示文稿"}
_KIND_EN = {"spreadsheet": "a spreadsheet (Excel or similar)", "presentation": "a presentation (PowerPoint or similar)"}


def _unsniffed(path: str, data: bytes, hinted: Form | None) -> Form:
    """The form of bytes that show no particular form: plain text or Markdown, or the name's form."""
    name = os.path.basename(path)
    suffix = Path(path).suffix.lower()
    zipped, ole = data[:4] == b"PK\x03\x04", data.startswith(_OLE)
    kind = _zip_kind(data) if zipped else _ole_kind(data) if ole else None
    if kind in _KIND_ZH:
        raise InputError(errors.UNSUPPORTED,
                         f"“{name}”是{_KIND_ZH[kind]}，不是年度报告文档：请把报告另存为 Word（.docx）、PDF 或网页后再检查。"
                         f"{hint('zh')}",
                         f"{name} is {_KIND_EN[kind]}, not a report document: save the report as Word (.docx), "
                         f"PDF or a web page. {hint('en')}")
    if (zipped or ole) and (hinted is None or hinted.name not in ("docx", "word97")):
        raise InputError(errors.UNSUPPORTED,
                         f"“{name}”是压缩包或 Office 文件，但不是 Word/WPS 文档。{hint('zh')}",
                         f"{name} is an archive or Office file but no Word/WPS document. {hint('en')}")
    if hinted is None and not _looks_like_text(data):
        raise InputError(errors.UNSUPPORTED, f"不支持“{suffix or '无扩展名'}”文件。{hint('zh')}",
                         f"files ending in {suffix or '(no extension)'!r} are not supported. {hint('en')}")
    if hinted is not None and hinted.name in ("docx", "word97") and not (zipped or ole) and _looks_like_text(data):
        return BY_NAME[_text_form(data, path)]  # a text file named .doc: read as the text it is
    if hinted is not None and hinted.name not in ("text", "markdown", "html"):
        return hinted  # a form the bytes do not betray: its importer reads it, or says what is wrong
    # the Markdown reader reads plain text as well: a .md without Markdown marks stays Markdown
    return hinted if hinted is not None and hinted.name == "markdown" else BY_NAME[_text_form(data, path)]


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    return bool(sample) and b"\x00" not in sample
