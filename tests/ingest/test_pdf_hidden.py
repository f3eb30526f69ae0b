"""PDF text a person does not see is no part of what is read: white on a white page, invisible (render
mode 3 or 7), too small to read, a raised footnote mark after a figure, and the copies of a glyph printed
twice to look bold.  Text a person does see stays: white on a dark box, the text layer of a scan, a
small figure on its own line, two equal digits side by side.

Every PDF here is read by both engines (XXGK_PDF_ENGINE=compare, tests/conftest.py), so each law holds for
pdfium and pdfplumber alike.
"""

from __future__ import annotations

import pytest

from lint.ingest import pdf

from . import paragraphs
from .pdf_writer import CELL_SIZE, SIZE, _width, pdf_document, show

X, Y = 40, 200  # where the line "申请12件" starts
LABEL = "申请"


def _page(*runs: bytes) -> bytes:
    """One page: a heading line, then whatever ``runs`` draw."""
    return pdf_document(show(X, 260, "一、总体情况") + b"".join(runs), 300)


def _figure_line(after: bytes = b"", text: str = "12", size: float = SIZE, gap: float = SIZE / 2) -> bytes:
    """The line 申请<text>件 with ``after`` drawn right after the figure, in a gap of ``gap`` before 件."""
    at = X + _width(LABEL, size)
    end = at + _width(text, size) + (gap if after else 0)
    return show(X, Y, LABEL, size) + show(at, Y, text, size) + after + show(end, Y, "件", size)


def _lines(data: bytes) -> list[str]:
    return [p.text for p in paragraphs(pdf.extract("report.pdf", data))]


def _end_of_figure(text: str = "12", size: float = SIZE) -> float:
    return X + _width(LABEL, size) + _width(text, size)


def test_a_plain_figure_reads_as_printed() -> None:
    assert _lines(_page(_figure_line())) == ["一、总体情况", "申请12件"]


@pytest.mark.parametrize("how", [b"1 1 1 rg", b"1 g", b"0 0 0 0 k"], ids=["rgb", "gray", "cmyk"])
def test_a_white_digit_on_a_white_page_is_not_read(how: bytes) -> None:
    hidden = show(_end_of_figure(), Y, "9", SIZE, how)
    assert _lines(_page(_figure_line(hidden))) == ["一、总体情况", "申请12件"]


def test_white_text_on_a_dark_box_is_read() -> None:
    box = b"0 0 0.5 rg %g %g 200 20 re f 0 g\n" % (X - 5, Y - 6)
    white = show(X, Y, "申请12件", SIZE, b"1 1 1 rg")
    assert _lines(_page(box, white)) == ["一、总体情况", "申请12件"]


def test_a_white_digit_beside_a_dark_box_is_still_not_read() -> None:
    box = b"0 0 0.5 rg %g %g 20 20 re f 0 g\n" % (X + 300, Y - 6)
    hidden = show(_end_of_figure(), Y, "9", SIZE, b"1 1 1 rg")
    assert _lines(_page(box, _figure_line(hidden))) == ["一、总体情况", "申请12件"]


@pytest.mark.parametrize("mode", [3, 7])
def test_an_invisible_digit_is_not_read(mode: int) -> None:
    hidden = show(_end_of_figure(), Y, "9", SIZE, b"%d Tr" % mode)
    assert _lines(_page(_figure_line(hidden))) == ["一、总体情况", "申请12件"]


@pytest.mark.parametrize("mode", [1, 2])
def test_outlined_text_is_seen_and_read(mode: int) -> None:
    outlined = show(_end_of_figure(), Y, "9", SIZE, b"%d Tr" % mode)
    assert _lines(_page(_figure_line(outlined))) == ["一、总体情况", "申请129件"]


def test_the_invisible_text_layer_of_a_scanned_page_is_its_reading() -> None:
    """A searchable scan prints its recognised text in render mode 3 over the image: that is what the page
    shows, and it is all the page has."""
    layer = show(X, 260, "一、总体情况", SIZE, b"3 Tr") + show(X, Y, "申请12件", SIZE, b"3 Tr")
    assert _lines(pdf_document(layer, 300)) == ["一、总体情况", "申请12件"]


@pytest.mark.parametrize("size", [0.5, 1.5])
def test_a_tiny_digit_is_not_read(size: float) -> None:
    hidden = show(_end_of_figure(), Y, "9", size)
    assert _lines(_page(_figure_line(hidden, gap=size / 2))) == ["一、总体情况", "申请12件"]


