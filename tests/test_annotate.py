"""``xxgk-lint annotate``: a Word copy with a comment (批注) at the place of each finding.

The planted draft (:mod:`tests.web.planted`) is annotated by the command; the
copy is then read three ways: its XML (each ``w:commentRangeStart`` sits in the
cell, heading or sentence of its mistake), python-docx (it opens, the comments
are there), and LibreOffice's PDF export (each comment shows as a note at the
mistake's printed text).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from lint.cli import main
from lint.model import Finding, Location, Severity
from lint.report.word import annotate_docx, finding_text, output_path
from tests.web.planted import QUOTE, SENTENCE, TITLE, planted_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def text_of(el) -> str:
    return "".join(t.text or "" for t in el.iter(q("t")))


class Copy:
    """The comments of an annotated .docx and where each one starts."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as archive:
            self.body = etree.fromstring(archive.read("word/document.xml")).find(q("body"))
            comments = etree.fromstring(archive.read("word/comments.xml"))
        self.texts = {c.get(q("id")): "\n".join(text_of(p) for p in c.iter(q("p"))) for c in comments.iter(q("comment"))}
        self.paragraphs = list(self.body.iter(q("p")))
        self.places = []
        for start in self.body.iter(q("commentRangeStart")):
            cid = start.get(q("id"))
            p = next(a for a in start.iterancestors() if a.tag == q("p"))
            tc = next((a for a in start.iterancestors() if a.tag == q("tc")), None)
            tr = tc.getparent() if tc is not None else None
            self.places.append({"id": cid, "text": self.texts[cid], "paragraph": text_of(p), "cell": tc, "row": tr,
                                "covered": self._covered(p, cid), "index": self.paragraphs.index(p)})

    @staticmethod
    def _covered(p, cid: str) -> str:
        out, on = [], False
        for el in p.iter():
            if el.tag == q("commentRangeStart") and el.get(q("id")) == cid:
                on = True
            elif el.tag == q("commentRangeEnd") and el.get(q("id")) == cid:
                on = False
            elif on and el.tag == q("t"):
                out.append(el.text or "")
        return "".join(out)

    def with_code(self, code: str) -> list[dict]:
        return [p for p in self.places if f" {code} " in p["text"] or p["text"].startswith(code)
                or f"】{code} " in p["text"] or f"] {code} " in p["text"]]


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("annotate")
    source = planted_docx(folder / "年报.docx")
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    code = main(["annotate", str(source), "--isolated"])
    target = folder / "年报.批注.docx"
    return {"source": source, "target": target, "code": code, "before": before}


def test_writes_a_copy_and_leaves_the_original(annotated):
    assert annotated["code"] == 1  # errors found, as check would say
    assert annotated["target"].is_file()
    assert hashlib.sha256(annotated["source"].read_bytes()).hexdigest() == annotated["before"]


def test_each_mistake_has_its_comment_in_its_place(annotated):
    copy = Copy(annotated["target"])
    # 表三 （七）总计, 自然人 and 总计 columns: the cells that print 9
    b302 = copy.with_code("B302")
    assert len(b302) == 2
    for place in b302:
        assert place["cell"] is not None and text_of(place["cell"]) == "9"
        assert "（七）总计" in text_of(place["row"])
    assert {"“自然人”列" in p["text"] for p in b302} == {True, False}
    # the blank 总计 cell of 四、结转下年度继续办理: the last cell of its row, empty
    blank = copy.with_code("T207")
    assert len(blank) == 1 and blank[0]["cell"] is not None
    assert text_of(blank[0]["cell"]) == "" and blank[0]["cell"] is blank[0]["row"].findall(q("tc"))[-1]
    assert "四、结转下年度继续办理" in text_of(blank[0]["row"])
    # one root cause, one comment: the blank cell (T202) and what it keeps from being checked (B309) follow from it
    follows = blank[0]["text"].split("由此引起：", 1)[1]
    assert "T202 " in follows and "B309 " in follows
    assert not copy.with_code("T202") and not copy.with_code("B309")
    # no 信息处理费 sentence: on the heading of 六
    fee = copy.with_code("F401")
    assert [p["paragraph"] for p in fee] == ["六、其他需要报告的事项"]
    # the narrative number: on just the quoted words of the sentence, across its three runs
    narrative = copy.with_code("C702")
    assert len(narrative) == 1
    assert narrative[0]["paragraph"] == SENTENCE and narrative[0]["covered"] == QUOTE
    # last year's year in the title: on the title, saying it disagrees with the 统计期限
    year = copy.with_code("M601")
    assert len(year) == 1 and year[0]["paragraph"] == TITLE
    assert "2023" in year[0]["text"] and "2024" in year[0]["text"]
    assert not copy.with_code("M602")  # the correct period is not called wrong


