"""Table regions: one walk over the document gives every table row and table-like line to 表二, 表三 or 表四."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from lint.ingest.assemble.rows import LABEL_AND_NUMBERS, MAX_TEXT_ROW, Region, RegionRow, Split, dedupe, label_and_tokens
from lint.ingest.assemble.sections import Heading
from lint.ingest.assemble.templates import MATCHERS, SIGNATURES
from lint.ingest.assemble.text import has_sentence, is_value, normalise, number_of, shifted_place, squash, unparen
from lint.ingest.document import Cell, Paragraph, Table
from lint.vocab import formats as F
from lint.vocab import sections as S
from lint.vocab import tables as L

if TYPE_CHECKING:
    from lint.ingest.assemble import Assembly

def blob_reason(name: str, blob: Paragraph) -> str:
    where = f"（第{blob.place.line}行）" if blob.place.line else ""
    return (f"{name}的单元格在文本中连成一片，数字之间没有分隔{where}，"
            "无法可靠地拆分到各行各列，未读取该表")


@lru_cache(maxsize=4096)  # rows of the same labels come back on every page of a batch
def _signature_counts(squashed: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """How many signature words of each table the row's texts hold, in the order of L.TABLE_KEYS."""
    return tuple((key, sum(1 for text in squashed for word in SIGNATURES[key] if word in text))
                 for key in L.TABLE_KEYS)


def table_of_row(cells: list[Cell], context: str | None) -> str | None:
    """Which table a grid row belongs to: by its own labels, else the table it continues."""
    hits = dict(_signature_counts(tuple(squash(cell.text) for cell in cells if cell.text.strip())))
    best = max(hits.values())
    if best == 0:
        return context
    leaders = [key for key, count in hits.items() if count == best]
    if context in leaders:
        return context
    return leaders[0] if len(leaders) == 1 else context


def signature_hits(text: str, table: str) -> int:
    squashed = squash(text)
    return sum(1 for word in SIGNATURES[table] if word in squashed)


_DIGIT = re.compile(r"\d")
#: The end of a sentence, where a table printed on after narrative may begin.
_SENTENCE_END = re.compile(r"[。；;！？!?]")


def split_table_text(blocks: list[Any]) -> list[Any]:
    """Cut a table that runs on after a sentence of narrative (…申请。 申请人情况 自然人 …) off that sentence.

    The table part is what follows the last sentence end: it must hold labels of
    one of the tables (two or more) and digits, and no sentence of its own.
    """
    out: list[Any] = []
    for block in blocks:
        if not isinstance(block, Paragraph) or not has_sentence(unparen(block.text)):
            out.append(block)
            continue
        text = block.text
        ends = [m.end() for m in _SENTENCE_END.finditer(unparen_mask(text))]
        cut = ends[-1] if ends else None
        tail = text[cut:] if cut is not None else ""
        if (cut is None or not _DIGIT.search(tail) or has_sentence(unparen(tail))
                or max(signature_hits(tail, key) for key in L.TABLE_KEYS) < 2):
            out.append(block)
            continue
        lead = len(tail) - len(tail.lstrip())
        out.append(Paragraph(text[:cut].strip(), block.place))
        out.append(Paragraph(tail.strip(), shifted_place(block.place, text, cut + lead)))
    return out


def unparen_mask(text: str) -> str:
    """``text`` with bracketed notes blanked out, positions kept (their commas end no sentence)."""
    if "（" not in text and "(" not in text:
        return text  # no note opens: nothing to blank
    out, depth = [], 0
    for char in text:
        if char in "（(":
            depth += 1
        out.append(" " if depth else char)
        if char in "）)" and depth:
            depth -= 1
    return "".join(out)


_CAPTION = re.compile(r"^表\s*([一二三四1-4])\s*(?:[:：、.．]|\s|$)")


# Only the national numbering says which table a bare "表三" is; 表1…表3 schemes vary.
_CAPTION_NUMBERS = {"二": "proactive", "三": "applications", "四": "appeals"}


def caption_topic(text: str) -> str | None:
    """Which table a caption line (表三：收到和处理… / 第二十条第（一）项) introduces."""
    squashed = squash(text)
    if len(squashed) > 40:
        return None
    if squashed.startswith("第二十条第") and len(squashed) <= 12:
        return "proactive"
    normal = normalise(text).strip()
    match = _CAPTION.match(normal)
    if not match:
        return None
    topic, _score = S.classify_title(normal[match.end():])
    if topic in L.TABLE_KEYS:
        return topic
    return _CAPTION_NUMBERS.get(match.group(1))


def is_column_text(text: str) -> bool:
    squashed = squash(text)
    return any(word in squashed for word in (*L.APPLICANT_COLUMNS[:-1], *L.APPEAL_COLUMNS)) and len(squashed) <= 30


