"""``xxgk-lint check``: check report files and folders and write the findings in the chosen format."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Callable, TextIO

from lint.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, options, pack_options
from lint.model import Severity


def add_parser(sub) -> None:
    from lint.report import formats

    check = sub.add_parser("check", help="check reports / 检查报告")
    check.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    check.add_argument("--format", choices=formats(), default=None,
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
    check.add_argument("--no-local-config", action="store_true",
                       help="ignore configuration files inside the checked folders (for auditors)")
    check.add_argument("--select", action="append", default=[], metavar="CODE",
                       help="check only these codes or prefixes; repeatable, comma-separated")
    check.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                       help="files checked in parallel (default: all cores)")
    check.add_argument("--timeout", type=float, default=180.0, metavar="SECONDS",
                       help="time limit per file (default 180: a scanned report takes 10-20 s a page)")
    check.add_argument("--progress", choices=["auto", "on", "off"], default="auto",
                       help="progress bar on stderr (auto: on a terminal, for more than a handful of files)")
    check.add_argument("--roster", metavar="CSV",
                       help="units that owe a report (单位名称, 级别, 上级, 截止日期, 网址): say which are missing, "
                            "late or duplicated, and which reports belong to no unit")
    check.add_argument("--year", type=int, metavar="YEAR",
                       help="the reporting year the roster is checked for (default: the reports' commonest year)")
    pack_options(check)


def _fail(message: str) -> int:
    sys.stderr.write(f"xxgk-lint: error: {message}\n")
    return EXIT_USAGE


def run(args: argparse.Namespace, out: TextIO) -> int:
    from lint.report import Context, get, is_machine
    from lint.run.checker import Checker
    from lint.run.files import OutputError, OutputExists, atomic_open
    from lint.run.pipeline import Run, default_jobs
    from lint.run.walk import expand_paths

    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        return _fail("；".join(f"“{p}”不存在 / {p!r} does not exist" for p in missing))
    for target in (args.output, args.write_baseline):
        if target and os.path.lexists(target) and not args.force:
            return _fail(f"{target} exists; use --force to overwrite it")
    settings = options(args)
    if args.no_local_config:
        settings.untrusted = tuple(p for p in args.paths if os.path.isdir(p))
    checker = Checker(settings)  # reads the configuration and loads the packs: errors surface before any work
    engine = checker.default_engine()
    lang = checker.lang
    fail_on = args.fail_on or checker.global_config.fail_on or "error"
    baseline = None
    if args.baseline:
        from lint.run.suppress import read_baseline

        baseline = read_baseline(args.baseline)
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else
                          "rich" if (not args.output and out.isatty()) else "text")
    paths = expand_paths(args.paths, lambda path: checker.finder.for_path(path).excludes(path),
                         skip=[p for p in (args.output, args.write_baseline, args.roster) if p])
    if not paths:
        return _fail("在给出的路径中没有找到任何报告文件 / no report files found in "
                     + ", ".join(args.paths))
    history = _history(checker, paths)
    roster = None
    if args.roster:
        from lint.errors import ConfigError
        from lint.run.roster import read_roster

        try:
            roster = read_roster(args.roster)
        except ConfigError as exc:
            return _fail(str(exc))
    with _progress(args.progress, len(paths)) as advance:
        checked = Run(paths, settings, jobs=default_jobs(args.jobs, len(paths)), baseline=baseline,
                      progress=advance, checker=checker, history=history, roster=roster, year=args.year)
    for ignored in checker.finder.ignored:
        sys.stderr.write(f"xxgk-lint: --no-local-config: ignored {ignored}\n")
    context = Context(lang=lang, rules=engine.rules, pairing=checked.pairing.to_dict() if checked.pairing else None,
                      extras={**checked.extras, "scoring": engine.scoring, "indicators": engine.indicators})
    reporter = get(fmt)
    try:
        if args.write_baseline:
            from lint.run.suppress import write_baseline

            count = write_baseline(checked.results(apply_baseline=False), args.write_baseline, force=args.force)
            sys.stderr.write(f"xxgk-lint: {count} finding location(s) recorded in {args.write_baseline}\n")
        if args.output:
            binary = bool(getattr(reporter, "binary_for", lambda _path: False)(args.output))
            with atomic_open(args.output, force=args.force, binary=binary) as handle:
                (reporter.write_binary if binary else reporter.write)(checked.results(), handle, context)
        else:
            reporter.write(checked.results(), out, context)
    except OutputExists as exc:
        return _fail(f"{exc} exists; use --force to overwrite it")
    except OutputError as exc:
        return _fail(str(exc))
    finally:
        checked.close()
    if args.statistics:
        stats_out = sys.stderr if (args.output is None and is_machine(fmt)) else out
        for code, count in sorted(checked.totals.by_code.items(), key=lambda item: (-item[1], item[0])):
            rule = engine.rules.get(code)
            stats_out.write(f"{count:>6}  {code}  {rule.name if rule else ''}\n")
    worst = checked.totals.worst
    return EXIT_FINDINGS if worst is not None and worst >= Severity.parse(fail_on) else EXIT_OK


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