def test_comment_text_has_the_fix_and_the_top_comment_lists_the_rest(annotated):
    copy = Copy(annotated["target"])
    fee = copy.with_code("F401")[0]["text"]
    assert "修改建议：" in fee and "信息处理费" in fee
    top = [p for p in copy.places if p["text"].startswith("共 ")]
    assert len(top) == 1 and top[0]["paragraph"] == TITLE
    # findings with no place in the text (the detected format, the length of the whole report) are listed there
    assert "M611" in top[0]["text"] and "N905" in top[0]["text"]
    assert "B302" not in top[0]["text"]
    reading = Finding("B309", "balance-unevaluable", Severity.INFO, "表四有 1 项勾稽关系无法核对。",
                      Location("/tables/appeals"), origin="reading")
    text = "\n".join(finding_text(reading, "zh"))
    assert text.startswith("【需人工核对】") and "不扣分" in text


def test_python_docx_opens_the_copy(annotated):
    import docx

    document = docx.Document(str(annotated["target"]))
    comments = list(document.comments)
    assert len(comments) == len(Copy(annotated["target"]).places) >= 8
    assert all(c.author == "xxgk-lint" for c in comments)
    assert document.paragraphs[0].text == TITLE  # the text itself is unchanged
    assert any(p.text == SENTENCE for p in document.paragraphs)


def test_libreoffice_shows_each_comment_at_its_mistake(annotated, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("soffice is missing: .ci/run must install Debian's libreoffice-writer-nogui")
    export = ('pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"},'
              '"ExportNotesInMargin":{"type":"boolean","value":"true"}}')
    source = tmp_path / "copy.docx"
    shutil.copy(annotated["target"], source)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    export, "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "copy.pdf"
    assert pdf.is_file()
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                            text=True).stdout
    assert "收到政府信息公开申请 12 件" in layout or "收到政府信息公开申请12件" in layout
    notes = pdf_notes(pdf)
    for code, beside in (("C702", "申请12件"), ("F401", "六、其他需要报告的事项"), ("M601", "2023年政府信息公开"),
                         ("B302", "（七）总计"), ("T202", "结转下年度继续办")):
        found = [n for n in notes if code in n["contents"]]
        assert found, f"no note for {code}"
        assert any(beside in n["line"] for n in found), (code, [n["line"] for n in found])
    assert len(notes) == len(Copy(annotated["target"]).places)


def pdf_notes(pdf: Path) -> list[dict]:
    """Each text note of the PDF with the printed words on its line (LibreOffice puts it at the comment's end)."""
    import pdfplumber
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    notes = []
    with pdfplumber.open(str(pdf)) as document:
        for page in document.pages:
            words = page.extract_words()
            for ref in resolve1(page.page_obj.annots) or []:
                note = resolve1(ref)
                if getattr(resolve1(note.get("Subtype")), "name", "") != "Text":
                    continue
                x0, y0, x1, y1 = (float(v) for v in resolve1(note["Rect"]))
                top, bottom = page.height - y1, page.height - y0
                contents = resolve1(note.get("Contents"))
                contents = decode_text(contents) if isinstance(contents, bytes) else str(contents or "")
                line = "".join(w["text"] for w in words if w["top"] < bottom and w["bottom"] > top)
                notes.append({"contents": contents, "line": line})
    return notes


# ---------------------------------------------------------------- the command's edges


