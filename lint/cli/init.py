"""``xxgk-lint init``: a blank structured report to fill in — every heading, every row, cells to fill."""

from __future__ import annotations

import argparse
from typing import TextIO

from lint.cli import EXIT_OK, fail, lang_option, tr, write_file
from lint.vocab import tables as L


def add_parser(sub) -> None:
    init = sub.add_parser("init", help=tr("生成空白报告模板（YAML）", "write a blank structured report to fill in"),
                          description=tr("写出一份按统一格式排好各部分和表格各行的空白结构化报告，逐格填写即可。",
                                         "Write a blank structured report with every section and table row of the "
                                         "national format, to fill in cell by cell."))
    init.add_argument("path", metavar="OUT.yaml", help=tr("要写出的文件", "the file to write"))
    init.add_argument("--agency", required=True,
                      help=tr("机关名称，与标题中一致，如 某市某局", "agency name as in the title, e.g. 某市某局"))
    init.add_argument("--year", type=int, required=True, help=tr("报告年度", "the reporting year"))
    init.add_argument("--level", choices=["department", "government", "other"], default="department",
                      help=tr("机关类型：department 部门（默认）、government 人民政府、other 其他",
                              "kind of agency: department (default), government, other"))
    init.add_argument("--force", action="store_true", help=tr("允许覆盖已有的 OUT.yaml", "overwrite OUT.yaml if it exists"))
    lang_option(init, "模板说明的", "template", default="zh")


def run(args: argparse.Namespace, out: TextIO) -> int:
    if not 2008 <= args.year <= 2100:
        return fail(f"--year {args.year} 不是有效的报告年度", f"--year {args.year} is not a reporting year")
    code = write_file(args.path, blank_report(args.agency.strip(), args.year, args.level), args.force)
    if code == EXIT_OK:
        out.write(f"已生成 {args.path}；填写后运行 xxgk-lint check {args.path}\n" if args.lang == "zh" else
                  f"wrote {args.path}; fill it in, then run xxgk-lint check {args.path}\n")
    return code

_COLS = "［" + "，".join(L.APPLICANT_COLUMNS) + "］"
_APPEAL_COLS = "［" + "，".join(L.APPEAL_COLUMNS) + "］"


def _row(indent: int, key: str, cells: int, comment: str) -> str:
    blank = ", ".join(["null"] * cells)
    return f"{' ' * indent}{key}: [{blank}]  # {comment}\n"


def _entry(key: str, value: str) -> str:
    """``key: value`` as YAML writes it: quoted and escaped as the value needs (a colon, a leading ``[`` or
    ``*``, a ``#``, a line break), so that it reads back exactly as given."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 1 << 30  # one line, however long the name
    out = io.StringIO()
    yaml.dump({key: value}, out)
    return out.getvalue()


def blank_report(agency: str, year: int, level: str = "department") -> str:
    from lint.vocab.printed import printable

    out = [
        f"# {printable(agency)}{year}年政府信息公开工作年度报告 — 结构化报告模板（xxgk-lint init 生成）\n",
        "# 填写说明：null 表示尚未填写；没有发生的事项填 0，不要留空或写“/”。\n",
        "# 填完后运行：xxgk-lint check 本文件\n",
        'format: "2021"\n',
        _entry("agency", agency),
        f"year: {year}\n",
        f"level: {level}        # department（部门）| government（人民政府）| other\n",
        f"# published: {year + 1}-01-20   # 发布日期（ISO 格式），发布后填写\n",
        _entry("title", f"{agency}{year}年政府信息公开工作年度报告"),
        f"intro: 本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        "如对本报告有疑问，请与（机关名称）联系（地址：；电话：；邮箱：）。\n",
        "sections:\n",
    ]
    hints = {
        "overview": "写明主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障五个方面的情况",
        "proactive": "表二见下方 tables.proactive",
        "applications": "表三见下方 tables.applications",
        "appeals": "表四见下方 tables.appeals",
        "problems": "分别写明存在的主要问题和改进情况（含上年度问题的整改情况）",
        "other": "逐项写明：信息处理费收取情况；落实上级年度政务公开工作要点情况；人大代表建议和政协提案办理结果公开情况；"
                 "年度政务公开工作创新情况；数据统计需要说明的事项；其他需要报告的事项",
    }
    for key in L.SECTION_KEYS:
        out.append(f"  {key}:\n    title: {L.SECTION_TITLES[key]}\n    text: \"\"   # {hints[key]}\n")
    out.append("\ntables:\n  proactive:   # 表二 主动公开政府信息情况\n")
    for block in L.PROACTIVE_2021:
        out.append(f"    # {block.caption}\n")
        for row_key, row_label in block.rows:
            cells = ", ".join(f"{ck}: null" for ck, _ in block.columns)
            cols = "，".join(cl for _, cl in block.columns)
            out.append(f"    {row_key}: {{{cells}}}   # {row_label}：{cols}\n")
    out.append(f"  applications:   # 表三 收到和处理政府信息公开申请情况；每行 7 栏 {_COLS}\n")
    out.append(_row(4, "new_received", 7, L.NEW_RECEIVED.label))
    out.append(_row(4, "carried_over", 7, L.CARRIED_OVER.label))
    out.append("    results:   # 三、本年度办理结果\n")
    groups: dict[str, list[L.Row]] = {}
    for row in L.result_item_rows("2021"):
        if len(row.path) == 2:
            out.append(_row(6, row.path[1], 7, L.short_row_label(row)))
        else:
            if row.path[1] not in groups:
                groups[row.path[1]] = []
                out.append(f"      {row.path[1]}:   # {row.parent}\n")
            out.append(_row(8, row.path[2], 7, row.label))
    out.append(_row(6, "total", 7, L.RESULTS_TOTAL.label + "（= 上面各项之和）"))
    out.append(_row(4, "carried_forward", 7, L.CARRIED_FORWARD.label + "（一 + 二 = （七）总计 + 四）"))
    out.append(f"  appeals:   # 表四 政府信息公开行政复议、行政诉讼情况；每组 5 栏 {_APPEAL_COLS}\n")
    for key, label, _ in L.APPEAL_GROUPS:
        out.append(_row(4, key, 5, label))
    return "".join(out)
