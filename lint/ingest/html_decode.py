"""A web page's bytes to text: a byte-order mark wins, then the page's own ``<meta charset>``, then UTF-8 or
detection; a few damaged bytes in a page that declares its encoding are read as a browser reads them."""

from __future__ import annotations

import codecs
import re

from lint.ingest.decode import decode_text, repaired

MAX_DAMAGED_SHARE = 0.01  # undecodable bytes tolerated in a page that declares its encoding
_MAX_PLACES = 10_000  # beyond this many undecodable bytes the declaration is taken to be wrong
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Chinese pages that declare gb2312/gbk routinely contain characters outside them.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                    "big5": "big5hkscs", "iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "utf-8",
                    "us-ascii": "utf-8"}


def decode_html(path: str, data: bytes, repairs: list[tuple[int, int]] | None = None) -> str:
    """Bytes to text: a BOM wins, then the page's own <meta charset>, then UTF-8 or detection.

    The places of bytes replaced because no reading accepts them are appended to ``repairs``.
    """
    repairs = repairs if repairs is not None else []
    declared = None if data.startswith(_BOMS) else _declared_charset(data)
    if not declared:
        return decode_text(data, path, repairs)
    try:
        return data.decode(declared)
    except UnicodeDecodeError:
        pass
    # A few damaged bytes in a page that is otherwise in its declared encoding: read it as a
    # browser would.  Many bad bytes mean the declaration is wrong: detect instead.
    mended = repaired(data, declared, limit=_MAX_PLACES, ratio=0)
    if mended is not None and len(mended[1]) <= len(mended[0]) * MAX_DAMAGED_SHARE:
        repairs.extend(mended[1])
        return mended[0]
    return decode_text(data, path, repairs)


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