def test_never_overwrites_without_force(tmp_path, capsys):
    source = planted_docx(tmp_path / "r.docx")
    target = tmp_path / "r.批注.docx"
    target.write_bytes(b"keep me")
    assert main(["annotate", str(source), "--isolated"]) == 2
    assert "已存在；要覆盖请加 --force" in capsys.readouterr().err and target.read_bytes() == b"keep me"
    assert main(["annotate", str(source), "--isolated", "--force"]) == 1
    assert zipfile.is_zipfile(target)


def test_output_option_and_english(tmp_path, capsys):
    source = planted_docx(tmp_path / "r.docx")
    target = tmp_path / "out" / "copy.docx"
    target.parent.mkdir()
    assert main(["annotate", str(source), "-o", str(target), "--lang", "en", "--isolated"]) == 1
    assert "comment(s)" in capsys.readouterr().out
    copy = Copy(target)
    fee = copy.with_code("F401")[0]["text"]
    assert "[error] F401 " in fee and "Fix: " in fee and "修改建议" not in fee
    assert not (tmp_path / "r.批注.docx").exists()


@pytest.mark.parametrize("name, data, says", [
    ("r.pdf", b"%PDF-1.4\n%%EOF\n", "不是 Word"),
    ("r.txt", "一、总体情况\n".encode(), "不是 Word"),
    ("r.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "已损坏"),  # named .doc, no document inside
])
def test_refuses_what_is_no_word_document(tmp_path, capsys, name, data, says):
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["annotate", str(path), "--isolated"]) == 2
    assert says in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [path]


def test_a_word_97_file_is_annotated_through_the_same_conversion_check_reads(tmp_path, capsys):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("soffice is missing: .ci/run must install Debian's libreoffice-writer-nogui")
    (tmp_path / "made").mkdir()
    made = planted_docx(tmp_path / "made" / "年报.docx")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "doc:MS Word 97", "--outdir", str(tmp_path), str(made)], check=True, capture_output=True,
                   timeout=180)
    source = tmp_path / "年报.doc"
    before = source.read_bytes()
    assert before.startswith(b"\xd0\xcf\x11\xe0")  # a real Word 97 compound file
    assert main(["annotate", str(source), "--isolated"]) == 1
    assert "年报.批注.docx" in capsys.readouterr().out
    assert source.read_bytes() == before
    copy = Copy(tmp_path / "年报.批注.docx")
    b302 = copy.with_code("B302")
    assert len(b302) == 2 and all(text_of(p["cell"]) == "9" and "（七）总计" in text_of(p["row"]) for p in b302)
    assert [p["paragraph"] for p in copy.with_code("F401")] == ["六、其他需要报告的事项"]
    blank = copy.with_code("T207")  # the blank 总计, its T202 and B309 in the same comment
    assert len(blank) == 1 and "四、结转下年度继续办理" in text_of(blank[0]["row"]) and "T202 " in blank[0]["text"]


def test_default_name():
    assert output_path("a/年报.docx") == "a/年报.批注.docx"
    assert output_path("年报.DOC") == "年报.批注.docx"


# ---------------------------------------------------------------- the writer alone


