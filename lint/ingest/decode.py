"""Turn the bytes of a text-like input (plain text, Markdown, HTML) into a string.

Agencies save their reports as UTF-8 (with or without a BOM) or, from older
Windows tools, as GBK/GB18030.  Strict UTF-8 is tried first because it is the
common case and never decodes GB bytes by accident; anything else goes to
charset-normalizer rather than to hand-written guessing.
"""

from __future__ import annotations

import codecs
import os
import unicodedata

from lint.errors import EMPTY, UNDECODABLE, InputError

#: Share of printable characters a decoding must reach to count as text.
_MIN_PRINTABLE = 0.95
#: How much more "mess" a GB-family reading may show than the best guess and still win.
#: Reports come from mainland agencies, so on a near tie GB18030 is the likelier truth
#: (short GB texts are otherwise often read as Korean or Big5).
_GB_PREFERENCE = 0.05
_GB_FAMILY = ("gb18030", "gbk", "gb2312", "hz")

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_text(data: bytes, path: str) -> str:
    """Decode ``data`` (the content of ``path``) to text, or raise InputError.

    Raises InputError(EMPTY) for an empty or whitespace-only file and
    InputError(UNDECODABLE) for binary content or bytes no encoding reads as text.
    """
    name = os.path.basename(path) or path
    if not data.strip(b" \t\r\n\x0b\x0c" + codecs.BOM_UTF8):
        raise _empty(name)
    text = _decode(data, name)
    if not text.strip():
        raise _empty(name)
    return text


def _decode(data: bytes, name: str) -> str:
    if data.startswith(_UTF16_BOMS):
        # Notepad's "Unicode": the BOM makes this unambiguous, and its NUL bytes are not junk.
        return _checked(_try(data, "utf-16"), name)
    if b"\x00" in data:
        raise _undecodable(name)
    if data.startswith(codecs.BOM_UTF8):
        text = _try(data, "utf-8-sig")
        if text is not None:
            return _checked(text, name)
    text = _try(data, "utf-8")
    if text is not None:
        return _checked(text, name)
    return _checked(_detect(data), name)


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _detect(data: bytes) -> str | None:
    """Let charset-normalizer pick the encoding, leaning to GB18030 on a near tie."""
    from charset_normalizer import from_bytes  # heavy; only non-UTF-8 input needs it

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    chosen = best
    for match in matches:
        if match.encoding in _GB_FAMILY and match.chaos <= best.chaos + _GB_PREFERENCE:
            chosen = match
            break
    # GB18030 is a superset of GBK/GB2312: decode with it so rare characters survive.
    if chosen.encoding in _GB_FAMILY:
        text = _try(data, "gb18030")
        if text is not None:
            return text
    return str(chosen)


def _checked(text: str | None, name: str) -> str:
    if text is None or _printable_share(text) < _MIN_PRINTABLE:
        raise _undecodable(name)
    return text


def _printable_share(text: str) -> float:
    if not text:
        return 1.0
    bad = 0
    for char in text:
        if char in "\t\n\r\x0c":
            continue
        # control, surrogate, private-use and unassigned characters are what junk decodes to
        if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") or char == "\ufffd":
            bad += 1
    return 1.0 - bad / len(text)


def _empty(name: str) -> InputError:
    return InputError(
        EMPTY,
        f"文件“{name}”是空的，没有任何内容。请确认导出或保存报告时没有出错。",
        f"The file {name} is empty: it has no content. Check that the report was saved or exported correctly.",
    )


def _undecodable(name: str) -> InputError:
    return InputError(
        UNDECODABLE,
        f"无法识别文件“{name}”的文字编码，它可能不是文本文件（例如图片、压缩包或已损坏的文件）。"
        "请把报告另存为 UTF-8 编码的文本、Word 或 PDF 文件后再检查。",
        f"Cannot tell the text encoding of {name}; it may not be a text file (an image, an archive "
        "or a damaged file). Save the report as UTF-8 text, Word or PDF and check it again.",
    )
