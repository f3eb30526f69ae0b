"""The PDF importer: real reports, tables across page breaks, and PDFs it must refuse."""

from __future__ import annotations

import hashlib
import struct
import zlib

import pytest

from lint import errors
from lint.errors import InputError
from lint.ingest import pdf
from lint.ingest.document import Document, Table

from . import (CORPUS, loaded_on_import, raised_code, appeal_values, compare_with_truth, damage, find_table, paragraphs, row_with, tables,
               truth_cell_count)

PDF_FILES = ["2023_hongzequ.pdf", "2024_hongzequ.pdf", "2024_huaianshi.pdf"]
SECTION_HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]

_cache: dict[str, Document] = {}


def corpus_bytes(name: str) -> bytes:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {path} not available")
    return path.read_bytes()


def read(name: str) -> Document:
    if name not in _cache:
        _cache[name] = pdf.extract(name, corpus_bytes(name))
    return _cache[name]


def error_code(data: bytes) -> str:
    return raised_code(pdf.extract, data, "report.pdf")


# ---------------------------------------------------------------- real reports


@pytest.mark.parametrize("name", PDF_FILES)
def test_corpus_tables_hold_truth_values_in_place(name: str) -> None:
    matched, problems = compare_with_truth(read(name), name)
    assert problems == []
    assert matched == truth_cell_count(name)


def test_digits_stay_in_their_printed_columns() -> None:
    # truth.json: 复议 总计 is printed 0 (a defect); a right-to-left shift would hide it.
    table = find_table(read("2023_hongzequ.pdf"), "复议后起诉")
    assert appeal_values(table, "reconsideration") == ["10", "1", "0", "0", "0"]
    assert appeal_values(table, "litigation_after_reconsideration") == ["5", "0", "0", "0", "0"]
    assert [c.text for c in table.rows[-1]] == ["10", "1", "0", "0", "0"] + ["0"] * 5 + ["5", "0", "0", "0", "0"]


@pytest.mark.parametrize("name", PDF_FILES)
def test_sections_are_paragraphs_in_order(name: str) -> None:
    texts = [p.text for p in paragraphs(read(name))]
    positions = [texts.index(h) for h in SECTION_HEADINGS]
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", PDF_FILES)
def test_table_text_is_not_repeated_as_paragraphs(name: str) -> None:
    texts = "\n".join(p.text for p in paragraphs(read(name)))
    for label in ("本年新收政府信息公开申请数量", "属于国家秘密", "申请人情况", "未经复议直接起诉", "信息内容"):
        assert label not in texts


@pytest.mark.parametrize("name", PDF_FILES)
def test_page_numbers_dropped_and_places_kept(name: str) -> None:
    doc = read(name)
    assert not any(p.text.strip("- ").isdigit() for p in paragraphs(doc))
    for p in paragraphs(doc):
        assert p.place.page and p.place.line
    first = paragraphs(doc)[0]
    assert (first.place.page, first.place.line) == (1, 1)


@pytest.mark.parametrize("name", PDF_FILES)
def test_tables_continued_across_pages_are_joined(name: str) -> None:
    doc = read(name)
    assert len(tables(doc)) == 3  # 表二, 表三, 表四: no fragments
    applications = find_table(doc, "本年新收", "结转下年度")
    pages = {c.place.page for row in applications.rows for c in row}
    assert len(pages) == 2
    assert all(len(row) == 10 for row in applications.rows)  # one grid over both pages
    assert [c.place.row_index for c in (row[0] for row in applications.rows)] == list(range(len(applications.rows)))
    proactive = find_table(doc, "第二十条第（一）项", "第二十条第（八）项")
    assert len({c.place.page for row in proactive.rows for c in row}) == 2


def test_merged_cell_cut_by_page_break_continues() -> None:
    table = find_table(read("2024_hongzequ.pdf"), "本年新收")
    row = row_with(table, "另行制作")  # first row on the next page, under （四）无法提供
    assert row[3].place.page == 4
    assert (row[0].text.replace("\n", ""), row[0].merged) == ("三、本年度办理结果", True)
    assert (row[1].text, row[1].merged) == ("（四）无法提供", True)


