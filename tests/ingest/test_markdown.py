"""The Markdown extractor: pipe rows keep their own width, lines keep their numbers."""

from __future__ import annotations

from lint.ingest.markdown import extract

from . import corpus_file, tables, paragraphs, texts


def doc_of(text: str):
    return extract("t.md", text.encode("utf-8"))


def test_pipe_table_rows_and_places():
    doc = doc_of("# 报告\n\n| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 12 |\n")
    [table] = tables(doc)
    assert [texts(r) for r in table.rows] == [["信息内容", "本年制发件数"], ["规章", "12"]]
    cell = table.rows[1][1]
    assert (cell.place.line, cell.place.column) == (5, 8)  # characters, not bytes
    assert doc.kind == "markdown"


def test_rows_wider_than_the_header_keep_every_cell():
    header = "| " + " | ".join(["维持"] * 12) + " |"
    data = "| " + " | ".join(["0"] * 15) + " |"
    [table] = tables(doc_of(f"{header}\n|{'---|' * 12}\n{data}\n"))
    assert [len(r) for r in table.rows] == [12, 15]


def test_blank_cells_escapes_and_breaks():
    doc = doc_of("| 四、结转 | 1 |  | a\\|b | 商业<br>企业 | &nbsp; |\n")
    [table] = tables(doc)
    assert texts(table.rows[0]) == ["四、结转", "1", "", "a|b", "商业\n企业", ""]


def test_headings_and_bold_lose_their_markers():
    doc = doc_of("## 表二：主动公开政府信息情况\n**一、总体情况**\n正文")
    assert [p.text for p in paragraphs(doc)] == ["表二：主动公开政府信息情况", "一、总体情况", "正文"]
    assert [p.place.line for p in paragraphs(doc)] == [1, 2, 3]


def test_text_between_pipe_rows_splits_tables():
    doc = doc_of("| a | 1 |\n（二）部分公开\n| b | 2 |\n\n| c | 3 |\n")
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Table", "Paragraph", "Table", "Table"]


def test_code_fences_are_not_tables():
    doc = doc_of("```\n| a | 1 |\n```\n")
    assert tables(doc) == []


def test_kewei_fragments_survive():
    path = corpus_file("2024_shanghai_kewei.md")
    doc = extract(str(path), path.read_bytes())
    rows = [row for table in tables(doc) for row in table.rows]
    appeal_row = [r for r in rows if len(r) == 15]
    assert len(appeal_row) == 1 and texts(appeal_row[0])[:5] == ["1", "0", "0", "0", "1"]
    carried = next(r for r in rows if r and "结转下年度" in r[0].text)
    assert texts(carried)[1:] == ["1", "0", "0", "0", "0", "0", ""]
    assert carried[0].place.line == 178
