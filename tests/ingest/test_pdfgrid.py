"""Table parts joined across page breaks, and unruled rows whose labels wrapped: small synthetic grids."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from hypothesis import given
from hypothesis import strategies as st

from lint.ingest.document import Table
from lint.ingest.pdfgrid import Part, join_tables, to_blocks
from lint.ingest.pdfunruled import unruled_tables


def _part(page: int, rows: list[list[str]], top: float = 100.0) -> Part:
    cells = [(c * 40.0, top + r * 20.0, (c + 1) * 40.0, top + (r + 1) * 20.0, text)
             for r, row in enumerate(rows) for c, text in enumerate(row)]
    return Part(page, top, top + 20.0 * len(rows), cells)


def _texts(parts: list[Part]) -> list[list[str]]:
    table = next(b for b in to_blocks(join_tables(parts)) if isinstance(b, Table))
    return [[cell.text for cell in row] for row in table.rows]


def test_a_row_cut_by_the_page_break_is_one_row_again():
    first = _part(3, [["（三）不予公开", "1.属于国家秘", "0", "2"]])
    second = _part(4, [["", "密", "", ""], ["", "2.其他法律行政法规禁止公开", "1", "0"]])
    # on the new page the category cell goes on down both rows: one tall cell
    second.cells = [c for c in second.cells if c[0] != 0.0] + [(0.0, 100.0, 40.0, 140.0, "开")]
    assert _texts([first, second]) == [["（三）不予公开\n开", "1.属于国家秘\n密", "0", "2"],
                                      ["（三）不予公开\n开", "2.其他法律行政法规禁止公开", "1", "0"]]


def test_a_new_row_at_the_top_of_the_page_is_not_joined_to_the_row_above():
    first = _part(3, [["1.属于国家秘密", "0", "2"]])
    # numbered: a row of its own even though its numbers are blank
    second = _part(4, [["2.其他法律行政法规禁止公开", "", ""], ["3.危及“三安全一稳定”", "1", "0"]])
    assert [row[0] for row in _texts([first, second])] == ["1.属于国家秘密", "2.其他法律行政法规禁止公开",
                                                           "3.危及“三安全一稳定”"]


def test_a_merged_cell_cut_by_the_page_break_still_continues():
    first = _part(3, [["（四）无法提供", "1.本机关不掌握相关政府信息", "4"]])
    second = _part(4, [["", "2.没有现成信息需要另行制作", "0"]])
    assert _texts([first, second])[1] == ["（四）无法提供", "2.没有现成信息需要另行制作", "0"]


@dataclass
class _Line:
    text: str
    top: float
    bottom: float


def _entry(text: str, top: float, x: float = 10.0) -> tuple[_Line, Callable[[], list[dict]]]:
    words, position = [], x
    for word in text.split(" "):
        words.append({"text": word, "x0": position, "x1": position + 10.0 * len(word)})
        position += 10.0 * len(word) + 40.0 if word.isdigit() or position > x else 10.0 * len(word) + 60.0
    return _Line(text, top, top + 10.0), lambda: words


def test_label_lines_that_wrapped_out_of_an_unruled_row_join_its_label():
    entries = [_entry("规章 1 0 5", 0), _entry("行政规", 18), _entry("范性文 12 3 40", 30), _entry("件", 42),
               _entry("第二十条第（五）项", 70)]
    parts, used = unruled_tables(entries, 1, lambda text: text.replace(" ", ""))
    assert used == {0, 1, 2, 3}  # the caption below the table stays a paragraph
    labels = [cell[4] for cell in parts[0].cells if cell[0] == 10.0]
    assert labels == ["规章", "行政规范性文件"]


def test_a_line_of_prose_has_no_words_made_and_reads_as_before():
    def unasked() -> list[dict]:
        raise AssertionError("the words of a line without a digit that is no label part were made")

    prose = _Line("本机关严格按照条例要求，认真做好政府信息公开工作，进一步提升公开质量和实效。", 100, 110)
    entries = [_entry("规章 1 0 5", 0), _entry("行政规范性文件 12 3 40", 18), (prose, unasked)]
    parts, used = unruled_tables(entries, 1, lambda text: text.replace(" ", ""))
    assert used == {0, 1}
    assert [cell[4] for cell in parts[0].cells if cell[0] == 10.0] == ["规章", "行政规范性文件"]


@given(st.lists(st.floats(-1000, 1000, allow_nan=False), min_size=2, max_size=30),
       st.floats(-1200, 1200, allow_nan=False), st.sampled_from([0.0, 3.0]))
def test_a_coordinate_goes_to_its_nearest_boundary_the_first_of_two_as_near(values, value, tolerance) -> None:
    from lint.ingest.pdfgrid import _index, boundaries

    bounds = boundaries(values, tolerance)
    nearest = min(range(len(bounds)), key=lambda i: abs(bounds[i] - value))
    assert _index(bounds, value) == nearest
    for bound in bounds:  # a boundary itself, and a point midway between two
        assert _index(bounds, bound) == bounds.index(bound)
    for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
        middle = (a + b) / 2
        expected = min(range(len(bounds)), key=lambda i: abs(bounds[i] - middle))
        assert _index(bounds, middle) == expected