def test_merged_cells_expanded() -> None:
    table = find_table(read("2024_huaianshi.pdf"), "本年新收")
    note = [c for row in table.rows[:3] for c in row[:3]]
    assert all(c.text.startswith("（本列数据的勾稽关系") for c in note)
    assert [c.merged for c in note] == [False] + [True] * 8
    withheld = [row[1] for row in table.rows if row[1].text.replace("\n", "") == "（三）不予公开"]
    assert [c.merged for c in withheld] == [False] + [True] * 7
    assert table.place.page == 4 and table.place.table_index == 1


# ---------------------------------------------------------------- limits


def test_degenerate_cell_does_not_break_the_grid() -> None:
    cells = [(0, 0, 10, 10, "a"), (10, 0, 20, 10, "b"), (0, 10, 10, 20, "c"), (10, 10, 20, 20, "d"),
             (0, 20, 20, 20, "flat")]
    part = pdf._Part(1, 0, 20, cells)
    rows = pdf._grid(part, part.xs, 0)
    assert [[s.text if s else None for s in row] for row in rows] == [["a", "b"], ["c", "d"]]


def test_page_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    doc = pdf.extract("r.pdf", corpus_bytes("2024_huaianshi.pdf"))
    assert max(p.place.page or 0 for p in paragraphs(doc)) == 2
    assert [(part.page, part.zh) for part in doc.not_read] == [(3, "第 3–6 页（文件共 6 页，只读取前 2 页）")]


def test_pages_past_the_limit_are_a_finding_at_their_page(monkeypatch: pytest.MonkeyPatch, engine, tmp_path) -> None:
    from lint.run.checker import check_one

    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    path = tmp_path / "r.pdf"
    path.write_bytes(corpus_bytes("2024_huaianshi.pdf"))
    said = [f for f in check_one(engine, str(path)).result.findings if f.code == "E018"]
    assert [(f.severity.label, f.location.page) for f in said] == [("warning", 3)]
    assert "第 3–6 页" in said[0].message and "没有检查" in said[0].message


def test_a_file_read_whole_has_nothing_not_read() -> None:
    assert pdf.extract("r.pdf", corpus_bytes("2024_huaianshi.pdf")).not_read == []


def test_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "TIME_LIMIT", 0.0)
    with pytest.raises(InputError) as caught:
        pdf.extract("r.pdf", corpus_bytes("2024_huaianshi.pdf"))
    assert caught.value.code == errors.TIMEOUT


# ---------------------------------------------------------------- hand-made PDFs

PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
DOC_ID = bytes(range(16))


def rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def standard_security(user: bytes, owner: bytes, permissions: int = -4) -> tuple[bytes, bytes, bytes]:
    """The /O and /U entries and the file key of the PDF standard security handler, revision 2."""
    padded_user, padded_owner = (user + PAD)[:32], ((owner or user) + PAD)[:32]
    o_entry = rc4(hashlib.md5(padded_owner).digest()[:5], padded_user)
    key = hashlib.md5(padded_user + o_entry + struct.pack("<i", permissions) + DOC_ID).digest()[:5]
    return o_entry, rc4(key, PAD), key


def make_pdf(content: bytes, *, user_password: bytes | None = None, owner_password: bytes = b"owner") -> bytes:
    """A one-page PDF with the given content stream, encrypted (RC4-40) when a user password is given."""
    encrypt = b""
    if user_password is not None:
        o_entry, u_entry, key = standard_security(user_password, owner_password)
        object_key = hashlib.md5(key + struct.pack("<I", 4)[:3] + b"\x00\x00").digest()[:10]
        content = rc4(object_key, content)
        encrypt = (b"<< /Filter /Standard /V 1 /R 2 /O <" + o_entry.hex().encode() + b"> /U <"
                   + u_entry.hex().encode() + b"> /P -4 >>")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if encrypt:
        objects.append(encrypt)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"/Size %d /Root 1 0 R /ID [<%s> <%s>]" % (len(objects) + 1, DOC_ID.hex().encode(), DOC_ID.hex().encode())
    if encrypt:
        trailer += b" /Encrypt %d 0 R" % len(objects)
    out += b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