def text_row_of(block: Paragraph, context: str) -> RegionRow | None:
    """A row printed as a line of text: a known row label followed by numbers."""
    text = normalise(block.text).strip()
    if len(text) > MAX_TEXT_ROW:
        return None
    match = LABEL_AND_NUMBERS.match(text)
    if not match or has_sentence(unparen(match.group("label"))):
        return None
    if signature_hits(match.group("label"), context) >= 3:
        return None  # many labels in one line: cells run together, not one row
    found = MATCHERS[context](match.group("label"), True, True)
    if found is None and context == "applications":
        return _label_tail_row(block, match)
    if found is None or found.kind == "category" and found.key != "other":
        return None
    return RegionRow(label_and_tokens(block.text, block.place, match), from_text=True)


def _label_tail_row(block: Paragraph, match: re.Match[str]) -> RegionRow | None:
    """A 表三 line of seven numbers after the end of a label that broke over lines (…不计其他情形） 0 0 …).

    Its values are placed like a value row cut off from its label: only where the
    template leaves exactly one row for them.
    """
    label = match.group("label").strip()
    cells = label_and_tokens(block.text, block.place, match)
    values = cells[1:]
    if len(values) != 7 or len(squash(label)) > 24 or number_of(label) is not None \
            or any(len(c.text) > 1 and c.text.startswith("0") for c in values):
        return None
    return RegionRow(cells, from_text=True, split=Split([], None, None, values, False))


def collect_regions(assembly: Assembly, blocks: list[Any], headings: dict[int, Heading]) -> dict[str, Region]:
    """Walk the document once, giving every table row and table-like line to 表二/三/四."""
    regions = {key: Region() for key in L.TABLE_KEYS}
    context: str | None = None
    pending: list[Paragraph] = []  # short fragments between table rows (PDF→Markdown)
    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            for row in block.rows:
                cells = dedupe(row)
                kind = table_of_row(cells, context)
                if kind is None:
                    continue
                context = kind
                claim(assembly, regions[kind], RegionRow(cells), pending)
            continue
        heading = headings.get(index)
        if heading is not None:
            context = heading.topic if heading.topic in L.TABLE_KEYS else None
            if context and regions[context].heading is None:
                regions[context].heading = block.place
            pending = []
            continue
        context = table_paragraph(assembly, block, context, regions, pending)
    return regions


def claim(assembly: Assembly, region: Region, row: RegionRow, pending: list[Paragraph]) -> None:
    region.rows.append(row)
    region.texts.extend(cell.text for cell in row.cells)
    if region.anchor is None and row.cells:
        region.anchor = row.cells[0].place
    # fragments squeezed between rows are broken-off labels, not narrative
    assembly.table_text.update(id(p) for p in pending)
    pending.clear()


def table_paragraph(assembly: Assembly, block: Paragraph, context: str | None, regions: dict[str, Region],
                     pending: list[Paragraph]) -> str | None:
    """Handle one paragraph: a caption, a row written as text, run-on cells or narrative."""
    text = block.text.strip()
    caption = caption_topic(text)
    if caption is not None:
        assembly.table_text.add(id(block))
        if regions[caption].anchor is None:
            regions[caption].anchor = block.place
        regions[caption].texts.append(text)
        return caption
    if context is None:
        return None
    region = regions[context]
    row = text_row_of(block, context)
    if row is not None:
        assembly.table_text.add(id(block))
        claim(assembly, region, row, pending)
        return context
    hits = signature_hits(text, context)
    if has_sentence(unparen(text)):
        return context  # a sentence: narrative, even inside a table's section
    if hits >= 2 and len(squash(text)) >= 30 and _DIGIT.search(text):
        # several rows in one line, their cells run together or separated by spaces
        region.blobs.append(block)
        region.texts.append(text)
        assembly.table_text.add(id(block))
        claim(assembly, region, RegionRow([], blob=block), pending)
        if region.anchor is None:
            region.anchor = block.place
    elif hits or is_value(text) or is_column_text(text):
        region.texts.append(text)
        assembly.table_text.add(id(block))
    elif len(squash(text)) <= 8 and not has_sentence(text):
        pending.append(block)
    return context


def detect_format(regions: dict[str, Region]) -> tuple[str, dict[str, list[str]]]:
    texts = [text for region in regions.values() for text in region.texts]
    texts += [blob.text for region in regions.values() for blob in region.blobs]
    joined = "\n".join(squash(text) for text in texts)
    evidence = {fmt: [signal for signal in signals if signal in joined]
                for fmt, signals in F.SIGNALS.items()}
    if any(F.LEGACY_NORMATIVE.search(squash(text)) for text in texts):
        evidence["2019"].append("规范性文件")
    return ("2019" if len(evidence["2019"]) > len(evidence["2021"]) else "2021"
            if len(evidence["2021"]) > len(evidence["2019"]) else ""), evidence
