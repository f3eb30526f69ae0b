"""``xxgk-lint convert``: a document as the structured report it was read into (YAML or JSON)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO

from lint import errors
from lint.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, write_file
from lint.errors import InputError


def add_parser(sub) -> None:
    convert = sub.add_parser("convert", help="write a document as a structured report / 转换为结构化报告")
    convert.add_argument("path", metavar="FILE", help="report document (Word, PDF, web page, text) or YAML/JSON")
    convert.add_argument("-o", "--output", metavar="OUT", help="OUT.yaml or OUT.json (default: YAML on stdout)")
    convert.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    convert.add_argument("--lang", choices=["zh", "en"], default="zh")


def run(args: argparse.Namespace, out: TextIO) -> int:
    from lint.ingest import load_report
    from lint.ingest.serialize import to_json, to_yaml

    suffix = os.path.splitext(args.output or "")[1].lower()
    if args.output and suffix not in (".yaml", ".yml", ".json"):
        sys.stderr.write(f"xxgk-lint: error: {args.output}: the output must end in .yaml, .yml or .json\n")
        return EXIT_USAGE
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
