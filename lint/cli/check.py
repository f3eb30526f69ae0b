"""``xxgk-lint check``: check report files and folders and write the findings in the chosen format."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Callable, Iterable, Iterator, TextIO

from lint.cli import (EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, exists, fail, lang_option, options, pack_options, seconds,
                      tr)
from lint.model import FileResult, Severity


def add_parser(sub) -> None:
    from lint.report import formats

    check = sub.add_parser("check", help=tr("检查报告", "check reports"),
                           description=tr(
                               "检查年度报告文件（Word、PDF、网页、文本、Markdown、YAML/JSON）或文件夹中的全部报告。"
                               "退出码：0 没有达到 --fail-on 级别的问题；1 有；2 用法或配置错误。",
                               "Check report files (Word, PDF, web pages, text, Markdown, YAML/JSON) or every report "
                               "in folders. Exit code 0: nothing at or above --fail-on; 1: findings at or above it; "
                               "2: a usage or configuration error."))
    check.add_argument("paths", nargs="+", metavar="PATH", help=tr("报告文件或文件夹", "report files or folders"))
    check.add_argument("--format", choices=formats(), default=None,
                       help=tr("输出格式（默认：终端上用 rich，否则 text）",
                               "output format (default: rich on a terminal, text otherwise)"))
    lang_option(check, "检查意见的", "message")
    check.add_argument("--fail-on", choices=["error", "warning", "info"], default=None,
                       help=tr("有达到此级别的问题时退出码为 1（默认 error）",
                               "exit 1 when a finding at or above this severity exists (default error)"))
    check.add_argument("-q", "--quiet", action="store_true",
                       help=tr("只显示错误，不显示警告和提示（隐藏的警告仍计入 --max-warnings）",
                               "show errors only, no warnings or infos (hidden warnings still count for "
                               "--max-warnings)"))
    check.add_argument("--max-warnings", type=int, default=None, metavar="N",
                       help=tr("警告超过 N 条时退出码为 1（如 ESLint）", "exit 1 when there are more than N warnings "
                                                                "(as ESLint does)"))
    check.add_argument("-o", "--output", metavar="FILE",
                       help=tr("把结果写入 FILE 而不是终端", "write the output to FILE instead of the terminal"))
    check.add_argument("--force", action="store_true",
                       help=tr("允许覆盖 --output 和 --write-baseline 的已有文件",
                               "overwrite --output/--write-baseline files"))
    check.add_argument("--statistics", action="store_true",
                       help=tr("最后按规则代码统计问题数", "count findings by code at the end"))
    check.add_argument("--baseline", metavar="FILE",
                       help=tr("只报告 FILE 中没有记录的问题", "report only findings not recorded in FILE"))
    check.add_argument("--write-baseline", metavar="FILE",
                       help=tr("把本次的问题记录到 FILE（作为基线）", "record today's findings in FILE"))
    check.add_argument("--config", metavar="FILE",
                       help=tr("所有文件都使用这个配置文件", "use this configuration for every file"))
    check.add_argument("--isolated", action="store_true",
                       help=tr("不读取任何配置文件", "ignore every configuration file"))
    check.add_argument("--no-local-config", action="store_true",
                       help=tr("不使用被检查文件夹里的配置文件（供审核人员使用）",
                               "ignore configuration files inside the checked folders (for auditors)"))
    check.add_argument("--select", action="append", default=[], metavar="CODE",
                       help=tr("只检查这些代码或前缀；可重复，可用逗号分隔",
                               "check only these codes or prefixes; repeatable, comma-separated"))
    check.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                       help=tr("并行检查的文件数（默认：全部处理器核心；多于核心数时按核心数）",
                               "files checked in parallel (default: all cores; more than the cores are capped "
                               "at the cores)"))
    check.add_argument("--force-jobs", action="store_true",
                       help=tr("按 --jobs N 原样并行，即使多于处理器核心数（例如文件在网络盘上、进程多在等待读盘时）",
                               "take --jobs N as given even above the number of cores (when workers mostly wait, "
                               "say on files on a network share)"))
    check.add_argument("--timeout", type=seconds, default=180.0, metavar="SECONDS",
                       help=tr("每个文件的时间上限，秒（默认 180：扫描件每页约需 10–20 秒）",
                               "time limit per file (default 180: a scanned report takes 10-20 s a page)"))
    check.add_argument("--progress", choices=["auto", "on", "off"], default="auto",
                       help=tr("在标准错误上显示进度条（auto：终端上、文件较多时显示）",
                               "progress bar on stderr (auto: on a terminal, for more than a handful of files)"))
    check.add_argument("--roster", metavar="CSV",
                       help=tr("应当发布报告的单位名册（单位名称, 级别, 上级, 截止日期, 网址）：指出缺报、迟报、重复的单位，"
                               "以及不属于任何单位的报告",
                               "units that owe a report (columns name, level, parent, deadline, url): say which are missing, "
                               "late or duplicated, and which reports belong to no unit"))
    check.add_argument("--year", type=int, metavar="YEAR",
                       help=tr("核对名册的报告年度（默认：报告中最常见的年度）",
                               "the reporting year the roster is checked for (default: the reports' commonest year)"))
    pack_options(check)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from lint.report import Context, get, is_machine
    from lint.run.checker import Checker
    from lint.run.files import OutputError, OutputExists, atomic_open
    from lint.run.pipeline import Run, default_jobs
    from lint.run.walk import walk

    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        return fail("；".join(f"“{p}”不存在" for p in missing), "; ".join(f"{p} does not exist" for p in missing))
    named = {os.path.realpath(p) for p in args.paths if not os.path.isdir(p)}
    for target in (args.output, args.write_baseline):
        if target and os.path.realpath(target) in named:  # --force or not: a report is never overwritten
            return fail(f"输出文件“{target}”是要检查的报告，不能覆盖它",
                        f"the output {target} is a report being checked; it is never overwritten")
        if target and os.path.lexists(target) and not args.force:
            return exists(target)
    if args.year is not None and not 2008 <= args.year <= 2100:  # the years init accepts, and the schema
        return fail(f"--year {args.year} 不是有效的报告年度", f"--year {args.year} is not a reporting year")
    if args.max_warnings is not None and args.max_warnings < 0:
        return fail("--max-warnings 不能为负数", "--max-warnings must not be negative")
    if args.force_jobs and args.jobs <= 0:
        return fail("--force-jobs 要与 --jobs N 一起使用", "--force-jobs goes with --jobs N")
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else
                          "rich" if (not args.output and out.isatty()) else "text")
    settings = options(args)
    settings.excerpts = fmt == "rich"  # the terminal output shows the report's text under each finding
    if args.no_local_config:
        # the folders checked, and the folder of each file named: whatever came with the reports
        settings.untrusted = tuple(dict.fromkeys(p if os.path.isdir(p) else os.path.dirname(os.path.abspath(p))
                                                 for p in args.paths))
    checker = Checker(settings)  # reads the configuration and loads the packs: errors surface before any work
    engine = checker.default_engine()
    lang = checker.lang
    fail_on = args.fail_on or checker.global_config.fail_on or "error"
    baseline = None
    if args.baseline:
        from lint.run.suppress import read_baseline

        baseline = read_baseline(args.baseline)
    found = walk(args.paths, lambda path: checker.finder.for_path(path).excludes(path),
                 skip=[p for p in (args.output, args.write_baseline, args.roster) if p])
    paths = [path for path, _walked in found]
    walked = bytearray(was_walked for _path, was_walked in found)  # a byte a file, not a path
    del found  # a tuple a file: not kept through the run
    if not paths:
        return _no_reports(args.paths, [])
    history = _history(checker, paths)
    roster = None
    if args.roster:
        from lint.errors import ConfigError
        from lint.run.roster import read_roster

        try:
            roster = read_roster(args.roster)
        except ConfigError as exc:
            return fail(str(exc), str(exc))
    cores = os.cpu_count() or 1
    if args.jobs > cores and not args.force_jobs:  # more workers than cores mostly cost memory: each holds a parser
        sys.stderr.write("xxgk-lint: " + tr(f"--jobs {args.jobs} 多于处理器核心数，按 {cores} 个并行检查"
                                            f"（要按 {args.jobs} 个并行请加 --force-jobs）",
                                            f"--jobs {args.jobs} is more than the {cores} cores; checking {cores} "
                                            f"files at a time (--force-jobs takes {args.jobs} as given)") + "\n")
    with _progress(args.progress, len(paths)) as advance:
        jobs = default_jobs(args.jobs, len(paths), force=args.force_jobs)
        checked = Run(paths, settings, jobs=jobs, baseline=baseline,
                      progress=advance, checker=checker, history=history, roster=roster, year=args.year,
                      walked=walked)
    if len(checked.skipped) == len(paths):
        checked.close()
        return _no_reports(args.paths, checked.skipped)
    for ignored in checker.finder.ignored:
        sys.stderr.write("xxgk-lint: --no-local-config: " + tr(f"未使用 {ignored}", f"ignored {ignored}") + "\n")
    context = Context(lang=lang, rules=engine.rules, pairing=checked.pairing,
                      extras={**checked.extras, "scoring": engine.scoring, "indicators": engine.indicators})
    reporter = get(fmt)
    try:
        if args.write_baseline:
            from lint.run.suppress import write_baseline

            count = write_baseline(checked.results(apply_baseline=False), args.write_baseline, force=args.force)
            sys.stderr.write("xxgk-lint: " + tr(f"已把 {count} 个问题的位置记入 {args.write_baseline}",
                                                f"{count} finding location(s) recorded in {args.write_baseline}") + "\n")
        results = _errors_only(checked.results()) if args.quiet else checked.results()
        if args.output:
            binary = bool(getattr(reporter, "binary_for", lambda _path: False)(args.output))
            with atomic_open(args.output, force=args.force, binary=binary) as handle:
                (reporter.write_binary if binary else reporter.write)(results, handle, context)
        else:
            try:
                reporter.write(results, out, context)
                out.flush()
            except BrokenPipeError:
                raise
            except OSError as exc:  # standard output redirected to a full disk, say
                from lint.run.faults import describe

                zh, en = describe(exc)
                return fail(f"无法写入标准输出：{zh}", f"cannot write to standard output: {en}")
    except OutputExists as exc:
        return exists(str(exc))
    except OutputError as exc:
        return fail(exc.zh, exc.en)
    finally:
        checked.close()
    if checked.skipped:
        sys.stderr.write("xxgk-lint: " + _skipped(checked.skipped) + "\n")
    for zh, en in checked.problems:  # a stage over the batch failed: the output lacks its results
        fail(zh, en)
    if args.statistics:
        stats_out = sys.stderr if (args.output is None and is_machine(fmt)) else out
        for code, count in sorted(checked.totals.by_code.items(), key=lambda item: (-item[1], item[0])):
            rule = engine.rules.get(code)
            stats_out.write(f"{count:>6}  {code}  {rule.name if rule else ''}\n")
    if checked.problems:
        return EXIT_USAGE
    worst = checked.totals.worst
    if worst is not None and worst >= Severity.parse(fail_on):
        return EXIT_FINDINGS
    warnings = checked.totals.by_severity["warning"]
    if args.max_warnings is not None and warnings > args.max_warnings:
        sys.stderr.write("xxgk-lint: " + tr(f"{warnings} 个警告，超过 --max-warnings {args.max_warnings}",
                                            f"{warnings} warning(s), more than --max-warnings {args.max_warnings}")
                         + "\n")
        return EXIT_FINDINGS
    return EXIT_OK


def _skipped(paths: list[str], shown: int = 10) -> str:
    """The run summary's line on the files found by walking that are plainly no report."""
    names = paths[:shown]
    more_zh = f"等 {len(paths)} 个" if len(paths) > shown else ""
    more_en = f" and {len(paths) - shown} more" if len(paths) > shown else ""
    return tr(f"跳过 {len(paths)} 个不是年度报告的文件（没有 year、agency、sections、tables 等键；"
              f"在命令行上直接指明的文件照常检查）：" + "、".join(names) + more_zh,
              f"skipped {len(paths)} file(s) that are no annual report (none of the keys year, agency, sections, "
              f"tables…; a file named on the command line is checked): " + ", ".join(names) + more_en)


