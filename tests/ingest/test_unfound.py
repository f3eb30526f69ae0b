"""What the reader records where a section or table was not found (lint/ingest/assemble/unfound.py).

"Missing" only when the document gives no sign of the thing; otherwise the reader says what
it saw, and the rules make a reading finding (S109/S110) instead of S101/S102.
"""

from __future__ import annotations

from lint.model import SourceMap
from tests.ingest.test_assemble import application_grid, appeals_grid, front, proactive_grid_2021, report_of, zeros

OVERVIEW = ["一、总体情况", "本机关认真落实条例，主动公开政府信息120条。"]
PROBLEMS = ["五、存在的主要问题及改进情况", "存在的问题是公开不够及时，下一步将加强培训。"]
OTHER = ["六、其他需要报告的事项", "本机关2024年度未收取信息处理费。"]


def _full(**replace):
    parts = {
        "overview": OVERVIEW,
        "proactive": ["二、主动公开政府信息情况", proactive_grid_2021()],
        "applications": ["三、收到和处理政府信息公开申请情况", application_grid(zeros())],
        "appeals": ["四、政府信息公开行政复议、行政诉讼情况", appeals_grid(["0"] * 15)],
        "problems": PROBLEMS,
        "other": OTHER,
    }
    parts.update(replace)
    return report_of(*front(), *(item for key in parts for item in parts[key]))


def _codes(engine, report):
    return {(f.code, f.location.pointer) for f in engine.check(report, SourceMap(), "r.txt")}


def test_a_complete_document_records_nothing_unread():
    report = _full()
    assert "unreadable" not in report
    assert set(report["tables"]) == {"proactive", "applications", "appeals"}


def test_headings_with_nothing_under_them_are_tables_not_read_not_missing(engine):
    # seed 001: the tables were images or lost in PDF-to-text; only the headings are left
    report = _full(proactive=["二、主动公开政府信息情况"], applications=["三、收到和处理政府信息公开申请情况"],
                   appeals=["四、政府信息公开行政复议、行政诉讼情况"])
    seen = report["unreadable"]
    assert set(seen) == {"/tables/proactive", "/tables/applications", "/tables/appeals"}
    assert "“三、收到和处理政府信息公开申请情况”" in seen["/tables/applications"]
    codes = _codes(engine, report)
    assert {("S110", "/tables/proactive"), ("S110", "/tables/applications"), ("S110", "/tables/appeals")} <= codes
    assert not any(code == "S102" for code, _ in codes)


def test_a_table_with_its_section_gone_too_is_missing(engine):
    report = _full(appeals=[])
    assert "/tables/appeals" not in report.get("unreadable", {})
    assert "/sections/appeals" not in report.get("unreadable", {})
    codes = _codes(engine, report)
    assert ("S101", "/sections/appeals") in codes and ("S102", "/tables/appeals") in codes


def test_sub_headings_of_five_between_four_and_six_are_a_section_not_found(engine):
    # a PDF extraction lost "五、存在的主要问题及改进情况"; its sub-headings stand between 四 and 六
    report = _full(problems=["（一）主要问题", "公开不够及时。", "（二）改进情况", "下一步将加强培训。"])
    assert "problems" not in report["sections"]
    assert "“（一）主要问题”" in report["unreadable"]["/sections/problems"]
    codes = _codes(engine, report)
    assert ("S109", "/sections/problems") in codes and ("S101", "/sections/problems") not in codes


def test_a_section_with_no_sign_at_all_is_missing(engine):
    report = _full(other=[])
    assert "/sections/other" not in report.get("unreadable", {})
    assert ("S101", "/sections/other") in _codes(engine, report)


def test_a_numbered_heading_where_the_section_belongs_is_a_section_not_recognised(engine):
    report = _full(problems=["五、工作中的不足与打算", "公开不够及时，下一步将加强培训。"])
    assert "problems" not in report["sections"]
    assert "“五、工作中的不足与打算”" in report["unreadable"]["/sections/problems"]
    assert ("S109", "/sections/problems") in _codes(engine, report)


def test_a_table_read_without_its_heading_is_a_section_not_found(engine):
    report = _full(appeals=[appeals_grid(["0"] * 15)])
    assert "appeals" in report["tables"] and "appeals" not in report["sections"]
    assert "表四" in report["unreadable"]["/sections/appeals"]
    codes = _codes(engine, report)
    assert ("S109", "/sections/appeals") in codes and ("S101", "/sections/appeals") not in codes


def test_parts_numbered_inside_section_one_count_as_its_content(engine):
    # 2024 上海市科委: 一、总体情况 followed by its own 二、… 三、… before the national 二
    report = report_of(*front(), "一、总体情况", "市科委全面推进政务公开。", "二、工作机制保障",
                       "加强组织领导和监督考核。", "三、主动公开工作情况", "主动公开政府信息120条。",
                       "四、政府信息公开申请情况", "全年收到依申请公开申请35件。", "五、政府信息管理",
                       "规范政府信息管理，开展公开属性源头认定。", "六、政府信息公开平台建设",
                       "优化政府网站和政务新媒体。", "二、主动公开政府信息情况", proactive_grid_2021(),
                       "三、收到和处理政府信息公开申请情况", application_grid(zeros()))
    assert [p.get("after") for p in report["extra_sections"]] == ["overview"] * 5
    codes = _codes(engine, report)
    assert not any(code == "N901" for code, _ in codes)


def test_no_title_line_while_the_intro_names_the_report_is_a_title_not_found(engine):
    report = report_of("根据《中华人民共和国政府信息公开条例》，编制形成《某某市某某局 2024 年政府信息公开工",
                       "作年度报告》。本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。",
                       *OVERVIEW, "二、主动公开政府信息情况", proactive_grid_2021())
    assert "title" not in report
    assert "《某某市某某局2024年政府信息公开工作年度报告》" in report["unreadable"]["/title"]
    found = [f for f in engine.check(report, SourceMap(), "r.txt") if f.code == "S107"]
    assert [(f.origin, f.severity.label) for f in found] == [("reading", "warning")]


def test_no_title_and_no_sign_of_one_is_a_missing_title(engine):
    report = report_of("本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。", *OVERVIEW)
    assert "/title" not in report.get("unreadable", {})
    found = [f for f in engine.check(report, SourceMap(), "r.txt") if f.code == "S107"]
    assert [f.origin for f in found] == ["document"]


def test_narrative_under_the_heading_and_no_table_is_a_missing_table(engine):
    report = _full(applications=["三、收到和处理政府信息公开申请情况", "本年度未收到政府信息公开申请。"])
    assert "/tables/applications" not in report.get("unreadable", {})
    assert ("S102", "/tables/applications") in _codes(engine, report)


def test_a_pointer_to_the_table_under_the_heading_is_a_table_not_read(engine):
    report = _full(applications=["三、收到和处理政府信息公开申请情况", "详见下表。"])
    assert "“详见下表”" in report["unreadable"]["/tables/applications"]
    codes = _codes(engine, report)
    assert ("S110", "/tables/applications") in codes and ("S102", "/tables/applications") not in codes
