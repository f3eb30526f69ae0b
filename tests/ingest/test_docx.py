"""The Word importer: documents built like the official template, merged cells, hostile packages."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from lint import errors
from lint.errors import InputError
from lint.ingest import docx as docx_import
from lint.ingest.document import Document, Table

from . import loaded_on_import, raised_code, damage, compare_with_truth, find_table, paragraphs, row_with, tables, truth, truth_cell_count
from .docx_factory import NOTE, build_report_docx

# Corpus reports whose truth.json tables we print into Word documents.
TRUTH_SOURCES = ["2021_pingtan.html", "2025_pingtan.html", "2024_huaianshi.pdf", "2019_shanghai_szfbgt.html"]


def build(tmp_path: Path, name: str = "report.docx", **kwargs: object) -> bytes:
    return build_report_docx(tmp_path / name, **kwargs).read_bytes()  # type: ignore[arg-type]


def read(data: bytes) -> Document:
    return docx_import.extract("report.docx", data)


def error_code(data: bytes) -> str:
    return raised_code(docx_import.extract, data, "report.docx")


def rezip(data: bytes, replace: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    """The same package with some parts replaced or removed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            target.writestr(info.filename, (replace or {}).get(info.filename, source.read(info.filename)))
    return out.getvalue()


# ---------------------------------------------------------------- template-shaped documents


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A template-shaped document with all-zero tables, the base of the damaged variants."""
    return build(tmp_path_factory.mktemp("plain"))


@pytest.fixture(scope="module")
def template_doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    expected = truth("2021_pingtan.html")["tables"]
    data = build(tmp_path_factory.mktemp("docx"), applications=expected["applications"],
                 appeals=expected["appeals"], proactive={"行政规范性文件": [69, 3, 665], "行政许可": [2293]})
    return read(data)


@pytest.mark.parametrize("source", TRUTH_SOURCES)
def test_truth_values_read_back_in_place(tmp_path: Path, source: str) -> None:
    expected = truth(source)
    data = build(tmp_path, fmt=expected["format"], applications=expected["tables"]["applications"],
                 appeals=expected["tables"]["appeals"])
    matched, problems = compare_with_truth(read(data), source)
    assert problems == []
    assert matched == truth_cell_count(source)


def test_body_order(template_doc: Document) -> None:
    order = []
    for block in template_doc.blocks:
        if isinstance(block, Table):
            order.append("T")
        elif block.text[:2] in ("一、", "二、", "三、", "四、", "五、", "六、"):
            order.append(block.text[:2])
    assert order == ["一、", "二、", "T", "三、", "T", "四、", "T", "五、", "六、"]
    assert paragraphs(template_doc)[0].text == "某某县人民政府办公室2021年政府信息公开工作年度报告"
    assert [t.place.table_index for t in tables(template_doc)] == [0, 1, 2]


def test_note_and_category_cells_expanded(template_doc: Document) -> None:
    table = find_table(template_doc, "本年新收")
    assert len(table.rows) == 3 + 25 and all(len(row) == 10 for row in table.rows)
    for r in range(3):
        for c in range(3):
            cell = table.rows[r][c]
            assert cell.text == NOTE and cell.merged == ((r, c) != (0, 0))
    header = [(c.text, c.merged) for c in table.rows[1][3:]]
    assert header[0] == ("自然人", False) and header[1] == ("法人或其他组织", False)
    assert header[2:6] == [("法人或其他组织", True)] * 4 and header[6] == ("总计", False)
    assert table.rows[2][3].merged and table.rows[2][9].merged  # 自然人 and 总计 span two header rows
    for category, size in (("（三）不予公开", 8), ("（四）无法提供", 3), ("（五）不予处理", 5), ("（六）其他处理", 3)):
        column = [row[1] for row in table.rows if row[1].text == category]
        assert [c.merged for c in column] == [False] + [True] * (size - 1), category
    results = [row[0] for row in table.rows if row[0].text == "三、本年度办理结果"]
    assert len(results) == 22 and sum(not c.merged for c in results) == 1
    cell = row_with(table, "本年新收")[9]
    assert (cell.place.table_index, cell.place.row_index, cell.place.col_index) == (1, 3, 9)


def test_two_level_header_of_table_four(template_doc: Document) -> None:
    table = find_table(template_doc, "复议后起诉")
    assert [c.text for c in table.rows[0]] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert [c.merged for c in table.rows[0]] == [False] + [True] * 4 + [False] + [True] * 9
    assert [c.merged for c in table.rows[2][:5]] == [True] * 5  # 结果维持 … span two header rows
    assert [c.text for c in table.rows[3]] == ["1", "0", "2", "0", "3", "12", "0", "0", "0", "12"] + ["0"] * 5


def test_caption_rows_of_table_two_span_the_width(template_doc: Document) -> None:
    table = find_table(template_doc, "第二十条")
    captions = [row for row in table.rows if row[0].text.startswith("第二十条")]
    assert len(captions) == 4
    assert all([c.merged for c in row] == [False, True, True, True] for row in captions)
    licensing = row_with(table, "行政许可")
    assert [(c.text, c.merged) for c in licensing[1:]] == [("2293", False), ("2293", True), ("2293", True)]
    assert [c.text for c in row_with(table, "行政规范性文件")] == ["行政规范性文件", "69", "3", "665"]


def test_line_break_inside_cell_kept(template_doc: Document) -> None:
    table = find_table(template_doc, "本年新收")
    assert [c.text for c in table.rows[2][4:9]] == ["商业\n企业", "科研\n机构", "社会公益组织", "法律服务机构", "其他"]


def test_blank_values_stay_blank(tmp_path: Path) -> None:
    data = build(tmp_path, applications={"new_received": [5, None, "/", 0, 0, 0, 5]})
    row = row_with(find_table(read(data), "本年新收"), "本年新收")
    assert [c.text for c in row[3:]] == ["5", "", "/", "0", "0", "0", "5"]


def test_automatic_list_numbers_are_rendered(tmp_path: Path) -> None:
    doc = read(build(tmp_path, auto_numbered_headings=True))
    headings = [p.text for p in paragraphs(doc) if p.text.endswith(("情况", "事项"))]
    assert headings[:3] == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
    assert "六、其他需要报告的事项" in headings


def test_tracked_deletions_and_field_codes_are_not_text(plain: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    extra = ('<w:p><w:r><w:t xml:space="preserve">保留</w:t></w:r>'
             '<w:del w:id="1" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
             '<w:ins w:id="2" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>'
             '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
             '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    xml = xml.replace("<w:body>", "<w:body>" + extra, 1)
    doc = read(rezip(plain, {"word/document.xml": xml.encode("utf-8")}))
    assert paragraphs(doc)[0].text == "保留插入7"


def test_embedded_content_of_another_format_is_said_as_not_read(plain: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    xml = xml.replace("<w:body>", '<w:body><w:altChunk r:id="rIdChunk"/>', 1)
    doc = read(rezip(plain, {"word/document.xml": xml.encode("utf-8")}))
    assert [part.zh for part in doc.not_read] == ["文档中嵌入的其他格式的内容块（altChunk）"]
    assert read(plain).not_read == []


def test_macro_enabled_document_is_read_without_macros(plain: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        types = archive.read("[Content_Types].xml").decode("utf-8")
    docm = types.replace("wordprocessingml.document.main+xml", "PLACEHOLDER").replace(
        "application/vnd.openxmlformats-officedocument.PLACEHOLDER",
        "application/vnd.ms-word.document.macroEnabled.main+xml")
    assert docm != types
    doc = read(rezip(plain, {"[Content_Types].xml": docm.encode("utf-8")}))
    assert len(tables(doc)) == 3


# ---------------------------------------------------------------- bad input


def test_empty_file() -> None:
    assert error_code(b"") == errors.EMPTY


def test_not_a_zip() -> None:
    assert error_code(b"PK\x03\x04 this is not really a zip" + bytes(range(256))) == errors.CORRUPT
    assert error_code("一、总体情况 plain text renamed to .docx".encode()) == errors.CORRUPT


def test_zip_without_document_part(plain: bytes) -> None:
    assert error_code(rezip(plain, drop=("word/document.xml",))) == errors.CORRUPT


def test_truncated_package(plain: bytes) -> None:
    assert error_code(plain[: len(plain) // 2]) == errors.CORRUPT


def test_broken_document_xml(plain: bytes) -> None:
    damaged = rezip(plain, {"word/document.xml": b"<w:document><w:body><w:p>"})
    assert error_code(damaged) == errors.CORRUPT


def test_zip_bomb(plain: bytes) -> None:
    out = io.BytesIO(plain)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/media/image1.png", "w", force_zip64=True) as part:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(20):  # 20 MB of zeros: about 20 KB compressed
                part.write(chunk)
    assert error_code(out.getvalue()) == errors.HOSTILE


def test_total_size_limit(plain: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_import, "MAX_UNCOMPRESSED", 10_000)
    assert error_code(plain) == errors.HOSTILE


@pytest.mark.parametrize("declaration", [
    '<!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>',
    '<!DOCTYPE w:document SYSTEM "http://example.invalid/evil.dtd">',
    '<!-- padding -->\n<!ENTITY x SYSTEM "file:///etc/passwd">',
])
def test_xml_declarations_refused(plain: bytes, declaration: str) -> None:
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    head, rest = xml.split("?>", 1)
    hostile = rezip(plain, {"word/document.xml": (head + "?>" + declaration + rest).encode("utf-8")})
    assert error_code(hostile) == errors.HOSTILE


def test_entity_in_another_part_refused(plain: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
    head, rest = styles.split("?>", 1)
    hostile = rezip(plain, {"word/styles.xml": (head + '?><!DOCTYPE x [<!ENTITY a "b">]>' + rest).encode()})
    assert error_code(hostile) == errors.HOSTILE


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def test_password_protected_docx() -> None:
    assert error_code(OLE + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64) == errors.ENCRYPTED


def test_old_binary_doc_goes_to_the_office_converter(monkeypatch: pytest.MonkeyPatch) -> None:
    from lint.ingest import office

    monkeypatch.setattr(office, "find_soffice", lambda: None)
    assert error_code(OLE + "WordDocument".encode("utf-16-le") + b"\x00" * 64) == office.CONVERTER_MISSING


def test_importing_does_not_load_python_docx() -> None:
    assert loaded_on_import("lint.ingest.docx", "docx", "lxml") == [False, False]


@pytest.mark.parametrize("seed", range(12))
def test_damaged_copies_raise_only_input_errors(plain: bytes, seed: int) -> None:
    try:
        docx_import.extract("damaged", damage(plain, seed))
    except InputError as exc:
        assert exc.zh and exc.en
