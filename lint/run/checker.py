"""Checking one file: its configuration, its engine, its findings and what later stages need of it.

A :class:`Checker` lives in each worker process (and in the parent), builds one
engine per configuration file and keeps it for every file that configuration
governs.  What it produces for a file is a :class:`Checked`: the findings of the
file's own rules (nothing suppressed yet), the suppressions its comments carry,
and the small summary the cross-report rules need.  Suppressions, baselines and
scores are applied later, once the cross-report findings are known too
(:mod:`lint.run.pipeline`).
"""

from __future__ import annotations

import json
import os
from dataclasses import field
from pathlib import Path
from typing import Any

from lint import errors
from lint.errors import ConfigError, InputError
from lint.model import COMPLETE, NOT_GRADED, PARTIAL, FileResult
from lint.records import record
from lint.run.config import Config, ConfigFinder, Suppression


#: seconds a file may take: a scanned report is read by OCR at 10–20 s a page
DEFAULT_TIMEOUT = 180.0


@record
class Options:
    """What the command line asked for, per file; picklable, so worker processes can rebuild it."""

    packs: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    lang: str | None = None
    config: str | None = None
    isolated: bool = False
    #: folders whose own configuration files are not used (auditors: ``--no-local-config``)
    untrusted: tuple[str, ...] = ()
    timeout: float = DEFAULT_TIMEOUT
    #: give findings the excerpt of the report at their place (outputs for people show it)
    excerpts: bool = False


@record
class Checked:
    """What checking one file gives the later stages of a run."""

    result: FileResult
    summary: Any = None  # lint.checks.crossyear.Summary, or None when the file cannot be paired
    suppressions: list[Suppression] = field(default_factory=list)
    #: problems with suppression comments: (line, column, zh, en)
    suppression_problems: list[tuple[int, int, str, str]] = field(default_factory=list)
    #: a structured file read without fault that has none of a report's keys: a run skips it when it was
    #: found by walking a folder (its E006 finding stands when the file was named)
    not_a_report: bool = False

    def to_line(self) -> str:
        data: dict[str, Any] = {_NOT_A_REPORT: True} if self.not_a_report else {}  # first: see plainly_not_a_report
        data.update(self.result.to_dict())
        if self.suppressions:
            data["_suppressions"] = [s.__dict__ for s in self.suppressions]
        if self.suppression_problems:
            data["_suppression_problems"] = [list(p) for p in self.suppression_problems]
        return json.dumps(data, ensure_ascii=False) + "\n"

    @classmethod
    def from_line(cls, line: str) -> "Checked":
        data = json.loads(line)
        suppressions = [Suppression(**s) for s in data.pop("_suppressions", [])]
        problems = [tuple(p) for p in data.pop("_suppression_problems", [])]
        not_a_report = bool(data.pop(_NOT_A_REPORT, False))
        return cls(FileResult.from_dict(data), None, suppressions, problems,  # type: ignore[arg-type]
                   not_a_report=not_a_report)

    @staticmethod
    def plainly_not_a_report(line: str) -> bool:
        """Whether a line of :meth:`to_line` is of a file that is no report, without parsing it (the parent
        of a batch sees every worker's line)."""
        return line.startswith(_NOT_A_REPORT_HEAD)


_NOT_A_REPORT = "_not_a_report"
_NOT_A_REPORT_HEAD = json.dumps({_NOT_A_REPORT: True})[:-1]


class Checker:
    """Checks one file at a time with the engine its configuration asks for."""

    def __init__(self, options: Options) -> None:
        from lint.ingest import set_time_limit

        self.options = options
        set_time_limit(options.timeout)  # slow readers (OCR) stop themselves in time and say why
        self.finder = ConfigFinder(options.config, options.isolated, options.untrusted)
        self.global_config = self.finder.for_path(os.getcwd())
        self.lang = options.lang or self.global_config.lang or "zh"
        self._engines: dict[Any, Any] = {}

    def engine(self, config: Config):
        key = config.path
        if key not in self._engines:
            self._engines[key] = build_engine(self.options, config, self.lang)
        return self._engines[key]

    def default_engine(self):
        return self.engine(self.global_config)

    def engine_for(self, path: str):
        return self.engine(self.finder.for_path(path))

    def check(self, path: str) -> Checked:
        """What checking ``path`` gives; a fault anywhere in it (the excerpts, the suppression comments)
        costs this file only: one E099 finding."""
        engine = self.engine_for(path)
        try:
            return check_one(engine, path, excerpts=self.options.excerpts)
        except Exception as exc:
            from lint.run.faults import describe

            zh, en = describe(exc)
            return internal_result(engine, path, errors.INTERNAL, f"读取或检查时出错：{zh}",
                                   f"failed while reading or checking: {en}")


