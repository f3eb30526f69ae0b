"""What a table cell holds: a number, a blank, "not applicable", or text — read one way everywhere.

Importers turn printed text into a cell value (:func:`parse_value`); checks
tell what a value means (:func:`classify`).  Both use the same tokens, so a
``--`` is "not applicable" to both, and neither ever turns a blank into 0.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from lint.vocab.text import normalise

Value = int | float | str | None

NUMBER, BLANK, NA, TEXT, NEGATIVE, DECIMAL = "number", "blank", "na", "text", "negative", "decimal"

#: Printed marks meaning "not applicable / nothing to report" (domain-rules 7.3), normalised and without spaces.
NA_TOKENS = frozenset({"/", "-", "--", "---", "—", "——", "–", "－", "─", "/ ", "×", "*", "无", "不适用", "略", "空",
                       "\\", "／"})
#: Units a count cell may carry ("3件").
COUNT_UNITS = ("件", "个", "条", "项", "次")

_SPACE = re.compile(r"\s+")
#: digits on both sides of a space: two numbers in one cell, which no reading may join into one
_TWO_NUMBERS = re.compile(r"\d[\s\u3000]+[-+]?\d")
_PLAIN = re.compile(r"[+]?\d+")
_SIGNED = re.compile(r"[+-]\d+")
_INT = re.compile(r"-?\d+")
_INT_UNIT = re.compile(r"(-?\d+)(?:件|个|条|项|次)")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_DECIMAL = re.compile(r"\d+\.\d+|\d{1,3}(?:,\d{3})+\.\d+")
#: the most digits a count can have; a longer run of digits is no count (and never parsed as one)
MAX_DIGITS = 15


@lru_cache(maxsize=16384)  # the same labels and cells come back on every page of a batch
def squash(text: str) -> str:
    """Normalised text without any whitespace: how a printed cell is compared."""
    return _SPACE.sub("", normalise(text))


def is_na(text: str) -> bool:
    return squash(text) in NA_TOKENS


def parse_value(text: str, decimal_ok: bool = False) -> Value:
    """A printed cell as Contract 1 wants it: int, float (amounts only), None for blank, else the text as printed."""
    if len(text) <= _SHORT_CELL:  # the same cells come back on every page of a batch
        return _parse_short(text, decimal_ok)
    return _parse_value(text, decimal_ok)


def _parse_value(text: str, decimal_ok: bool) -> Value:
    raw = text.strip()
    squashed = squash(raw)
    if not squashed:
        return None
    if _TWO_NUMBERS.search(normalise(raw)):
        return raw
    if squashed == "零":
        return 0
    match = _INT.fullmatch(squashed) or _INT_UNIT.fullmatch(squashed)
    if match:
        digits = match.group(1) if match.re is _INT_UNIT else squashed
        bare = digits.lstrip("-")
        if len(bare) > MAX_DIGITS or (len(bare) > 1 and bare.startswith("0")):
            return raw  # "00" or a run of digits no count has: keep what was printed
        return int(digits)
    if _THOUSANDS.fullmatch(squashed) and len(squashed) <= MAX_DIGITS + 5:
        return int(squashed.replace(",", ""))
    if decimal_ok and _DECIMAL.fullmatch(squashed) and len(squashed) <= MAX_DIGITS + 5:
        return float(squashed.replace(",", ""))
    return raw


_SHORT_CELL = 64
_parse_short = lru_cache(maxsize=8192)(_parse_value)


def overlong_digits(text: str) -> int | None:
    """How many digits a printed cell runs together when that is more than any count has (else None).

    Such a cell is no number the tool may read (Python itself refuses to turn 4,301
    digits into an int): the reader reports it as unreadable, never as a value or as text.
    """
    squashed = squash(text).lstrip("+-").replace(",", "")
    for unit in COUNT_UNITS + ("万元", "元"):
        if squashed.endswith(unit):
            squashed = squashed[: -len(unit)]
            break
    if len(squashed) > MAX_DIGITS and squashed.isascii() and squashed.isdigit():
        return len(squashed)
    return None


def classify(value: Any, *, allow_decimal: bool = False, allow_sign: bool = False) -> str:
    """The meaning of a cell: number, blank, na ("/"), text, negative or decimal."""
    if type(value) is int:  # most cells (not bool, whose type is bool)
        return NUMBER if value >= 0 or allow_sign else NEGATIVE
    if isinstance(value, (dict, list)):
        return TEXT
    return _classify(value, allow_decimal, allow_sign)


def _normalise_cell(value: str) -> str:
    if _TWO_NUMBERS.search(normalise(value)):
        return "\x00"  # two numbers in one cell: text, whatever else it holds
    text = squash(value)
    for unit in COUNT_UNITS:
        if text.endswith(unit):
            return text[: -len(unit)].replace(",", "") if _THOUSANDS.fullmatch(text[: -len(unit)]) else \
                text[: -len(unit)]
    return text.replace(",", "") if _THOUSANDS.fullmatch(text) else text


@lru_cache(maxsize=4096, typed=True)  # typed: True and 1, 1.0 and 1 are different cells
def _classify(value: Any, allow_decimal: bool, allow_sign: bool) -> str:
    if value is None:
        return BLANK
    if isinstance(value, bool):
        return TEXT
    if isinstance(value, int):
        if value < 0 and not allow_sign:
            return NEGATIVE
        return NUMBER
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return TEXT
        if value < 0 and not allow_sign:
            return NEGATIVE
        if not allow_decimal:
            return DECIMAL  # a count written as 3.0 is still not a count
        return NUMBER
    if isinstance(value, str):
        text = _normalise_cell(value)
        if not text:
            return BLANK
        if text in NA_TOKENS:
            return NA
        if len(text.lstrip("+-")) > MAX_DIGITS:
            return TEXT  # no count has that many digits
        if _PLAIN.fullmatch(text):
            return NUMBER
        if _SIGNED.fullmatch(text):
            return NUMBER if allow_sign else (NEGATIVE if text.startswith("-") else NUMBER)
        amount = text[:-2] if text.endswith("万元") else text[:-1] if text.endswith("元") else text
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", amount):
            return TEXT  # "1 2", "12件3", "1e5": never a number
        number = float(amount)
        if number < 0 and not allow_sign:
            return NEGATIVE
        return NUMBER if allow_decimal else DECIMAL
    return TEXT


def numeric(value: Any) -> int | None:
    """The integer a count cell holds, or None when it holds none (blank, "/", text...)."""
    if type(value) is int:  # most cells: what classify() would say of it, without the call
        return value if value >= 0 else None
    if classify(value) != NUMBER:
        return None
    if isinstance(value, int):
        return value
    return int(_normalise_cell(str(value)).lstrip("+"))
