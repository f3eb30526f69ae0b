"""Sections: numbered top-level headings found by topic, not by number, and the text under each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lint.ingest.assemble.text import has_sentence, match_key, normalise, shifted_place, squash
from lint.ingest.document import Paragraph, Place
from lint.vocab import sections as S
from lint.vocab import tables as L

if TYPE_CHECKING:
    from lint.ingest.assemble import Assembly

_TOP_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、.,，]|第[一二三四五六七八九十]{1,3}部分\s*[、.,，:：]?)\s*(?P<title>\S.*)$",
    re.DOTALL)


# 表三 row labels that look like numbered headings (一、本年新收… 四、结转下年度…).
_TABLE_ROW_WORDS = ("本年新收", "上年结转", "办理结果", "结转下年度", "下年度继续")


_INLINE_HEADING = re.compile(
    "[一二三四五六七八九十]{1,2}\\s*[、.．]\\s*(?:"
    + "|".join(sorted((re.escape(t) for t in (*(S.NUMBERING.sub("", t) for t in S.TITLES.values()),
                                              *(v for titles in S.VARIANTS.values() for v in titles))
                       if len(t) > 4), key=len, reverse=True))
    + ")")


# Short titles (总体情况) only split a run-on paragraph after a sentence boundary.
_INLINE_SHORT = re.compile(r"(?:(?<=[。；;：:\s])|^)[一二三四五六七八九十]{1,2}\s*[、.．]\s*(?:总体情况|概述)")


@dataclass
class Heading:
    index: int
    title: str
    place: Place
    topic: str | None
    score: int  # 2 = canonical title or a known variant, 1 = topic keyword, 0 = none


def _heading(block: Paragraph, index: int) -> Heading | None:
    """A numbered top-level heading (一、… 第一部分…), or None for any other paragraph."""
    text = normalise(block.text).strip()
    match = _TOP_HEADING.match(text)
    if not match:
        return None
    title = match.group("title").strip()
    squashed = squash(title)
    if not 2 <= len(squashed) <= 40 or has_sentence(title.rstrip("。:：")):
        return None
    if re.search(r"\d\s*$", title) or any(word in squashed for word in _TABLE_ROW_WORDS):
        return None
    topic, score = S.classify_title(title)
    return Heading(index, block.text.strip(), block.place, topic, score)


def find_headings(blocks: list[Any]) -> list[Heading]:
    return [heading for index, block in enumerate(blocks) if isinstance(block, Paragraph)
            for heading in [_heading(block, index)] if heading is not None]


def split_inline_headings(blocks: list[Any]) -> list[Any]:
    """Cut run-on paragraphs (a whole report on one line) before and after section titles."""
    out: list[Any] = []
    for block in blocks:
        if not isinstance(block, Paragraph):
            out.append(block)
            continue
        cuts = sorted({(m.start(), m.end()) for pattern in (_INLINE_HEADING, _INLINE_SHORT)
                       for m in pattern.finditer(block.text)})
        outside = "".join(block.text[a:b] for a, b in zip([0] + [end for _, end in cuts],
                                                           [start for start, _ in cuts] + [len(block.text)]))
        if not cuts or not re.search(r"[\w\u4e00-\u9fff]", outside):
            out.append(block)
            continue
        position = 0
        for start, end in cuts:
            if start < position:
                continue
            _append_piece(out, block, position, start)
            _append_piece(out, block, start, end)
            position = end
        _append_piece(out, block, position, len(block.text))
    return out


def _append_piece(out: list[Any], block: Paragraph, start: int, end: int) -> None:
    piece = block.text[start:end]
    if not piece.strip():
        return
    lead = len(piece) - len(piece.lstrip())
    out.append(Paragraph(piece.strip(), shifted_place(block.place, block.text, start + lead)))


def choose_sections(headings: list[Heading]) -> dict[str, Heading]:
    """For each topic the heading that fits best (canonical title over keyword), first on a tie."""
    chosen: dict[str, Heading] = {}
    for heading in headings:
        if heading.topic is None:
            continue
        best = chosen.get(heading.topic)
        if best is None or heading.score > best.score:
            chosen[heading.topic] = heading
    return chosen


def write_sections(assembly: Assembly, blocks: list[Any], headings: list[Heading],
                    chosen: dict[str, Heading]) -> None:
    sections: dict[str, Any] = {}
    extra: list[dict[str, Any]] = []
    mapped = {h.index: key for key, h in chosen.items()}
    for number, heading in enumerate(headings):
        end = headings[number + 1].index if number + 1 < len(headings) else len(blocks)
        text = "\n".join(block.text.strip() for block in blocks[heading.index + 1:end]
                         if isinstance(block, Paragraph) and id(block) not in assembly.table_text)
        key = mapped.get(heading.index)
        if key is None:
            extra.append({"title": heading.title, "text": text, "line": heading.place.line})
            continue
        sections[key] = {"title": heading.title, "text": text}
        assembly.add(f"/sections/{key}", heading.place)
        if match_key(heading.title) != match_key(L.SECTION_TITLES[key]):
            assembly.labels[f"/sections/{key}"] = heading.title
    assembly.report["sections"] = {key: sections[key] for key in L.SECTION_KEYS if key in sections}
    if extra:
        assembly.report["extra_sections"] = extra