def _no_reports(given: list[str], skipped: list[str]) -> int:
    return fail("在" + "、".join(f"“{p}”" for p in given) + "中没有找到任何报告文件"
                + (f"（{_skipped(skipped)}）" if skipped else ""),
                "no report files found in " + ", ".join(given) + (f" ({_skipped(skipped)})" if skipped else ""))


def _errors_only(results: Iterable[FileResult]) -> Iterator[FileResult]:
    """``--quiet``: each result with its errors only (counted, scored and graded before, as without it)."""
    for result in results:
        result.findings = [f for f in result.findings if f.severity >= Severity.ERROR]
        yield result


def _history(checker, paths: list[str]) -> list[str]:
    """Earlier reports the configurations of the checked files name (``history:``), not checked themselves."""
    configs = {config.path: config for config in (checker.finder.for_path(p) for p in paths) if config.path}
    checked = {os.path.realpath(p) for p in paths}
    found = [h for config in configs.values() for h in config.history_files()]
    return [h for h in dict.fromkeys(found) if os.path.realpath(h) not in checked]


class _progress:
    """A rich progress bar on stderr for runs of more than a handful of files on a terminal."""

    def __init__(self, mode: str, total: int) -> None:
        self.show = mode == "on" or (mode == "auto" and total > 5 and sys.stderr.isatty())
        self.total = total
        self.bar = None

    def __enter__(self) -> Callable[[int], None] | None:
        if not self.show:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

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

