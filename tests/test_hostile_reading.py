"""Hostile input that looks harmless to a person: every form reads what the reader of the document sees.

Each test writes its own file (Markdown, HTML, Word) from the shipped sample report, with one hostile
twist a person does not see or does not read as part of a number: an invisible character in a cell, a
hidden or struck-through or raised figure glued to a printed one, an unclosed ``<embed>``, a huge
embedded image, a cell of thousands of digits, one stray byte.  The figures read must be the figures
printed; what cannot be read is a reading finding; nothing is an internal error.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from lint.engine.sample import clean_report
from lint.ingest.forms import load_report
from lint.run.checker import check_one

from .ingest.docx_factory import build_report_docx
from .ingest.report_text import to_html, to_markdown, to_text

APPEALS = clean_report()["tables"]["appeals"]  # 行政复议 [1, 0, 0, 1, 2] …
#: the printed HTML of 表四's one data row up to 行政复议's 总计 (the cell the tests tamper with)
_HTML_ROW = "<tr><td>1</td><td>0</td><td>0</td><td>1</td><td>2</td>"
INVISIBLE = {"zero-width space": "\u200b", "word joiner": "\u2060", "soft hyphen": "\u00ad",
             "byte-order mark": "\ufeff", "right-to-left mark": "\u200f"}


def _check(engine, path: Path):
    return check_one(engine, str(path)).result


def _codes(result) -> list[str]:
    return [f.code for f in result.findings]


def _balance_or_unread(result) -> list[str]:
    return [f"{f.code} {f.message}" for f in result.findings
            if f.code.startswith("B3") and f.code != "B309" or f.code in ("S110", "E099", "T209")]


def _appeals(path: Path) -> Any:
    report, _ = load_report(str(path))
    return report["tables"].get("appeals")


# ---------------------------------------------------------------- invisible characters (Markdown, text)


def _markdown_with_appeals_row(cells: list[str]) -> str:
    lines = to_markdown(clean_report()).split("\n")
    index = max(i for i, line in enumerate(lines) if line.startswith("|") and "---" not in line)
    lines[index] = "| " + " | ".join(cells) + " |"
    return "\n".join(lines)


def _printed_appeals() -> list[str]:
    return [str(v) for key in ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
            for v in APPEALS[key]]


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_character_alone_in_a_markdown_appeals_cell_is_a_blank_cell(engine, tmp_path, char):
    cells = _printed_appeals()
    cells[2] = char  # 行政复议 其他结果: prints as an empty cell
    path = tmp_path / "r.md"
    path.write_text(_markdown_with_appeals_row(cells), encoding="utf-8")
    assert _appeals(path)["reconsideration"] == [1, 0, None, 1, 2]
    result = _check(engine, path)
    assert _balance_or_unread(result) == []
    assert "T202" in _codes(result)  # the blank is reported as a blank, where it is


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_invisible_characters_glued_to_markdown_figures_change_no_figure(engine, tmp_path, char):
    cells = [f"{char}{v}" if i % 2 else f"{v}{char}" for i, v in enumerate(_printed_appeals())]
    path = tmp_path / "r.md"
    path.write_text(_markdown_with_appeals_row(cells), encoding="utf-8")
    assert _appeals(path) == APPEALS
    assert _balance_or_unread(_check(engine, path)) == []


MARKDOWN_HIDDEN = {
    "inline display:none": '2<span style="display:none">9</span>',
    "inline hidden attribute": "2<span hidden>9</span>",
    "inline superscript": "2<sup>1</sup>",
    "inline struck <s>": "<s>5</s>2",
    "inline <del>": "<del>5</del>2",
    "GFM ~~strikethrough~~": "~~5~~2",
    "comment": "2<!-- 9 -->",
    "hidden around a shown element": '<span hidden><b>9</b></span>2',
}


@pytest.mark.parametrize("cell", MARKDOWN_HIDDEN.values(), ids=MARKDOWN_HIDDEN.keys())
def test_what_a_markdown_viewer_does_not_show_is_no_part_of_a_figure(engine, tmp_path, cell):
    cells = _printed_appeals()
    cells[4] = cell  # 行政复议 总计, printed 2
    path = tmp_path / "r.md"
    path.write_text(_markdown_with_appeals_row(cells), encoding="utf-8")
    assert _appeals(path)["reconsideration"] == [1, 0, 0, 1, 2]
    assert _balance_or_unread(_check(engine, path)) == []


def test_an_invisible_character_alone_in_a_text_cell_is_a_blank_cell(tmp_path):
    from lint.ingest.text import extract

    doc = extract("t.txt", "\t规章\n\t\u200b\n\t3\n".encode("utf-8"))
    [table] = [block for block in doc.blocks if hasattr(block, "rows")]
    assert [cell.text for cell in table.rows[0]] == ["规章", "", "3"]


# ---------------------------------------------------------------- what a web page shows


HIDDEN_HTML = {
    "display:none": '2<span style="display:none">9</span>',
    "display: none !important": '2<span style="display: none !important;">9</span>',
    "visibility:hidden": '2<span style="visibility:hidden">9</span>',
    "hidden attribute": '2<span hidden>9</span>',
    "aria-hidden": '2<i aria-hidden="true">9</i>',
    "superscript": '2<sup>1</sup>',
    "subscript": '2<sub>1</sub>',
    "vertical-align:super": '2<span style="vertical-align:super">1</span>',
    "struck <s>": '<s>5</s>2',
    "struck <strike>": '<strike>5</strike>2',
    "deleted <del>": '<del>5</del>2',
    "line-through": '<span style="text-decoration:line-through">5</span>2',
    "white font": '2<font color="#FFFFFF">9</font>',
    "white css": '2<span style="color:white">9</span>',
    "white rgb": '2<span style="color: rgb(255, 255, 255)">9</span>',
    "transparent": '2<span style="color:rgba(0,0,0,0)">9</span>',
    "zero size": '2<span style="font-size:0">9</span>',
    "one pixel": '2<span style="font-size:1px">9</span>',
    "opacity": '2<span style="opacity:0">9</span>',
    "template": '2<template>9</template>',
    "noscript": '2<noscript>9</noscript>',
    "ruby text": '<ruby>2<rt>9</rt></ruby>',
    "ruby parentheses": '<ruby>2<rp>(</rp><rt>9</rt><rp>)</rp></ruby>',
    "positioned off the page": '2<span style="position:absolute;left:-9999px">9</span>',
    "positioned off the top, in em": '2<span style="position: fixed; top: -100em">9</span>',
    "indented off the page": '2<span style="display:block;text-indent:-9999px">9</span>',
    "clipped to nothing": '2<span style="position:absolute;clip:rect(0,0,0,0)">9</span>',
    "clipped to one pixel": '2<span style="position:absolute;clip:rect(1px 1px 1px 1px)">9</span>',
    "clip-path inset": '2<span style="clip-path:inset(50%)">9</span>',
    "no width, overflow hidden": '2<span style="display:inline-block;width:0;overflow:hidden">9</span>',
    "one pixel high, overflow hidden": '2<span style="display:inline-block;height:1px;overflow:hidden">9</span>',
    "scaled to nothing": '2<span style="display:inline-block;transform:scale(0)">9</span>',
    "font shorthand of size 0": '2<span style="font:0/0 a">9</span>',
    "white in hsl": '2<span style="color:hsl(0, 0%, 100%)">9</span>',
    "dialog not open": '2<dialog>9</dialog>',
    "noembed": '2<noembed>9</noembed>',
    "noframes": '2<noframes>9</noframes>',
    "class rule of the page": '2<span class="hide">9</span>',
    "class rule with its tag": '2<em class="x nb">9</em>',
}


def _html_with_total(markup: str, cell: str | None = None) -> str:
    page = to_html(clean_report())
    assert _HTML_ROW in page
    page = page.replace("</head>", "<style>.hide{display:none} em.nb { font-size: 0 }</style></head>")
    return page.replace(_HTML_ROW, _HTML_ROW[:-len("<td>2</td>")] + (cell or "<td>{}</td>").format(markup))


@pytest.mark.parametrize("markup", HIDDEN_HTML.values(), ids=HIDDEN_HTML.keys())
def test_hidden_struck_and_raised_text_is_no_part_of_a_web_page_figure(engine, tmp_path, markup):
    path = tmp_path / "r.html"
    path.write_text(_html_with_total(markup), encoding="utf-8")
    assert _appeals(path)["reconsideration"] == [1, 0, 0, 1, 2]
    assert _balance_or_unread(_check(engine, path)) == []


#: styles that move, size or colour text without hiding it: the figure reads as printed, 29
SEEN_HTML = {
    "positioned on the page": '2<span style="position:absolute;left:10px">9</span>',
    "positioned a little left": '2<span style="position:relative;left:-4px">9</span>',
    "indented": '2<span style="text-indent:2em">9</span>',
    "overflow hidden, wide enough": '2<span style="display:inline-block;width:40px;overflow:hidden">9</span>',
    "clipped to a box": '2<span style="position:absolute;clip:rect(0,100px,20px,0)">9</span>',
    "scaled up": '2<span style="display:inline-block;transform:scale(1.5)">9</span>',
    "black in hsl": '2<span style="color:hsl(0, 0%, 0%)">9</span>',
    "red in hsl": '2<span style="color:hsl(0, 100%, 50%)">9</span>',
    "font shorthand": '2<span style="font:bold 14px sans-serif">9</span>',
    "open dialog": '2<dialog open>9</dialog>',
}


@pytest.mark.parametrize("markup", SEEN_HTML.values(), ids=SEEN_HTML.keys())
def test_text_moved_sized_or_coloured_but_in_sight_is_read_as_printed(tmp_path, markup):
    path = tmp_path / "r.html"
    path.write_text(_html_with_total(markup), encoding="utf-8")
    assert _appeals(path)["reconsideration"][4] in (29, "2\n9")


def test_white_text_on_a_dark_cell_is_seen(tmp_path):
    path = tmp_path / "r.html"
    path.write_text(_html_with_total('<span style="color:#fff">2</span>', '<td bgcolor="#003366">{}</td>'),
                    encoding="utf-8")
    assert _appeals(path)["reconsideration"] == [1, 0, 0, 1, 2]


def test_a_cell_the_browser_does_not_lay_out_takes_no_column(tmp_path):
    path = tmp_path / "r.html"
    path.write_text(_html_with_total("2", '<td style="display:none">9</td><td>{}</td>'), encoding="utf-8")
    assert _appeals(path)["reconsideration"] == [1, 0, 0, 1, 2]


def test_narrative_reads_the_figures_printed_not_the_hidden_ones(tmp_path):
    page = to_html(clean_report())
    at = page.index("<p><strong>二、")
    sentence = ('<p>本年共收到政府信息公开申请1<span style="display:none">9</span>6件，'
                '其中予以公开8<sup>注</sup><sup>1</sup>件，<s>3</s>2件部分公开。</p>')
    path = tmp_path / "r.html"
    path.write_text(page[:at] + sentence + page[at:], encoding="utf-8")
    read, _ = load_report(str(path))
    assert "本年共收到政府信息公开申请16件，其中予以公开8件，2件部分公开。" in read["sections"]["overview"]["text"]


@pytest.mark.parametrize("tag", ['<embed src="video.swf">', "<embed>", '<EMBED SRC="a.swf" width=400>'])
def test_an_unclosed_embed_does_not_swallow_the_rest_of_the_page(engine, tmp_path, tag):
    page = to_html(clean_report())
    at = page.index("<p><strong>五、")
    path = tmp_path / "r.html"
    path.write_text(page[:at] + tag + page[at:], encoding="utf-8")
    result = _check(engine, path)
    assert "S101" not in _codes(result)
    read, _ = load_report(str(path))
    assert {"problems", "other"} <= set(read["sections"])


def test_an_embedded_image_over_ten_megabytes_does_not_hide_the_report(engine, tmp_path):
    page = to_html(clean_report())
    at = page.index("<p><strong>一、")
    image = '<p><img alt="图" src="data:image/png;base64,' + "iVBORw0KGgo" * (1024 * 1024) + '"></p>'
    path = tmp_path / "r.html"
    path.write_text(page[:at] + image + page[at:], encoding="utf-8")
    result = _check(engine, path)
    assert "E006" not in _codes(result) and "S101" not in _codes(result)
    assert _appeals(path) == APPEALS


BIG = 11 * 1024 * 1024
HUGE_NODES = {
    "inline script data": "<script>var data = '" + "A" * BIG + "';</script>",
    "style sheet without braces": "<style>/*" + "A" * BIG + "*/</style>",
    "attribute": '<div data-blob="' + "A" * BIG + '">图</div>',
    "text": "<p>" + "附" * (BIG // 3) + "</p>",
}


@pytest.mark.parametrize("node", HUGE_NODES.values(), ids=HUGE_NODES.keys())
def test_one_node_over_ten_megabytes_does_not_hide_the_rest_of_the_page(engine, tmp_path, node):
    page = to_html(clean_report())
    at = page.index("<p><strong>一、")
    path = tmp_path / "r.html"
    path.write_text(page[:at] + node + page[at:], encoding="utf-8")
    assert not [c for c in _codes(_check(engine, path)) if c.startswith(("E0", "S101"))]
    assert _appeals(path) == APPEALS


def test_nesting_deeper_than_the_parser_reads_is_said_not_called_no_report(engine, tmp_path):
    page = to_html(clean_report())
    at = page.index("<p><strong>一、")
    path = tmp_path / "r.html"
    path.write_text(page[:at] + "<div>" * 400 + page[at:], encoding="utf-8")
    [finding] = _check(engine, path).findings
    assert finding.code == "E005" and "嵌套超过" in finding.message
    assert finding.location.line == page[:at].count("\n") + 1


# ---------------------------------------------------------------- what Word prints


def _docx_with_total_run(tmp_path: Path, add) -> Path:
    import docx

    base = build_report_docx(tmp_path / "base.docx", appeals=copy.deepcopy(APPEALS), year=2024)
    document = docx.Document(str(base))
    cell = document.tables[2].cell(3, 4)  # 表四: 行政复议 总计, printed 2
    assert cell.text == "2"
    add(document, cell.paragraphs[0])
    out = tmp_path / "r.docx"
    document.save(str(out))
    return out


def _run(**font):
    def add(document, paragraph):
        run = paragraph.add_run("9")
        for name, value in font.items():
            if name == "color":
                run.font.color.rgb = value
            else:
                setattr(run.font, name, value)
    return add


def _raw(xml: str):
    def add(document, paragraph):
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        paragraph._p.append(parse_xml(xml.replace("<w:r>", f'<w:r {nsdecls("w")}>', 1)))
    return add


def _styled(document, paragraph):
    from docx.enum.style import WD_STYLE_TYPE

    style = document.styles.add_style("批注隐藏", WD_STYLE_TYPE.CHARACTER)
    style.font.hidden = True
    paragraph.add_run("9", style="批注隐藏")


def _paragraph_styled(document, paragraph):
    from docx.enum.style import WD_STYLE_TYPE

    style = document.styles.add_style("隐藏段落", WD_STYLE_TYPE.PARAGRAPH)
    style.font.hidden = True
    hidden = paragraph._parent.add_paragraph("9", style="隐藏段落")  # a hidden line under the figure
    assert hidden.text == "9"


def _docx_cases():
    from docx.shared import Pt, RGBColor

    return {
        "hidden run (w:vanish)": _run(hidden=True),
        "struck run (w:strike)": _run(strike=True),
        "double-struck run (w:dstrike)": _run(double_strike=True),
        "white run": _run(color=RGBColor(0xFF, 0xFF, 0xFF)),
        "one-point run": _run(size=Pt(1)),
        "superscript run": _run(superscript=True),
        "footnote reference with a custom mark": _raw(
            '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            '<w:footnoteReference w:customMarkFollows="1" w:id="1"/><w:t>1</w:t></w:r>'),
        "text in the footnote reference style": _raw(
            '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:t>1</w:t></w:r>'),
        "endnote reference with a custom mark": _raw(
            '<w:r><w:endnoteReference w:customMarkFollows="1" w:id="2"/><w:t>*1</w:t></w:r>'),
        "raised run (w:position)": _raw('<w:r><w:rPr><w:position w:val="6"/><w:sz w:val="12"/></w:rPr><w:t>1</w:t></w:r>'),
        "lowered run (w:position)": _raw('<w:r><w:rPr><w:position w:val="-4"/></w:rPr><w:t>1</w:t></w:r>'),
        "ruby text": _raw('<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>9</w:t></w:r></w:rt>'
                          '<w:rubyBase><w:r><w:t></w:t></w:r></w:rubyBase></w:ruby></w:r>'),
        "a character style that hides its text": _styled,
        "a paragraph style that hides its text": _paragraph_styled,
    }


@pytest.mark.parametrize("case", list(_docx_cases()))
def test_hidden_struck_white_tiny_and_mark_runs_are_no_part_of_a_word_figure(engine, tmp_path, case):
    path = _docx_with_total_run(tmp_path, _docx_cases()[case])
    assert _appeals(path)["reconsideration"] == [1, 0, 0, 1, 2]
    assert _balance_or_unread(_check(engine, path)) == []


def test_white_text_in_a_shaded_word_cell_is_seen(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import RGBColor

    def add(document, paragraph):
        paragraph.runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        cell = document.tables[2].cell(3, 4)
        cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:fill="1F3864"/>'))
    assert _appeals(_docx_with_total_run(tmp_path, add))["reconsideration"] == [1, 0, 0, 1, 2]


# ---------------------------------------------------------------- cells no count can be


@pytest.mark.parametrize("digits", [4301, 5000])
@pytest.mark.parametrize("form", ["md", "html", "txt"])
def test_a_cell_of_thousands_of_digits_is_one_unreadable_cell(engine, tmp_path, digits, form):
    report = clean_report()
    report["tables"]["appeals"]["reconsideration"][4] = "1" * digits
    path = tmp_path / f"r.{form}"
    path.write_text({"md": to_markdown, "html": to_html, "txt": to_text}[form](report), encoding="utf-8")
    result = _check(engine, path)
    unread = [f for f in result.findings if f.code == "T209"]
    assert [f.location.pointer for f in unread] == ["/tables/appeals/reconsideration/4"]
    assert unread[0].origin == "reading" and f"{digits} 位" in unread[0].message
    assert "E099" not in _codes(result) and "T204" not in _codes(result)
    read, _ = load_report(str(path))
    assert read["tables"]["applications"] == report["tables"]["applications"]  # the rest is read


def test_two_numbers_in_one_cell_are_never_joined_into_one(engine, tmp_path):
    report = clean_report()
    path = tmp_path / "r.html"
    path.write_text(to_html(report).replace("<td>16</td>", "<td>1<br>6</td>", 1), encoding="utf-8")
    result = _check(engine, path)
    read, _ = load_report(str(path))
    assert 16 not in (read["tables"]["applications"].get("new_received") or [])
    assert [f.origin for f in result.findings if f.code == "T209"] == ["reading"]


@pytest.mark.parametrize("table,printed,pointer", [
    ("表四", "<td>2</td>", "/tables/appeals/reconsideration/4"),
    ("表二", "<td>120</td>", "/tables/proactive/licensing/decisions"),
])
def test_two_numbers_in_one_grid_cell_leave_that_cell_alone_unread(engine, tmp_path, table, printed, pointer):
    report = clean_report()
    page = to_html(report)
    at = page.index(_HTML_ROW) + len(_HTML_ROW) - len(printed) if table == "表四" else page.index(printed)
    path = tmp_path / "r.html"
    path.write_text(page[:at] + page[at:].replace(printed, "<td>2<br>9</td>", 1), encoding="utf-8")
    result = _check(engine, path)
    assert [(f.location.pointer, f.origin) for f in result.findings if f.code in ("T209", "S110")] == \
        [(pointer, "reading")]
    read, _ = load_report(str(path))
    key = pointer.split("/")[2]
    rest = {k: v for k, v in read["tables"][key].items() if not pointer.startswith(f"/tables/{key}/{k}/")}
    assert rest == {k: v for k, v in report["tables"][key].items() if k in rest} and len(rest) >= 2


# ---------------------------------------------------------------- one bad byte


@pytest.mark.parametrize("form", ["md", "txt", "html"])
def test_one_stray_byte_in_a_utf8_file_is_replaced_and_said(engine, tmp_path, form):
    report = clean_report()
    text = to_html(report).replace("<meta charset='utf-8'>", "") if form == "html" else to_markdown(report)
    data = text.encode("utf-8")
    at = data.index("六、".encode("utf-8"))
    path = tmp_path / f"r.{form}"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    result = _check(engine, path)
    said = [f for f in result.findings if f.code == "E017"]
    assert len(said) == 1 and said[0].severity.label == "info" and said[0].origin == "reading"
    line = data[:at].count(b"\n") + 1
    assert said[0].location.line == line and f"第 {line} 行" in said[0].message
    assert not [f for f in result.findings if f.code.startswith("E0") and f.code not in ("E015", "E017")]
    read, _ = load_report(str(path))
    assert read["tables"]["appeals"] == APPEALS and "other" in read["sections"]


def test_a_stray_byte_in_a_page_that_declares_its_charset_is_said_too(engine, tmp_path):
    page = to_html(clean_report()).replace("<meta charset='utf-8'>", "<meta charset='gb2312'>")
    data = page.encode("gb18030")
    at = data.index("六、".encode("gb18030"))
    path = tmp_path / "r.html"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    said = [f for f in _check(engine, path).findings if f.code == "E017"]
    assert [f.location.line for f in said] == [data[:at].count(b"\n") + 1]
    assert _appeals(path) == APPEALS


def test_a_gb18030_file_is_not_taken_for_damaged_utf8(tmp_path):
    path = tmp_path / "r.md"
    path.write_bytes(to_markdown(clean_report()).encode("gb18030"))
    read, _ = load_report(str(path))
    assert "replaced_bytes" not in read and read["tables"]["appeals"] == APPEALS
