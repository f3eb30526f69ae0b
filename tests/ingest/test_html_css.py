"""What a page's own style sheets hide is no part of a figure, and what they show is read.

Each test writes the shipped sample report as a web page with one ``<style>`` sheet and one hostile
twist in 表四's 行政复议 总计 cell (printed 2): a digit the sheet hides glued to the figure, or a
figure a rule that does not apply on a screen would hide.  The sheet is read as a desktop browser
cascades it (lint.ingest.html_css): any selector, ``!important``, specificity, order, ``@media``.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from lint.engine.sample import clean_report
from lint.ingest.forms import load_report

from .report_text import to_html

#: 表四's data row up to 行政复议's 总计 (the cell the tests write)
_ROW = "<tr><td>1</td><td>0</td><td>0</td><td>1</td><td>2</td>"
PRINTED = [1, 0, 0, 1, 2]


def _reconsideration(tmp_path: Path, sheet: str, cell: str) -> list:
    page = to_html(clean_report())
    assert _ROW in page
    page = page.replace("</head>", f"<style>{sheet}</style></head>")
    path = tmp_path / "r.html"
    path.write_text(page.replace(_ROW, _ROW[:-len("<td>2</td>")] + cell), encoding="utf-8")
    report, _ = load_report(str(path))
    return report["tables"]["appeals"]["reconsideration"]


HIDDEN = {
    "id": ("#n9 { display: none }", '<td>2<span id="n9">9</span></td>'),
    "tag": ("u { visibility: hidden }", "<td>2<u>9</u></td>"),
    "descendant of a tag": ("td b { font-size: 0 }", "<td>2<b>9</b></td>"),
    "descendant of a class": (".x .y { display: none }", '<td>2<span class="x"><i class="y">9</i></span></td>'),
    "child": ("td > q { color: transparent }", "<td>2<q>9</q></td>"),
    "grouped": (".none, .g { display: none }", '<td>2<span class="g">9</span></td>'),
    "attribute present": ("[data-h] { display: none }", "<td>2<span data-h>9</span></td>"),
    "attribute word": ("span[class~=k] { opacity: 0 }", '<td>2<span class="a k">9</span></td>'),
    "hidden attribute selector": ("[hidden] { display: none }", "<td>2<span hidden>9</span></td>"),
    "!important over the element's own style": (".imp { display: none !important }",
                                                 '<td>2<span class="imp" style="display:inline">9</span></td>'),
    "a more specific earlier rule over a later one": ("#n9 { display: none } span { display: inline }",
                                                      '<td>2<span id="n9">9</span></td>'),
    "@media screen": ("@media screen { .s { display: none } }", '<td>2<span class="s">9</span></td>'),
    "@media only screen and a desktop width": ("@media only screen and (min-width: 768px) { .s { color: #fff } }",
                                               '<td>2<span class="s">9</span></td>'),
    "@supports": ("@supports (display: grid) { .s { display: none } }", '<td>2<span class="s">9</span></td>'),
    "struck through by a sheet": ("td .w { text-decoration: line-through }", '<td>2<em class="w">9</em></td>'),
    "a cell that takes no place": ("tr > td.gone { display: none }", '<td class="gone">9</td><td>2</td>'),
    "a brace in a string": ('.s { content: "}"; display: none }', '<td>2<span class="s">9</span></td>'),
}


@pytest.mark.parametrize("case", list(HIDDEN))
def test_text_a_style_sheet_hides_is_no_part_of_a_figure(tmp_path, case):
    sheet, cell = HIDDEN[case]
    assert _reconsideration(tmp_path, sheet, cell) == PRINTED


SHOWN = {
    "@media print": ("@media print { .p { display: none } }", '<td><span class="p">2</span></td>'),
    "style media=print": ("</style><style media='print'>.p { display: none }", '<td><span class="p">2</span></td>'),
    "@media for a phone": ("@media screen and (max-width: 600px) { .p { display: none } }",
                           '<td><span class="p">2</span></td>'),
    "@media not screen": ("@media not screen { .p { display: none } }", '<td><span class="p">2</span></td>'),
    "a later, more specific rule that shows": ("span.h { display: none } td span.h.v { display: inline }",
                                               '<td><span class="h v">2</span></td>'),
    "the element's own style over a sheet's": (".h { display: none }",
                                                '<td><span class="h" style="display:inline">2</span></td>'),
    "white on a cell the sheet paints dark": (".dark { background-color: #003366 } .w { color: #fff }",
                                              '<td class="dark"><span class="w">2</span></td>'),
    "a pseudo-element": ("span::before { display: none }", "<td><span>2</span></td>"),
    "a hover state": ("span:hover { display: none }", "<td><span>2</span></td>"),
    "a rule nested in a rule": ("td { .p { display: none } }", '<td><span class="p">2</span></td>'),
}


@pytest.mark.parametrize("case", list(SHOWN))
def test_what_a_screen_shows_is_read(tmp_path, case):
    sheet, cell = SHOWN[case]
    assert _reconsideration(tmp_path, sheet, cell) == PRINTED


def test_selectors_that_do_not_parse_are_skipped_and_the_rest_are_read(tmp_path):
    sheet = ("td:::bad { display: none } ]][[ { color: #fff } a[ { display: none } span:nth-child(x) { display:none }"
             " :unknown-pseudo(1) { display: none } .h { display: none } @media screen { p { color: red } ")
    assert _reconsideration(tmp_path, sheet, '<td>2<span class="h">9</span></td>') == PRINTED


def test_an_invalid_selector_drops_its_whole_rule_as_a_browser_does(tmp_path):
    assert _reconsideration(tmp_path, ".p, td:::bad { display: none }", '<td><span class="p">2</span></td>') == PRINTED


@pytest.mark.parametrize("rule", [".c{n} {{ display: none }}", "td span {{ color: #fff }} .c{n} {{ color: red }}",
                                  "* {{ color: #00{n:04d} }}"],
                         ids=["many hiding rules", "many rules of a tag", "many rules for every element"])
def test_a_sheet_of_a_hundred_thousand_rules_is_read_in_seconds(tmp_path, rule):
    sheet = "#n9 { display: none }" + "".join(rule.format(n=n % 10_000) for n in range(100_000))
    started = time.perf_counter()
    got = _reconsideration(tmp_path, sheet, '<td>2<span id="n9">9</span></td>')
    assert time.perf_counter() - started < 10
    assert got == PRINTED


def test_only_the_first_rules_of_a_huge_sheet_are_honoured():
    """The bound is on work, not on correctness of the first rules: a page's real rules come first."""
    from lxml import html

    from lint.ingest import html_css

    many = html_css.MAX_SELECTORS + 10
    sheet = "".join(f".c{n} {{ display: none }}" for n in range(many))
    assert len(list(html_css.style_rules(sheet))) == many
    root = html.document_fromstring("<p>" + "".join(f'<span class="c{n}">9</span>' for n in range(many)) + "</p>")
    assert len(list(html_css._selectors([sheet], root))) == html_css.MAX_SELECTORS
    assert len(list(html_css._selectors([sheet[:100], sheet], root))) == html_css.MAX_SELECTORS  # all sheets


@pytest.mark.parametrize("query,applies", [
    ("screen", True), ("all", True), ("print", False), ("speech", False), ("not print", True),
    ("screen, print", True), ("(min-width: 1024px)", True), ("(max-width: 767px)", False),
    ("screen and (max-width: 40em)", False), ("(width >= 600px)", True), ("(prefers-color-scheme: dark)", False),
    ("(orientation: landscape)", True), ("(min-resolution: 2dppx)", False), ("", True),
])
def test_a_media_query_holds_as_on_a_desktop_screen(query, applies):
    from lint.ingest.html_css import media_applies

    assert media_applies(query) is applies