def test_a_raised_small_mark_after_a_figure_is_a_footnote_mark_not_a_digit() -> None:
    mark = show(_end_of_figure(), Y + 4, "1", 5)
    assert _lines(_page(_figure_line(mark, gap=2.5))) == ["一、总体情况", "申请12件"]


def test_a_small_figure_on_the_baseline_is_read() -> None:
    """Smaller but not raised (a figure in a smaller font on the same line) is printed text."""
    small = show(_end_of_figure(), Y, "3", 6)
    assert _lines(_page(_figure_line(small, gap=3))) == ["一、总体情况", "申请123件"]


@pytest.mark.parametrize("copies", [[(0.3, 0)], [(0.8, 0)], [(0.25, 0), (0.5, 0)], [(-0.3, 0.2)], [(0, 0)]],
                         ids=["0.3 pt right", "0.8 pt right", "three times", "left and up", "on itself"])
def test_an_overprinted_figure_is_read_once(copies: list[tuple[float, float]]) -> None:
    at = X + _width(LABEL, SIZE)
    bold = b"".join(show(at + dx, Y + dy, "12", SIZE) for dx, dy in copies)
    gap = max(0.0, *(dx for dx, _ in copies))
    assert _lines(_page(_figure_line(bold, gap=gap))) == ["一、总体情况", "申请12件"]


def test_equal_digits_side_by_side_are_both_read() -> None:
    assert _lines(_page(_figure_line(text="11"))) == ["一、总体情况", "申请11件"]
    assert _lines(_page(_figure_line(text="11", size=CELL_SIZE))) == ["一、总体情况", "申请11件"]


def test_white_labels_on_dark_table_cells_are_read_and_a_white_digit_in_a_white_cell_is_not(tmp_path) -> None:
    """Tables often print their header white on a dark fill; Word paints cells on white fills."""
    from lint.engine.sample import clean_report
    from lint.ingest.forms import load_report

    from .pdf_writer import ROW, to_pdf

    report = clean_report()

    def cell(text: str, x: float, y: float) -> bytes:
        fill = b"1 g %g %g %g %g re f 0 g\n" % (x - 2, y - 3, _width(text, CELL_SIZE) + 4, ROW - 2)
        if not text.isdigit():  # a label: white on a dark box
            box = b"0.2 g %g %g %g %g re f 0 g\n" % (x - 2, y - 3, _width(text, CELL_SIZE) + 4, ROW - 2)
            return box + show(x, y, text, CELL_SIZE, b"1 1 1 rg")
        # a figure on Word's white cell fill, with a white digit after it
        return fill + show(x, y, text, CELL_SIZE) + show(x + _width(text, CELL_SIZE), y, "9", CELL_SIZE, b"1 g")

    path = tmp_path / "report.pdf"
    path.write_bytes(to_pdf(report, cell))
    read, _ = load_report(str(path))
    assert read["tables"] == report["tables"]


def test_a_scans_invisible_text_layer_on_its_image_is_read_beside_visible_text() -> None:
    """A searchable scan with a page number stamped in visible text: its layer on the image is still read."""
    image = b"q 500 0 0 80 30 180 cm /Im1 Do Q\n"
    layer = show(X, Y, "申请12件", SIZE, b"3 Tr")
    assert _lines(_page(image, layer)) == ["一、总体情况", "申请12件"]


def test_an_invisible_digit_beside_an_image_is_not_read() -> None:
    image = b"q 20 0 0 20 300 190 cm /Im1 Do Q\n"
    hidden = show(_end_of_figure(), Y, "9", SIZE, b"3 Tr")
    assert _lines(_page(image, _figure_line(hidden))) == ["一、总体情况", "申请12件"]


def test_white_text_on_an_image_is_read() -> None:
    image = b"q 200 0 0 20 35 194 cm /Im1 Do Q\n"
    assert _lines(_page(image, show(X, Y, "申请12件", SIZE, b"1 g"))) == ["一、总体情况", "申请12件"]


def test_a_footnote_mark_of_two_digits_is_left_out_whole() -> None:
    mark = show(_end_of_figure(), Y + 4, "12", 5)
    assert _lines(_page(_figure_line(mark, gap=5))) == ["一、总体情况", "申请12件"]


