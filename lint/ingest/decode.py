"""Turn the bytes of a text-like input (plain text, Markdown, HTML) into a string.

Agencies save their reports as UTF-8 (with or without a BOM) or, from older
Windows tools, as GBK/GB18030.  Strict UTF-8 is tried first because it is the
common case and never decodes GB bytes by accident; anything else goes to
charset-normalizer rather than to hand-written guessing.

A file that is UTF-8 but for a stray byte or two (a download cut and resumed,
an editor's slip) is read as UTF-8 with those bytes replaced by U+FFFD, and
the caller learns where they stood (``repairs``) so that it can say so: one
bad byte must not make a whole report "not a text file".
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
#: at most this many damaged places, and this many good non-ASCII characters per damaged one, make a
#: file "UTF-8 with a few bad bytes"; GB18030 text read as UTF-8 fails far more often than it succeeds
MAX_REPAIRS = 32
_GOOD_PER_BAD = 20

#: (line, column) of a byte that no reading of the file's encoding accepts, replaced by U+FFFD
Repair = tuple[int, int]


def decode_text(data: bytes, path: str, repairs: list[Repair] | None = None) -> str:
    """Decode ``data`` (the content of ``path``) to text, or raise InputError.

    Raises InputError(EMPTY) for an empty or whitespace-only file and
    InputError(UNDECODABLE) for binary content or bytes no encoding reads as text.
    Where a few bytes of otherwise good UTF-8 had to be replaced, their places are
    appended to ``repairs``.
    """
    name = os.path.basename(path) or path
    if not data.strip(b" \t\r\n\x0b\x0c" + codecs.BOM_UTF8):
        raise _empty(name)
    text = _decode(data, name, repairs if repairs is not None else [])
    if not text.strip():
        raise _empty(name)
    return text


def _decode(data: bytes, name: str, repairs: list[Repair]) -> str:
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
    mended = repaired(data, "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8")
    if mended is not None:
        text, places = mended
        repairs.extend(places)
        return _checked(text, name)
    return _checked(_detect(data), name)


def repaired(data: bytes, encoding: str, limit: int = MAX_REPAIRS,
             ratio: int = _GOOD_PER_BAD) -> tuple[str, list[Repair]] | None:
    """``data`` in ``encoding`` with its undecodable bytes replaced, and their places.

    None when more than ``limit`` places are damaged, or fewer than ``ratio`` good non-ASCII
    characters stand for each of them (the file is in another encoding, not damaged).
    """
    parts: list[str] = []
    offsets: list[int] = []  # where in the text each replacement stands
    length = 0
    position = 0
    view = memoryview(data)  # slices of a view copy nothing: many damaged places stay linear
    if encoding.replace("_", "-") == "utf-8-sig":  # its error offsets do not count the BOM: skip it here
        encoding = "utf-8"
        position = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    while True:
        try:
            parts.append(codecs.decode(view[position:], encoding))
            break
        except UnicodeDecodeError as exc:
            piece = codecs.decode(view[position:position + exc.start], encoding)
            parts.append(piece)
            offsets.append(length + len(piece))
            parts.append("\ufffd")
            length += len(piece) + 1
            position += max(exc.end, exc.start + 1)
            if len(offsets) > limit:
                return None
    text = "".join(parts)
    good_wide = sum(1 for char in text if char > "\x7f") - len(offsets)
    if not offsets or good_wide < ratio * len(offsets):
        return None
    places = []
    for offset in offsets:
        start = text.rfind("\n", 0, offset) + 1
        places.append((text.count("\n", 0, offset) + 1, offset - start + 1))
    return text, places


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
