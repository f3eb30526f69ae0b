"""assemble(): small synthetic Documents, one reading rule per test, plus two laws checked with hypothesis."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lint import errors
from lint.vocab import tables as L
from lint.errors import InputError
from lint.ingest.assemble import assemble, parse_value
from lint.ingest.document import Cell, Document, Paragraph, Place, Table

# ---------------------------------------------------------------- building documents


def build(*items: Any) -> Document:
    """A Document from strings (paragraphs) and lists of rows (tables), numbered line by line."""
    blocks: list[Paragraph | Table] = []
    line = 1
    for item in items:
        if isinstance(item, str):
            blocks.append(Paragraph(item, Place(line=line, column=1)))
            line += 1
            continue
        rows = []
        for r, row in enumerate(item):
            cells = []
            for c, value in enumerate(row):
                cell = value if isinstance(value, Cell) else Cell(value)
                cell.place = Place(line=line, column=c * 4 + 1, row_index=r, col_index=c)
                cells.append(cell)
            rows.append(cells)
            line += 1
        blocks.append(Table(rows, Place(line=line - len(rows))))
    return Document("test.txt", blocks)


def front(year: int = 2024) -> list[str]:
    return [f"某某市某某局{year}年政府信息公开", "工作年度报告",
            f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"]


def application_grid(values: dict[tuple[str, ...], list[str]], fmt: str = "2021",
                     merged_style: bool = False) -> list[list[Any]]:
    """表三 as a flattened table: each category label only on its first sub-row (or repeated as merged)."""
    rows: list[list[Any]] = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
                             ["", "自然人", "法人或其他组织", "总计"],
                             ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]]
    seen: set[str] = set()
    for row in L.applications_rows(fmt):
        if row.path not in values:
            continue
        labels: list[Any]
        if row.parent and row.parent.startswith("（"):
            first = row.parent not in seen
            seen.add(row.parent)
            if first:
                labels = ["", row.parent, row.label]
            elif merged_style:
                labels = ["", Cell(row.parent, merged=True), row.label]
            else:
                labels = ["", "", row.label]
        elif row.parent:
            first = row.parent not in seen
            seen.add(row.parent)
            labels = [row.parent if first else "", row.label]
        else:
            labels = [row.label]
        rows.append(labels + list(values[row.path]))
    return rows


def zeros(fmt: str = "2021") -> dict[tuple[str, ...], list[str]]:
    return {row.path: ["0"] * 7 for row in L.applications_rows(fmt)}


def appeals_grid(values: list[str]) -> list[list[str]]:
    return [["行政复议", "行政诉讼"],
            ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"],
            ["", "", "", "", "", *L.APPEAL_COLUMNS, *L.APPEAL_COLUMNS],
            values]


def proactive_grid_2021(first_columns: tuple[str, str, str] = ("本年制发件数", "本年废止件数", "现行有效件数"),
                        normative: str = "行政规范性文件", fee: str = "0") -> list[list[str]]:
    return [["第二十条第（一）项"], ["信息内容", *first_columns], ["规章", "1", "0", "5"], [normative, "2", "1", "9"],
            ["第二十条第（五）项"], ["信息内容", "本年处理决定数量"], ["行政许可", "12"],
            ["第二十条第（六）项"], ["信息内容", "本年处理决定数量"], ["行政处罚", "3"], ["行政强制", "0"],
            ["第二十条第（八）项"], ["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费", fee]]


def report_of(*items: Any) -> dict[str, Any]:
    return assemble(build(*items))[0]


def get(node: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


# ---------------------------------------------------------------- cell values


def test_cell_values_follow_contract_1():
    assert parse_value("0") == 0
    assert parse_value("０") == 0
    assert parse_value("0件") == 0
    assert parse_value("1,234") == 1234
    assert parse_value(" 12 ") == 12
    assert parse_value("") is None
    assert parse_value("\u3000") is None
    for printed in ("/", "—", "详见附件", "+1036", "251000元", "00", "1.5"):
        assert parse_value(printed) == printed
    assert parse_value("1.5", decimal_ok=True) == 1.5
    assert parse_value("-3") == -3


# ---------------------------------------------------------------- front matter and sections


def test_title_over_two_lines_agency_year_and_intro():
    report = report_of(*front(), "一、总体情况", "正文。")
    assert report["title"] == "某某市某某局2024年政府信息公开工作年度报告"
    assert report["agency"] == "某某市某某局"
    assert report["level"] == "department"
    assert report["year"] == 2024
    assert report["intro"].startswith("本报告中所列数据的统计期限")


def test_year_first_title_names_the_agency_after_the_year():
    report = report_of("正文", "2023 年某某区科委政府信息公开工作", "年度报告", "根据条例编制本报告。", "一、总体情况")
    assert report["title"] == "2023 年某某区科委政府信息公开工作年度报告"
    assert report["agency"] == "某某区科委"
    assert report["year"] == 2023


def test_agency_on_the_line_above_the_title():
    report = report_of("某某区人民政府", "2024 年政府信息公开工作年度报告", "本报告依据条例编制。", "一、总体情况")
    assert report["agency"] == "某某区人民政府"
    assert report["level"] == "government"
    assert report["title"] == "某某区人民政府2024 年政府信息公开工作年度报告"


def test_page_metadata_lines_are_not_intro():
    report = report_of("标题: 某某局2024年政府信息公开工作年度报告", "发布时间: 2025-01-20 09:00",
                       "==== 正文 ====", "根据条例，编制本报告。", "一、总体情况")
    assert report["title"] == "某某局2024年政府信息公开工作年度报告"
    assert report["published"] == "2025-01-20"
    assert report["intro"] == "根据条例，编制本报告。"


def test_without_title_year_comes_from_the_statistical_period():
    report = report_of("根据条例，编制形成《某某局 2021 年政府信息公开工", "作年度报告》。所列数据的统计期限自 2021 年 1 月",
                       "日起至 2021 年 12 月 31 日止。", "一、总体情况", "正文。")
    assert "title" not in report
    assert report["year"] == 2021
    assert report["agency"] == "某某局"


def test_sections_match_by_topic_with_variants():
    report = report_of(*front(), " 一、总体情况", "概况。", "二．主动公开政府信息情况",
                       "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议和行政诉讼情况",
                       "五、存在的主要问题及改进情况", "问题一。", "问题二。", "六、其他需要报告的事项", "无。")
    sections = report["sections"]
    assert list(sections) == list(L.SECTION_KEYS)
    assert sections["overview"] == {"title": "一、总体情况", "text": "概况。"}
    assert sections["problems"]["text"] == "问题一。\n问题二。"
    assert sections["proactive"]["text"] == ""
    # a variant title is mapped, and recorded as printed
    assert report["labels"]["/sections/appeals"] == "四、政府信息公开行政复议和行政诉讼情况"
    assert "/sections/overview" not in report["labels"]


def test_missing_and_unknown_sections():
    report = report_of(*front(), "一、总体情况", "正文。", "二、工作机制保障", "机制。", "六、其他需要报告的事项", "无。")
    assert set(report["sections"]) == {"overview", "other"}
    assert report["sections"]["overview"]["text"] == "正文。"  # the unknown heading ends it
    assert report["extra_sections"][0]["title"] == "二、工作机制保障"


def test_best_matching_heading_wins_a_topic():
    report = report_of(*front(), "一、总体情况", "三、主动公开工作情况", "叙述。", "一、主动公开政府信息情况", "表格说明")
    assert report["sections"]["proactive"]["title"] == "一、主动公开政府信息情况"


def test_run_on_report_is_cut_at_section_titles():
    text = ("某某局2020年政府信息公开工作年度报告 根据条例编制。统计期限自2020年1月1日起。一、总体情况2020年，我局做了工作。"
            "二、主动公开政府信息情况 说明。三、收到和处理政府信息公开申请情况 说明。")
    report = report_of(text)
    assert report["title"] == "某某局2020年政府信息公开工作年度报告"
    assert report["intro"].startswith("根据条例编制。")
    assert report["sections"]["overview"]["text"] == "2020年，我局做了工作。"
    assert set(report["sections"]) == {"overview", "proactive", "applications"}


# ---------------------------------------------------------------- 表三


def test_flattened_application_table_reattaches_sub_rows():
    values = zeros()
    values[("results", "withheld", "third_party_rights")] = ["1", "2", "3", "4", "5", "6", "21"]
    values[("results", "other", "other")] = ["7", "", "/", "0件", "0", "0", "7"]
    report = report_of(*front(), "三、收到和处理政府信息公开申请情况", application_grid(values))
    table = report["tables"]["applications"]
    assert table["results"]["withheld"]["third_party_rights"] == [1, 2, 3, 4, 5, 6, 21]
    assert table["results"]["withheld"]["state_secret"] == [0] * 7
    assert table["results"]["other"]["other"] == [7, None, "/", 0, 0, 0, 7]
    assert len(table["results"]["not_processed"]) == 5
    assert report["format"] == "2021"


def test_missing_row_is_absent_and_short_row_is_short():
    values = zeros()
    del values[("results", "unavailable", "needs_creation")]
    values[("carried_forward",)] = ["1", "0", "0"]
    table = report_of(*front(), application_grid(values))["tables"]["applications"]
    assert "needs_creation" not in table["results"]["unavailable"]
    assert table["carried_forward"] == [1, 0, 0]


def test_printed_label_variants_still_match_and_are_recorded():
    values = zeros()
    grid = application_grid(values)
    for row in grid:
        for index, cell in enumerate(row):
            if cell == "2.其他法律行政法规禁止公开":
                row[index] = "2.其他法律行政止公开"
            if cell == "3.危及“三安全一稳定”":
                row[index] = '3. 危及"三安全 一稳定"'
    report = report_of(*front(), grid)
    withheld = report["tables"]["applications"]["results"]["withheld"]
    assert withheld["prohibited_by_law"] == [0] * 7 and withheld["three_safety_one_stability"] == [0] * 7
    assert report["labels"]["/tables/applications/results/withheld/prohibited_by_law"] == "2.其他法律行政止公开"
    assert "/tables/applications/results/withheld/three_safety_one_stability" not in report["labels"]


def test_2019_single_other_row_in_a_2021_report_stays_one_list():
    values = zeros("2019")
    values[("results", "other")] = ["4", "0", "0", "0", "0", "0", "4"]
    report = report_of(*front(2023), proactive_grid_2021(), application_grid(values, "2019"))
    assert report["format"] == "2021"
    assert report["tables"]["applications"]["results"]["other"] == [4, 0, 0, 0, 0, 0, 4]


def test_subtotal_row_above_the_three_sub_rows_is_not_a_row():
    grid = application_grid(zeros())
    at = next(i for i, row in enumerate(grid) if "（六）其他处理" in row)
    grid.insert(at, ["", "（六）其他处理", "9", "0", "0", "0", "0", "0", "9"])
    report = report_of(*front(), grid)
    other = report["tables"]["applications"]["results"]["other"]
    assert isinstance(other, dict) and other["no_correction"] == [0] * 7


def test_too_many_cells_make_the_table_unreadable():
    values = zeros()
    values[("results", "granted")] = ["1"] * 9
    report = report_of(*front(), application_grid(values))
    assert "applications" not in report["tables"]
    assert "表三" in report["unreadable"]["/tables/applications"]


def test_cells_run_together_in_one_cell_make_that_row_unreadable():
    values = zeros()
    values[("new_received",)] = ["20 0", "0", "0", "0", "1", "21", ""]
    report = report_of(*front(), application_grid(values))
    assert "new_received" not in report["tables"]["applications"]
    assert "“20 0”" in report["unreadable"]["/tables/applications/new_received"]
    assert report["tables"]["applications"]["carried_over"] == [0] * 7
    assert "/tables/applications" not in report["unreadable"]


def test_value_rows_cut_off_from_labels_fill_the_gap_exactly():
    rows = [["一、本年新收政府信息公开申请数量", *"3000003"],
            ["二、上年结转政府信息公开申请数量", *"0000000"],
            ["三、", "（一）予以公开", *"1000001"],
            [*"2000002"],  # （二）部分公开, its label printed elsewhere
            ["（三）不予公开", "1.属于国家秘密", *"0000000"],
            [*"0000000"],  # 2.其他法律行政法规禁止公开
            ["3.危及“三安全一稳定”", *"0000000"],
            ["（七）总计", *"3000003"]]
    report = report_of(*front(), "三、收到和处理政府信息公开申请情况", rows)
    results = report["tables"]["applications"]["results"]
    assert results["partially_granted"] == [2, 0, 0, 0, 0, 0, 2]
    assert results["withheld"]["prohibited_by_law"] == [0] * 7
    assert results["total"] == [3, 0, 0, 0, 0, 0, 3]
    # rows with neither label nor value row stay absent rather than guessed
    assert "third_party_rights" not in results["withheld"]


def test_value_rows_that_cannot_be_placed_for_sure_are_unreadable():
    rows = [["三、", "（一）予以公开", *"1000001"],
            [*"2000002"], [*"5000005"],  # two rows for one free template row
            ["（三）不予公开", "1.属于国家秘密", *"0000000"]]
    report = report_of(*front(), "三、收到和处理政府信息公开申请情况", rows)
    assert "applications" not in report["tables"]
    assert "/tables/applications" in report["unreadable"]


def test_label_row_and_value_row_cut_apart_are_joined():
    rows = [["一、本年新收政府信息公开申请数量"], [*"3000003"], ["二、上年结转政府信息公开申请数量", *"0000000"]]
    table = report_of(*front(), "三、收到和处理政府信息公开申请情况", rows)["tables"]["applications"]
    assert table["new_received"] == [3, 0, 0, 0, 0, 0, 3]
    assert table["carried_over"] == [0] * 7


def test_merged_cells_from_html_count_once():
    values = zeros()
    grid = application_grid(values, merged_style=True)
    grid[3] = ["一、本年新收政府信息公开申请数量", Cell("一、本年新收政府信息公开申请数量", merged=True), *"5000005"]
    table = report_of(*front(), grid)["tables"]["applications"]
    assert table["new_received"] == [5, 0, 0, 0, 0, 0, 5]
    assert table["results"]["withheld"]["enforcement_files"] == [0] * 7


# ---------------------------------------------------------------- 表四


def test_appeals_one_row_of_fifteen():
    values = ["1", "0", "0", "0", "1", "2", "", "/", "0", "2", "0", "0", "0", "0", "0"]
    report = report_of(*front(), "四、政府信息公开行政复议、行政诉讼情况", appeals_grid(values))
    assert report["tables"]["appeals"] == {"reconsideration": [1, 0, 0, 0, 1],
                                           "litigation_direct": [2, None, "/", 0, 2],
                                           "litigation_after_reconsideration": [0, 0, 0, 0, 0]}


def test_appeals_with_a_label_per_group():
    rows = [["", *L.APPEAL_COLUMNS], ["行政复议", *"11002"], ["未经复议直接起诉", *"00000"],
            ["复议后起诉", *"00101"]]
    table = report_of(*front(), "四、政府信息公开行政复议、行政诉讼情况", rows)["tables"]["appeals"]
    assert table["reconsideration"] == [1, 1, 0, 0, 2]
    assert table["litigation_after_reconsideration"] == [0, 0, 1, 0, 1]


def test_appeals_left_blank_are_blank_not_missing():
    report = report_of(*front(), "四、政府信息公开行政复议、行政诉讼情况", appeals_grid([""] * 15))
    assert report["tables"]["appeals"]["litigation_direct"] == [None] * 5


def test_appeals_with_too_many_cells_are_unreadable():
    report = report_of(*front(), "四、政府信息公开行政复议、行政诉讼情况", appeals_grid(["0"] * 17))
    assert "appeals" not in report["tables"]
    assert "15" in report["unreadable"]["/tables/appeals"]


# ---------------------------------------------------------------- 表二 and format


def test_proactive_2021_with_fee_fraction():
    report = report_of(*front(), "二、主动公开政府信息情况", proactive_grid_2021(fee="1.25"))
    assert report["format"] == "2021"
    assert report["tables"]["proactive"] == {
        "regulations": {"issued": 1, "repealed": 0, "in_force": 5},
        "normative_documents": {"issued": 2, "repealed": 1, "in_force": 9},
        "licensing": {"decisions": 12}, "punishment": {"decisions": 3}, "coercion": {"decisions": 0},
        "fees": {"amount": 1.25}}
    assert "labels" not in report


def test_hybrid_proactive_is_2021_with_legacy_labels_recorded():
    grid = proactive_grid_2021(("本年新制作数量", "本年废止件数", "现行有效件数"), normative="规范性文件")
    report = report_of(*front(), "二、主动公开政府信息情况", grid)
    assert report["format"] == "2021"
    assert report["tables"]["proactive"]["normative_documents"] == {"issued": 2, "repealed": 1, "in_force": 9}
    labels = report["labels"]
    assert labels["/tables/proactive/normative_documents"] == "规范性文件"
    assert labels["/tables/proactive/regulations/issued"] == "本年新制作数量"
    assert "/tables/proactive/regulations/repealed" not in labels


def test_proactive_block_in_the_other_format_is_not_mapped_across():
    grid = proactive_grid_2021(("本年新制作数量", "本年新公开数量", "对外公开总数量"), normative="规范性文件")
    grid += [["第二十条第（九）项"], ["信息内容", "采购项目数量", "采购总金额"], ["政府集中采购", "6", "100"]]
    report = report_of(*front(2019), "二、主动公开政府信息情况", grid)
    assert report["format"] == "2019"
    # 行政许可 shows one 本年处理决定数量 where 2019 has three columns: never read it as 上一年项目数量
    assert "proactive" not in report["tables"]
    assert "/tables/proactive" in report["unreadable"]


def test_repeated_identical_proactive_row_is_read_once():
    grid = proactive_grid_2021()
    grid.insert(3, ["规章", "1", "0", "5"])
    assert report_of(*front(), grid)["tables"]["proactive"]["regulations"] == {"issued": 1, "repealed": 0,
                                                                            "in_force": 5}


def test_proactive_2019_layout_uses_2019_keys():
    rows = [["第二十条第（一）项"], ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
            ["规章", "1", "1", "30"], ["规范性文件", "2", "2", "40"],
            ["第二十条第（五）项"], ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            ["行政许可", "100", "+5", "80"], ["其他对外管理服务事项", "3", "0", "2"],
            ["第二十条第（九）项"], ["信息内容", "采购项目数量", "采购总金额"], ["政府集中采购", "6", "251000元"]]
    report = report_of(*front(2019), "二、主动公开政府信息情况", rows)
    assert report["format"] == "2019"
    proactive = report["tables"]["proactive"]
    assert proactive["regulations"] == {"made": 1, "published": 1, "total_public": 30}
    assert proactive["licensing"] == {"previous_year": 100, "change": "+5", "decisions": 80}
    assert proactive["procurement"] == {"projects": 6, "amount": "251000元"}
    assert "labels" not in report  # 规范性文件 is the 2019 label itself


def test_rows_printed_as_text_lines_are_read():
    report = report_of(*front(), "二、主动公开政府信息情况", "第二十条第（五）项", "信息内容本年处理决定数量",
                       "行政许可 97", "行政处罚 0", "行政强制 0", "本年，我局办理行政许可 97")
    proactive = report["tables"]["proactive"]
    assert proactive["licensing"] == {"decisions": 97}
    assert proactive["coercion"] == {"decisions": 0}
    assert report["sections"]["proactive"]["text"] == "本年，我局办理行政许可 97"


def test_text_that_is_no_report_is_an_input_error():
    try:
        report_of("会议通知", "请各单位于周五前报送材料。")
    except InputError as problem:
        assert problem.code == errors.NOT_A_REPORT
        assert "test.txt" in problem.zh and problem.en
    else:
        raise AssertionError("expected InputError")


def test_format_without_tables_follows_the_year():
    assert report_of(*front(2020), "一、总体情况")["format"] == "2019"
    assert report_of(*front(2022), "一、总体情况")["format"] == "2021"


# ---------------------------------------------------------------- absent and unreadable tables


def test_adjacent_headings_mean_tables_not_read_never_zero():
    report = report_of(*front(), "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                       " 四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "问题。")
    assert report["tables"] == {}
    # a heading with nothing under it is what an image or a lossy extraction leaves: not read, not "missing"
    assert sorted(report["unreadable"]) == ["/tables/appeals", "/tables/applications", "/tables/proactive"]
    assert "下没有读到统计表" in report["unreadable"]["/tables/applications"]


def test_cells_run_together_in_text_are_read_only_where_one_reading_fits():
    report = report_of(*front(2020), "三、收到和处理政府信息公开申请情况",
                       "申请人情况自然人法人或其他组织总计商业企业一、本年新收政府信息公开申请数量200 000121"
                       "二、上年结转政府信息公开申请数量0000000",
                       "四、政府信息公开行政复议、行政诉讼情况",
                       "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉000000000000000")
    # "200 000121": of every split into seven cells only 20|0 000 1|21 has its six cells add up to 总计
    assert report["tables"]["applications"] == {"new_received": [20, 0, 0, 0, 0, 1, 21],
                                                "carried_over": [0, 0, 0, 0, 0, 0, 0]}
    assert report["tables"]["appeals"] == {key: [0] * 5 for key in
                                           ("reconsideration", "litigation_direct", "litigation_after_reconsideration")}
    assert "/tables/applications/new_received/6" in report["recovered"]
    assert "/tables/appeals/litigation_direct/4" in report["recovered"]
    # the split of 一 rested on its row total; the zeros of 二 (one digit a cell) did not
    assert report["assumed_totals"] == ["/tables/applications/new_received"]
    assert "unreadable" not in report


# ---------------------------------------------------------------- SourceMap


def test_source_map_points_at_cells_with_printed_labels():
    values = zeros()
    doc = build(*front(), "三、收到和处理政府信息公开申请情况", application_grid(values))
    report, smap = assemble(doc)
    table = next(b for b in doc.blocks if isinstance(b, Table))
    row = next(r for r in table.rows if any(c.text == "1.属于国家秘密" for c in r))
    location = smap.lookup("/tables/applications/results/withheld/state_secret/3")
    assert (location.line, location.column) == (row[6].place.line, row[6].place.column)
    assert (location.table, location.row, location.col) == ("表三", "1.属于国家秘密", "社会公益组织")
    assert smap.lookup("/sections/applications").line == 4
    assert smap.lookup("/title").line == 1
    for path in (row.path for row in L.applications_rows("2021")):
        pointer = "/tables/applications/" + "/".join(path)
        assert pointer in smap and f"{pointer}/6" in smap


# ---------------------------------------------------------------- laws

cell_value = st.one_of(st.integers(0, 99999).map(str), st.just(""), st.sampled_from(["/", "—", "详见附件", "无"]))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(cell_value, min_size=7, max_size=7), min_size=26, max_size=26), st.booleans())
def test_any_complete_application_table_reads_back_exactly(grid_values, merged_style):
    paths = [row.path for row in L.applications_rows("2021")]
    values = dict(zip(paths, grid_values))
    table = report_of(*front(), application_grid(values, merged_style=merged_style))["tables"]["applications"]
    for path, printed in values.items():
        assert get(table, path) == [parse_value(text) for text in printed]


vocabulary = st.sampled_from([
    "", "0", "12", "3 4", "007", "/", "详见附件", "一、本年新收政府信息公开申请数量", "（三）不予公开", "1.属于国家秘密",
    "3.其他", "（六）其他处理", "（七）总计", "四、结转下年度继续办理", "行政复议", "结果维持", "总计", "规章",
    "行政许可", "第二十条第（一）项", "信息内容", "本年制发件数", "自然人", "商业企业", "行政事业性收费 5",
    "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
])
block = st.one_of(vocabulary, st.lists(st.lists(vocabulary, max_size=17), max_size=8))


@settings(max_examples=150, deadline=None)
@given(st.lists(block, max_size=12))
def test_never_crashes_and_never_invents_a_number(items):
    doc = build(*items)
    try:
        report, _smap = assemble(doc)
    except InputError as problem:  # nothing report-like in it: one clear E006, not a traceback
        assert problem.code == errors.NOT_A_REPORT
        return
    printed_numbers = set()
    for item in doc.blocks:
        texts = [item.text] if isinstance(item, Paragraph) else [c.text for row in item.rows for c in row]
        for text in texts:
            printed_numbers.update(int(n) for n in re.findall(r"\d+", unicodedata.normalize("NFKC", text)))
    for value in _numbers(report.get("tables", {})):
        assert value in printed_numbers
    assert report["format"] in ("2019", "2021")


def _numbers(node: Any):
    if isinstance(node, dict):
        for child in node.values():
            yield from _numbers(child)
    elif isinstance(node, list):
        for child in node:
            yield from _numbers(child)
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield node
