"""Sections: numbered top-level headings found by topic, not by number, and the text under each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lint.ingest.assemble.rows import make_location
from lint.ingest.assemble.text import has_sentence, match_key, normalise, shifted_place, squash
from lint.ingest.document import Paragraph, Place
from lint.vocab import sections as S
from lint.vocab import tables as L

if TYPE_CHECKING:
    from lint.ingest.assemble import Assembly

_TOP_HEADING = re.compile(
    r"^(?:#{1,6}\s*)?(?:[一二三四五六七八九十]{1,3}\s*[、.,，]|第[一二三四五六七八九十]{1,3}部分\s*[、.,，:：]?)\s*(?P<title>\S.*)$",
    re.DOTALL)


# 表三 row labels that look like numbered headings (一、本年新收… 四、结转下年度…).
_TABLE_ROW_WORDS = ("本年新收", "上年结转", "办理结果", "结转下年度", "下年度继续")


#: A section number that may start a heading in the middle of a line (not 十二、 or 第三、).
_INLINE_NUMBER = re.compile(r"(?<![一二三四五六七八九十第])(?:第(?P<part>[一二三四五六])部分\s*[、.．,，:：]?|"
                            r"(?P<cn>[一二三四五六])\s*[、.．])\s*")
#: What follows a section title that is only named in a list (本报告包括一、总体情况，二、…).
_LIST_GOES_ON = re.compile(r"\s*[，,、；;]")


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
    if topic is None:
        similar = S.similar_title(title, _number(text))
        if similar is not None:
            topic, score = similar[0], 1
    return Heading(index, block.text.strip(), block.place, topic, score)


def _number(text: str) -> str | None:
    match = _INLINE_NUMBER.match(text.lstrip("# "))
    return (match.group("part") or match.group("cn")) if match else None


def find_headings(blocks: list[Any]) -> list[Heading]:
    return [heading for index, block in enumerate(blocks) if isinstance(block, Paragraph)
            for heading in [_heading(block, index)] if heading is not None]


def split_inline_headings(blocks: list[Any]) -> list[Any]:
    """Cut paragraphs before and after the section titles printed inside them.

    A title runs on after the previous sentence (``…传真:0591-23163257)一、总体情况 2023年…``)
    or is followed by its section's first sentence or table on the same line.  Only
    a section number followed by that section's own title (slips allowed, see
    :func:`lint.vocab.sections.title_at`) is cut out, and not where the title is
    only named in a list (``本报告包括一、总体情况，二、…``).
    """
    out: list[Any] = []
    for block in blocks:
        if not isinstance(block, Paragraph):
            out.append(block)
            continue
        cuts = _inline_titles(block)
        if not cuts:
            out.append(block)
            continue
        position = 0
        for start, end in cuts:
            _append_piece(out, block, position, start)
            _append_piece(out, block, start, end)
            position = end
        _append_piece(out, block, position, len(block.text))
    return out


def _inline_titles(block: Paragraph) -> list[tuple[int, int]]:
    """(start, end) of every section title printed inside ``block`` that should stand on its own."""
    text = block.text
    cuts: list[tuple[int, int]] = []
    for match in _INLINE_NUMBER.finditer(text):
        if cuts and match.start() < cuts[-1][1]:
            continue
        number = match.group("part") or match.group("cn")
        found = S.title_at(text[match.end():], number)
        if found is None:
            continue
        end = match.end() + found[1]
        if _LIST_GOES_ON.match(text, end):
            continue
        before, after = text[:match.start()].strip(" #*\t"), text[end:]
        if not before and (not re.search(r"[\w\u4e00-\u9fff]", after) or _heading(block, 0) is not None
                           and _heading(block, 0).topic is not None):
            continue  # the paragraph is the heading already
        cuts.append((match.start(), end))  # Markdown marks before the number are left out of the title
    return cuts


def _append_piece(out: list[Any], block: Paragraph, start: int, end: int) -> None:
    piece = block.text[start:end]
    if not piece.strip(" #*\t\u3000"):
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


#: what ends a paragraph in the printed text: a line of a PDF that ends otherwise was broken by the layout
_PARAGRAPH_END = tuple("。！？!?；;：:…）)」”\"") + ("——",)


def section_text(paragraphs: list[Paragraph], joined: bool) -> tuple[str, list[tuple[int, Paragraph]]]:
    """The text of a section and where each printed paragraph (or PDF line) starts in it.

    In a PDF every printed line is a paragraph of its own; a line that does not end a sentence was
    broken by the layout, so it runs on into the next one (``joined``).
    """
    parts: list[str] = []
    starts: list[tuple[int, Paragraph]] = []
    length = 0
    for paragraph in paragraphs:
        piece = paragraph.text.strip()
        if parts:
            glue = "" if joined and not parts[-1].endswith(_PARAGRAPH_END) else "\n"
            parts.append(glue)
            length += len(glue)
        starts.append((length, paragraph))
        parts.append(piece)
        length += len(piece)
    return "".join(parts), starts


def write_sections(assembly: Assembly, blocks: list[Any], headings: list[Heading],
                    chosen: dict[str, Heading]) -> None:
    sections: dict[str, Any] = {}
    extra: list[dict[str, Any]] = []
    mapped = {h.index: key for key, h in chosen.items()}
    last: str | None = None  # the section the document was in when an unknown heading came
    for number, heading in enumerate(headings):
        end = headings[number + 1].index if number + 1 < len(headings) else len(blocks)
        paragraphs = [block for block in blocks[heading.index + 1:end]
                      if isinstance(block, Paragraph) and id(block) not in assembly.table_text]
        text, starts = section_text(paragraphs, joined=assembly.doc.kind == "pdf")
        key = mapped.get(heading.index)
        if key is None:
            part = {"title": heading.title, "text": text, "line": heading.place.line}
            if last is not None:
                part["after"] = last  # a part of the report's own numbering inside that section
            extra.append(part)
            continue
        last = key
        sections[key] = {"title": heading.title, "text": text}
        assembly.add(f"/sections/{key}", heading.place)
        for offset, paragraph in starts:
            assembly.smap.add_span(f"/sections/{key}/text", offset, make_location(
                f"/sections/{key}/text", paragraph.place))
        if match_key(heading.title) != match_key(L.SECTION_TITLES[key]):
            assembly.labels[f"/sections/{key}"] = heading.title
    assembly.report["sections"] = {key: sections[key] for key in L.SECTION_KEYS if key in sections}
    if extra:
        assembly.report["extra_sections"] = extra
