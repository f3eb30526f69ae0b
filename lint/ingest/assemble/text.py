"""Text helpers of the assembler: labels as printed, list numbering, sentences, values, places."""

from __future__ import annotations

import re
from functools import lru_cache

from lint.ingest.document import Place
from lint.vocab import tables as L
from lint.vocab.text import normalise
from lint.vocab.values import NA_TOKENS, parse_value, squash  # noqa: F401  (parse_value: the assembler's)

_SPACE = re.compile(r"\s+")


# One level of list numbering in front of a label: 一、 （一） (1) 1. 1、 1) 第一部分
_NUMBERING = re.compile(
    r"^\s*(?:第(?P<part>[一二三四五六七八九十]+)部分|[（(]\s*(?P<paren>[一二三四五六七八九十\d]+)\s*[)）]"
    r"|(?P<cn>[一二三四五六七八九十]+)\s*[、.,，]|(?P<num>\d+)\s*[、.)）])\s*"
)


def as_printed(text: str) -> str:
    """A label as printed, without the line breaks a narrow cell or a PDF put into it."""
    return _BREAK.sub("", text).strip() if "\n" in text else text.strip()


_BREAK = re.compile(r"\s*\n\s*")


@lru_cache(maxsize=16384)  # the same labels come back on every page of a batch
def strip_numbering(text: str) -> tuple[str, str | None]:
    """Remove up to two levels of list numbering; return the rest and the innermost number."""
    text = normalise(text).strip()
    number = None
    for _ in range(2):
        match = _NUMBERING.match(text)
        if not match or match.end() == len(text):
            break
        number = next(group for group in match.groups() if group)
        text = text[match.end():]
    return text, number


@lru_cache(maxsize=16384)
def match_key(text: str) -> str:
    """The match key of a label: numbering stripped, then :func:`lint.vocab.tables.normalize_label`."""
    return L.normalize_label(strip_numbering(text)[0])


def number_of(text: str) -> str | None:
    return strip_numbering(text)[1]


def has_sentence(text: str) -> bool:
    return any(mark in text for mark in "。，,；;！？")


def unparen(text: str) -> str:
    """Text without its bracketed notes: （区分处理的，只计这一情形…） is part of a label.

    A bracket cut off by a line break (a label wrapped in a PDF) counts as a note too.
    """
    text = _NOTE.sub("", text)
    return _CUT_NOTE.sub("", text)


_NOTE = re.compile(r"[（(][^（）()]*[）)]")
_CUT_NOTE = re.compile(r"^[^（）()]*[）)]|[（(][^（）()]*$")


_NUMBERISH = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?(?:件|个|条|项|次|元|万元|%)?")


_GLUED = re.compile(r"\d+(?:\s+\d+)+")


def is_value(text: str) -> bool:
    """Whether a cell reads as a value (number, "/" and the like) rather than a label."""
    return _is_value_short(text) if len(text) <= _SHORT else _is_value(text)


def _is_value(text: str) -> bool:
    squashed = squash(text)
    if not squashed:
        return False
    return bool(_NUMBERISH.fullmatch(squashed) or squashed in NA_TOKENS or squashed == "零"
                or _GLUED.fullmatch(normalise(text).strip()))


#: cells up to this long (numbers, labels) come back on every page: their reading is cached
_SHORT = 64
_is_value_short = lru_cache(maxsize=8192)(_is_value)


def is_glued(text: str) -> bool:
    """Several numbers in one cell: cells that ran together and cannot be told apart."""
    return bool(_GLUED.fullmatch(normalise(text).strip()))


def shifted_place(place: Place, text: str, offset: int) -> Place:
    """The place of character ``offset`` of a paragraph that starts at ``place``."""
    before = text[:offset]
    lines = before.count("\n")
    if place.line is None:
        return Place(page=place.page, paragraph=place.paragraph)
    if lines:
        return Place(line=place.line + lines, column=offset - before.rfind("\n"), page=place.page,
                     paragraph=place.paragraph)
    return Place(line=place.line, column=(place.column or 1) + offset, page=place.page, paragraph=place.paragraph)
