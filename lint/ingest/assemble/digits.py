"""Cells whose digits ran together in the text (``一、本年新收…2000013``): read only when one reading fits.

A web page's text dump or a careless copy loses the table's cell borders, so
the seven cells of a 表三 row print as one run of digits.  Such a run is read
only when exactly one reading of it fits:

* as many whitespace-separated tokens as cells, none with a leading zero: each
  token is a cell (nothing ran together);
* as many digits as cells: one digit per cell;
* otherwise, among every split into the row's cells (non-negative integers
  without leading zeros, a token never joined with the next one: whitespace is
  a hard cell boundary), the only one that satisfies the row's own total
  (表三: the six applicant cells add up to 总计; 表四: in each group the four
  outcomes add up to 总计).  That total is then an assumption of the reading,
  not something the report was checked for.

Two fitting readings, or none, leave the row unreadable with the reason.
表二 has no arithmetic to go by: its runs are read only in the first two ways.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

#: A split is searched for only up to this many candidates; a longer search means the run is hopeless.
MAX_CANDIDATES = 50_000


@dataclass
class Token:
    text: str
    offset: int  # position of the token in the run's text
    glued: bool = False  # printed right against the token before it (2648-18538), no space between

    @property
    def digits(self) -> bool:
        return self.text.isdigit()


@dataclass
class Reading:
    """What a run of tokens reads as: one text per cell, or the reason it cannot be read."""

    cells: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)  # where each cell starts in the run's text
    recovered: tuple[int, ...] = ()  # cells split out of a longer run of digits
    assumed: tuple[int, ...] = ()  # groups (0, 1, 2 of 表四; 0 of a 表三 row) whose total the split relied on
    reason: str | None = None


def _balanced(values: list[int], cut: list[bool], group: int) -> tuple[int, ...] | None:
    """The groups the split relied on, if each group holding a cut cell adds up to its last cell; else None."""
    relied = []
    for number, start in enumerate(range(0, len(values), group)):
        if not any(cut[start:start + group]):
            continue  # read from whole tokens: checked by the rules, not assumed here
        if sum(values[start:start + group - 1]) != values[start + group - 1]:
            return None
        relied.append(number)
    return tuple(relied)


def read_tokens(tokens: list[Token], cells: int, group: int | None) -> Reading:
    """Read ``tokens`` into ``cells`` cells, or say why that cannot be done for sure.

    ``group`` is the width of the groups whose last cell is the total of the
    others (7 for a 表三 row, 5 for each group of 表四); None where no such total
    exists (表二).
    """
    if len(tokens) == cells and not any(_leading_zero(t.text) or t.glued for t in tokens):
        return Reading([t.text for t in tokens], [t.offset for t in tokens])
    if not all(t.digits for t in tokens):
        return Reading(reason="数字与其他符号连在一起，无法确定各栏的数值")
    digits = sum(len(t.text) for t in tokens)
    if digits < cells:
        return Reading(reason=f"只印有{digits}个数字，少于{cells}个单元格，无法确定哪一格空白")
    if digits == cells:
        texts, offsets, recovered = [], [], []
        for token in tokens:
            for k, digit in enumerate(token.text):
                if len(token.text) > 1:
                    recovered.append(len(texts))
                texts.append(digit)
                offsets.append(token.offset + k)
        return Reading(texts, offsets, tuple(recovered))
    if group is None:
        return Reading(reason=_no_total_reason(tokens, cells))
    fitting: list[tuple[list[tuple[int, str]], tuple[int, ...]]] = []
    seen = 0
    for split in _splits(tokens, cells):
        seen += 1
        if seen > MAX_CANDIDATES:
            return Reading(reason="数字连在一起，可能的拆分太多，无法确定各栏的数值")
        cut = [_parts_of(split, i) > 1 for i, _ in split]
        relied = _balanced([int(text) for _, text in split], cut, group)
        if relied is not None:
            fitting.append((split, relied))
            if len(fitting) > 1:
                return Reading(reason="数字连在一起，有不止一种拆分能使总计等于各栏之和，无法确定各栏的数值")
    if not fitting:
        return Reading(reason="数字连在一起，没有一种拆分能使总计等于各栏之和，无法确定各栏的数值")
    split, relied = fitting[0]
    split_tokens = {i for i, t in enumerate(tokens) if _parts_of(split, i) > 1}
    recovered = tuple(n for n, (i, _) in enumerate(split) if i in split_tokens)
    offsets = []
    for n, (i, _text) in enumerate(split):
        before = sum(len(text) for j, text in split[:n] if j == i)
        offsets.append(tokens[i].offset + before)
    return Reading([text for _, text in split], offsets, recovered, assumed=relied)


def _no_total_reason(tokens: list[Token], cells: int) -> str:
    """Why a run of a table without totals (表二) is left unread: say how many splits there are."""
    splits = []
    for split in _splits(tokens, cells):
        splits.append(split)
        if len(splits) > 1:
            return "数字连在一起，可以有多种拆分，无法确定各栏的数值"
    if not splits:
        return "数字连在一起，没有一种拆分能得到各栏的数值"
    shown = "、".join(text for _, text in splits[0])
    return (f"数字连在一起，只有一种不含前导零的拆分（{shown}），但该表没有合计可以核对这种拆分，"
            "未按此读取")


def _parts_of(split: list[tuple[int, str]], token: int) -> int:
    return sum(1 for i, _ in split if i == token)


def _leading_zero(text: str) -> bool:
    return len(text) > 1 and text.isdigit() and text.startswith("0")


def _splits(tokens: list[Token], cells: int) -> Iterator[list[tuple[int, str]]]:
    """Every way to cut each token into whole numbers (no leading zeros) giving ``cells`` numbers in all."""
    lengths = [len(t.text) for t in tokens]

    def walk(index: int, left: int) -> Iterator[list[tuple[int, str]]]:
        if index == len(tokens):
            if left == 0:
                yield []
            return
        rest_min = len(tokens) - index - 1
        rest_max = sum(lengths[index + 1:])
        text = tokens[index].text
        for parts in range(1, len(text) + 1):
            if not rest_min <= left - parts <= rest_max:
                continue
            for pieces in _cuts(text, parts):
                for tail in walk(index + 1, left - parts):
                    yield [(index, piece) for piece in pieces] + tail

    yield from walk(0, cells)


def _cuts(text: str, parts: int) -> Iterator[list[str]]:
    """Ways to cut ``text`` into ``parts`` numbers, none with a leading zero."""
    if parts == 1:
        if not _leading_zero(text):
            yield [text]
        return
    for end in range(1, len(text) - parts + 2):
        head = text[:end]
        if _leading_zero(head):
            break
        for rest in _cuts(text[end:], parts - 1):
            yield [head, *rest]
