"""The front matter read from evidence: year by votes, agency and date from metadata, no chrome; radicals; pre-2019."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import pytest

from lint.cli import main
from lint.run.checker import check_one
from lint.engine.sample import clean_report
from lint.ingest import html, load_report, markdown
from lint.ingest.assemble import assemble
from lint.vocab._radicals import EQUIVALENT
from lint.vocab.text import normalise

from .report_text import to_html, to_markdown
from .test_forms import _cells


# ---------------------------------------------------------------- radicals


def _radical_forms() -> dict[str, str]:
    """Ordinary character → the radical a PDF font prints for it (Radicals Supplement preferred)."""
    forms = {unicodedata.normalize("NFKC", chr(cp)): chr(cp) for cp in range(0x2F00, 0x2FD6)}
    forms.update({chr(ideograph): chr(radical) for radical, ideograph in EQUIVALENT.items()
                  if 0x2E80 <= radical <= 0x2EFF})
    return forms


RADICALS = _radical_forms()


def with_radicals(text: str) -> str:
    return "".join(RADICALS.get(c, c) for c in text)


@pytest.mark.parametrize("writer,reader,name", [(to_markdown, markdown, "r.md"), (to_html, html, "r.html")])
def test_a_report_printed_in_radicals_reads_as_the_ordinary_text(writer, reader, name) -> None:
    report = clean_report()
    plain = writer(report)
    printed = with_radicals(plain)
    assert "⾏" in printed and "⻔" in with_radicals("部门") and sum(a != b for a, b in zip(plain, printed)) > 50
    expected = assemble(reader.extract(name, plain.encode("utf-8")))[0]
    got = assemble(reader.extract(name, printed.encode("utf-8")))[0]
    # every table cell, every section, title, agency, year as from the ordinary characters
    assert dict(_cells(got["tables"])) == dict(_cells(expected["tables"])) == dict(_cells(report["tables"]))
    assert list(got["sections"]) == list(expected["sections"]) == list(report["sections"])
    for key, section in got["sections"].items():
        assert normalise(section["title"]) == normalise(expected["sections"][key]["title"])
        assert normalise(section["text"]) == normalise(expected["sections"][key]["text"])
    assert (got["agency"], got["year"], got["format"]) == (expected["agency"], expected["year"], expected["format"])
    assert normalise(got["title"]) == normalise(expected["title"]) and normalise(got["intro"]) == normalise(expected["intro"])
    assert got.get("unreadable") is None and got.get("labels") == expected.get("labels")
    # the Report keeps the text as printed; what is derived (agency, year) is normalised
    assert got["title"] != expected["title"] and "⼯" in got["title"]


def test_radical_title_and_metadata_lines(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(with_radicals("发布时间：2025-01-20\n某市⾏政审批局2024年政府信息公开⼯作年度报告\n"
                                  "本报告统计期限自2024年1月1日至2024年12月31日。\n一、总体情况\n2024年，我局推进公开。\n"),
                    encoding="utf-8")
    got = load_report(str(path))[0]
    assert (got["agency"], got["year"], got["published"]) == ("某市行政审批局", 2024, "2025-01-20")


# ---------------------------------------------------------------- the year from evidence


def _report_file(tmp_path: Path, report: dict, head: list[str] = ()) -> Path:
    path = tmp_path / "report.md"
    path.write_text(to_markdown(report, head=list(head)), encoding="utf-8")
    return path


def _codes(path: Path, engine) -> list[tuple[str, str]]:
    return [(f.code, f.location.pointer) for f in check_one(engine, str(path)).result.findings]


def test_title_copied_from_last_year_is_the_slip(tmp_path: Path, engine) -> None:
    report = clean_report(2024)
    report["title"] = "某市某局2023年政府信息公开工作年度报告"
    report["sections"]["overview"]["text"] += "2024年，我局新建专栏3个。2024年共办理申请16件。2024年度未发生复议。"
    path = _report_file(tmp_path, report, head=["发布日期：2025-01-20"])
    got = load_report(str(path))[0]
    assert got["year"] == 2024
    assert got["year_evidence"] == {"title": 2023, "period": 2024, "body": 2024, "published": 2024}
    assert got["published"] == "2025-01-20" and got["agency"] == "某市某局"
    # without the publication date the period and the narrative still outvote the title
    del report["sections"]["overview"]
    path = _report_file(tmp_path, {**report, "sections": {**report["sections"], "overview": {
        "title": "一、总体情况", "text": "2024年，我局推进公开。2024年新建专栏3个。2024年度未发生复议。"}}})
    assert load_report(str(path))[0]["year_evidence"] == {"title": 2023, "period": 2024, "body": 2024}
    path = _report_file(tmp_path, report, head=["发布日期：2025-01-20"])
    codes = _codes(path, engine)
    assert ("M601", "/title") in codes
    assert not any(code == "M602" for code, _ in codes)
    (m601,) = [f for f in check_one(engine, str(path)).result.findings if f.code == "M601"]
    assert m601.message == "标题中的年份 2023 与报告年度 2024 不一致：“某市某局2023年政府信息公开工作年度报告”。"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert m601.location.line == lines.index("# 某市某局2023年政府信息公开工作年度报告") + 1  # the title's own line


def test_period_copied_from_last_year_is_the_slip_when_other_evidence_says_so(tmp_path: Path, engine) -> None:
    report = clean_report(2024)
    report["intro"] = report["intro"].replace("2024年1月1日起至2024年12月31日", "2023年1月1日起至2023年12月31日")
    path = _report_file(tmp_path, report, head=["发布日期：2025-01-20"])
    got = load_report(str(path))[0]
    assert got["year"] == 2024 and got["year_evidence"]["period"] == 2023
    codes = _codes(path, engine)
    assert ("M602", "/intro") in codes and not any(code == "M601" for code, _ in codes)


def test_title_against_period_alone_is_one_neutral_finding_at_the_title(tmp_path: Path, engine) -> None:
    # nothing but the two says which one slipped: say they disagree, do not tell the clerk to change either
    report = clean_report(2024)
    report["intro"] = report["intro"].replace("2024年1月1日起至2024年12月31日", "2023年1月1日起至2023年12月31日")
    path = _report_file(tmp_path, report)
    codes = _codes(path, engine)
    assert ("M601", "/title") in codes and not any(code == "M602" for code, _ in codes)
    (m601,) = [f for f in check_one(engine, str(path)).result.findings if f.code == "M601"]
    assert "与统计期限的年份 2023 不一致" in m601.message and "请核对哪一处是对的" in m601.message


def test_title_against_period_alone_takes_the_period_s_year(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("某市某局2023年政府信息公开工作年度报告\n本报告统计期限自2024年1月1日至2024年12月31日。\n"
                    "一、总体情况\n本局推进政务公开。\n", encoding="utf-8")
    got = load_report(str(path))[0]
    assert got["year"] == 2024 and got["year_evidence"] == {"title": 2023, "period": 2024}


def test_year_without_title_from_body_and_publication(tmp_path: Path) -> None:
    path = tmp_path / "untitled.txt"
    path.write_text("发布日期：2025-02-01\n一、总体情况\n2024年，我局推进公开。2024年共公开信息12条，2024年度无复议。\n",
                    encoding="utf-8")
    got = load_report(str(path))[0]
    assert got["year"] == 2024 and got["year_evidence"] == {"body": 2024, "published": 2024}


# ---------------------------------------------------------------- agency, title and date from the page's blocks


def test_archive_metadata_block_and_breadcrumb(tmp_path: Path) -> None:
    path = tmp_path / "archive.txt"
    path.write_text("\n".join([
        "标题: 某市某区市场监督管理局2024年政府信息公开工作年度报告",
        "发布时间: 2025-01-27 11:38",
        "文号: ",
        "发布机构: ",
        "栏目: 政府信息公开年报",
        "==================== 正文 ====================",
        "当前位置： 首页政务公开政府信息公开某市某区市场监督管理局政府信息公开年报 某市某区市场监督管理局2024年度"
        "政府信息公开工作年度报告 来源： 时间：2025-01-27 11:38 --> 微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： "
        "根据《中华人民共和国政府信息公开条例》要求，编制本报告。统计期限自2024年1月1日至2024年12月31日。",
        "一、总体情况", "2024年，我局推进公开。"]), encoding="utf-8")
    got = load_report(str(path))[0]
    assert got["title"] == "某市某区市场监督管理局2024年度政府信息公开工作年度报告"
    assert got["agency"] == "某市某区市场监督管理局" and got["level"] == "department"
    assert got["published"] == "2025-01-27" and got["year"] == 2024
    assert got["intro"].startswith("根据《中华人民共和国政府信息公开条例》")
    for key in ("title", "agency", "intro"):
        assert "当前位置" not in got[key] and "微信" not in got[key] and "时间：" not in got[key]


def test_breadcrumb_with_separators_never_in_title_or_agency(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text("当前位置:首页 > 政务公开 > 政府信息公开年报 > 某县人民政府2024年政府信息公开工作年度报告\n"
                    "本报告统计期限自2024年1月1日至2024年12月31日。\n一、总体情况\n2024年，本县推进公开。\n",
                    encoding="utf-8")
    got = load_report(str(path))[0]
    assert got["title"] == "某县人民政府2024年政府信息公开工作年度报告"
    assert got["agency"] == "某县人民政府" and got["level"] == "government"


def test_one_line_metadata_row_prefers_the_publication_date(tmp_path: Path) -> None:
    path = tmp_path / "row.txt"
    path.write_text("索引号：11370300MB2855X/2025-00012 成文日期：2025-01-18 发布机构：某市投资促进局 公开日期：2025-01-20\n"
                    "2024年政府信息公开工作年度报告\n"
                    "本报告统计期限自2024年1月1日至2024年12月31日。\n一、总体情况\n2024年，我局推进公开。\n",
                    encoding="utf-8")
    got = load_report(str(path))[0]
    assert got["published"] == "2025-01-20"  # 公开日期, not 成文日期
    assert got["agency"] == "某市投资促进局"  # the title names none: the metadata's 发布机构
    assert got["title"] == "2024年政府信息公开工作年度报告"


def test_only_a_written_date_when_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "signed.txt"
    path.write_text("成文日期：2025-01-18\n某市某局2024年政府信息公开工作年度报告\n一、总体情况\n2024年，推进公开。\n",
                    encoding="utf-8")
    assert load_report(str(path))[0]["published"] == "2025-01-18"


def test_agency_from_the_preamble(tmp_path: Path) -> None:
    path = tmp_path / "preamble.txt"
    path.write_text("2024年政府信息公开工作年度报告\n本报告由某市生态环境局根据《中华人民共和国政府信息公开条例》编制。"
                    "统计期限自2024年1月1日至2024年12月31日。\n一、总体情况\n2024年，我局推进公开。\n", encoding="utf-8")
    got = load_report(str(path))[0]
    assert got["agency"] == "某市生态环境局" and got["year"] == 2024


def test_markdown_marks_stay_out_of_the_title_and_agency(tmp_path: Path) -> None:
    path = tmp_path / "marks.txt"
    path.write_text("**某市某局2024年政府信息公开工作年度报告**\n"
                    "本报告统计期限自2024年1月1日至2024年12月31日。\n一、总体情况\n2024年，我局推进公开。\n",
                    encoding="utf-8")
    got = load_report(str(path))[0]
    assert got["title"] == "某市某局2024年政府信息公开工作年度报告" and got["agency"] == "某市某局"


def test_web_page_metadata_outside_the_article(tmp_path: Path) -> None:
    report = clean_report(2024)
    article = to_html(report).split("<body>", 1)[1].split("</body>", 1)[0]
    page = ("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
            "<div class='nav'>当前位置：<a>首页</a> &gt; <a>政务公开</a> &gt; <a>年度报告</a></div>"
            "<div class='meta'><p>成文日期：2025-01-10</p><p>发布机构：某市某局</p><p>公开日期：2025-01-22</p></div>"
            f"<div class='article'>{article}</div><div class='foot'>网站标识码 1234</div></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    got = load_report(str(path))[0]
    assert got["published"] == "2025-01-22"
    assert got["title"] == report["title"] and got["agency"] == "某市某局"
    assert dict(_cells(got["tables"])) == dict(_cells(report["tables"]))
    assert {k: v["text"] for k, v in got["sections"].items()} == {k: v["text"] for k, v in report["sections"].items()}


# ---------------------------------------------------------------- pre-2019 reports are out of scope

OLD_REPORT = """某县某局{year}政府信息公开工作年度报告

