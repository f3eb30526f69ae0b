"""The HTML importer: real report pages, pages wrapped in site chrome, encodings and bad input."""

from __future__ import annotations


import pytest

from lint import errors
from lint.errors import InputError
from lint.ingest import html
from lint.ingest.document import Document, Table

from . import loaded_on_import, raised_code, damage, CORPUS, compare_with_truth, find_table, paragraphs, row_with, tables, truth_cell_count

HTML_FILES = ["2019_shanghai_szfbgt.html", "2021_pingtan.html", "2025_pingtan.html"]
SECTION_HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、", "五、", "六、其他需要报告的事项"]


def corpus_bytes(name: str) -> bytes:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {path} not available")
    return path.read_bytes()


def read(name: str) -> Document:
    return html.extract(name, corpus_bytes(name))


def error_code(data: bytes, name: str = "page.html") -> str:
    return raised_code(html.extract, data, name)


# ---------------------------------------------------------------- real pages


@pytest.mark.parametrize("name", HTML_FILES)
def test_corpus_tables_hold_truth_values_in_place(name: str) -> None:
    matched, problems = compare_with_truth(read(name), name)
    assert problems == []
    assert matched == truth_cell_count(name)


@pytest.mark.parametrize("name", HTML_FILES)
def test_corpus_sections_in_reading_order(name: str) -> None:
    doc = read(name)
    texts = [p.text for p in paragraphs(doc)]
    positions = [next(i for i, t in enumerate(texts) if t.startswith(h)) for h in SECTION_HEADINGS]
    assert positions == sorted(positions)
    # the three tables sit under 二, 三 and 四
    order = ["P:" + b.text[:2] if not isinstance(b, Table) else "T" for b in doc.blocks]
    heads = [o for o in order if o in ("P:二、", "P:三、", "P:四、", "P:五、", "T")]
    assert heads == ["P:二、", "T", "P:三、", "T", "P:四、", "T", "P:五、"]


def test_rowspan_and_colspan_expanded_with_merged_marks() -> None:
    table = find_table(read("2019_shanghai_szfbgt.html"), "本年新收")
    note = table.rows[0][0]
    assert note.text.startswith("（本列数据的勾稽关系") and not note.merged
    for r in range(3):
        for c in range(3):
            assert table.rows[r][c].text == note.text
            assert table.rows[r][c].merged == ((r, c) != (0, 0))
    # 三、本年度办理结果 spans the 20 result rows of the 2019 table
    first = next(r for r, row in enumerate(table.rows) if row[0].text == "三、本年度办理结果")
    column = [row[0] for row in table.rows[first:first + 20]]
    assert all(c.text == "三、本年度办理结果" for c in column)
    assert [c.merged for c in column] == [False] + [True] * 19
    # （三）不予公开 spans its 8 sub-rows in the second column
    withheld = [row[1] for row in table.rows if row[1].text == "（三）不予公开"]
    assert len(withheld) == 8 and [c.merged for c in withheld] == [False] + [True] * 7
    # a full-width label: one cell and two merged copies
    received = row_with(table, "本年新收")
    assert [c.merged for c in received[:3]] == [False, True, True]


def test_nbsp_cell_is_blank_and_cells_keep_places() -> None:
    table = find_table(read("2019_shanghai_szfbgt.html"), "本年新收")
    received = row_with(table, "本年新收")
    assert [c.text for c in received[3:]] == ["821", "35", "", "", "2", "1", "859"]
    cell = received[5]
    assert cell.place.table_index == table.place.table_index
    assert (cell.place.row_index, cell.place.col_index) == (table.rows.index(received), 5)
    source = corpus_bytes("2019_shanghai_szfbgt.html").decode("utf-8").splitlines()
    assert "一、本年新收政府信息公开申请数量" in source[received[0].place.line - 1]


def test_line_breaks_inside_cells_are_kept() -> None:
    table = find_table(read("2021_pingtan.html"), "本年新收")
    assert any(c.text == "商业\n企业" for row in table.rows for c in row)


def test_br_separated_lines_are_paragraphs() -> None:
    page = ("<html><body><div><p>一、总体情况<br>第一行<br/>第二行</p>"
            "<p><br />二、主动公开政府信息情况</p></div></body></html>").encode()
    texts = [p.text for p in paragraphs(html.extract("br.html", page))]
    assert texts == ["一、总体情况", "第一行", "第二行", "二、主动公开政府信息情况"]


# ---------------------------------------------------------------- site chrome


