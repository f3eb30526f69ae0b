"""The command line: ``xxgk-lint check``, ``xxgk-lint rules``."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence, TextIO

from . import __version__, errors
from .errors import InputError
from .model import FileResult, Finding, Location, Severity
from .report import FORMATS

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2, as the contract says
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"xxgk-lint: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="xxgk-lint", description="政府信息公开工作年度报告合规检查 / compliance linter for "
                     "government information-disclosure annual reports")
    parser.add_argument("--version", action="version", version=f"xxgk-lint {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="check reports / 检查报告")
    check.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    check.add_argument("--format", choices=list(FORMATS), default=None,
                       help="output format (default: rich on a terminal, text otherwise)")
    check.add_argument("--lang", choices=["zh", "en"], default="zh", help="message language (default zh)")
    check.add_argument("--fail-on", choices=["error", "warning", "info"], default="error",
                       help="exit 1 when a finding at or above this severity exists (default error)")
    _pack_options(check)

    convert = sub.add_parser("convert", help="write a document as a structured report / 转换为结构化报告")
    convert.add_argument("path", metavar="FILE", help="report document (.txt .md .html .docx .pdf) or YAML/JSON")
    convert.add_argument("-o", "--output", metavar="OUT", help="OUT.yaml or OUT.json (default: YAML on stdout)")
    convert.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    convert.add_argument("--lang", choices=["zh", "en"], default="zh")

    init = sub.add_parser("init", help="write a blank structured report to fill in / 生成空白报告模板")
    init.add_argument("path", metavar="OUT.yaml")
    init.add_argument("--agency", required=True, help="agency name as in the title, e.g. 某市某局")
    init.add_argument("--year", type=int, required=True, help="the reporting year")
    init.add_argument("--level", choices=["department", "government", "other"], default="department")
    init.add_argument("--force", action="store_true", help="overwrite OUT.yaml if it exists")

    explain = sub.add_parser("explain", help="what a rule checks, why, and how to fix it / 规则说明")
    explain.add_argument("code", metavar="CODE")
    explain.add_argument("--lang", choices=["zh", "en"], default="zh")
    _pack_options(explain)

    rules = sub.add_parser("rules", help="list the rules of the active packs / 列出规则")
    rules.add_argument("--lang", choices=["zh", "en"], default="zh")
    _pack_options(rules)
    return parser


def _pack_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pack", action="append", default=None, metavar="PACK",
                        help="rule pack name or path; repeatable (default: national-2021)")
    parser.add_argument("--disable", action="append", default=[], metavar="CODE",
                        help="switch off rules by code or prefix (e.g. T202 or T2); repeatable, comma-separated")
    parser.add_argument("--severity", action="append", default=[], metavar="CODE=LEVEL",
                        help="change the severity of a rule (or prefix), e.g. B309=warning")


def _engine(args: argparse.Namespace):
    from .engine import Engine
    from .packs import DEFAULT_PACKS, ConfigError, load_pack

    packs = [load_pack(ref) for ref in (args.pack or DEFAULT_PACKS)]
    known = {r.code for p in packs for r in p.rules}
    disabled = [c.strip() for item in args.disable for c in item.split(",") if c.strip()]
    severities: dict[str, Severity] = {}
    for item in args.severity:
        code, _, level = item.partition("=")
        try:
            severities[code.strip()] = Severity.parse(level)
        except ValueError as exc:
            raise ConfigError(f"--severity {item}: {exc}") from None
    for code in disabled + list(severities):
        if not any(k.startswith(code) for k in known):
            raise ConfigError(f"unknown rule code {code!r}: no rule of the active packs starts with it")
    return Engine(packs, lang=args.lang, disabled=disabled, severities=severities)


def check_file(engine, path: str) -> tuple[FileResult, object]:
    """(result, cross-report summary) of one file; every problem with it ends as its findings."""
    from .inputs import load_report

    report = None
    summary = None
    try:
        report, source_map = load_report(path)
        findings = engine.check(report, source_map, path)
        summary = engine.summarize(report, source_map, path)
    except InputError as exc:
        finding = engine.input_finding(path, exc)
        findings = [finding] if finding else []
    except Exception as exc:  # an importer bug must not cost the rest of the batch
        finding = engine.input_finding(path, InputError(
            errors.INTERNAL, f"读取或检查时出错：{type(exc).__name__}: {exc}",
            f"failed while reading or checking: {type(exc).__name__}: {exc}"))
        findings = [finding] if finding else []
    meta = report if isinstance(report, dict) else {}
    year = meta.get("year") if isinstance(meta.get("year"), int) else None
    return FileResult(path, findings, format=meta.get("format") if isinstance(meta.get("format"), str) else None,
                      agency=meta.get("agency") if isinstance(meta.get("agency"), str) else None, year=year), summary


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from .inputs import expand_paths
    from .report import get

    engine = _engine(args)
    fmt = args.format or ("rich" if out.isatty() else "text")
    checked = [check_file(engine, path) for path in expand_paths(args.paths)]
    results = [result for result, _ in checked]
    cross = engine.check_series(summary for _, summary in checked)
    for result in results:
        if result.path in cross:
            result.findings = sorted(result.findings + cross[result.path], key=Finding.sort_key)
    get(fmt)(results, out, args.lang, engine.rules)
    threshold = Severity.parse(args.fail_on)
    failing = any(f.severity >= threshold for r in results for f in r.findings)
    return EXIT_FINDINGS if failing else EXIT_OK


def cmd_convert(args: argparse.Namespace, out: TextIO) -> int:
    import os

    from .inputs import load_report
    from .output import OutputExists, write_atomic
    from .serialize import to_json, to_yaml

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
    try:
        write_atomic(args.output, text, force=args.force)
    except OutputExists:
        sys.stderr.write(f"xxgk-lint: error: {args.output} exists; use --force to overwrite it\n")
        return EXIT_USAGE
    except OSError as exc:
        sys.stderr.write(f"xxgk-lint: error: cannot write {args.output}: {exc.strerror or exc}\n")
        return EXIT_USAGE
    return EXIT_OK


def cmd_init(args: argparse.Namespace, out: TextIO) -> int:
    from .blank import blank_report
    from .output import OutputExists, write_atomic

    if not 2008 <= args.year <= 2100:
        sys.stderr.write(f"xxgk-lint: error: --year {args.year} is not a reporting year\n")
        return EXIT_USAGE
    try:
        write_atomic(args.path, blank_report(args.agency.strip(), args.year, args.level), force=args.force)
    except OutputExists:
        sys.stderr.write(f"xxgk-lint: error: {args.path} exists; use --force to overwrite it\n")
        return EXIT_USAGE
    except OSError as exc:
        sys.stderr.write(f"xxgk-lint: error: cannot write {args.path}: {exc.strerror or exc}\n")
        return EXIT_USAGE
    out.write(f"已生成 {args.path}；填写后运行 xxgk-lint check {args.path}\n")
    return EXIT_OK


def cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    from .docs import explain

    engine = _engine(args)
    rule = engine.rules.get(args.code.upper())
    if rule is None:
        sys.stderr.write(f"xxgk-lint: error: no rule {args.code!r} in the active packs (see `xxgk-lint rules`)\n")
        return EXIT_USAGE
    out.write(explain(rule, args.lang))
    return EXIT_OK


def cmd_rules(args: argparse.Namespace, out: TextIO) -> int:
    engine = _engine(args)
    for code, rule in sorted(engine.rules.items()):
        state = "" if rule.enabled else (" (关闭)" if args.lang == "zh" else " (off)")
        summary = rule.summary.get(args.lang) or rule.summary.get("zh") or rule.template(None, args.lang)
        out.write(f"{code}  {rule.severity.label:<7} {rule.name:<30} {summary}{state}\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    from .packs import ConfigError

    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return cmd_check(args, out)
        if args.command == "convert":
            return cmd_convert(args, out)
        if args.command == "init":
            return cmd_init(args, out)
        if args.command == "explain":
            return cmd_explain(args, out)
        if args.command == "rules":
            return cmd_rules(args, out)
    except ConfigError as exc:
        sys.stderr.write(f"xxgk-lint: configuration error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return EXIT_USAGE
