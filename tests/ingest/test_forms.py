"""The form of a file is told by its content; the name is a hint, and a mismatch is one info finding (E015)."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from lint import errors
from lint.cli import main
from lint.run.checker import check_one
from lint.engine.sample import clean_report
from lint.errors import InputError
from lint.ingest import load_report

from . import CORPUS
from .docx_factory import build_report_docx
from .report_text import to_html, to_markdown


def _cells(node, pointer=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _cells(value, f"{pointer}/{key}")
    else:
        yield pointer, node


def assert_same_reading(got: dict, expected: dict) -> None:
    """Every table cell, every section (title and text), title, agency, year and intro read alike."""
    assert dict(_cells(got.get("tables") or {})) == dict(_cells(expected.get("tables") or {}))
    assert got.get("sections") == expected.get("sections")
    for key in ("title", "agency", "year", "intro", "format", "unreadable"):
        assert got.get(key) == expected.get(key), key


def e015(path: Path, engine) -> list:
    result = check_one(engine, str(path)).result
    return [f for f in result.findings if f.code == "E015"]


@pytest.fixture(scope="module")
def report() -> dict:
    return clean_report()


def test_markdown_saved_as_txt_reads_as_the_md(tmp_path: Path, report: dict, engine) -> None:
    text = to_markdown(report)
    md, txt = tmp_path / "report.md", tmp_path / "report.txt"
    md.write_text(text, encoding="utf-8")
    txt.write_text(text, encoding="utf-8")
    from_md, from_txt = load_report(str(md))[0], load_report(str(txt))[0]
    assert_same_reading(from_txt, from_md)
    # and both are the report that was written: every 表三 cell, every section
    assert dict(_cells(from_txt["tables"])) == dict(_cells(report["tables"]))
    assert {k: v["text"] for k, v in from_txt["sections"].items()} == {k: v["text"] for k, v in report["sections"].items()}
    assert "source_form" not in from_md
    assert from_txt["source_form"] == {"extension": ".txt", "content": "markdown"}
    (finding,) = e015(txt, engine)
    assert finding.severity.label == "info" and finding.origin == "reading"
    assert finding.message == "文件扩展名为 .txt，但内容是Markdown 文本，已按Markdown 文本读取。"
    assert e015(md, engine) == []


def test_plain_text_named_txt_records_nothing(tmp_path: Path, report: dict) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("\n".join([report["title"], report["intro"], "一、总体情况", report["sections"]["overview"]["text"],
                               "二、主动公开政府信息情况", "无。"]), encoding="utf-8")
    got = load_report(str(path))[0]
    assert "source_form" not in got and got["year"] == 2024 and "overview" in got["sections"]


@pytest.mark.parametrize("suffix", [".txt", ".doc"])
def test_web_page_saved_as_other_name(tmp_path: Path, report: dict, suffix: str, engine) -> None:
    page = to_html(report).encode("utf-8")
    true, other = tmp_path / "report.html", tmp_path / f"report{suffix}"
    true.write_bytes(page)
    other.write_bytes(page)
    expected, got = load_report(str(true))[0], load_report(str(other))[0]
    assert_same_reading(got, expected)
    assert dict(_cells(got["tables"])) == dict(_cells(report["tables"]))
    assert got["source_form"] == {"extension": suffix, "content": "html"}
    (finding,) = e015(other, engine)
    assert finding.message == f"文件扩展名为 {suffix}，但内容是网页，已按网页读取。"


def test_docx_named_doc_is_read_as_docx(tmp_path: Path, engine, engine_en) -> None:
    real = build_report_docx(tmp_path / "report.docx", year=2024,
                             applications={"new_received": [4, 1, 0, 0, 0, 0, 5]})
    named = tmp_path / "report.doc"
    shutil.copyfile(real, named)
    expected, got = load_report(str(real))[0], load_report(str(named))[0]
    assert_same_reading(got, expected)
    assert got["tables"]["applications"]["new_received"] == [4, 1, 0, 0, 0, 0, 5]
    assert got["source_form"] == {"extension": ".doc", "content": "docx"}
    assert [f.message for f in e015(named, engine_en)] == [
        "The file name ends in .doc but the content is Word document; it was read as Word document."]


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path, engine) -> None:
    source = CORPUS / "2024_huaianshi.pdf"
    if not source.exists():
        pytest.skip("corpus not found")
    pdf, txt = tmp_path / "report.pdf", tmp_path / "report.txt"
    shutil.copyfile(source, pdf)
    shutil.copyfile(source, txt)
    expected, got = load_report(str(pdf))[0], load_report(str(txt))[0]
    assert_same_reading(got, expected)
    assert got["tables"]["applications"]["new_received"] == [3001, 53, 0, 0, 61, 4, 3119]
    assert got["source_form"] == {"extension": ".txt", "content": "pdf"}
    (finding,) = e015(txt, engine)
    assert finding.message == "文件扩展名为 .txt，但内容是PDF 文件，已按PDF 文件读取。"


def test_text_named_doc_is_read_as_text(tmp_path: Path, report: dict) -> None:
    md = to_markdown(report)
    path = tmp_path / "report.doc"
    path.write_text(md, encoding="utf-8")
    got = load_report(str(path))[0]
    assert got["source_form"] == {"extension": ".doc", "content": "markdown"}
    assert dict(_cells(got["tables"])) == dict(_cells(report["tables"]))


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["statistics.xlsx", "statistics.docx", "statistics.doc"])
def test_spreadsheet_is_unsupported_with_a_clear_message(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(_xlsx())
    with pytest.raises(InputError) as caught:
        load_report(str(path))
    assert caught.value.code == errors.UNSUPPORTED
    assert "电子表格" in caught.value.zh and "不是年度报告文档" in caught.value.zh
    assert "spreadsheet" in caught.value.en


def test_excel_97_workbook_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 64)
    with pytest.raises(InputError) as caught:
        load_report(str(path))
    assert caught.value.code == errors.UNSUPPORTED and "电子表格" in caught.value.zh


@pytest.mark.parametrize("name", ["2024_huaianshi.pdf", "2021_pingtan.html", "2024_shanghai_kewei.md",
                                  "2020_pingtan.txt"])
def test_true_files_record_no_mismatch(name: str, engine) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip("corpus not found")
    assert "source_form" not in load_report(str(path))[0]
    assert e015(path, engine) == []


def test_mismatch_is_never_a_failure_and_keeps_the_report_complete(tmp_path: Path, report: dict) -> None:
    path = tmp_path / "report.txt"
    path.write_text(to_markdown(report), encoding="utf-8")
    out = io.StringIO()
    assert main(["check", str(path), "--format", "json"], out=out) == 0
    (result,) = json.loads(out.getvalue())["files"]
    assert [f["code"] for f in result["findings"] if f["code"] == "E015"] == ["E015"]
    assert result["status"] == "complete" and result["score"] == 100
