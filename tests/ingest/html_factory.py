"""Build an HTML report shaped like the official 2021 template, for tests that print it to PDF.

The label columns can be made narrow (``label_em``) so that labels wrap over
two or three lines, as agencies' web pages and their printouts show them.
Values are passed in the Contract 1 shape (the ``tables`` part of a report);
a missing row prints zeros, ``None`` a blank cell.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from lint.vocab.tables import APPEAL_COLUMNS, APPEAL_GROUPS, applications_rows, proactive_blocks

from .docx_factory import APPLICANT_SUBCOLUMNS, HEADINGS, NOTE, RESULTS_LABEL

STYLE = """
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif; font-size: 12pt; margin: 1.5cm; }
table { border-collapse: collapse; table-layout: fixed; margin: 0.5em 0; }
td { border: 1px solid #000; padding: 2px 3px; text-align: center; vertical-align: middle;
     font-size: 10.5pt; }
"""


LANDSCAPE = "@page { size: 29.7cm 21cm; margin: 1.5cm; }"
TABLE = '<table border="1" cellspacing="0" cellpadding="2" width="100%">'


def _table(labels: int, values: int) -> str:
    """A table's opening with its column widths: ``labels`` narrow label columns, then value columns."""
    label = _WIDTH["label"]
    value = (100 - labels * label) / values
    cols = "".join(f'<col width="{label}%">' for _ in range(labels)) + \
        "".join(f'<col width="{value:.1f}%">' for _ in range(values))
    return TABLE + f"<colgroup>{cols}</colgroup>"


def _printed(value: Any) -> str:
    return "" if value is None else str(value)


def _row_values(source: dict[str, Any], path: tuple[str, ...], width: int) -> list[str]:
    node: Any = source
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    if node is None:
        return ["0"] * width
    return [_printed(v) for v in node]


#: the width of a cell in per cent of the table, set by build_report_html (LibreOffice reads the attribute, not CSS)
_WIDTH = {"label": 8, "num": 6}


def _cell(text: str, cls: str = "", rowspan: int = 1, colspan: int = 1) -> str:
    attrs = (f' class="{cls}"' if cls else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "") + \
        (f' colspan="{colspan}"' if colspan > 1 else "") + \
        ""
    return f"<td{attrs}>{escape(text)}</td>"


def proactive_html(fmt: str, values: dict[str, list[Any]]) -> str:
    rows = []
    full = max(len(block.columns) for block in proactive_blocks(fmt))
    for block in proactive_blocks(fmt):
        width = len(block.columns)
        spans = [1] * (width - 1) + [full - width + 1]  # a block with fewer columns: its last one spans the rest
        rows.append("<tr>" + _cell(block.caption, colspan=full + 1) + "</tr>")
        rows.append("<tr>" + _cell("信息内容", "label") + "".join(
            _cell(label, colspan=span) for (_, label), span in zip(block.columns, spans)) + "</tr>")
        for _key, label in block.rows:
            cells = values.get(label, ["0"] * width)
            rows.append("<tr>" + _cell(label, "label") + "".join(
                _cell(_printed(v), "num", colspan=span) for v, span in zip(cells, spans)) + "</tr>")
    return _table(1, full) + "".join(rows) + "</table>"


def applications_html(fmt: str, values: dict[str, Any]) -> str:
    rows = applications_rows(fmt)
    out = ["<tr>" + _cell(NOTE, "label", rowspan=3, colspan=3) + _cell("申请人情况", colspan=7) + "</tr>",
           "<tr>" + _cell("自然人", "num", rowspan=2) + _cell("法人或其他组织", colspan=5)
           + _cell("总计", "num", rowspan=2) + "</tr>",
           "<tr>" + "".join(_cell("".join(parts), "num") for parts in APPLICANT_SUBCOLUMNS) + "</tr>"]
    results = [row for row in rows if row.path[0] == "results"]
    seen: set[str] = set()
    for row in rows:
        cells = "".join(_cell(v, "num") for v in _row_values(values, row.path, 7))
        if row.path[0] != "results":
            out.append("<tr>" + _cell(row.label, "label", colspan=3) + cells + "</tr>")
            continue
        lead = ""
        if row is results[0]:
            lead += _cell(RESULTS_LABEL, "label", rowspan=len(results))
        if row.parent and row.parent != RESULTS_LABEL:
            if row.parent not in seen:
                seen.add(row.parent)
                span = sum(1 for r in results if r.parent == row.parent)
                lead += _cell(row.parent, "label", rowspan=span)
            lead += _cell(row.label, "label")
        else:
            lead += _cell(row.label, "label", colspan=2)
        out.append("<tr>" + lead + cells + "</tr>")
    return _table(3, 7) + "".join(out) + "</table>"


def appeals_html(values: dict[str, list[Any]]) -> str:
    head = ("<tr>" + _cell("行政复议", colspan=5) + _cell("行政诉讼", colspan=10) + "</tr>"
            + "<tr>" + "".join(_cell(label, "num", rowspan=2) for label in APPEAL_COLUMNS)
            + _cell("未经复议直接起诉", colspan=5) + _cell("复议后起诉", colspan=5) + "</tr>"
            + "<tr>" + "".join(_cell(label, "num") for label in APPEAL_COLUMNS * 2) + "</tr>")
    data = "".join(_cell(v, "num") for key, _l, _e in APPEAL_GROUPS for v in _row_values(values, (key,), 5))
    return _table(0, 15) + head + "<tr>" + data + "</tr></table>"


def build_report_html(path: Path, *, agency: str = "某某县人民政府办公室", year: int = 2023, fmt: str = "2021",
                      tables: dict[str, Any] | None = None, label_em: float = 4.0, landscape: bool = False) -> Path:
    """Write an HTML report to ``path`` and return it; ``label_em`` is the width of a label column.

    ``landscape`` asks for landscape pages when printed (LibreOffice lays the
    ten columns of 表三 out wider than a portrait page).
    """
    tables = tables or {}
    _WIDTH["label"] = round(label_em * 2)
    parts = [f"<p style='text-align:center'>{escape(agency)}{year}年政府信息公开工作年度报告</p>",
             f"<p>本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。</p>"]
    for number, heading in HEADINGS:
        parts.append(f"<p><b>{number}{heading}</b></p><p>{heading}的说明文字。</p>")
        if number == "二、":
            parts.append(proactive_html(fmt, tables.get("proactive_by_label", {})))
        elif number == "三、":
            parts.append(applications_html(fmt, tables.get("applications", {})))
        elif number == "四、":
            parts.append(appeals_html(tables.get("appeals", {})))
    html = ("<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>"
            f"{escape(agency)}{year}年政府信息公开工作年度报告</title><style>{STYLE}{LANDSCAPE if landscape else ''}</style>"
            "</head><body>" + "".join(parts) + "</body></html>")
    path.write_text(html, encoding="utf-8")
    return path
