"""One PDF page, pdfplumber's or pdfium's, read into its printed lines and its ruled tables' parts.

Tables are found from their ruling lines only (pdfplumber's "lines" strategy on
the visible strokes): disclosure tables are always fully ruled, and text-based
detection would invent tables out of justified prose.  The text inside a table
goes to its cells; everything else becomes one line each, and runs of lines
that end in values become unruled tables (:mod:`lint.ingest.pdfunruled`).
Characters no one sees are left out first (:mod:`lint.ingest.pdfseen`).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from functools import partial
from typing import Any

from lint.ingest.pdfgrid import TOLERANCE, Part
from lint.ingest.pdfseen import is_white, seen
from lint.ingest.pdfunruled import Words, unruled_tables
from lint.records import record

MARGIN_TOP = 0.10  # fractions of the page height where running headers and page numbers live
MARGIN_BOTTOM = 0.12

# pdfplumber infers a space wherever glyphs stand apart.  Next to a CJK glyph that
# space was never typed: it is justification, spaced-out headings ("总 计") or
# Word's automatic gap between Chinese and digits ("2023 年").  The same report
# saved as .docx or HTML has no space there, so neither do we.
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f]) +(?=\S)|(?<=\S) +(?=[^\x00-\x7f])")


@record
class Line:
    text: str
    top: float
    bottom: float
    page: int
    margin: bool  # printed in the top or bottom margin (a running header/footer candidate)



def read_page(page: Any, number: int) -> tuple[list[Line | Part], int, int, int]:
    """The page's lines and table parts by position, its character count, garbled count, unruled tables."""
    chars = page.chars
    if not chars:
        return [], 0, 0, 0
    garbled = sum(1 for c in chars if c.get("text", "").startswith("(cid:"))
    visible = seen(chars, page.rects, page.images, tuple(page.bbox))
    if len(visible) < len(chars):  # text nobody sees is no part of a word, a line or a cell
        keep = set(map(id, visible))
        page = page.filter(lambda obj: obj.get("object_type") != "char" or id(obj) in keep)
    ruled = page.filter(_is_ink)
    settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
                "snap_tolerance": TOLERANCE, "join_tolerance": TOLERANCE,
                "explicit_horizontal_lines": _closing_edges(ruled.edges)}
    placed: set[int] = set()  # the characters a table cell took (their midpoint inside its box)
    parts = [p for p in (_part(t, number, placed) for t in _tables(ruled, settings)) if p is not None]
    # each table's outline with its cells' boxes (a cell lies inside its table's outline)
    tables = [((min(c[0] for c in part.cells), min(c[1] for c in part.cells), max(c[2] for c in part.cells),
                max(c[3] for c in part.cells)), [c[:4] for c in part.cells]) for part in parts]

    def outside_tables(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        if id(obj) in placed:
            return False
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(o[0] <= x <= o[2] and o[1] <= y <= o[3] and any(
            b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes) for o, boxes in tables)

    from pdfplumber.utils.text import WordExtractor

    words = WordExtractor()  # pdfplumber's extract_words with its defaults; it keeps nothing between calls

    height = float(page.height) or 1.0
    entries: list[tuple[Line, Words]] = []
    for raw in page.filter(outside_tables).extract_text_lines(strip=True, return_chars=True):
        text = tidy(raw["text"])
        if text:
            margin = raw["bottom"] < height * MARGIN_TOP or raw["top"] > height * (1 - MARGIN_BOTTOM)
            entries.append((Line(text, raw["top"], raw["bottom"], number, margin),
                            partial(words.extract_words, raw["chars"])))
    unruled, used = unruled_tables(entries, number, tidy)
    items: list[Line | Part] = [line for i, (line, _) in enumerate(entries) if i not in used]
    items += parts + unruled
    items.sort(key=lambda item: item.top)
    return items, len(chars), garbled, len(unruled)


def _is_ink(obj: dict[str, Any]) -> bool:
    """Keep what is visibly drawn: strokes and thin filled bars, not white or shaded backgrounds.

    Word→PDF converters paint every paragraph and cell on a white filled rectangle;
    as "lines" those would turn prose into one-column tables.
    """
    if obj.get("object_type") != "rect":
        return True
    if obj.get("stroke"):
        return True
    thin = min(obj.get("width", 0), obj.get("height", 0)) < 2
    return bool(obj.get("fill")) and thin and not is_white(obj.get("non_stroking_color"))


def _tables(page: Any, settings: dict[str, Any]) -> list[Any]:
    """pdfplumber's ``Page.find_tables(settings)``, its cells found by :func:`cells` (the same cells)."""
    from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections

    finder = TableFinder.__new__(TableFinder)  # TableFinder.__init__, step by step, with our cells
    finder.page, finder.settings = page, TableSettings.resolve(settings)
    finder.edges = finder.get_edges()
    finder.intersections = edges_to_intersections(finder.edges, finder.settings.intersection_x_tolerance,
                                                  finder.settings.intersection_y_tolerance)
    finder.cells = cells(finder.intersections)
    finder.tables = [Table(page, group) for group in cells_to_tables(finder.cells)]
    return finder.tables


def cells(intersections: dict[tuple[float, float], dict[str, list[dict[str, Any]]]]) -> list[tuple[float, ...]]:
    """The cells pdfplumber's ``table.intersections_to_cells`` finds, in its order, without its cost.

    For each crossing point (in sorted order), the first point below it on its
    vertical ruling and the first to its right on its horizontal ruling whose
    far corner is a crossing joined to both: pdfplumber compares the edge sets
    of two points anew for each pair it tries (most of a ruled page's reading
    time); here each point's edges are a set made once and the points of each
    column and row are listed once.
    """
    def boxes(edges: list[dict[str, Any]]) -> frozenset[tuple[float, float, float, float]]:
        return frozenset((e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges)

    points = sorted(intersections)
    vertical = {p: boxes(intersections[p]["v"]) for p in points}
    horizontal = {p: boxes(intersections[p]["h"]) for p in points}
    columns: dict[float, list[tuple[float, float]]] = {}  # x → its points, top down
    rows: dict[float, list[tuple[float, float]]] = {}  # top → its points, left to right
    for p in points:
        columns.setdefault(p[0], []).append(p)
        rows.setdefault(p[1], []).append(p)
    at_column = {p: i for column in columns.values() for i, p in enumerate(column)}
    at_row = {p: i for row in rows.values() for i, p in enumerate(row)}
    out: list[tuple[float, ...]] = []
    for pt in points:
        own_v, own_h = vertical[pt], horizontal[pt]
        right = [q for q in rows[pt[1]][at_row[pt] + 1:] if not own_h.isdisjoint(horizontal[q])]
        if not right:
            continue
        found = None
        for below in columns[pt[0]][at_column[pt] + 1:]:
            if own_v.isdisjoint(vertical[below]):
                continue
            for corner_right in right:
                corner = (corner_right[0], below[1])
                if (corner in vertical and not vertical[corner].isdisjoint(vertical[corner_right])
                        and not horizontal[corner].isdisjoint(horizontal[below])):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            out.append(found)
    return out


def _closing_edges(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Close a table's top or bottom border left open at a page break.

    Word does not always draw the border where a table is cut by a page break
    (sometimes only part of it), and pdfplumber then loses the cells along that
    side.  Where three or more vertical rulings end on one line, we add the
    missing pieces of the horizontal ruling between neighbouring verticals.
    Side borders are never invented: that would bridge two stacked tables.
    """
    closing: list[dict[str, Any]] = []
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    ends = [(e["top"], e["x0"]) for e in verticals] + [(e["bottom"], e["x0"]) for e in verticals]
    for y, xs in _group(ends):
        xs = sorted(set(xs))
        if len(xs) < 3:
            continue
        for left, right in zip(xs, xs[1:]):
            if right - left > TOLERANCE and not _covered(horizontals, y, left, right):
                closing.append({"object_type": "line", "x0": left, "x1": right, "top": y, "bottom": y,
                                "width": right - left, "height": 0})
    return closing


def _group(points: list[tuple[float, float]]) -> list[tuple[float, list[float]]]:
    """Group (coordinate, position) pairs whose coordinates agree within TOLERANCE."""
    groups: list[tuple[float, list[float]]] = []
    for at, pos in sorted(points):
        if groups and at - groups[-1][0] <= TOLERANCE:
            groups[-1][1].append(pos)
        else:
            groups.append((at, [pos]))
    return groups


def _covered(horizontals: list[dict[str, Any]], y: float, left: float, right: float) -> bool:
    return any(abs(e["top"] - y) <= TOLERANCE and e["x0"] <= left + TOLERANCE and e["x1"] >= right - TOLERANCE
               for e in horizontals)


def _part(table: Any, page: int, placed: set[int]) -> Part | None:
    """A detected table's cells with their text; None for a frame that is no table.

    The ``id`` of each character a cell of the table took goes into ``placed``.
    """
    cells: list[tuple[float, float, float, float, str]] = []
    taken: set[int] = set()
    for row, texts in _extract(table, taken):
        for bbox, text in zip(row.cells, texts):
            if bbox is not None:
                cells.append((bbox[0], bbox[1], bbox[2], bbox[3], _tidy_cell(text or "")))
    part = Part(page, table.bbox[1], table.bbox[3], cells)
    if len(part.xs) < 3 or len(part.ys) < 3 or not any(c[4] for c in cells):
        return None  # one row or one column of boxes: a frame around prose, not a table
    placed |= taken
    return part


def _extract(table: Any, taken: set[int]) -> list[tuple[Any, list[str | None]]]:
    """Each row of the table with its cells' texts: pdfplumber's ``Table.extract()``, its very tests and
    text, but over the characters inside the table only (it scans every character of the page for each row).
    The ``id`` of every character a cell takes goes into ``taken``."""
    text_of = _cell_text()
    x0, top, x1, bottom = table.bbox
    inside = []
    for char in table.page.chars:
        v_mid, h_mid = (char["top"] + char["bottom"]) / 2, (char["x0"] + char["x1"]) / 2
        if x0 <= h_mid < x1 and top <= v_mid < bottom:
            inside.append((h_mid, v_mid, char))
    by_height = sorted(range(len(inside)), key=lambda k: inside[k][1])
    heights = [inside[k][1] for k in by_height]
    out: list[tuple[Any, list[str | None]]] = []
    for row in table.rows:
        r0, r_top, r1, r_bottom = row.bbox
        band = sorted(by_height[bisect_left(heights, r_top):bisect_left(heights, r_bottom)])  # in page order
        in_row = [inside[k] for k in band if r0 <= inside[k][0] < r1]
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            c0, c_top, c1, c_bottom = cell
            chars = [c[2] for c in in_row if c0 <= c[0] < c1 and c_top <= c[1] < c_bottom]
            taken.update(map(id, chars))
            texts.append(text_of(chars) if chars else "")
        out.append((row, texts))
    return out


def _cell_text() -> Any:
    """pdfplumber's ``utils.extract_text`` with its defaults (words, then lines of words within 3 points,
    left to right and top to bottom), with one word extractor for every cell instead of one per call."""
    from operator import itemgetter

    from pdfplumber.utils.clustering import cluster_objects
    from pdfplumber.utils.text import DEFAULT_Y_TOLERANCE, LIGATURES, WordExtractor

    words, top = WordExtractor(), itemgetter("top")

    def text_of(chars: list[dict[str, Any]]) -> str:
        if len(chars) == 1:  # most cells of a disclosure table hold one digit: one word of one letter
            text = chars[0]["text"]
            return "" if text.isspace() else LIGATURES.get(text, text or "")
        lines = cluster_objects(words.extract_words(chars), top, DEFAULT_Y_TOLERANCE)
        return "\n".join(" ".join(word["text"] for word in line) for line in lines)

    return text_of


def tidy(text: str) -> str:
    return _CJK_GAP.sub("", text).strip()


def _tidy_cell(text: str) -> str:
    return "\n".join(line for line in (tidy(t) for t in text.split("\n")) if line)
