"""The one text normaliser: what every importer and every check compares text by.

PDF fonts and web editors put characters into reports that look like the
ordinary ones but are not: Kangxi radicals (⾏ for 行), CJK Radicals Supplement
forms (⻔ for 门, which NFKC leaves alone), full-width digits and letters,
zero-width spaces and joiners, soft hyphens, byte-order marks and bidi marks
pasted in from other programs.  :func:`normalise` maps all of them to the
ordinary characters and removes the invisible ones, and nothing else; the text
as printed is kept separately wherever it is reported.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from lint.vocab._radicals import EQUIVALENT

#: characters that print as nothing: zero-width space/joiners, word joiner, invisible operators,
#: soft hyphen, BOM, Mongolian vowel separator, bidi marks and embeddings, combining grapheme joiner
INVISIBLE = frozenset(chr(c) for c in (0x00AD, 0x034F, 0x061C, 0x180E, *range(0x200B, 0x2010),
                                       *range(0x202A, 0x202F), *range(0x2060, 0x2065), *range(0x2066, 0x206A),
                                       0xFEFF))
_TABLE = {**{ord(c): None for c in INVISIBLE}, **EQUIVALENT}
_SPACE = re.compile(r"\s+")


def strip_invisible(text: str) -> str:
    """``text`` without characters that print as nothing (before cells are split or numbers read)."""
    return text if INVISIBLE.isdisjoint(text) else text.translate(_TABLE)


#: texts up to this long (labels, cells, headings) repeat from report to report: many are cached
_SHORT = 256
#: a report's narratives are read by some twenty rules, so the last few are cached too (a narrative
#: of another report never comes back); longer than this, they are rare and large, and not kept
_LONG = 64 * 1024


def _ranges(points: list[int]) -> str:
    """A regular-expression class of the characters ``points``, in runs."""
    runs: list[list[int]] = []
    for point in sorted(points):
        if runs and point == runs[-1][1] + 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs)


#: any character the table changes: most texts have none, and are then not translated character by character
_MAPPED = re.compile(f"[{_ranges(list(_TABLE))}]")
#: runs of CJK ideographs (Unified and Extension A). Each is a starter that NFKC leaves alone and that
#: composes with nothing on either side, so NFKC of a text is NFKC of the pieces between the runs with
#: the runs between them as they are (Unicode's stable code points, UAX #15): the pieces, mostly
#: punctuation and digits, repeat and are cached, and the ideographs are never looked at again
_IDEOGRAPHS = re.compile("([\u3400-\u4dbf\u4e00-\u9fff]+)")


@lru_cache(maxsize=4096)
def _nfkc_piece(piece: str) -> str:
    return piece if piece.isascii() else unicodedata.normalize("NFKC", piece)


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, the same text, in a third of the time for Chinese prose."""
    if text.isascii():
        return text  # ASCII is NFKC
    parts = _IDEOGRAPHS.split(text)  # pieces at even places, runs of ideographs at odd ones
    if len(parts) == 1:
        return unicodedata.normalize("NFKC", text)
    parts[::2] = [_nfkc_piece(p) if len(p) <= _SHORT else unicodedata.normalize("NFKC", p) for p in parts[::2]]
    return "".join(parts)


def _normalise(text: str) -> str:
    return _nfkc(text.translate(_TABLE) if _MAPPED.search(text) else text)


_normalise_short = lru_cache(maxsize=4096)(_normalise)
_normalise_long = lru_cache(maxsize=32)(_normalise)


def normalise(text: str) -> str:
    """NFKC, radicals to the ideographs they print as, invisible characters removed."""
    if not text:
        return ""
    if len(text) <= _SHORT:
        return _normalise_short(text)
    return _normalise_long(text) if len(text) <= _LONG else _normalise(text)


def _compact(text: str) -> str:
    return _SPACE.sub("", normalise(text))


_compact_short = lru_cache(maxsize=4096)(_compact)
_compact_long = lru_cache(maxsize=32)(_compact)


def compact(text: str) -> str:
    """:func:`normalise` without any whitespace: how narrative is matched across PDF line breaks."""
    if not text:
        return ""
    if len(text) <= _SHORT:
        return _compact_short(text)
    return _compact_long(text) if len(text) <= _LONG else _compact(text)


_STRIP_FOR_KEY = re.compile(r"[\s（）()．.、,，:：;；\"'“”‘’「」《》<>\[\]【】/／-]")


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """A match key for a printed label: normalised, no whitespace or list punctuation, 其它→其他."""
    text = normalise(text).replace("其它", "其他").replace("或者", "或")
    return _STRIP_FOR_KEY.sub("", text)