本报告依据《中华人民共和国政府信息公开条例》（国务院令第492号）编制。

一、概述
本局认真贯彻落实条例，推进政府信息公开工作。

二、主动公开政府信息情况
本年度主动公开政府信息120条。

三、依申请公开政府信息情况
本年度共受理申请5件，同意公开4件，不同意公开1件。

四、政府信息公开的收费及减免情况
本年度未收取任何费用。

五、咨询处理情况
共接受咨询30人次。

六、因政府信息公开申请行政复议、提起行政诉讼的情况
无。

七、政府信息公开工作存在的主要问题及改进情况
公开内容还不够全面。

八、其他需要报告的事项
无。

政府信息公开情况统计表
指标名称\t单位\t统计数
一、主动公开情况\t\t
（一）主动公开政府信息数\t条\t120
二、依申请公开情况\t\t
（一）收到申请数\t件\t5
（二）申请答复数\t件\t5
1.同意公开答复数\t件\t4
2.不同意公开答复数\t件\t1
3.非本部门掌握的信息数\t件\t0
"""


def _check_json(path: Path) -> dict:
    out = io.StringIO()
    main(["check", str(path), "--format", "json"], out=out)
    (result,) = json.loads(out.getvalue())["files"]
    return result


@pytest.mark.parametrize("year", ["", "2017年"])
def test_pre_2019_report_gets_one_finding_and_no_score(tmp_path: Path, year: str) -> None:
    path = tmp_path / "old.txt"
    path.write_text(OLD_REPORT.format(year=year), encoding="utf-8")
    got = load_report(str(path))[0]
    assert not got.get("tables") and not (got.get("format_evidence") or {}).get("2021")
    assert {"指标名称", "收费及减免", "咨询处理情况"} <= set(got["pre_2019_evidence"])
    result = _check_json(path)
    assert [f["code"] for f in result["findings"]] == ["M615"]
    (finding,) = result["findings"]
    assert finding["severity"] == "warning" and finding["origin"] == "document"
    assert finding["message"].startswith("这不是按 2019 年或 2021 年统一格式编制的年度报告（")
    assert finding["message"].endswith("），本工具不对其评分。")
    assert result["status"] == "not-graded" and result.get("score") is None and result.get("grade") is None


def test_a_2019_report_with_old_section_names_is_graded(tmp_path: Path) -> None:
    report = clean_report(2019)
    report["format"] = "2019"
    report["sections"]["overview"]["title"] = "一、概述"
    report["sections"]["overview"]["text"] += "本年度未收取任何费用，无收费及减免。"
    path = _report_file(tmp_path, report)
    result = _check_json(path)
    assert "M615" not in [f["code"] for f in result["findings"]]
    assert result["status"] != "not-graded" and result.get("score") is not None