def build_engine(options: Options, config: Config, lang: str):
    """The engine of a configuration: its packs and plug-ins, its selection under the command line's."""
    from lint.engine import Engine
    from lint.engine.packs import DEFAULT_PACKS, load_pack
    from lint.engine.selection import Layer, Selection
    from lint.model import Severity

    base = Path(config.root) if config.path else None
    if config.plugins:
        from lint.checks.registry import load_local_plugins

        load_local_plugins(config.plugins, base, config.path or "configuration")
    refs = options.packs or config.packs or list(DEFAULT_PACKS)
    try:
        packs = [load_pack(ref, base if not options.packs else None) for ref in refs]
    except ConfigError as exc:
        if options.packs or not config.path:
            raise
        raise ConfigError(f"{config.path}: packs: {exc}") from None
    known = {r.code for p in packs for r in p.rules}
    where = config.path or "command line"

    def check_codes(codes, what: str) -> None:
        for code in codes:
            if not any(k.startswith(code) for k in known):
                raise ConfigError(f"{what}: unknown rule code {code!r}: no rule of the active packs starts with it")

    check_codes(config.ignore, f"{where}: ignore")
    check_codes(config.select, f"{where}: select")
    check_codes(config.severity, f"{where}: severity")
    check_codes([c for codes in config.per_file_ignores.values() for c in codes], f"{where}: per-file-ignores")
    check_codes([s.code for s in config.suppressions], f"{where}: suppressions")
    check_codes(options.ignore, "--disable")
    check_codes(options.select, "--select")
    check_codes(options.severity, "--severity")

    def layer(select, ignore, severity) -> Layer:
        return Layer(tuple(select), tuple(ignore), {c: Severity.parse(v) for c, v in severity.items()})

    selection = Selection((layer(options.select, options.ignore, options.severity),
                           layer(config.select, config.ignore, config.severity)))
    return Engine(packs, lang=lang, selection=selection)


def check_one(engine, path: str, excerpts: bool = False) -> Checked:
    """What checking ``path`` gives; every problem with the file ends as its findings."""
    from lint.ingest import load_report

    report = None
    summary = None
    source_map = None
    status = COMPLETE
    try:
        report, source_map = load_report(path)
        findings = engine.check(report, source_map, path)
        summary = engine.summarize(report, source_map, path)
    except InputError as exc:
        finding = engine.input_finding(path, exc)
        findings = [finding] if finding else []
        status = NOT_GRADED
    except Exception as exc:  # an importer bug must not cost the rest of the batch
        from lint.run.faults import describe

        zh, en = describe(exc)
        finding = engine.input_finding(path, InputError(
            errors.INTERNAL, f"读取或检查时出错：{zh}", f"failed while reading or checking: {en}"))
        findings = [finding] if finding else []
        status = NOT_GRADED
    if excerpts:  # the report's text at each finding (a syntax error's line too), for people
        from lint.report.excerpt import attach

        attach(findings, report, source_map, path, engine.lang, engine.rules)
    meta = report if isinstance(report, dict) else {}
    not_a_report = False
    if not engine.is_report(report):
        status = NOT_GRADED
        from lint.ingest.forms import is_structured

        # read without fault, and none of a report's keys (a package.json, a truth.json beside the reports)
        not_a_report = source_map is not None and is_structured(path)
    elif meta.get("unreadable"):
        status = PARTIAL
    year = meta.get("year") if isinstance(meta.get("year"), int) and not isinstance(meta.get("year"), bool) else None
    result = FileResult(path, findings, format=meta.get("format") if isinstance(meta.get("format"), str) else None,
                        agency=meta.get("agency") if isinstance(meta.get("agency"), str) else None, year=year,
                        status=status)
    suppressions: list[Suppression] = []
    problems: list[tuple[int, int, str, str]] = []
    text = source_map.text if source_map is not None else None
    if text is not None:  # a report that could not be parsed has no suppressions to apply
        from lint.run import suppress

        suppressions, problems = suppress.comment_suppressions(path, text)
    return Checked(result, summary, suppressions, problems, not_a_report)


def internal_result(engine, path: str, code: str, zh: str, en: str) -> Checked:
    """A file whose checking ended abnormally: one finding of ``code``, no score."""
    finding = engine.input_finding(path, InputError(code, zh, en))
    return Checked(FileResult(path, [finding] if finding else [], status=NOT_GRADED))


def timeout_result(engine, path: str, seconds: float) -> Checked:
    return internal_result(engine, path, errors.TIMEOUT,
                           f"读取和检查超过 {seconds:g} 秒，已停止（文件可能过大或已损坏）",
                           f"reading and checking took longer than {seconds:g} s and was stopped")


def crashed_result(engine, path: str) -> Checked:
    return internal_result(engine, path, errors.INTERNAL, "读取该文件时程序异常退出，已跳过",
                           "the process reading this file crashed; skipped")