def test_a_raised_digit_of_the_same_size_is_read() -> None:
    """Only a smaller raised digit is a mark; one of the figure's own size a little higher is printed text."""
    raised = show(_end_of_figure(), Y + 2, "3", SIZE)
    assert _lines(_page(_figure_line(raised, gap=SIZE / 2))) == ["一、总体情况", "申请123件"]


def test_a_digit_in_a_palette_colour_is_read_as_its_colour_not_its_index() -> None:
    """In an Indexed colour space 1 is an entry of the palette (here black), not white."""
    black = show(_end_of_figure(), Y, "3", SIZE, b"/P1 cs 1 sc")
    assert _lines(_page(_figure_line(black))) == ["一、总体情况", "申请123件"]


@pytest.mark.parametrize("hidden", [show(-500, Y, "9", SIZE), show(5000, Y, "9", SIZE),
                                    show(X, 900, "9", SIZE), show(X, -40, "9", SIZE)],
                         ids=["left of the page", "right of the page", "above the page", "below the page"])
def test_a_digit_off_the_page_is_not_read(hidden: bytes) -> None:
    assert _lines(_page(_figure_line(hidden))) == ["一、总体情况", "申请12件"]


# ---------------------------------------------------------------- colour spaces of inks and of ICC profiles


@pytest.mark.parametrize("how", [b"/Spot cs 0 scn", b"/Spot cs 0 sc", b"/Inks cs 0 0 scn"],
                         ids=["spot colour at tint 0", "spot colour at tint 0 (sc)", "two inks both at 0 (DeviceN)"])
def test_a_digit_in_an_ink_colour_that_puts_no_ink_down_is_not_read(how: bytes) -> None:
    hidden = show(_end_of_figure(), Y, "9", SIZE, how)
    assert _lines(_page(_figure_line(hidden))) == ["一、总体情况", "申请12件"]


@pytest.mark.parametrize("how", [b"/Spot cs 1 scn", b"/Spot cs 0.5 scn", b"/Inks cs 1 0 scn", b"/Inks cs 0 0.3 scn"],
                         ids=["spot colour at full tint", "spot colour at half tint", "cyan ink (DeviceN)",
                              "some black ink (DeviceN)"])
def test_a_digit_in_an_ink_colour_that_puts_ink_down_is_read(how: bytes) -> None:
    printed = show(_end_of_figure(), Y, "9", SIZE, how)
    assert _lines(_page(_figure_line(printed))) == ["一、总体情况", "申请129件"]


@pytest.mark.parametrize("how", [b"/Icc1 cs 1 scn", b"/Icc3 cs 1 1 1 scn", b"/Icc4 cs 0 0 0 0 scn"],
                         ids=["one component", "three components", "four components"])
def test_a_white_digit_in_an_icc_based_colour_space_is_not_read(how: bytes) -> None:
    hidden = show(_end_of_figure(), Y, "9", SIZE, how)
    assert _lines(_page(_figure_line(hidden))) == ["一、总体情况", "申请12件"]


def test_a_black_digit_in_an_icc_based_cmyk_space_is_read() -> None:
    printed = show(_end_of_figure(), Y, "9", SIZE, b"/Icc4 cs 0 0 0 1 scn")
    assert _lines(_page(_figure_line(printed))) == ["一、总体情况", "申请129件"]


@pytest.mark.parametrize("how", [b"0 g /Spot cs", b"0 g /Inks cs", b"1 g /DeviceCMYK cs", b"1 g /Spot cs",
                                 b"/Spot cs 0 scn q /DeviceCMYK cs Q /DeviceGray cs"],
                         ids=["spot colour after black", "inks after black", "CMYK after white",
                              "spot colour after white", "a space chosen again after Q"])
def test_a_colour_space_chosen_without_a_colour_prints_its_initial_colour_and_is_read(how: bytes) -> None:
    """``/CS0 cs`` alone sets the space's initial colour (full ink, black): the colour set before it, read
    in the new space, is no colour of the glyph."""
    printed = show(_end_of_figure(), Y, "9", SIZE, how)
    assert _lines(_page(_figure_line(printed))) == ["一、总体情况", "申请129件"]


def test_a_spot_colour_set_before_q_holds_after_q() -> None:
    hidden = show(_end_of_figure(), Y, "9", SIZE, b"/Spot cs 0 scn q 0 g Q")
    assert _lines(_page(_figure_line(hidden))) == ["一、总体情况", "申请12件"]