TEXT = b"BT /F1 14 Tf 72 760 Td (Annual report draft) Tj ET"
DRAWING = (b"0.2 0.4 0.8 rg 72 500 300 200 re f 1 w 0 0 0 RG 72 400 m 500 700 l S "
           b"q 100 0 0 100 72 100 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q")


def show(x: float, y: float, text: str) -> bytes:
    return b"1 0 0 1 %.1f %.1f Tm (%s) Tj " % (x, y, text.encode("ascii"))


def test_table_without_rulings_keeps_blank_cells_blank() -> None:
    content = b"BT /F1 10 Tf " + b"".join([
        show(72, 700, "Applicants"), show(300, 700, "A"), show(350, 700, "B"), show(400, 700, "C"),
        show(72, 680, "new"), show(300, 680, "21"), show(350, 680, "0"), show(400, 680, "21"),
        show(72, 665, "old"), show(300, 665, "3"), show(400, 665, "5"),
        show(72, 640, "In 2023 we received 21 requests."),
        *[show(72 + 30 * k, 600, str(v)) for k, v in enumerate([10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0])],
    ]) + b"ET"
    doc = pdf.extract("r.pdf", make_pdf(content))
    found = tables(doc)
    assert [[c.text for c in row] for row in found[0].rows] == [["new", "21", "0", "21"], ["old", "3", "", "5"]]
    assert [c.text for c in found[1].rows[0]] == ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"]
    assert [p.text for p in paragraphs(doc)] == ["Applicants A B C", "In 2023 we received 21 requests."]
    assert any("没有框线" in note for note in doc.notes)


def test_hand_made_pdf_is_read() -> None:
    doc = pdf.extract("r.pdf", make_pdf(TEXT))
    assert [p.text for p in paragraphs(doc)] == ["Annual report draft"]


def test_owner_password_only_is_readable() -> None:
    # Restrictions without an opening password: anyone can read it, and so do we.
    doc = pdf.extract("r.pdf", make_pdf(TEXT, user_password=b""))
    assert [p.text for p in paragraphs(doc)] == ["Annual report draft"]


def test_password_protected_pdf() -> None:
    assert error_code(make_pdf(TEXT, user_password=b"secret")) == errors.ENCRYPTED


def test_pdf_without_text_layer() -> None:
    assert error_code(make_pdf(DRAWING)) == errors.NO_TEXT


def test_empty_file() -> None:
    assert error_code(b"") == errors.EMPTY


def test_not_a_pdf() -> None:
    assert error_code(bytes(range(256)) * 8) == errors.CORRUPT


def test_damaged_pdf() -> None:
    assert error_code(b"%PDF-1.7\n" + zlib.compress(b"garbage" * 100)) == errors.CORRUPT


def test_truncated_corpus_pdf() -> None:
    data = corpus_bytes("2024_hongzequ.pdf")
    assert error_code(data[:4096]) == errors.CORRUPT


def test_importing_does_not_load_pdfplumber() -> None:
    assert loaded_on_import("lint.ingest.pdf", "pdfplumber", "pdfminer") == [False, False]


def test_blocks_are_paragraphs_and_tables_only() -> None:
    doc = read("2024_huaianshi.pdf")
    assert all(isinstance(b, Table) or b.text for b in doc.blocks)


@pytest.mark.parametrize("seed", range(12))
def test_damaged_copies_raise_only_input_errors(seed: int) -> None:
    try:
        pdf.extract("damaged", damage(corpus_bytes("2023_hongzequ.pdf"), seed))
    except InputError as exc:
        assert exc.zh and exc.en
