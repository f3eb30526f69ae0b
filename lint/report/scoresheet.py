"""The score sheet: one row per unit and indicator of an evaluator's list, with the deduction and the
findings behind it — as CSV (UTF-8 with BOM, for Excel and WPS) or, with ``-o FILE.xlsx``, a workbook.

The indicators are the pack's (``indicators:``, :class:`lint.engine.scoring.Indicators`).
With ``--roster`` the rows are the roster's units: a unit without a report for the
year takes each item's ``missing`` points, a unit the roster found late its ``late``
points.  Without a roster each report is a unit of its own.  After each unit's items
comes its total row: the deduction with each group capped at its points, and the
score out of the sheet's full marks.  A pack without indicators gives one item, the
pack's own score out of 100.

Findings about what the tool could not read never deduct; a file that is no report
(``not-graded``) gets no deduction and says so.
"""

from __future__ import annotations

import csv
from typing import Any, Iterable, Iterator, TextIO

from lint.model import NOT_GRADED, FileResult
from lint.report import Context
from lint.report.csv_ import BOM, _cell

HEADER = {
    "zh": ("单位", "上级", "级别", "文件", "年度", "状态", "指标编号", "类别", "指标", "扣分", "得分", "问题代码",
           "依据的问题", "说明"),
    "en": ("unit", "parent", "level", "file", "year", "status", "indicator", "group", "title", "deduction",
           "score", "codes", "findings", "note"),
}
TEXT = {
    "zh": {"total": "合计", "missing": "名册上的单位没有本年度报告", "late": "名册所记发布日期晚于期限",
           "not_graded": "不是可评分的年度报告，未扣分", "duplicate": "同一单位有多份报告",
           "no_report": "未提交", "pack_score": "规则包得分", "out_of": "满分 {n} 分",
           "sheet": "评分表", "about": "指标说明", "source": "依据"},
    "en": {"total": "total", "missing": "no report of the year for this roster unit",
           "late": "published after the deadline by the roster's date", "not_graded": "not a gradable report: "
           "nothing deducted", "duplicate": "the unit has several reports", "no_report": "no report",
           "pack_score": "the pack's score", "out_of": "out of {n}", "sheet": "score sheet", "about": "indicators",
           "source": "source"},
}

#: output for programs: never mixed with human text
MACHINE = True


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


class _Units:
    """Which roster unit each file belongs to, and the units with no report."""

    def __init__(self, roster: dict | None) -> None:
        self.roster = roster
        self.of: dict[str, dict] = {}
        self.late: set[str] = set()
        self.duplicated: set[str] = set()
        if roster:
            for m in roster.get("matched", []):
                self.of[m["path"]] = m
            self.late = {r["path"] for r in roster.get("late", [])}
            self.duplicated = {p for d in roster.get("duplicates", []) for p in d["paths"]}

    def unit(self, result: FileResult) -> dict:
        if result.path in self.of:
            return self.of[result.path]
        return {"unit": result.agency or "", "parent": None, "level": None}


def rows(results: Iterable[FileResult], context: Context) -> Iterator[list[Any]]:
    """Every row of the sheet, header first, as the results arrive; the roster's missing units last."""
    lang = "en" if context.lang == "en" else "zh"
    text = TEXT[lang]
    indicators = context.extras.get("indicators")
    roster = context.extras.get("roster")
    units = _Units(roster)
    yield list(HEADER[lang])
    for result in results:
        if roster and result.path not in units.of:
            continue  # not the roster's year, or no unit of it: the roster block names these
        unit = units.unit(result)
        base = [unit["unit"], unit.get("parent"), unit.get("level"), result.path, result.year, result.status]
        notes = [text["duplicate"]] if result.path in units.duplicated else []
        if result.status == NOT_GRADED:
            yield base + ["", "", "", 0, "", "", "", "；".join([text["not_graded"], *notes])]
            continue
        if indicators is None:
            score = result.score if result.score is not None else ""
            yield base + ["", "", text["pack_score"], _number(100 - result.score) if result.score is not None else "",
                          score, " ".join(sorted({f.code for f in result.findings})), "", "；".join(notes)]
            continue
        late = result.path in units.late
        lines = indicators.sheet(result.findings, late=late)
        yield from _item_rows(base, lines, lang, text, notes)
        total = indicators.total(lines)
        yield base + [text["total"], "", text["out_of"].format(n=_number(indicators.full)), _number(total),
                      _number(indicators.full - total), "", "", "；".join(notes)]
    if roster:
        for unit in roster.get("missing", []):
            base = [unit["unit"], unit.get("parent"), unit.get("level"), "", roster.get("year"), text["no_report"]]
            if indicators is None:
                yield base + ["", "", text["pack_score"], "", "", "", "", text["missing"]]
                continue
            lines = indicators.sheet(None)
            yield from _item_rows(base, lines, lang, text, [text["missing"]])
            total = indicators.total(lines)
            yield base + [text["total"], "", text["out_of"].format(n=_number(indicators.full)), _number(total),
                          _number(indicators.full - total), "", "", text["missing"]]


def _item_rows(base: list, lines: list[dict], lang: str, text: dict, notes: list[str]) -> Iterator[list[Any]]:
    for line in lines:
        item = line["indicator"]
        findings = line["findings"]
        why = list(notes)
        if line.get("late"):
            why.append(text["late"])
        if line["deduction"] and item.note and lang == "zh":
            why.append(item.note)
        yield base + [item.id, item.group, item.title if lang == "zh" else item.title_en,
                      _number(line["deduction"]), "", " ".join(dict.fromkeys(f.code for f in findings)),
                      "\n".join(f"{f.code}: {f.message}" for f in findings), "；".join(why)]


def write(results: Iterable[FileResult], out: TextIO, context: Context) -> None:
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    for row in rows(results, context):
        writer.writerow([_cell(v) for v in row])


def binary_for(path: str | None) -> bool:
    """Whether ``-o path`` asks for the workbook rather than CSV."""
    return bool(path) and str(path).lower().endswith(".xlsx")


def write_binary(results: Iterable[FileResult], out: Any, context: Context) -> None:
    """The sheet as an .xlsx workbook (openpyxl, write-only: memory stays flat)."""
    try:
        from openpyxl import Workbook
    except ImportError:
        raise SystemExit("xxgk-lint: error: the .xlsx score sheet needs openpyxl: pip install 'xxgk-lint[audit]'")
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    lang = "en" if context.lang == "en" else "zh"
    text = TEXT[lang]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(text["sheet"])
    for width, letter in zip((28, 20, 12, 36, 8, 12, 12, 18, 36, 8, 8, 14, 60, 40), "ABCDEFGHIJKLMN"):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(rows(results, context)):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=_cell(value) if isinstance(value, str) else value)
            if number == 0:
                cell.font = bold
            elif isinstance(value, str) and "\n" in value:
                cell.alignment = wrap
            cells.append(cell)
        sheet.append(cells)
    indicators = context.extras.get("indicators")
    if indicators is not None:
        about = book.create_sheet(text["about"])
        about.append([indicators.name])
        about.append([text["source"], indicators.source])
        about.append([])
        for item in indicators.items:
            about.append([item.id, item.group, item.title if lang == "zh" else item.title_en, _number(item.points),
                          item.note])
    book.save(out)
