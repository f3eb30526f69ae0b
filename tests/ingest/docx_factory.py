"""Build .docx files shaped like the official 2021 report template, for importer tests.

Nothing generated is committed: tests call :func:`build_report_docx` with a
``tmp_path`` target.  Table values are passed in the Contract 1 shape (the
``tables`` part of a structured report, as truth.json holds it); a missing row
prints zeros, ``None`` prints a blank cell, a string prints as is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lint.vocab.tables import APPEAL_GROUPS, applications_rows, proactive_blocks

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULTS_LABEL = "三、本年度办理结果"
HEADINGS = (
    ("一、", "总体情况"),
    ("二、", "主动公开政府信息情况"),
    ("三、", "收到和处理政府信息公开申请情况"),
    ("四、", "政府信息公开行政复议、行政诉讼情况"),
    ("五、", "存在的主要问题及改进情况"),
    ("六、", "其他需要报告的事项"),
)
APPLICANT_SUBCOLUMNS = (("商业", "企业"), ("科研", "机构"), ("社会公益组织",), ("法律服务机构",), ("其他",))
APPEAL_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def build_report_docx(
    path: Path,
    *,
    agency: str = "某某县人民政府办公室",
    year: int = 2021,
    fmt: str = "2021",
    applications: dict[str, Any] | None = None,
    appeals: dict[str, list[Any]] | None = None,
    proactive: dict[str, list[Any]] | None = None,
    auto_numbered_headings: bool = False,
    label_cm: float | None = None,
) -> Path:
    """Write a report to ``path`` and return it.

    ``proactive`` maps a 表二 row label (规章, 行政许可, …) to its value cells.
    With ``auto_numbered_headings`` the 一、…六、 prefixes come from Word list
    numbering instead of the run text, as in many agency templates.  With
    ``label_cm`` the label columns are that narrow, so long labels wrap over
    several lines.
    """
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    title = document.add_paragraph(f"{agency}{year}年政府信息公开工作年度报告")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(
        f"本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据的统计期限自{year}年1月1日起至"
        f"{year}年12月31日止。")
    num_id = _chinese_list(document) if auto_numbered_headings else None
    for number, heading in HEADINGS:
        paragraph = document.add_paragraph(heading if num_id else number + heading)
        if num_id:
            _number(paragraph, num_id)
        document.add_paragraph(f"{heading}的说明文字。")
        if number == "二、":
            table = _proactive_table(document, fmt, proactive or {})
            labels = 1
        elif number == "三、":
            table = _applications_table(document, fmt, applications or {})
            labels = 3
        elif number == "四、":
            table = _appeals_table(document, appeals or {})
            labels = 0
        else:
            continue
        if label_cm is not None:
            _set_widths(table, labels, label_cm)
    document.save(str(path))
    return path


# ---------------------------------------------------------------- values


def _printed(value: Any) -> str:
    return "" if value is None else str(value)


def _values(source: dict[str, Any], keys: tuple[str, ...], width: int) -> list[str]:
    node: Any = source
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, list):
        node = [0] * width
    return [_printed(v) for v in node]


# ---------------------------------------------------------------- tables


def _grid(document: Any, rows: int, cols: int) -> Any:
    table = document.add_table(rows=rows, cols=cols)
    table.style = "Table Grid"
    return table


def _merge(table: Any, top: int, left: int, bottom: int, right: int, text: str) -> Any:
    cell = table.cell(top, left).merge(table.cell(bottom, right)) if (top, left) != (bottom, right) \
        else table.cell(top, left)
    cell.text = text
    return cell


def _proactive_table(document: Any, fmt: str, values: dict[str, list[Any]]) -> None:
    blocks = proactive_blocks(fmt)
    n_rows = sum(2 + len(block.rows) for block in blocks)
    width = max(len(block.columns) for block in blocks) + 1
    table = _grid(document, n_rows, width)
    r = 0
    for block in blocks:
        _merge(table, r, 0, r, width - 1, block.caption)
        table.cell(r + 1, 0).text = "信息内容"
        spans = _spans(len(block.columns), width - 1)
        for (start, stop), (_, label) in zip(spans, block.columns):
            _merge(table, r + 1, 1 + start, r + 1, 1 + stop, label)
        for offset, (_, label) in enumerate(block.rows):
            row = r + 2 + offset
            table.cell(row, 0).text = label
            cells = values.get(label, [0] * len(block.columns))
            for (start, stop), value in zip(spans, cells):
                _merge(table, row, 1 + start, row, 1 + stop, _printed(value))
        r += 2 + len(block.rows)
    return table


def _spans(n: int, width: int) -> list[tuple[int, int]]:
    """Split ``width`` value columns among ``n`` printed columns, the last taking the rest."""
    if n == width:
        return [(k, k) for k in range(n)]
    return [(k, k) for k in range(n - 1)] + [(n - 1, width - 1)]


def _applications_table(document: Any, fmt: str, values: dict[str, Any]) -> None:
    rows = applications_rows(fmt)
    table = _grid(document, 3 + len(rows), 10)
    # Plain cells first, one row access each (python-docx's cell lookup walks the whole table).
    header = table.rows[2].cells
    for k, parts in enumerate(APPLICANT_SUBCOLUMNS):
        paragraph = header[4 + k].paragraphs[0]
        for i, part in enumerate(parts):  # a line break inside the cell, as narrow Word columns print it
            run = paragraph.add_run(part)
            if i < len(parts) - 1:
                run.add_break()
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        cells = table.rows[3 + i].cells
        for k, value in enumerate(_values(values, row.path, 7)):
            cells[3 + k].text = value
        if row.path[0] == "results" and row.parent and row.parent != RESULTS_LABEL:
            groups.setdefault(row.parent, []).append(3 + i)
            cells[2].text = row.label
    _merge(table, 0, 0, 2, 2, NOTE)
    _merge(table, 0, 3, 0, 9, "申请人情况")
    _merge(table, 1, 3, 2, 3, "自然人")
    _merge(table, 1, 4, 1, 8, "法人或其他组织")
    _merge(table, 1, 9, 2, 9, "总计")
    results = [3 + i for i, row in enumerate(rows) if row.path[0] == "results"]
    _merge(table, results[0], 0, results[-1], 0, RESULTS_LABEL)
    for i, row in enumerate(rows):
        if row.path[0] != "results":
            _merge(table, 3 + i, 0, 3 + i, 2, row.label)
        elif not (row.parent and row.parent != RESULTS_LABEL):
            _merge(table, 3 + i, 1, 3 + i, 2, row.label)
    for parent, members in groups.items():  # （三）…（六） span their sub-rows
        _merge(table, members[0], 1, members[-1], 1, parent)
    return table


def _appeals_table(document: Any, values: dict[str, list[Any]]) -> None:
    table = _grid(document, 4, 15)
    _merge(table, 0, 0, 0, 4, "行政复议")
    _merge(table, 0, 5, 0, 14, "行政诉讼")
    for k, label in enumerate(APPEAL_COLUMNS):
        _merge(table, 1, k, 2, k, label)
        table.cell(2, 5 + k).text = label
        table.cell(2, 10 + k).text = label
    _merge(table, 1, 5, 1, 9, "未经复议直接起诉")
    _merge(table, 1, 10, 1, 14, "复议后起诉")
    for g, (key, _, _) in enumerate(APPEAL_GROUPS):
        for k, value in enumerate(_values(values, (key,), 5)):
            table.cell(3, 5 * g + k).text = value
    return table


def _set_widths(table: Any, labels: int, label_cm: float, page_cm: float = 16.0) -> None:
    """Fix the column widths: ``labels`` label columns of ``label_cm``, the rest sharing the page width."""
    from docx.shared import Cm

    count = len(table.columns)
    value_cm = (page_cm - labels * label_cm) / (count - labels)
    widths = [Cm(label_cm)] * labels + [Cm(value_cm)] * (count - labels)
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for tr in table._tbl.tr_lst:
        start = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = sum(widths[start:start + span], Cm(0))
            start += span


# ---------------------------------------------------------------- list numbering


def _chinese_list(document: Any) -> str:
    """Add a one-level "一、" list definition to the numbering part; return its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>')
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    first_num = numbering.find(num.tag)
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return "90"


def _number(paragraph: Any, num_id: str) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
