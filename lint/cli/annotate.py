"""``xxgk-lint annotate 年报.docx``: a copy of the Word file with each finding as a comment (批注) at its place.

The findings are those ``check`` gives (the same pipeline, configuration and
packs); the copy is written beside the original as ``年报.批注.docx`` (``-o``
to choose) and never over an existing file without ``--force``.  The original
is only read.
"""

from __future__ import annotations

import argparse
import os
from typing import TextIO

from lint.cli import EXIT_FINDINGS, EXIT_OK, exists, fail, lang_option, options, pack_options, seconds, tr
from lint.model import Severity


def add_parser(sub) -> None:
    annotate = sub.add_parser("annotate", help=tr("把检查意见以批注写入 Word 文件的副本",
                                                  "write the findings into a copy of a Word file as comments"),
                              description=tr("检查 Word 报告，把每条意见作为批注写在副本中出问题的位置；原文件不变。",
                                             "Check Word reports and write each finding as a comment at its place "
                                             "in a copy; the original is left as it is."))
    annotate.add_argument("paths", nargs="+", metavar="FILE", help=tr("Word（.docx、.doc）或 WPS（.wps）报告", "Word (.docx, .doc) or WPS (.wps) reports"))
    annotate.add_argument("-o", "--output", metavar="FILE",
                          help=tr("批注副本的文件名（只能有一个输入；默认：与原文件同目录的 名称.批注.docx）",
                                  "the annotated copy (one input only; default: NAME.批注.docx beside the input)"))
    annotate.add_argument("--force", action="store_true",
                          help=tr("允许覆盖已有的批注副本", "overwrite an existing annotated copy"))
    lang_option(annotate, "批注的", "comment")
    annotate.add_argument("--fail-on", choices=["error", "warning", "info"], default=None,
                          help=tr("有达到此级别的问题时退出码为 1（默认 error）",
                                  "exit 1 when a finding at or above this severity exists (default error)"))
    annotate.add_argument("--config", metavar="FILE",
                          help=tr("所有文件都使用这个配置文件", "use this configuration for every file"))
    annotate.add_argument("--isolated", action="store_true",
                          help=tr("不读取任何配置文件", "ignore every configuration file"))
    annotate.add_argument("--select", action="append", default=[], metavar="CODE",
                          help=tr("只检查这些代码或前缀；可重复，可用逗号分隔",
                                  "check only these codes or prefixes; repeatable, comma-separated"))
    annotate.add_argument("--timeout", type=seconds, default=180.0, metavar="SECONDS",
                          help=tr("每个文件的时间上限，秒（默认 180）", "time limit per file (default 180)"))
    pack_options(annotate)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from lint.report.word import Refused, annotate_file, output_path, word_source
    from lint.run.checker import Checker
    from lint.run.files import OutputError, OutputExists, atomic_open
    from lint.run.pipeline import Run, default_jobs

    missing = [p for p in args.paths if not os.path.isfile(p)]
    if missing:
        return fail("；".join(f"“{p}”不存在或不是文件" for p in missing), "; ".join(f"{p} is no file" for p in missing))
    if args.output and len(args.paths) > 1:
        return fail("-o/--output 只能用于一个文件", "-o/--output takes one input file")
    settings = options(args)
    checker = Checker(settings)  # reads the configuration and loads the packs: errors surface before any work
    lang = checker.lang
    targets = {path: args.output or output_path(path) for path in args.paths}
    for path, target in targets.items():
        try:
            word_source(path)  # refuse what is no Word document before checking anything
        except Refused as exc:
            return fail(exc.text(lang), exc.text(lang))
        if os.path.abspath(target) == os.path.abspath(path):
            return fail(f"批注副本不能写到原文件上：{target}", f"the annotated copy cannot replace the original: {target}")
        if os.path.lexists(target) and not args.force:
            return exists(target)
    fail_on = args.fail_on or checker.global_config.fail_on or "error"
    rules = checker.default_engine().rules
    from lint.cli.check import _history

    # earlier reports the configuration names (history:) are read for the cross-year rules, as check does
    checked = Run(list(targets), settings, jobs=default_jobs(0, len(targets)), checker=checker,
                  history=_history(checker, list(targets)))
    status = EXIT_OK
    try:
        for result in checked.results():
            target = targets[result.path]
            try:
                annotated = annotate_file(result.path, result.findings, lang=lang, rules=rules)
                with atomic_open(target, force=args.force, binary=True) as handle:
                    handle.write(annotated.data)
            except Refused as exc:
                status = fail(exc.text(lang), exc.text(lang))
                continue
            except OutputExists:
                status = exists(target)
                continue
            except OutputError as exc:
                status = fail(exc.zh, exc.en)
                continue
            except Exception as exc:  # a document the comment writer cannot take costs its own copy only
                from lint.run.faults import describe

                zh, en = describe(exc)
                status = fail(f"无法为“{result.path}”写批注：{zh}", f"cannot annotate {result.path}: {en}")
                continue
            out.write(_summary(result.path, target, annotated, lang) + "\n")
    finally:
        checked.close()
    if status != EXIT_OK:
        return status
    worst = checked.totals.worst
    return EXIT_FINDINGS if worst is not None and worst >= Severity.parse(fail_on) else EXIT_OK


def _summary(path: str, target: str, annotated, lang: str) -> str:
    found = annotated.placed + annotated.listed
    if lang == "zh":
        text = f"{path} → {target}：{found} 条意见，写成 {annotated.comments} 条批注"
        return text + (f"（其中 {annotated.listed} 条列在文首）" if annotated.listed else "")
    text = f"{path} → {target}: {found} finding(s) in {annotated.comments} comment(s)"
    return text + (f" ({annotated.listed} listed at the top)" if annotated.listed else "")
