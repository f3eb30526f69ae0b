"""The plain-text extractor: paragraphs with places, tab-indented runs as table grids."""

from __future__ import annotations

import pytest

from lint import errors
from lint.errors import InputError
from lint.ingest.text import extract

from . import corpus_file, seed_file, tables, paragraphs, texts


def doc_of(text: str):
    return extract("t.txt", text.encode("utf-8"))


def test_paragraphs_keep_line_and_column():
    doc = doc_of("标题\n\n  一、总体情况\n正文第一行")
    found = [(p.text, p.place.line, p.place.column) for p in paragraphs(doc)]
    assert found == [("标题", 1, 1), ("一、总体情况", 3, 3), ("正文第一行", 4, 1)]
    assert doc.kind == "text"


def test_crlf_line_numbers_match_the_file():
    doc = doc_of("第一行\r\n\r\n第三行\r\n")
    assert [(p.text, p.place.line) for p in paragraphs(doc)] == [("第一行", 1), ("第三行", 3)]


def test_tab_lines_make_rows_split_by_blank_lines():
    doc = doc_of("二、主动公开\n\n\t信息内容\n\t本年制发件数\n\n\t规章\n\t0\n\t\n\t3\n\n\n三、收到")
    [table] = tables(doc)
    assert [texts(row) for row in table.rows] == [["信息内容", "本年制发件数"], ["规章", "0", "", "3"]]
    # the tab-only line is a blank (merged or empty) cell, kept in its place
    blank = table.rows[1][2]
    assert (blank.text, blank.place.line) == ("", 8)
    assert table.rows[1][3].place.line == 9 and table.rows[1][3].place.column == 2
    assert [p.text for p in paragraphs(doc)] == ["二、主动公开", "三、收到"]


def test_wrapped_cell_tail_is_joined_back():
    text = "\t结果维持\n\t总计\n\t结果\n\n维持\n\t结果纠正\n\n\t0\n"
    [table] = tables(doc_of(text))
    assert texts(table.rows[0]) == ["结果维持", "总计", "结果\n\n维持", "结果纠正"]
    assert texts(table.rows[1]) == ["0"]


def test_heading_after_table_is_not_a_cell_tail():
    text = "\t规章\n\t0\n\n\n四、政府信息公开行政复议、行政诉讼情况\n\t行政复议\n"
    doc = doc_of(text)
    assert [texts(t.rows[0]) for t in tables(doc)] == [["规章", "0"], ["行政复议"]]
    assert [p.text for p in paragraphs(doc)] == ["四、政府信息公开行政复议、行政诉讼情况"]


def test_sentence_between_tab_lines_is_not_a_tail():
    text = "\t规章\n\t0\n本表数据截至年底，共计。\n\t1\n"
    doc = doc_of(text)
    assert len(tables(doc)) == 2
    assert [p.text for p in paragraphs(doc)] == ["本表数据截至年底，共计。"]


def test_tab_separated_line_is_one_row_of_cells():
    [table] = tables(doc_of("规章\t0\t1\t2\n"))
    assert texts(table.rows[0]) == ["规章", "0", "1", "2"]
    assert [c.place.column for c in table.rows[0]] == [1, 4, 6, 8]


def test_empty_file_is_an_input_error():
    with pytest.raises(InputError) as caught:
        extract("empty.txt", b"\n\n")
    assert caught.value.code == errors.EMPTY


def test_seed_000_tables_keep_their_shape():
    path = seed_file("000")
    doc = extract(str(path), path.read_bytes())
    found = tables(doc)
    assert len(found) == 3  # 表二, 表三, 表四
    appeals = found[2]
    assert texts(appeals.rows[0]) == ["行政复议", "行政诉讼"]
    assert "结果\n\n维持" in texts(appeals.rows[2])
    assert len(appeals.rows[2]) == 15 and len(appeals.rows[3]) == 15
    applications = found[1]
    # a sub-row of a merged category starts with blank cells where the category stood
    sub_row = next(row for row in applications.rows if any("其他法律行政法规" in c.text for c in row))
    assert texts(sub_row)[:2] == ["", ""] and len(sub_row) == 10


def test_run_together_report_stays_paragraphs():
    path = corpus_file("2020_pingtan.txt")
    doc = extract(str(path), path.read_bytes())
    assert tables(doc) == []
    assert any("000000000000000" in p.text for p in paragraphs(doc))
