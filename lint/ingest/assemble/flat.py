"""Tables flattened into running text: labels and the values after them, cut back into rows.

A page's text dump prints a table as one run (``一、本年新收政府信息公开申请数量
291000030二、上年结转…``).  The template gives the frame: the labels come in
its order and each is followed by that row's values.  So the text is cut into
label pieces and value runs; a piece may hold several labels (a category and
its first sub-row, or labels with nothing printed after them), which are cut
at their list numbering.  The digits right before ``2.其他…`` are the next
label's number, not a value.  Each run is read into the row's cells by
:mod:`lint.ingest.assemble.digits`, or the row is marked unreadable with the
reason; a label followed directly by the next label printed no values at all
(its cells are blank).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lint.ingest.assemble.digits import Reading, Token, read_tokens
from lint.ingest.assemble.rows import RegionRow, Split, Unreadable
from lint.ingest.assemble.templates import APPEAL_GROUP_LABELS, Match, match_application
from lint.ingest.assemble.text import as_printed, shifted_place
from lint.ingest.document import Cell, Paragraph
from lint.vocab import tables as L

#: A value token: a number (a fraction only with its point), or a "not applicable" mark standing alone.
_TOKEN = re.compile(r"(?:(?<=\d)[-−])?\d+(?:[.．]\d+)?|(?<![^\s\d])[/／—–－]+(?![^\s\d])")
_GAP = re.compile(r"[ \t\u3000\u00a0]*")
#: After a run: a list number's point (``2.其他``), so the run's last digit is that number.
_NUMBER_POINT = re.compile(r"[.．、]\s*[^\d\s.．、]")
_UNIT = re.compile(r"\s*(?:万元|元|%)")
#: Where a label piece holds the next label: its list numbering (not 第（一）项).
_LABEL_START = re.compile(
    r"(?<![第一二三四五六七八九十])(?:[（(][一二三四五六七八九十]{1,2}[)）]|[一二三四五六七八九十]{1,2}、|\d[.．、](?=\D))")
#: 表二 row labels as printed, found at the end of a piece that also holds its block's header.
_PROACTIVE_LABEL = re.compile(r"(?:行政)?规范性文件|规章|行政许可|其他对外管理服务事项|行政处罚|行政强制|"
                              r"行政事业性收费|政府集中采购")
_PROACTIVE_KEYS = {"规章": "regulations", "规范性文件": "normative_documents", "行政规范性文件": "normative_documents",
                   "行政许可": "licensing", "其他对外管理服务事项": "other_services", "行政处罚": "punishment",
                   "行政强制": "coercion", "行政事业性收费": "fees", "政府集中采购": "procurement"}
_APPEAL_GROUP = re.compile(r"行政复议|直接起诉|复议后起诉")


@dataclass
class Run:
    tokens: list[Token]  # offsets are positions in the paragraph's text
    start: int
    end: int
    printed: str = ""  # the run as printed

    @property
    def text(self) -> str:
        return self.printed or " ".join(t.text for t in self.tokens)


@dataclass
class Piece:
    """A label piece of the text and the run of values printed right after it (if any)."""

    text: str
    start: int
    run: Run | None


def pieces(text: str) -> list[Piece]:
    """Cut ``text`` into label pieces, each with the run of values that follows it."""
    runs: list[Run] = []
    for match in _TOKEN.finditer(text):
        token = Token(match.group(), match.start(), glued=bool(runs) and runs[-1].end == match.start())
        if runs and not _GAP.fullmatch(text[runs[-1].end:match.start()]):
            runs.append(Run([token], match.start(), match.end()))
        elif runs:
            runs[-1].tokens.append(token)
            runs[-1].end = match.end()
        else:
            runs.append(Run([token], match.start(), match.end()))
    out: list[Piece] = []
    position = 0
    for run in runs:
        last = run.tokens[-1]
        if last.text.isdigit() and _NUMBER_POINT.match(text, run.end):
            # the last digit is the next label's number (…禁止公开 00000003.危及…)
            last.text = last.text[:-1]
            run.end -= 1
            if not last.text:
                run.tokens.pop()
        if not run.tokens:
            continue
        run.end = run.tokens[-1].offset + len(run.tokens[-1].text)
        unit = _UNIT.match(text, run.end)
        if unit and unit.group().strip():
            run.tokens[-1].text += unit.group().strip()
            run.end = unit.end()
        run.printed = text[run.start:run.end].strip()
        out.append(Piece(text[position:run.start], position, run))
        position = run.end
    if position < len(text):
        out.append(Piece(text[position:], position, None))
    return out


def labels_in(piece: Piece) -> list[tuple[str, int]]:
    """The labels a piece holds, cut at their list numbering: (text, start in the paragraph)."""
    cuts = [m.start() for m in _LABEL_START.finditer(piece.text)]
    bounds = [0, *[c for c in cuts if c > 0], len(piece.text)]
    out = []
    for a, b in zip(bounds, bounds[1:]):
        part = piece.text[a:b]
        if part.strip():
            lead = len(part) - len(part.lstrip())
            out.append((part.strip(), piece.start + a + lead))
    return out


def flat_rows(block: Paragraph, table: str, fmt: str) -> list[RegionRow]:
    """The rows of ``table`` printed in ``block`` as running text (may raise Unreadable for 表四)."""
    if table == "applications":
        return _applications(block)
    if table == "proactive":
        return _proactive(block, fmt)
    return _appeals(block)


def _cell(block: Paragraph, text: str, offset: int) -> Cell:
    return Cell(text, shifted_place(block.place, block.text, offset))


def _row(block: Paragraph, label: str, start: int, match: Match | None, run: Run | None, cells: int,
         reading: Reading | None) -> RegionRow:
    label_cell = _cell(block, label, start)
    if run is None:  # nothing printed after the label: every cell of the row is blank
        values = [Cell("", label_cell.place) for _ in range(cells)]
        return RegionRow([label_cell, *values], split=Split([label_cell], label_cell, match, values, False))
    assert reading is not None
    if reading.reason:
        split = Split([label_cell], label_cell, match, [], False,
                      problem=f"在文本中印为“{run.text}”，{reading.reason}")
        return RegionRow([label_cell], split=split)
    values = [_cell(block, text, offset) for text, offset in zip(reading.cells, reading.offsets)]
    split = Split([label_cell], label_cell, match, values, False, recovered=reading.recovered,
                  assumed=bool(reading.assumed))
    return RegionRow([label_cell, *values], split=split)


def _applications(block: Paragraph) -> list[RegionRow]:
    rows: list[RegionRow] = []
    for piece in pieces(block.text):
        labels = labels_in(piece)
        for number, (label, start) in enumerate(labels):
            run = piece.run if number == len(labels) - 1 else None
            match = match_application(label, True, run is not None)
            if match is None or match.kind == "category" and (match.key != "other" or run is None):
                continue
            reading = read_tokens(run.tokens, 7, 7) if run else None
            rows.append(_row(block, as_printed(label), start, match, run, 7, reading))
    return rows


def _proactive(block: Paragraph, fmt: str) -> list[RegionRow]:
    widths = {key: len(b.columns) for b in L.proactive_blocks(fmt) for key, _ in b.rows}
    rows: list[RegionRow] = []
    for piece in pieces(block.text):
        found = list(_PROACTIVE_LABEL.finditer(piece.text))
        for number, match in enumerate(found):
            key = _PROACTIVE_KEYS[match.group()]
            if key not in widths:
                continue
            last = number == len(found) - 1
            tail = piece.text[match.end():]
            run = piece.run if last and not tail.strip() else None
            cells = widths[key]
            reading = read_tokens(run.tokens, cells, None) if run else None
            rows.append(_row(block, match.group(), piece.start + match.start(), Match("row", key), run, cells,
                             reading))
    return rows


def _appeals(block: Paragraph) -> list[RegionRow]:
    parts = pieces(block.text)
    runs = [p for p in parts if p.run is not None]
    if not runs:
        return []
    if len(runs) == 1:
        run = runs[0].run
        assert run is not None
        reading = read_tokens(run.tokens, 15, 5)
        if reading.reason:
            raise Unreadable(f"表四的数据在文本中印为“{run.text}”，{reading.reason}，未读取该表")
        values = [_cell(block, text, offset) for text, offset in zip(reading.cells, reading.offsets)]
        split = Split([], None, None, values, False, recovered=reading.recovered, groups=reading.assumed)
        return [RegionRow(values, split=split)]
    rows: list[RegionRow] = []
    for piece in runs:
        groups = list(_APPEAL_GROUP.finditer(piece.text))
        if not groups or piece.text[groups[-1].end():].strip():
            raise Unreadable("表四的数字在文本中分成几段，不能确定各段属于哪一组，未读取该表")
        word = groups[-1].group()
        key = next(k for k, label in APPEAL_GROUP_LABELS.items() if word in label)
        run = piece.run
        assert run is not None
        reading = read_tokens(run.tokens, 5, 5)
        rows.append(_row(block, word, piece.start + groups[-1].start(), Match("group", key), run, 5, reading))
    return rows
