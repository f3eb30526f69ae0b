"""Tables printed without ruling lines in a PDF: runs of text lines that end in values.

Each value goes to the column whose printed span it overlaps, so a blank cell
stays blank.  A label that wrapped over several lines in its narrow column
leaves short lines with no values above or below its row (``行政规`` /
``范性文件 12 3 40`` / ``件``); they are put back into the label of the row
they stand nearest to, so the row is not read without its label.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from lint.ingest.pdfgrid import Part

Words = Callable[[], list[dict[str, Any]]]  # a line's words (pdfplumber's), made when asked for

# A printed value: a count, an amount, a signed change, or a "not applicable" mark.
_VALUE = re.compile(r"^(?:[+\-−]?\d[\d,，.]*%?|[/／—–\-－]+)$")
MIN_VALUES = 3  # value tokens a line must end with to start a table row
MIN_VALUES_SINGLE_ROW = 5  # a lone row (表四 has one) must be unmistakable

_Row = tuple[int, Any, list[dict[str, Any]], list[dict[str, Any]]]  # index, line, label words, values


def unruled_tables(entries: list[tuple[Any, Words]], page: int,
                   tidy: Callable[[str], str]) -> tuple[list[Part], set[int]]:
    """Tables printed without ruling lines: runs of lines that end in values.

    ``entries`` are a page's lines, each with what makes its words: only the lines that
    can be a row (they hold a digit) or a label's wrapped part have their words made.

    A run needs a line ending in three or more values; lines next to it ending in
    fewer (rows with blank cells) join it when their values stand under its
    columns.  Each value goes to the column whose printed span it overlaps, so a
    blank cell stays blank instead of pulling the next number to the left.
    """
    parts: list[Part] = []
    used: set[int] = set()
    run: list[_Row] = []

    fragments: list[tuple[int, Any, list[dict[str, Any]]]] = []  # short label-only lines near the run

    def flush() -> None:
        rows = _fitting_rows(run)
        strong = [r for r in rows if len(r[3]) >= MIN_VALUES]
        if strong and (len(rows) >= 2 or len(strong[0][3]) >= MIN_VALUES_SINGLE_ROW):
            rows, attached = _with_fragments(rows, fragments)
            parts.append(_unruled_part(rows, page, tidy))
            used.update(i for i, _, _, _ in rows)
            used.update(attached)
        run.clear()
        fragments.clear()

    for index, (line, words_of) in enumerate(entries):
        # a row's values hold a digit, and a word's letters are the line's (less the spaces tidy takes):
        # a line without one is no row, and its words are only needed if it is a label's wrapped part
        words = words_of() if any(map(str.isdigit, line.text)) else None
        split = None if words is None else _values_start(words)
        if split is None:
            if _FRAGMENT.match(line.text) and not _CAPTION.match(line.text):
                fragments.append((index, line, words_of() if words is None else words))
                continue
            flush()
        else:
            run.append((index, line, words[:split], words[split:]))
    flush()
    return parts, used


#: A line that may be the wrapped part of a label: short, no sentence, no value.
_FRAGMENT = re.compile(r"^[^。，；;！？\d]{1,12}$")
_CAPTION = re.compile(r"^\s*(?:第.{1,12}[项条]|表\s*[一二三四1-4])")


def _with_fragments(rows: list[_Row], fragments: list[tuple[int, Any, list[dict[str, Any]]]]
                    ) -> tuple[list[_Row], set[int]]:
    """Put the label lines that wrapped out of a row back into it: each to the value row it stands nearest.

    Only lines inside the label column (left of the first value column) and
    within two line heights of a row count; others stay paragraphs.
    """
    if not fragments or not rows:
        return rows, set()
    first_value = min(w["x0"] for _, _, _, values in rows for w in values)
    height = max(1.0, min(line.bottom - line.top for _, line, _, _ in rows))
    extra: dict[int, list[tuple[float, list[dict[str, Any]]]]] = {}
    attached: set[int] = set()
    for index, line, words in fragments:
        if not words or max(w["x1"] for w in words) > first_value:
            continue
        distances = [abs(line.top - row_line.top) for _, row_line, _, _ in rows]
        nearest = min(range(len(rows)), key=lambda k: distances[k])
        if distances[nearest] > 2.2 * height or distances.count(distances[nearest]) > 1:
            continue
        extra.setdefault(nearest, []).append((line.top, words))
        attached.add(index)
    out: list[_Row] = []
    for k, (index, line, labels, values) in enumerate(rows):
        pieces = sorted([*extra.get(k, []), (line.top, labels)], key=lambda item: item[0])
        out.append((index, line, [w for _, words in pieces for w in words], values))
    return out, attached


def _values_start(words: list[dict[str, Any]]) -> int | None:
    """Where the trailing run of value tokens begins, if the line ends in a number."""
    start = len(words)
    while start > 0 and _VALUE.match(words[start - 1]["text"]):
        start -= 1
    values = words[start:]
    if not any(ch.isdigit() for w in values for ch in w["text"]):
        return None
    return start


def _fitting_rows(run: list[_Row]) -> list[_Row]:
    """The rows whose values stand under the columns of the run's full rows (prose ending in a number does not)."""
    strong = [r for r in run if len(r[3]) >= MIN_VALUES]
    if not strong:
        return []
    columns = _columns([(w["x0"], w["x1"]) for _, _, _, values in strong for w in values])
    return [r for r in run if len(r[3]) >= MIN_VALUES or all(
        any(w["x0"] < x1 and w["x1"] > x0 for x0, x1 in columns) for w in r[3])]


def _unruled_part(run: list[_Row], page: int, tidy: Callable[[str], str]) -> Part:
    columns = _columns([(w["x0"], w["x1"]) for _, _, _, values in run for w in values])
    has_label = any(labels for _, _, labels, _ in run)
    left = min(min((w["x0"] for w in labels + values), default=columns[0][0]) for _, _, labels, values in run)
    cells: list[tuple[float, float, float, float, str]] = []
    for r, (_, line, labels, values) in enumerate(run):
        top = line.top
        bottom = run[r + 1][1].top if r + 1 < len(run) else line.bottom
        if has_label:
            cells.append((left, top, columns[0][0], bottom, tidy(" ".join(w["text"] for w in labels))))
        for k, (x0, x1) in enumerate(columns):
            right = columns[k + 1][0] if k + 1 < len(columns) else x1
            text = " ".join(w["text"] for w in values if w["x0"] < x1 and w["x1"] > x0)
            cells.append((x0, top, right, bottom, text))
    return Part(page, run[0][1].top, run[-1][1].bottom, cells)


def _columns(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Merge overlapping horizontal spans of printed values into columns, left to right."""
    columns: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(a, b) for a, b in columns]
