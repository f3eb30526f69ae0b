"""The command line: ``xxgk-lint check | convert | init | explain | rules``."""

from __future__ import annotations

import argparse
import sys
from typing import Iterator, Sequence, TextIO

from lint import __version__, errors
from lint.errors import InputError
from lint.model import FileResult, Severity
from lint.report import FORMATS

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
    check.add_argument("--lang", choices=["zh", "en"], default=None, help="message language (default zh)")
    check.add_argument("--fail-on", choices=["error", "warning", "info"], default=None,
                       help="exit 1 when a finding at or above this severity exists (default error)")
    check.add_argument("-o", "--output", metavar="FILE", help="write the output to FILE instead of the terminal")
    check.add_argument("--force", action="store_true", help="overwrite --output/--write-baseline files")
    check.add_argument("--statistics", action="store_true", help="count findings by code at the end")
    check.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE")
    check.add_argument("--write-baseline", metavar="FILE", help="record today's findings in FILE")
    check.add_argument("--config", metavar="FILE", help="use this configuration for every file")
    check.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    check.add_argument("--select", action="append", default=[], metavar="CODE",
                       help="check only these codes or prefixes; repeatable, comma-separated")
    check.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                       help="files checked in parallel (default: all cores)")
    check.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                       help="time limit per file (default 60)")
    check.add_argument("--progress", choices=["auto", "on", "off"], default="auto",
                       help="progress bar on stderr (auto: on a terminal, for more than a handful of files)")
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
    init.add_argument("--lang", choices=["zh", "en"], default="zh")

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


def _codes(items: list[str]) -> list[str]:
    return [c.strip() for item in items for c in item.split(",") if c.strip()]


def _options(args: argparse.Namespace):
    from lint.errors import ConfigError
    from lint.run.batch import Options

    severities: dict[str, str] = {}
    for item in args.severity:
        code, _, level = item.partition("=")
        try:
            Severity.parse(level)
        except ValueError as exc:
            raise ConfigError(f"--severity {item}: {exc}") from None
        severities[code.strip()] = level.strip()
    return Options(packs=args.pack, disable=_codes(args.disable), select=_codes(getattr(args, "select", [])),
                   severity=severities, lang=args.lang, config=getattr(args, "config", None),
                   isolated=getattr(args, "isolated", False), timeout=getattr(args, "timeout", 60.0))


def _engine(args: argparse.Namespace):
    from lint.run.batch import Checker

    return Checker(_options(args)).default_engine()


