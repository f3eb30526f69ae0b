"""``xxgk-lint convert``: a document as the structured report it was read into (YAML or JSON)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO

from lint import errors
from lint.cli import EXIT_FINDINGS, EXIT_OK, fail, lang_option, tr, write_file
from lint.errors import InputError


def add_parser(sub) -> None:
    convert = sub.add_parser("convert", help=tr("把报告文档转换为结构化报告（YAML/JSON）",
                                                "write a document as a structured report (YAML/JSON)"),
                             description=tr("读取报告文档，按读到的内容写出结构化报告，便于核对读取结果或在仓库中维护。",
                                            "Read a report document and write the structured report it was read "
                                            "into, to check what was read or to keep it in a repository."))
    convert.add_argument("path", metavar="FILE", help=tr("报告文档（Word、PDF、网页、文本）或 YAML/JSON",
                                                         "report document (Word, PDF, web page, text) or YAML/JSON"))
    convert.add_argument("-o", "--output", metavar="OUT", help=tr("OUT.yaml 或 OUT.json（默认：YAML 输出到终端）",
                                                                  "OUT.yaml or OUT.json (default: YAML on stdout)"))
    convert.add_argument("--force", action="store_true", help=tr("允许覆盖已有的 OUT", "overwrite OUT if it exists"))
    lang_option(convert, "提示的", "message", default="zh")


def run(args: argparse.Namespace, out: TextIO) -> int:
    from lint.ingest import load_report
    from lint.ingest.serialize import to_json, to_yaml

    suffix = os.path.splitext(args.output or "")[1].lower()
    if args.output and suffix not in (".yaml", ".yml", ".json"):
        return fail(f"{args.output}：输出文件名应以 .yaml、.yml 或 .json 结尾",
                    f"{args.output}: the output must end in .yaml, .yml or .json")
    try:
        report, _ = load_report(args.path)
    except InputError as exc:
        place = f":{exc.line}:{exc.column or 1}" if exc.line else (f":p{exc.page}" if exc.page else "")
        sys.stderr.write(f"{args.path}{place}: {exc.code} {exc.zh if args.lang == 'zh' else exc.en}\n")
        return EXIT_FINDINGS
    if not isinstance(report, dict):
        sys.stderr.write(f"{args.path}: {errors.NOT_A_REPORT} "
                         f"{'不是一份结构化报告' if args.lang == 'zh' else 'not a structured report'}\n")
        return EXIT_FINDINGS
    text = to_json(report) if suffix == ".json" else to_yaml(report)
    if not args.output:
        out.write(text)
        return EXIT_OK
    return write_file(args.output, text, args.force)
