"""Tables run together into text, and headings inside lines: read when one reading fits, unreadable otherwise."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from lint.engine import Engine
from lint.engine.packs import DEFAULT_PACKS, load_pack
from lint.ingest.assemble import assemble
from lint.ingest.assemble.digits import Token, read_tokens
from lint.ingest.assemble.flat import pieces
from lint.ingest.text import extract_text
from lint.vocab.tables import applications_rows

from .test_assemble import build, front, report_of


def read(run: str, cells: int = 7, group: int | None = 7):
    tokens = [Token(m.group(), m.start()) for m in re.finditer(r"\d+", run)]
    return read_tokens(tokens, cells, group)


# ---------------------------------------------------------------- one reading, or none


def test_one_digit_a_cell_when_digits_and_cells_agree():
    reading = read("1000102")  # the row itself does not add up: that is the rules' finding, not the reader's
    assert reading.cells == ["1", "0", "0", "0", "1", "0", "2"]
    assert reading.recovered == tuple(range(7)) and reading.assumed == ()


def test_the_only_split_that_adds_up_is_read_and_its_total_is_assumed():
    reading = read("291000030")
    assert reading.cells == ["29", "1", "0", "0", "0", "0", "30"]
    assert reading.assumed == (0,)


def test_whitespace_is_a_hard_cell_boundary():
    # "2600000 26": 26 stands alone, so 2|60|0… (which 26 split as 2|6 would allow) is not a reading
    assert read("2600000 26").cells == ["26", "0", "0", "0", "0", "0", "26"]
    assert read("2600000 26").recovered == (0, 1, 2, 3, 4, 5)
    assert read("12 3 0 0 1 0 16").cells == ["12", "3", "0", "0", "1", "0", "16"]
    assert read("12 3 0 0 1 0 16").recovered == ()


def test_no_fitting_split_or_two_of_them_leave_the_row_unreadable():
    assert read("191000019").reason and "没有一种拆分" in read("191000019").reason
    # 1|10|0|0|0|0|11 and 11|0|0|0|0|0|11 both add up
    assert "不止一种" in read("110000011").reason
    assert "少于7个单元格" in read("0 0 0 0 0 0").reason


def test_table_two_has_no_total_to_choose_a_split():
    assert read("000", 3, None).cells == ["0", "0", "0"]
    assert "多种拆分" in read("24432", 3, None).reason
    assert read("202", 1, None).cells == ["202"]


def test_table_four_balances_each_group_it_split():
    reading = read("10 0 1 200 0 0 0 0 0 0 00", 15, 5)
    assert reading.cells == ["1", "0", "0", "1", "2"] + ["0"] * 10
    # "10200 12": only 10|2|0|0 then 12 balances the first group; the zeros of the others are whole tokens
    reading = read("10200 12 0 0 0 0 0 0 0 0 0 0", 15, 5)
    assert reading.cells == ["10", "2", "0", "0", "12"] + ["0"] * 10
    assert reading.assumed == (0,)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=120), min_size=6, max_size=6), st.data())
def test_a_row_that_adds_up_is_read_as_printed_or_not_at_all(parts, data):
    row = [*parts, sum(parts)]
    digits = "".join(map(str, row))
    # some cell borders survive as spaces, the rest ran together
    gaps = data.draw(st.lists(st.booleans(), min_size=6, max_size=6))
    run = "".join(f"{value}{' ' if gap else ''}" for value, gap in zip(row, [*gaps, False]))
    reading = read(run)
    assert reading.reason is not None or [int(c) for c in reading.cells] == row, (run, digits)


# ---------------------------------------------------------------- cutting text into rows


def test_the_next_labels_number_glued_to_digits_belongs_to_the_label():
    parts = pieces("2.其他法律行政法规禁止公开 00000003.危及“三安全一稳定”0000000")
    assert [p.run.text if p.run else None for p in parts] == ["0000000", "0000000"]
    assert parts[1].text.startswith("3.危及")


APPLICATIONS = (
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计"
    "商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量 291000030"
    "二、上年结转政府信息公开申请数量 000000 0三、本年度办理结果（一）予以公开 2000002"
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 1 0 0 0 0 0（三）不予公开1.属于国家秘密0000000"
    "（四）无法提供1.本机关不掌握相关政府信息 2600000 262.没有现成信息需要另行制作0000000"
    "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请0000000"
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请3.其他（七）总计 191000019"
    "四、结转下年度继续办理 0000000")


def _flat_report():
    return assemble(build(*front(2022), "三、收到和处理政府信息公开申请情况", APPLICATIONS))


def test_a_run_together_table_three_is_read_row_by_row():
    report, smap = _flat_report()
    table = report["tables"]["applications"]
    assert table["new_received"] == [29, 1, 0, 0, 0, 0, 30]
    assert table["carried_over"] == [0] * 7  # "000000 0"
    assert table["results"]["unavailable"]["not_held"] == [26, 0, 0, 0, 0, 0, 26]
    assert table["results"]["unavailable"]["needs_creation"] == [0] * 7  # its "2." was the label's number
    # labels printed straight after each other: those rows were left blank, not zero
    assert table["results"]["other"]["unpaid_fee"] == [None] * 7
    assert table["results"]["other"]["other"] == [None] * 7
    assert table["carried_forward"] == [0] * 7
    location = smap.lookup("/tables/applications/new_received/6")
    assert (location.line, location.col) == (5, "总计")
    assert APPLICATIONS[location.column - 1:location.column + 1] == "30"


def test_a_row_with_no_fitting_reading_is_unreadable_and_the_rest_is_read():
    report, _ = _flat_report()
    table = report["tables"]["applications"]
    # six numbers for seven cells: which one is blank cannot be told
    assert "partially_granted" not in table["results"]
    assert "“1 0 0 0 0 0”" in report["unreadable"]["/tables/applications/results/partially_granted"]
    assert "total" not in table["results"]
    assert "191000019" in report["unreadable"]["/tables/applications/results/total"]
    assert "/tables/applications" not in report["unreadable"]
    assert "/tables/applications/results/total/0" not in report.get("recovered", [])
    assert "/tables/applications/new_received" in report["assumed_totals"]


def test_rules_call_an_unreadable_row_unreadable_never_missing_and_never_broken():
    report, smap = _flat_report()
    engine = Engine([load_pack(name) for name in DEFAULT_PACKS])
    findings = engine.check(report, smap, "report.txt")
    by_code = {}
    for finding in findings:
        by_code.setdefault(finding.code, []).append(finding)
        for consequence in finding.consequences:
            by_code.setdefault(consequence.code, []).append(consequence)
    unread = {f.location.pointer for f in by_code.get("T209", [])}
    assert unread == {"/tables/applications/results/partially_granted", "/tables/applications/results/total"}
    assert all(f.origin == "reading" and f.severity.label == "warning" for f in by_code["T209"])
    missing = {f.location.pointer for f in by_code.get("T201", [])}
    assert not missing & unread
    # （七）总计 unread: the column identities and its sum are not evaluated, so not reported broken
    assert not [f for f in by_code.get("B301", []) + by_code.get("B302", [])]
    assert by_code["B309"] and by_code["T210"][0].origin == "reading"


def test_findings_that_rest_on_recovered_cells_say_so():
    text = APPLICATIONS.replace("（七）总计 191000019", "（七）总计 191000019".replace("191000019", "281000029"))
    report, smap = assemble(build(*front(2022), "三、收到和处理政府信息公开申请情况", text))
    engine = Engine([load_pack(name) for name in DEFAULT_PACKS])
    broken = [f for f in engine.check(report, smap, "report.txt") if f.code in ("B301", "B302", "B303")]
    assert broken
    for finding in broken:
        assert finding.evidence.get("recovered"), finding.message
        assert "连在一起的数字拆分得出" in finding.message


def test_table_two_rows_with_ambiguous_runs_are_unreadable_one_by_one():
    report = report_of(*front(2022), "二、主动公开政府信息情况",
                       "第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章000行政规范性文件24432"
                       "第二十条第（五）项信息内容本年处理决定数量行政许可202第二十条第（六）项信息内容本年处理决定数量"
                       "行政处罚74行政强制0第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费0")
    proactive = report["tables"]["proactive"]
    assert proactive["regulations"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert proactive["licensing"] == {"decisions": 202}
    assert proactive["punishment"] == {"decisions": 74}
    assert "normative_documents" not in proactive
    assert "“24432”" in report["unreadable"]["/tables/proactive/normative_documents"]


def test_table_four_printed_as_one_run_of_digits():
    report = report_of(*front(2022), "四、政府信息公开行政复议、行政诉讼情况",
                       "行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉 "
                       "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计 "
                       "01 0 1 20 0 0 0 0 0 0 0 00")
    assert report["tables"]["appeals"] == {"reconsideration": [0, 1, 0, 1, 2], "litigation_direct": [0] * 5,
                                           "litigation_after_reconsideration": [0] * 5}
    assert "assumed_totals" not in report


# ---------------------------------------------------------------- tables and headings inside lines


def test_a_table_printed_on_after_a_sentence_is_cut_off_it():
    report = report_of(*front(2021), "三、收到和处理政府信息公开申请情况 2021年我局未收到政府信息公开申请。 "
                       "申请人情况 自然人 一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0 "
                       "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0")
    assert report["sections"]["applications"]["text"] == "2021年我局未收到政府信息公开申请。"
    assert report["tables"]["applications"]["carried_over"] == [0] * 7


def test_headings_run_on_after_the_previous_sentence():
    doc = extract_text("report.txt", "\n".join([
        *front(2023),
        "如有疑问请联系办公室(电话:0591-86161228;传真:0591-23163257)一、总体情况 2023年，我局持续推进政务公开。",
        "二、主动公开政府信息情况",
        "主动公开政府信息125条。三、收到和处理政府信息公开申请情况 本年未收到申请。",
        "四、政府信息公开行政复议与行政诉讼情况",
        "无。",
        "## 五、存在的主要问题及改进情况 问题是解读形式单一。六、其他需要报告的事项 本年度未收取信息处理费。"]))
    report, smap = assemble(doc)
    sections = report["sections"]
    assert list(sections) == ["overview", "proactive", "applications", "appeals", "problems", "other"]
    assert sections["overview"] == {"title": "一、总体情况", "text": "2023年，我局持续推进政务公开。"}
    assert sections["applications"]["text"] == "本年未收到申请。"
    assert sections["appeals"]["title"] == "四、政府信息公开行政复议与行政诉讼情况"
    assert sections["other"]["text"] == "本年度未收取信息处理费。"
    assert sections["problems"] == {"title": "五、存在的主要问题及改进情况", "text": "问题是解读形式单一。"}
    assert smap.lookup("/sections/overview").line == 4
    assert "传真:0591-23163257)" in report["intro"]


def test_headings_with_a_slip_are_read_and_their_wording_reported():
    report, smap = assemble(build(*front(2022), "一、总体情况", "概况。", "二、主动公开政府信息情况", "公开。",
                                  "三、收到和处理政府信息公开申请情况", "申请。",
                                  "四、政府信息公开行政法复议、行政诉讼情况", "无。",
                                  "五、存在的主要问题及改进情况", "问题。", "六、其他需要报告的事项", "无。"))
    assert report["sections"]["appeals"]["title"] == "四、政府信息公开行政法复议、行政诉讼情况"
    engine = Engine([load_pack(name) for name in DEFAULT_PACKS])
    codes = {(f.code, f.location.pointer) for f in engine.check(report, smap, "r.txt")}
    assert ("S104", "/sections/appeals/title") in codes
    assert not any(code == "S101" for code, _ in codes)


def test_things_that_only_look_like_headings_are_not_cut_out():
    report = report_of(*front(2022), "一、总体情况",
                       "本报告包括总体情况、主动公开政府信息情况等六个部分。我局一是主动公开政府信息情况良好，"
                       "二、主动公开政府信息情况，三、收到和处理政府信息公开申请情况，均按要求编写。",
                       "二、主动公开政府信息情况", "公开。")
    assert list(report["sections"]) == ["overview", "proactive"]
    assert "均按要求编写" in report["sections"]["overview"]["text"]
    assert report["sections"]["proactive"]["text"] == "公开。"


def test_table_three_row_labels_are_not_headings():
    report = report_of(*front(2022), "三、收到和处理政府信息公开申请情况",
                       "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1",
                       "四、结转下年度继续办理 0 0 0 0 0 0 0")
    assert list(report["sections"]) == ["applications"]
    assert report["tables"]["applications"]["carried_forward"] == [0] * 7


def test_cells_separated_by_spaces_after_a_heading_on_the_same_line():
    doc = extract_text("report.txt", "\n".join([
        *front(2023), "一、总体情况", "概况。",
        "三、收到和处理政府信息公开申请情况 申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 "
        "法律服务机构 其他 一、本年新收政府信息公开申请数量 5 0 0 0 1 0 6 二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
        "四、政府信息公开行政复议、行政诉讼情况 行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 "
        "未经复议直接起诉 复议后起诉 1 0 0 0 1 0 0 0 0 0 0 0 0 0 0"]))
    report, _ = assemble(doc)
    assert report["sections"]["applications"] == {"title": "三、收到和处理政府信息公开申请情况", "text": ""}
    assert report["tables"]["applications"] == {"new_received": [5, 0, 0, 0, 1, 0, 6], "carried_over": [0] * 7}
    assert report["tables"]["appeals"]["reconsideration"] == [1, 0, 0, 0, 1]
    assert "recovered" not in report  # every cell stood on its own


def test_a_markdown_report_saved_as_txt_reads_as_markdown(tmp_path):
    from lint.ingest.forms import load_report

    rows = "\n".join(f"| {row.label} | " + " | ".join(["0"] * 6 + ["0"]) + " |"
                     for row in applications_rows("2021")
                     if row.path != ("new_received",))
    text = "\n".join([
        "# 某某市某某局2023年政府信息公开工作年度报告", "",
        "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。", "",
        "## 一、总体情况", "", "概况。", "", "## 三、收到和处理政府信息公开申请情况", "",
        "| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        "| 一、本年新收政府信息公开申请数量 | 7 | 1 | 0 | 0 | 0 | 0 | 8 |", rows, "",
        "## 四、政府信息公开行政复议与行政诉讼情况", "", "无。"])
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    report, _ = load_report(str(path))
    assert list(report["sections"]) == ["overview", "applications", "appeals"]
    assert report["tables"]["applications"]["new_received"] == [7, 1, 0, 0, 0, 0, 8]
    assert report["tables"]["applications"]["results"]["total"] == [0] * 7


def test_a_label_broken_over_two_lines_of_text_keeps_its_row():
    lines = [*front(2023), "三、收到和处理政府信息公开申请情况"]
    for row in applications_rows("2021"):
        values = " ".join(["3", "0", "0", "0", "0", "0", "3"] if row.path == ("results", "partially_granted")
                          else ["0"] * 7)
        if row.path == ("results", "partially_granted"):
            lines += ["（二）部分公开（区分处理的，只计这一情形，", f"不计其他情形） {values}"]
        else:
            lines.append(f"{row.label} {values}")
    report, _ = assemble(extract_text("report.txt", "\n".join(lines)))
    results = report["tables"]["applications"]["results"]
    assert results["partially_granted"] == [3, 0, 0, 0, 0, 0, 3]
    assert results["granted"] == [0] * 7 and "unreadable" not in report
