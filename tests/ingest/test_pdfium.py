"""PDF pages read by pdfium give exactly the reading pdfplumber gives: every corpus PDF, the fallbacks, the switch.

XXGK_PDF_ENGINE picks the library (pdfium, pdfplumber, or compare: both, and
they must agree).  For every PDF of the corpus the report ``convert`` writes and
the findings ``check`` gives must be the same, byte for byte, whichever engine
read it.  A page pdfium cannot describe as pdfminer would is read by pdfplumber;
a file a reader would have to repair is read by pdfplumber as a whole.
"""

from __future__ import annotations

import json
import zlib

import pytest

from lint import errors
from lint.errors import ConfigError
from lint.ingest import pdf

from . import CORPUS, damage, loaded_on_import, paragraphs, tables
from .test_pdf import TEXT, make_pdf, show

CORPUS_PDFS = sorted(p.relative_to(CORPUS).as_posix() for p in [*CORPUS.glob("*.pdf"),
                                                                 *(CORPUS / "flattened").glob("*.pdf")])


def _corpus(name: str) -> bytes:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {path} not available")
    return path.read_bytes()


def _read(engine: str, name: str, data: bytes, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XXGK_PDF_ENGINE", engine)
    return pdf.extract(name, data)


def _cli(engine: str, *args: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from lint.cli import main

    monkeypatch.setenv("XXGK_PDF_ENGINE", engine)
    main(list(args))


# ---------------------------------------------------------------- every corpus PDF


def test_the_corpus_has_pdfs() -> None:
    if not CORPUS.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    assert len(CORPUS_PDFS) >= 3


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_corpus_report_and_findings_are_the_same_with_either_engine(name: str, tmp_path, monkeypatch) -> None:
    path = CORPUS / name
    _corpus(name)
    outputs = {}
    for engine in ("pdfplumber", "pdfium"):
        report, checked = tmp_path / f"{engine}.json", tmp_path / f"{engine}-check.json"
        _cli(engine, "convert", str(path), "-o", str(report), monkeypatch=monkeypatch)
        _cli(engine, "check", str(path), "--isolated", "--format", "json", "-o", str(checked), "--progress", "off",
             monkeypatch=monkeypatch)
        outputs[engine] = (report.read_text(encoding="utf-8"), checked.read_text(encoding="utf-8"))
    (report_a, check_a), (report_b, check_b) = outputs["pdfplumber"], outputs["pdfium"]
    assert report_a == report_b
    assert check_a == check_b
    converted = json.loads(report_a)
    assert converted["tables"]["applications"] and converted["sections"]  # a reading, not two empty ones
    assert json.loads(check_a)["files"][0]["findings"]


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_corpus_documents_are_identical_and_pdfium_reads_every_page(name: str, monkeypatch) -> None:
    data = _corpus(name)
    plumber = _read("pdfplumber", name, data, monkeypatch)
    read_by_plumber = _spy_plumber_pages(monkeypatch)
    assert _read("pdfium", name, data, monkeypatch) == plumber
    assert read_by_plumber == []  # no page of the corpus needs pdfplumber
    assert _read("compare", name, data, monkeypatch) == plumber
    assert len(tables(plumber)) == 3


def _spy_plumber_pages(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The page numbers pdfplumber reads from here on."""
    seen: list[int] = []
    original = pdf._PlumberSource.read

    def read(self, index: int, number: int):
        seen.append(number)
        return original(self, index, number)

    monkeypatch.setattr(pdf._PlumberSource, "read", read)
    return seen


# ---------------------------------------------------------------- fallbacks


def _two_pages(second: bytes, rotate: int = 0, packed: bytes | None = None) -> bytes:
    """A two-page PDF: page 1 the draft line, page 2 the given content (its page turned by ``rotate``), or
    the Flate-compressed bytes ``packed``."""
    stream = (b"<< /Length %d >>\nstream\n" % len(second) + second if packed is None else
              b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources << /Font << /F1 7 0 R >> >> >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate %d /Contents 6 0 R"
        b" /Resources << /Font << /F1 7 0 R >> >> >>" % rotate,
        b"<< /Length %d >>\nstream\n" % len(TEXT) + TEXT + b"\nendstream",
        stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


ROWS = b"BT /F1 10 Tf " + b"".join([
    show(72, 700, "Applicants"), show(300, 700, "A"), show(350, 700, "B"), show(400, 700, "C"),
    show(72, 680, "new"), show(300, 680, "21"), show(350, 680, "0"), show(400, 680, "21"),
    show(72, 665, "old"), show(300, 665, "3"), show(400, 665, "5")]) + b"ET"
RULED = b"0.5 w 72 600 m 472 600 l S 72 580 m 472 580 l S 72 560 m 472 560 l S " \
        b"72 600 m 72 560 l S 272 600 m 272 560 l S 472 600 m 472 560 l S " \
        b"BT /F1 10 Tf 1 0 0 1 80 585 Tm (label) Tj 1 0 0 1 280 585 Tm (12) Tj " \
        b"1 0 0 1 80 565 Tm (other) Tj 1 0 0 1 280 565 Tm (3) Tj ET"


def test_hand_made_pages_with_text_rulings_and_unruled_rows_read_alike(monkeypatch) -> None:
    data = _two_pages(ROWS + b" " + RULED)
    read_by_plumber = _spy_plumber_pages(monkeypatch)
    doc = _read("compare", "r.pdf", data, monkeypatch)
    assert read_by_plumber == [1, 2]  # compare: pdfplumber's own reading
    read_by_plumber.clear()
    assert _read("pdfium", "r.pdf", data, monkeypatch) == doc
    assert read_by_plumber == []
    assert [[c.text for c in row] for row in tables(doc)[0].rows] == [["new", "21", "0", "21"], ["old", "3", "", "5"]]
    assert [[c.text for c in row] for row in tables(doc)[1].rows] == [["label", "12"], ["other", "3"]]


def _with_form(page_content: bytes, form_content: bytes, matrix: bytes) -> bytes:
    """A one-page PDF that draws a form XObject (its own /Matrix) from the page's content."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(page_content) + page_content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Matrix [" + matrix + b"]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Length %d >>\nstream\n" % len(form_content) + form_content
        + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 7\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_text_and_rulings_inside_a_form_are_placed_through_both_matrices(monkeypatch) -> None:
    data = _with_form(b"q 0.5 0 0 0.5 100 100 cm /X1 Do Q", ROWS + b" " + RULED, b"1.2 0 0 1.2 0 0")
    expected = _read("pdfplumber", "r.pdf", data, monkeypatch)
    read_by_plumber = _spy_plumber_pages(monkeypatch)
    assert _read("pdfium", "r.pdf", data, monkeypatch) == expected
    assert read_by_plumber == []
    assert [[c.text for c in row] for row in tables(expected)[1].rows] == [["label", "12"], ["other", "3"]]


@pytest.mark.parametrize("second,rotate,why", [
    (b"BT /F1 12 Tf 0 1 -1 0 300 400 Tm (Turned text) Tj ET", 0, "rotated text"),
    (ROWS, 90, "a page turned by /Rotate"),
    (b"BT /F1 14 Tf 1 0 0 1 72 700 Tm (Bold heading) Tj ET BT /F1 14 Tf 1 0 0 1 72.3 700 Tm (Bold heading) Tj ET",
     0, "text printed twice to look bold: pdfium drops the repeat, pdfminer keeps it"),
    (b"BT /F1 14 Tf 3 Tc 1 0 0 1 72 700 Tm (Spaced text) Tj ET", 0,
     "letters exactly 3 pt apart, pdfplumber's word tolerance, beyond pdfium's single precision"),
    (b"BT /F1 14 Tf 1 0 0 1 72 700 Tm (Seen) Tj 1 1 1 rg (unseen) Tj ET", 0,
     "white text: pdfium gives its colour in RGB, pdfminer in its own colour space"),
])
def test_a_page_pdfium_cannot_describe_is_read_by_pdfplumber(second: bytes, rotate: int, why: str,
                                                             monkeypatch) -> None:
    data = _two_pages(second, rotate)
    expected = _read("pdfplumber", "r.pdf", data, monkeypatch)
    read_by_plumber = _spy_plumber_pages(monkeypatch)
    assert _read("pdfium", "r.pdf", data, monkeypatch) == expected, why
    assert read_by_plumber == [2]  # page 1 is pdfium's, page 2 pdfplumber's
    assert paragraphs(expected)[0].text == "Annual report draft"


def _with_unicode_map(content: bytes, cmap: bytes) -> bytes:
    """A one-page PDF whose font maps its codes to Unicode by the given ToUnicode CMap."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 7\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


LIGATURE_CMAP = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
                 b"1 begincodespacerange <00> <FF> endcodespacerange "
                 b"2 beginbfchar <41> <00660069> <42> <0042> endbfchar endcmap "
                 b"CMapName currentdict /CMap defineresource pop end end")


def test_one_glyph_for_several_letters_is_one_character_as_in_pdfminer(monkeypatch) -> None:
    data = _with_unicode_map(b"BT /F1 14 Tf 1 0 0 1 72 700 Tm (ABAB) Tj ET", LIGATURE_CMAP)
    expected = _read("pdfplumber", "r.pdf", data, monkeypatch)
    read_by_plumber = _spy_plumber_pages(monkeypatch)
    assert _read("pdfium", "r.pdf", data, monkeypatch) == expected
    assert read_by_plumber == []
    assert [p.text for p in paragraphs(expected)] == ["fiBfiB"]


def test_a_page_pdfium_fails_on_is_read_by_pdfplumber(monkeypatch) -> None:
    from lint.ingest import pdfium

    data = _corpus("2024_huaianshi.pdf")
    expected = _read("pdfplumber", "r.pdf", data, monkeypatch)
    original = pdfium.read_page

    def failing(document, index):
        if index == 3:
            raise RuntimeError("pdfium could not load the page")
        return original(document, index)

    monkeypatch.setattr(pdfium, "read_page", failing)
    read_by_plumber = _spy_plumber_pages(monkeypatch)
    assert _read("pdfium", "r.pdf", data, monkeypatch) == expected
    assert read_by_plumber == [4]


@pytest.mark.parametrize("seed", range(12))
def test_a_damaged_file_is_read_by_pdfplumber_alone(seed: int, monkeypatch) -> None:
    from lint.ingest import pdfium
    from lint.ingest.pdfdamage import looks_damaged

    data = damage(_corpus("2023_hongzequ.pdf"), seed)
    assert looks_damaged(data)

    def untouched(document, index):
        raise AssertionError("pdfium read a page of a damaged file")

    monkeypatch.setattr(pdfium, "read_page", untouched)
    outcomes = []
    for engine in ("pdfplumber", "pdfium"):
        try:
            outcomes.append(_read(engine, "damaged", data, monkeypatch))
        except errors.InputError as exc:
            outcomes.append((exc.code, exc.en))
    assert outcomes[0] == outcomes[1]


def test_sound_files_do_not_look_damaged() -> None:
    from lint.ingest.pdfdamage import looks_damaged

    for name in CORPUS_PDFS:
        assert not looks_damaged(_corpus(name)), name
    assert not looks_damaged(make_pdf(TEXT))
    assert not looks_damaged(_two_pages(ROWS))


def test_a_stream_that_does_not_inflate_looks_damaged() -> None:
    from lint.ingest.pdfdamage import looks_damaged

    packed = zlib.compress(ROWS)
    broken = packed[:-4] + bytes([packed[-4] ^ 0xFF]) + packed[-3:]  # the checksum no longer matches
    assert not looks_damaged(_two_pages(b"", packed=packed))
    assert looks_damaged(_two_pages(b"", packed=broken))
    assert looks_damaged(_two_pages(b"", packed=packed[:-10]))


def test_a_stream_with_an_indirect_length_is_sound(monkeypatch) -> None:
    from lint.ingest.pdfdamage import looks_damaged

    content = b"BT /F1 14 Tf 72 760 Td (Annual report draft) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
               b" /Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length 12 0 R >>\nstream\n" + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", *[b"null"] * 6, b"%d" % len(content)]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 13\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 13 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    assert not looks_damaged(bytes(out))  # LibreOffice writes its lengths so
    read_by_plumber = _spy_plumber_pages(monkeypatch)
    assert [p.text for p in paragraphs(_read("pdfium", "r.pdf", bytes(out), monkeypatch))] == ["Annual report draft"]
    assert read_by_plumber == []


def test_password_protected_pdf_with_pdfium(monkeypatch) -> None:
    monkeypatch.setenv("XXGK_PDF_ENGINE", "pdfium")
    with pytest.raises(errors.InputError) as caught:
        pdf.extract("r.pdf", make_pdf(TEXT, user_password=b"secret"))
    assert caught.value.code == errors.ENCRYPTED
    assert [p.text for p in paragraphs(pdf.extract("r.pdf", make_pdf(TEXT, user_password=b"")))] == \
        ["Annual report draft"]


# ---------------------------------------------------------------- the switch


def test_compare_fails_on_any_difference(monkeypatch) -> None:
    from lint.ingest import pdfium

    original = pdfium.read_page

    def one_digit_off(document, index):
        page = original(document, index)
        for char in page.chars:
            if char["text"] == "2":
                char["text"] = "3"
                break
        return page

    monkeypatch.setattr(pdfium, "read_page", one_digit_off)
    with pytest.raises(pdf.EngineMismatch, match="r.pdf"):
        _read("compare", "r.pdf", _two_pages(ROWS), monkeypatch)


def test_unknown_engine_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setenv("XXGK_PDF_ENGINE", "mupdf")
    with pytest.raises(ConfigError, match="XXGK_PDF_ENGINE"):
        pdf.extract("r.pdf", make_pdf(TEXT))


def test_importing_the_pdf_reader_loads_neither_library() -> None:
    assert loaded_on_import("lint.ingest.pdf", "pypdfium2", "pdfplumber") == [False, False]


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_cell_text_is_pdfplumbers_extract_text(name: str) -> None:
    """The table code joins a cell's characters as pdfplumber's extract_text does, for every cell of the corpus."""
    import pdfplumber
    from pdfplumber.utils import extract_text

    from lint.ingest import pdfpage

    text_of = pdfpage._cell_text()
    compared = 0
    with pdfplumber.open(CORPUS / name) as document:
        for page in document.pages:
            for table in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
                for row in table.rows:
                    for cell in row.cells:
                        if cell is None:
                            continue
                        chars = [c for c in page.chars if cell[0] <= (c["x0"] + c["x1"]) / 2 < cell[2]
                                 and cell[1] <= (c["top"] + c["bottom"]) / 2 < cell[3]]
                        if chars:
                            assert text_of(chars) == extract_text(chars)
                            compared += 1
    assert compared > 50
