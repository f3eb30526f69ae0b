"""Scanned reports: image-only PDFs the tests make from a real report, read by OCR, identities as a checksum.

The scans are 2024_huaianshi.pdf (a clean control of the corpus) rendered grey
at 150 and 200 dpi, tilted by half a degree and speckled.  Every 表三 and 表四
cell and every section heading must come out as the truth records them.  A
figure planted clearly in the image is the document's arithmetic error; a
planted figure that is smudged is a doubt about the reading, not an accusation.
"""

from __future__ import annotations

import io
import json
import os
import socket

import pytest

from lint.engine import Engine
from lint.engine.packs import DEFAULT_PACKS, load_pack
from lint.errors import InputError
from lint.ingest import load_report, ocr
from lint.ingest.document import Paragraph, Table
from lint.ingest.ocr_layout import GridCell, PageLayout, PageLine, PageTable, TextBox, to_blocks, value_text

from tests.ingest import CORPUS
from tests.ingest.scans import HUAIAN, Change, scan_pages, write_pdf

MISSING = ocr.available()
needs_ocr = pytest.mark.skipif(bool(MISSING) and not os.environ.get("CI"),
                               reason=f"the ocr extra is not installed ({', '.join(MISSING)})")
needs_corpus = pytest.mark.skipif(not HUAIAN.exists(), reason=f"corpus not found at {CORPUS}")
SECTIONS = {"overview": "一、总体情况", "proactive": "二、主动公开政府信息情况",
            "applications": "三、收到和处理政府信息公开申请情况", "appeals": "四、政府信息公开行政复议、行政诉讼情况",
            "problems": "五、存在的主要问题及改进情况", "other": "六、其他需要报告的事项"}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine([load_pack(p) for p in DEFAULT_PACKS])


def _truth() -> dict:
    return json.loads((CORPUS / "truth.json").read_text(encoding="utf-8"))["files"]["2024_huaianshi.pdf"]["tables"]