def chrome_page(article: str) -> str:
    """A government-site page: header, nav, breadcrumb, a layout table with a sidebar, footer."""
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>年度报告_某某政府门户网站</title>
<script>var menu = "一、总体情况";</script><style>.x{{}}</style></head>
<body>
<div class="header"><img src="logo.png"><span>某某政府门户网站</span>
<nav><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a>政府信息公开年报</a></li></ul></nav>
</div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<table class="layout" width="1000"><tr>
<td class="side" width="200"><div class="box"><h3>相关文章</h3><ul>
<li><a>某某区2020年度政府信息公开工作年度报告</a></li>
<li><a>某某区2019年度政府信息公开工作年度报告</a></li></ul></div></td>
<td class="main">{article}
<div class="tools">【打印本页】【关闭窗口】 浏览次数：1024</div></td>
</tr></table>
<div class="footer"><p>版权所有：某某人民政府办公室　网站标识码：1234567890</p><p>主办单位联系电话：0000-1234567</p></div>
</body></html>"""


def article_of(name: str) -> str:
    text = corpus_bytes(name).decode("utf-8")
    return text[text.index("<article>"):text.index("</article>") + len("</article>")]


def test_body_found_inside_chrome_and_layout_table() -> None:
    name = "2021_pingtan.html"
    wrapped = chrome_page(article_of(name)).encode("utf-8")
    doc = html.extract("wrapped.html", wrapped)
    texts = [p.text for p in paragraphs(doc)]
    assert texts[0] == "平潭综合实验区2021年度政府信息公开工作年度报告"
    assert texts[1].startswith("时间：2022-02-08")
    for chrome in ("首页", "当前位置", "相关文章", "版权所有", "打印本页", "某某区2020年度", "var menu"):
        assert not any(chrome in t for t in texts), chrome
    assert len(tables(doc)) == 3  # the layout table swallowed none of the data tables
    matched, problems = compare_with_truth(doc, name)
    assert problems == [] and matched == truth_cell_count(name)


def test_same_blocks_with_or_without_chrome() -> None:
    name = "2025_pingtan.html"
    plain = read(name)
    wrapped = html.extract("wrapped.html", chrome_page(article_of(name)).encode("utf-8"))
    assert [p.text for p in paragraphs(wrapped)] == [p.text for p in paragraphs(plain)]
    assert [[c.text for c in row] for t in tables(wrapped) for row in t.rows] == \
        [[c.text for c in row] for t in tables(plain) for row in t.rows]


# ---------------------------------------------------------------- encodings

MINI_REPORT = ("<html><head>{meta}</head><body><h1>某局2024年政府信息公开工作年度报告</h1>"
               "<p>一、总体情况</p><p>本机关认真贯彻落实《条例》，全年收到申请3件，其中“喆”字为生僻字。</p>"
               "<p>二、主动公开政府信息情况</p></body></html>")


@pytest.mark.parametrize("meta, encoding", [
    ('<meta charset="gb2312">', "gb18030"),  # declared gb2312 while using a character outside it
    ('<meta http-equiv="Content-Type" content="text/html; charset=GBK">', "gb18030"),
    ("", "gb18030"),  # no declaration: detection
    ('<meta charset="utf-8">', "utf-8"),
    ("", "utf-16"),  # with BOM
])
def test_encodings(meta: str, encoding: str) -> None:
    page = MINI_REPORT.format(meta=meta)
    doc = html.extract("enc.html", page.encode(encoding))
    assert "“喆”" in paragraphs(doc)[2].text
    assert paragraphs(doc)[1].text == "一、总体情况"


def test_wrong_declaration_is_overruled() -> None:
    page = MINI_REPORT.format(meta='<meta charset="utf-8">')  # but saved as GBK
    doc = html.extract("gbk.html", page.encode("gb18030"))
    assert paragraphs(doc)[1].text == "一、总体情况"


def test_a_few_damaged_bytes_do_not_lose_the_page() -> None:
    data = bytearray(corpus_bytes("2021_pingtan.html"))
    middle = data.index("二、主动公开".encode("utf-8")) + 2  # inside a character of 二
    data[middle] = 0xFF
    doc = html.extract("damaged.html", bytes(data))
    assert any("\ufffd" in p.text for p in paragraphs(doc))
    assert len(tables(doc)) == 3


def test_xml_declaration_is_accepted() -> None:
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + MINI_REPORT.format(meta="")
    doc = html.extract("x.xhtml", page.encode("utf-8"))
    assert paragraphs(doc)[1].text == "一、总体情况"
    assert paragraphs(doc)[1].place.line == 2


# ---------------------------------------------------------------- bad input


def test_empty_file() -> None:
    assert error_code(b"") == errors.EMPTY
    assert error_code(b"  \r\n\t ") == errors.EMPTY


def test_binary_junk() -> None:
    junk = bytes(range(256)) * 40
    assert error_code(junk) == errors.UNDECODABLE


def test_error_page_is_not_a_report() -> None:
    page = chrome_page("<div><h1>404</h1><p>抱歉，您访问的页面不存在或已被删除。</p></div>")
    assert error_code(page.encode("utf-8")) == errors.NOT_A_REPORT


def test_page_without_body_text_is_not_a_report() -> None:
    assert error_code(b"<html><head><title>x</title></head><body></body></html>") == errors.NOT_A_REPORT


def test_span_bomb_is_bounded() -> None:
    page = ("<html><body><p>三、收到和处理政府信息公开申请情况</p><table>"
            '<tr><td colspan="100000" rowspan="100000">申请人情况</td></tr><tr><td>1</td></tr>'
            "</table></body></html>").encode()
    table = tables(html.extract("bomb.html", page))[0]
    assert len(table.rows) == 2
    assert max(len(row) for row in table.rows) <= html.MAX_COLSPAN + 1


def test_grid_bomb_is_refused() -> None:
    rows = '<tr><td colspan="200" rowspan="3000">申请人情况</td></tr>' * 3000
    page = f"<html><body><p>三、收到和处理政府信息公开申请情况</p><table>{rows}</table></body></html>"
    assert error_code(page.encode()) == errors.HOSTILE


def test_too_large_page_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "MAX_BYTES", 100)
    assert error_code(MINI_REPORT.format(meta="").encode()) == errors.HOSTILE


def test_importing_does_not_load_the_parser() -> None:
    assert loaded_on_import("lint.ingest.html", "lxml", "bs4") == [False, False]


@pytest.mark.parametrize("seed", range(12))
def test_damaged_copies_raise_only_input_errors(seed: int) -> None:
    try:
        html.extract("damaged", damage(corpus_bytes("2019_shanghai_szfbgt.html"), seed))
    except InputError as exc:
        assert exc.zh and exc.en