def _docx(tmp_path: Path, build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    path = tmp_path / "w.docx"
    document.save(str(path))
    return path.read_bytes()


def _finding(code: str, paragraph: int | None = None, **evidence) -> Finding:
    return Finding(code, "name", Severity.WARNING, f"message of {code}", Location(pointer="/x", paragraph=paragraph),
                   hint="do this", evidence=evidence)


def test_comment_on_quoted_words_cuts_runs_at_their_edges(tmp_path):
    def build(document):
        p = document.add_paragraph("开头的话。")
        p.add_run("共收到申请").italic = True
        p.add_run("15件，办结14件。")
    data = _docx(tmp_path, build)
    out = tmp_path / "out.docx"
    out.write_bytes(annotate_docx(data, [_finding("C702", 0, quote="收到申请15件")]).data)
    place = [p for p in Copy(out).places if "C702" in p["text"]][0]
    assert place["covered"] == "收到申请15件"
    assert place["paragraph"] == "开头的话。共收到申请15件，办结14件。"


def test_blank_paragraph_and_missing_place(tmp_path):
    def build(document):
        document.add_paragraph("标题")
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "a"
    data = _docx(tmp_path, build)
    out = tmp_path / "out.docx"
    # paragraph 2 is the empty second cell; the second finding has no place at all
    result = annotate_docx(data, [_finding("T202", 2), _finding("M611")], lang="en")
    out.write_bytes(result.data)
    assert (result.placed, result.listed, result.comments) == (1, 1, 2)
    copy = Copy(out)
    blank = [p for p in copy.places if "T202" in p["text"]][0]
    assert blank["cell"] is not None and text_of(blank["cell"]) == ""
    top = [p for p in copy.places if "M611" in p["text"]][0]
    assert top["paragraph"] == "标题" and "about no single place" in top["text"]


def test_text_box_paragraph_is_commented_on_its_anchor_paragraph(tmp_path):
    from docx.oxml import parse_xml

    def build(document):
        p = document.add_paragraph("正文前的一段")
        p._p.append(parse_xml(
            f'<w:r xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
            f'<w:txbxContent><w:p><w:r><w:t>文本框里的标题</w:t></w:r></w:p></w:txbxContent>'
            "</v:textbox></v:shape></w:pict></w:r>"))
        document.add_paragraph("后面一段")
    data = _docx(tmp_path, build)
    out = tmp_path / "out.docx"
    out.write_bytes(annotate_docx(data, [_finding("M601", 1)]).data)  # paragraph 1: the one in the text box
    copy = Copy(out)
    place = [p for p in copy.places if "M601" in p["text"]][0]
    assert place["index"] == 0 and "正文前的一段" in place["paragraph"]


def test_annotating_an_annotated_copy_keeps_both(annotated, tmp_path):
    from lint.report.word import annotate_file

    again = tmp_path / "again.docx"
    shutil.copy(annotated["target"], again)
    first = Copy(again)
    findings = [_finding("C702", None, quote=QUOTE, narrative_pointer="/sections/overview/text")]
    result = annotate_file(str(again), findings)
    second_path = tmp_path / "second.docx"
    second_path.write_bytes(result.data)
    second = Copy(second_path)
    ids = [p["id"] for p in second.places]
    assert len(ids) == len(set(ids)) == len(first.places) + 2  # the new comment and a new top comment
    ours = [p for p in second.places if p["text"].startswith("【警告】C702 message of C702")]
    assert len(ours) == 1 and ours[0]["covered"] == QUOTE


def test_a_file_whose_reading_was_stopped_is_not_read_again(tmp_path, monkeypatch):
    from lint import errors
    from lint.report import word

    source = planted_docx(tmp_path / "r.docx")

    def never(path):
        raise AssertionError("read again")
    monkeypatch.setattr("lint.ingest.load_report", never)
    stopped = Finding(errors.TIMEOUT, "timeout", Severity.ERROR, "读取超时", Location())
    result = word.annotate_file(str(source), [stopped])
    assert (result.placed, result.listed) == (0, 1)


def test_cross_year_findings_of_the_configured_history(tmp_path):
    """As with check, earlier reports the configuration names are read for the cross-year rules."""
    source = planted_docx(tmp_path / "年报.docx")  # its 统计期限 is 2024: last year's report is 2023
    assert main(["init", str(tmp_path / "2023.yaml"), "--agency", "某某县人民政府办公室", "--year", "2023"]) == 0
    earlier = (tmp_path / "2023.yaml").read_text(encoding="utf-8")
    earlier = earlier.replace("carried_forward: [null, null, null, null, null, null, null]",
                              "carried_forward: [3, 0, 0, 0, 0, 0, 3]")
    (tmp_path / "2023.yaml").write_text(earlier, encoding="utf-8")
    (tmp_path / ".xxgk-lint.yaml").write_text("history: ['2023.yaml']\n", encoding="utf-8")
    assert main(["annotate", str(source)]) == 1
    copy = Copy(tmp_path / "年报.批注.docx")
    carry = copy.with_code("X801")
    assert carry and all(p["row"] is not None and "二、上年结转" in text_of(p["row"]) for p in carry)