def check_file(engine, path: str):
    """(result, cross-report summary) of one file with ``engine``: every problem ends as its findings."""
    from lint.run.batch import check_one

    return check_one(engine, path)


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    import os

    from lint.ingest.forms import expand_paths
    from lint.run.files import OutputExists, atomic_open
    from lint.report import get
    from lint.run.batch import Checker, Spool, Summaries, run_serialized

    options = _options(args)
    checker = Checker(options)  # reads the configuration and loads the packs: errors surface before any work
    engine = checker.default_engine()
    lang = checker.lang
    fail_on = args.fail_on or checker.global_config.fail_on or "error"
    baseline = None
    if args.baseline:
        from lint.run.suppress import read_baseline

        baseline = read_baseline(args.baseline)
    if args.output and os.path.exists(args.output) and not args.force:
        sys.stderr.write(f"xxgk-lint: error: {args.output} exists; use --force to overwrite it\n")
        return EXIT_USAGE
    if args.write_baseline and os.path.exists(args.write_baseline) and not args.force:
        sys.stderr.write(f"xxgk-lint: error: {args.write_baseline} exists; use --force to overwrite it\n")
        return EXIT_USAGE
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else
                          "rich" if (not args.output and out.isatty()) else "text")
    paths = expand_paths(args.paths, lambda path: checker.finder.for_path(path).excludes(path))
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)

    spool = Spool()
    summaries = Summaries()  # on disk: memory stays flat however many reports there are
    with _progress(args.progress, len(paths)) as advance:
        for line, summary in run_serialized(paths, options, jobs, advance, checker):
            spool.add(line)
            summaries.add(summary)
    late = engine.check_pairs(summaries.pairs())
    summaries.close()
    scoring = next((p.scoring for p in reversed(engine.packs) if p.scoring), None)

    def rescore(result: FileResult) -> None:
        if scoring is not None:
            result.score, result.grade = scoring.score(result.findings)

    threshold = Severity.parse(fail_on)
    state = {"failing": False}
    statistics: dict[str, int] = {}

    def final() -> Iterator[FileResult]:
        for result in spool.read(late, rescore):
            if baseline is not None:
                result.findings = baseline.filter(result.path, result.findings)
                rescore(result)
            for finding in result.findings:
                statistics[finding.code] = statistics.get(finding.code, 0) + 1
                if finding.severity >= threshold:
                    state["failing"] = True
            yield result

    try:
        if args.write_baseline:
            from lint.run.suppress import write_baseline

            count = write_baseline(spool.read(late), args.write_baseline, force=args.force)
            sys.stderr.write(f"xxgk-lint: {count} finding location(s) recorded in {args.write_baseline}\n")
        if args.output:
            with atomic_open(args.output, force=args.force) as handle:
                get(fmt)(final(), handle, lang, engine.rules)
        else:
            get(fmt)(final(), out, lang, engine.rules)
    except OutputExists as exc:
        sys.stderr.write(f"xxgk-lint: error: {exc} exists; use --force to overwrite it\n")
        return EXIT_USAGE
    finally:
        spool.close()
    if args.statistics:
        stats_out = sys.stderr if (args.output is None and fmt in ("json", "sarif", "junit", "csv")) else out
        for code, count in sorted(statistics.items(), key=lambda item: (-item[1], item[0])):
            rule = engine.rules.get(code)
            stats_out.write(f"{count:>6}  {code}  {rule.name if rule else ''}\n")
    return EXIT_FINDINGS if state["failing"] else EXIT_OK


class _progress:
    """A rich progress bar on stderr for runs of more than a handful of files on a terminal."""

    def __init__(self, mode: str, total: int) -> None:
        self.show = mode == "on" or (mode == "auto" and total > 5 and sys.stderr.isatty())
        self.total = total
        self.bar = None

    def __enter__(self):
        if not self.show:
            return None
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn)

        class Rate(TextColumn):
            def render(self, task):  # files per second, the figure auditors plan with
                speed = task.finished_speed or task.speed
                return TextColumn("{task.description}").render(task).__class__(
                    f"{speed:.1f} 份/秒" if speed else "")

        self.bar = Progress(TextColumn("检查报告"), BarColumn(), MofNCompleteColumn(), Rate(""),
                            TimeRemainingColumn(), console=Console(file=sys.stderr), transient=False)
        self.bar.start()
        task = self.bar.add_task("", total=self.total)
        return lambda n: self.bar.advance(task, n)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def cmd_convert(args: argparse.Namespace, out: TextIO) -> int:
    import os

    from lint.ingest.forms import load_report
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
    return _write_file(args.output, text, args.force)


def _write_file(path: str, text: str, force: bool) -> int:
    """Write atomically, never over an existing file without --force; say why when it cannot."""
    from lint.run.files import OutputExists, write_atomic

    try:
        write_atomic(path, text, force=force)
    except OutputExists:
        sys.stderr.write(f"xxgk-lint: error: {path} exists; use --force to overwrite it\n")
        return EXIT_USAGE
    except OSError as exc:
        sys.stderr.write(f"xxgk-lint: error: cannot write {path}: {exc.strerror or exc}\n")
        return EXIT_USAGE
    return EXIT_OK


def cmd_init(args: argparse.Namespace, out: TextIO) -> int:
    from lint.cli.init import blank_report

    if not 2008 <= args.year <= 2100:
        sys.stderr.write(f"xxgk-lint: error: --year {args.year} is not a reporting year\n")
        return EXIT_USAGE
    code = _write_file(args.path, blank_report(args.agency.strip(), args.year, args.level), args.force)
    if code == EXIT_OK:
        out.write(f"已生成 {args.path}；填写后运行 xxgk-lint check {args.path}\n" if args.lang == "zh" else
                  f"wrote {args.path}; fill it in, then run xxgk-lint check {args.path}\n")
    return code


def cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    from lint.engine.docs import explain

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
    from lint.errors import ConfigError

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