def _cells(node, pointer=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _cells(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield f"{pointer}/{index}", value


# ---------------------------------------------------------------- geometry, no recogniser


def test_boxes_become_lines_and_a_grid_with_merged_cells_and_confidences():
    def box(x0, top, text, conf=0.99, width=40, height=20):
        return TextBox(x0, top, x0 + width, top + height, text, conf)

    cells = [GridCell(100, 100, 200, 180, [box(110, 120, "（三）不予公开")]),  # spans two rows
             GridCell(200, 100, 300, 140, [box(230, 110, "12", 0.97)]),
             GridCell(200, 140, 300, 180, [box(230, 150, "0.", 0.62)]),
             GridCell(300, 100, 400, 140, []),
             GridCell(300, 140, 400, 180, [], ink=(330, 150, 340, 162))]
    heading = [box(100, 40, "三、收到和处理", width=120), box(224, 42, "政府信息公开申请情况", width=200)]
    page_number = [box(500, 980, "-4-", width=30)]
    layout = PageLayout(1, [PageLine("三、收到和处理政府信息公开申请情况", 40, 62, False),
                            PageTable(100, 180, cells), PageLine("- 4 -", 980, 1000, True)])
    blocks = to_blocks([layout, PageLayout(2, [PageLine("- 5 -", 980, 1000, True)])], tolerance=4)
    assert [type(b) for b in blocks] == [Paragraph, Table]
    assert blocks[0].text == "三、收到和处理政府信息公开申请情况" and blocks[0].place.page == 1
    rows = blocks[1].rows
    assert [c.text for c in rows[0]] == ["（三）不予公开", "12", ""]
    assert [c.text for c in rows[1]] == ["（三）不予公开", "0", ""]
    assert rows[1][0].merged and not rows[0][0].merged
    assert rows[0][1].confidence == pytest.approx(0.97) and rows[1][1].confidence == pytest.approx(0.62)
    assert rows[0][2].confidence is None  # blank on paper: surely blank
    assert rows[1][2].confidence == 0.0  # ink that nothing could read: blank is not sure
    assert heading and page_number  # the boxes above are what a recogniser gives for such lines


def test_a_box_running_across_a_ruling_is_left_for_each_cell_to_be_read_alone():
    from lint.ingest.ocr_layout import place_boxes

    left, right = GridCell(0, 0, 100, 40), GridCell(100, 0, 200, 40)
    table = PageTable(0, 40, [left, right])
    inside = TextBox(20, 10, 60, 30, "12", 0.99)
    across = TextBox(60, 10, 150, 30, "0 0", 0.95)
    caption = TextBox(0, 60, 80, 80, "表三", 0.99)
    assert place_boxes([inside, across, caption], [table]) == [caption]
    assert left.boxes == [inside] and right.boxes == []


def test_specks_and_lookalikes_around_a_number_are_cleaned_and_doubted():
    assert value_text("67.", 0.96) == ("67", 0.96)
    assert value_text("·1", 0.9) == ("1", 0.9)
    assert value_text("1O", 0.98) == ("10", 0.75)
    assert value_text("O", 0.99) == ("0", 0.75)
    assert value_text("96171.6-", 0.93) == ("96171.6", 0.93)
    for printed in ("详见附件", "/", "—", "96171.6", "L"):
        assert value_text(printed, 0.9) == (printed, 0.9)


@needs_ocr
def test_a_tilted_ruled_table_is_straightened_and_its_printed_cells_found():
    import numpy as np
    from PIL import Image, ImageDraw

    from lint.ingest import ocr_image as I

    image = Image.new("L", (1200, 900), 255)
    draw = ImageDraw.Draw(image)
    for y in (200, 260, 320, 380):
        draw.line([(100, y), (1100, y)], fill=0, width=2)
    for x in (100, 400, 600, 800, 1100):
        draw.line([(x, 200), (x, 380)], fill=0, width=2)
    draw.rectangle([598, 258, 602, 322], fill=255)  # a merged cell: one ruling left out
    grey = np.array(image.rotate(0.7, resample=Image.BICUBIC, fillcolor=255))
    angle = I.skew_angle(grey)
    assert angle == pytest.approx(-0.7, abs=0.1)
    tables, _rulings = I.find_tables(I.straighten(grey, angle))
    assert len(tables) == 1 and len(tables[0].cells) == 11


@needs_ocr
def test_the_recogniser_loads_only_models_shipped_in_its_wheel():
    from pathlib import Path

    import rapidocr_onnxruntime

    package = Path(rapidocr_onnxruntime.__file__).resolve().parent
    recogniser = ocr.engine()
    sessions = [recogniser.text_det.infer.session, recogniser.text_rec.session.session]
    paths = [Path(session._model_path) for session in sessions]  # what ONNX Runtime loaded
    assert all(p.is_file() and package in p.parents for p in paths), paths


def test_without_the_extra_a_scan_says_how_to_enable_it(tmp_path, monkeypatch):
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(image).rectangle([100, 100, 500, 200], outline=0)
    pdf, png = tmp_path / "scan.pdf", tmp_path / "scan.png"
    image.save(pdf, resolution=72)
    image.save(png)
    monkeypatch.setattr(ocr, "available", lambda: ["rapidocr_onnxruntime"])
    for path in (pdf, png):
        with pytest.raises(InputError) as caught:
            load_report(str(path))
        assert caught.value.code == "E010"
        assert "pip install 'xxgk-lint[ocr]'" in caught.value.zh and "pip install 'xxgk-lint[ocr]'" in caught.value.en


# ---------------------------------------------------------------- real scans


@pytest.fixture(scope="module", params=[150, 200], ids=lambda dpi: f"{dpi}dpi")
def scanned(request, tmp_path_factory):
    dpi = request.param
    path = write_pdf(scan_pages(HUAIAN, dpi), tmp_path_factory.mktemp("scan") / f"huaian-{dpi}.pdf", dpi)
    report, smap = load_report(str(path))
    return path, report, smap


@needs_ocr
@needs_corpus
def test_a_scanned_report_reads_every_table_cell_and_heading(scanned, engine):
    path, report, smap = scanned
    truth = _truth()
    for key in ("applications", "appeals"):
        got = dict(_cells(report["tables"].get(key), f"/tables/{key}"))
        want = dict(_cells(truth[key], f"/tables/{key}"))
        assert {p: got.get(p) for p in want if got.get(p) != want[p]} == {}
        # every cell says how sure the reading was
        assert all(0.0 <= report["ocr"][p] <= 1.0 for p in want)
    assert {key: section["title"] for key, section in report["sections"].items()} == SECTIONS
    assert report["year"] == 2024 and report["agency"] == "淮安市人民政府"
    where = smap.lookup("/tables/applications/results/granted/0")
    assert where.page == 4 and where.row and "予以公开" in where.row and where.col == "自然人"
    findings = engine.check(report, smap, str(path))
    tables = [f for f in findings if f.code[0] in "BT" and f.severity.label in ("error", "warning")]
    assert tables == [], [f.message for f in tables]
    # the scan is judged exactly as the PDF it was made from
    original = engine.check(*load_report(str(HUAIAN)), str(HUAIAN))
    assert sorted((f.code, f.location.pointer) for f in findings) == \
        sorted((f.code, f.location.pointer) for f in original)


@needs_ocr
@needs_corpus
def test_scanned_pages_as_a_multi_page_tiff_are_read_too(tmp_path):
    pages = scan_pages(HUAIAN, 150, [5, 6], seed=11)
    path = tmp_path / "pages.tif"
    pages[0].save(path, save_all=True, append_images=pages[1:], dpi=(150, 150), compression="tiff_deflate")
    report, smap = load_report(str(path))
    assert report["tables"]["appeals"] == _truth()["appeals"]
    assert {key: report["sections"][key]["title"] for key in ("appeals", "problems", "other")} == \
        {key: SECTIONS[key] for key in ("appeals", "problems", "other")}
    assert smap.lookup("/sections/other").page == 2


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """Pages 4 and 5 (表三, 表四) with 一's 总计 3119 printed as 3129, and 予以公开's 1288 as a smudged 1289."""
    changes = [Change(4, "3119", "3129"), Change(4, "1288", "1289", smudge=True)]
    path = write_pdf(scan_pages(HUAIAN, 150, [4, 5], changes), tmp_path_factory.mktemp("planted") / "planted.pdf", 150)

    def offline(*args, **kwargs):
        raise AssertionError("the OCR path tried to use the network")

    real = socket.socket.connect
    socket.socket.connect = offline  # type: ignore[method-assign]
    try:
        report, smap = load_report(str(path))
    finally:
        socket.socket.connect = real  # type: ignore[method-assign]
    return path, report, smap


@needs_ocr
@needs_corpus
def test_a_clear_planted_error_is_the_documents_and_a_smudged_one_a_reading_doubt(planted, engine):
    path, report, smap = planted
    findings = engine.check(report, smap, str(path))
    balance = [f for f in findings if f.code in ("B301", "B302", "B303", "B304", "B305")]
    errors = [f for f in balance if f.origin == "document"]
    doubts = [f for f in balance if f.origin == "reading"]
    assert [(f.code, f.location.pointer) for f in errors] == [("B301", "/tables/applications/new_received/6")]
    assert [c.code for c in errors[0].consequences] == ["B303"] and errors[0].severity.label == "error"
    assert "3129" in errors[0].message and "差额不能用识别误差解释" in errors[0].message
    assert [(f.code, f.location.pointer) for f in doubts] == [("B305", "/tables/applications/results/granted/0")]
    doubt = doubts[0]
    assert doubt.message.startswith("请核对表三“（一）予以公开”行“自然人”列的识别结果：")
    assert "若为 1288" in doubt.message and doubt.location.page == 1
    assert doubt.evidence["balancing_value"] == 1288 and doubt.evidence["confidence"] < 0.9
    assert doubt.evidence["crop"].startswith("data:image/png;base64,") and len(doubt.evidence["crop"]) < 20_000


@needs_ocr
@needs_corpus
def test_the_audit_page_shows_the_doubtful_cell(planted, engine):
    from lint.model import FileResult
    from lint.report import Context
    from lint.report.html import write

    path, report, smap = planted
    findings = [f for f in engine.check(report, smap, str(path)) if f.code == "B305"]
    out = io.StringIO()
    write([FileResult(str(path), findings)], out, Context())
    assert f'<img alt="" src="{findings[0].evidence["crop"]}">' in out.getvalue()
