"""Checking many files: configuration per file, suppressions, a process pool, time limits, scores.

Each worker process builds its engines once and keeps them for every file it
checks.  Results are spooled to a temporary file as they arrive, so memory stays
flat however many files there are; cross-report findings, which can only be
known once every report has been read, are merged in when the spool is read back
for the reporter.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from lint import errors
from lint.run.config import Config, ConfigFinder
from lint.errors import InputError
from lint.model import FileResult, Finding, Severity
from lint.errors import ConfigError



@dataclass
class Options:
    """What the command line asked for; picklable, so worker processes can rebuild the runner."""

    packs: list[str] | None = None
    disable: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    lang: str | None = None
    config: str | None = None
    isolated: bool = False
    timeout: float = 60.0


class Checker:
    """Checks one file at a time with the engine its configuration asks for."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.finder = ConfigFinder(options.config, options.isolated)
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

    def check(self, path: str) -> tuple[FileResult, Any]:
        config = self.finder.for_path(path)
        engine = self.engine(config)
        result, summary = _with_time_limit(self.options.timeout, lambda: check_one(engine, path, config),
                                           lambda: timeout_result(engine, path, self.options.timeout))
        scoring = next((p.scoring for p in reversed(engine.packs) if p.scoring), None)
        if scoring is not None:
            result.score, result.grade = scoring.score(result.findings)
        return result, summary


def build_engine(options: Options, config: Config, lang: str):
    from lint.engine import Engine
    from lint.engine.packs import DEFAULT_PACKS, load_pack

    base = Path(config.root) if config.path else None
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
    check_codes(options.disable, "--disable")
    check_codes(options.select, "--select")
    check_codes(options.severity, "--severity")
    disabled = list(config.ignore) + list(options.disable)
    select = list(options.select or config.select)
    if select:
        # E0xx (the input itself) always stays on: a file that cannot be read must say so
        disabled += [code for code in known if not code.startswith("E") and not any(code.startswith(s) for s in select)]
    severities = {code: Severity.parse(level) for code, level in {**config.severity, **options.severity}.items()}
    return Engine(packs, lang=lang, disabled=disabled, severities=severities)


def check_one(engine, path: str, config: Config | None = None) -> tuple[FileResult, Any]:
    """(result, cross-report summary) of one file; every problem with it ends as its findings."""
    from lint.ingest.forms import load_report

    report = None
    summary = None
    source_map = None
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
    if config is not None:
        findings = _suppress(engine, path, findings, config, source_map.text if source_map else None)
    meta = report if isinstance(report, dict) else {}
    year = meta.get("year") if isinstance(meta.get("year"), int) and not isinstance(meta.get("year"), bool) else None
    return FileResult(path, findings, format=meta.get("format") if isinstance(meta.get("format"), str) else None,
                      agency=meta.get("agency") if isinstance(meta.get("agency"), str) else None, year=year), summary


def _suppress(engine, path: str, findings: list[Finding], config: Config, text: str | None) -> list[Finding]:
    """Per-file ignores, configuration suppressions, and suppression comments in ``text`` (YAML/JSON)."""
    from lint.run import suppress

    ignored = config.ignored_for(path)
    findings = [f for f in findings if not any(f.code.startswith(c) for c in ignored)]
    suppressions = list(config.suppressions_for(path))
    problems: list[tuple[int, int, str, str]] = []
    if text is not None:  # a report that could not be parsed has no suppressions to apply
        from_comments, problems = suppress.comment_suppressions(path, text)
        suppressions += from_comments
    kept, unused = suppress.apply(findings, suppressions)
    extra = []
    for line, column, zh, en in problems:
        finding = engine.input_finding(path, InputError(suppress.NO_REASON, zh, en, line=line, column=column))
        if finding:
            extra.append(finding)
    for s in unused:
        where = f"（{s.origin}）" if s.origin and not s.line else ""
        target = f"“{s.pointer}”" if s.pointer else ""
        finding = engine.input_finding(path, InputError(
            suppress.UNUSED, f"对 {s.code} 的抑制{target}没有匹配任何问题，可以删除{where}",
            f"the suppression of {s.code}{' at ' + s.pointer if s.pointer else ''} matches nothing; remove it"
            f"{' (' + s.origin + ')' if where else ''}",
            line=s.line, column=1 if s.line else None, pointer=s.pointer))
        if finding:
            extra.append(finding)
    return sorted(kept + extra, key=Finding.sort_key)


def timeout_result(engine, path: str, seconds: float) -> tuple[FileResult, Any]:
    finding = engine.input_finding(path, InputError(
        errors.TIMEOUT, f"读取和检查超过 {seconds:g} 秒，已停止（文件可能过大或已损坏）",
        f"reading and checking took longer than {seconds:g} s and was stopped"))
    return FileResult(path, [finding] if finding else []), None


class _TimeUp(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` in a parser swallows it."""


def _with_time_limit(seconds: float, work: Callable, on_timeout: Callable):
    """Run ``work``; past ``seconds`` stop it and return ``on_timeout()`` (POSIX main thread only)."""
    if not seconds or not hasattr(signal, "setitimer"):
        return work()

    def alarm(signum, frame):  # pragma: no cover - timing dependent
        raise _TimeUp()

    try:
        previous = signal.signal(signal.SIGALRM, alarm)
    except ValueError:  # not the main thread
        return work()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    except _TimeUp:
        return on_timeout()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------- worker processes

_WORKER: Checker | None = None


def _init_worker(options: Options) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _WORKER = Checker(options)


def _work(path: str) -> tuple[str, Any]:
    # the worker serializes: the parent only writes lines to the spool, so it does not
    # compete with the workers for the cores
    assert _WORKER is not None
    result, summary = _WORKER.check(path)
    return _line(result), summary


def _line(result: FileResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False) + "\n"


def run(paths: list[str], options: Options, jobs: int, progress: Callable[[int], None] | None = None,
        checker: Checker | None = None) -> Iterator[tuple[FileResult, Any]]:
    """(result, summary) per path, in the order given; in this process with ``checker`` when jobs is 1."""
    for line, summary in run_serialized(paths, options, jobs, progress, checker):
        yield FileResult.from_dict(json.loads(line)), summary


def run_serialized(paths: list[str], options: Options, jobs: int, progress: Callable[[int], None] | None = None,
                   checker: Checker | None = None) -> Iterator[tuple[str, Any]]:
    """(result as a JSON line, summary) per path, in the order given."""
    if jobs <= 1 or len(paths) <= 1:
        checker = checker or Checker(options)
        for path in paths:
            result, summary = checker.check(path)
            if progress:
                progress(1)
            yield _line(result), summary
        return
    yield from _run_pool(paths, options, jobs, progress)


def _run_pool(paths: list[str], options: Options, jobs: int, progress) -> Iterator[tuple[str, Any]]:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    import multiprocessing

    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    window = jobs * 8  # bounded look-ahead keeps memory flat and output in order
    index = 0
    pending: dict[int, Any] = {}
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(options,))
    try:
        while index < len(paths) or pending:
            while index < len(paths) and len(pending) < window:
                pending[index] = pool.submit(_work, paths[index])
                index += 1
            first = min(pending)
            future = pending.pop(first)
            try:
                line, summary = future.result()
            except BrokenProcessPool:
                # a worker died (a parser crashed the process): that file gets E099, the run goes on
                pool.shutdown(wait=False, cancel_futures=True)
                retry = [first] + sorted(pending)
                pending.clear()
                pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                                           initargs=(options,))
                line, summary = _isolated(paths[first], options)
                for i in retry[1:]:
                    pending[i] = pool.submit(_work, paths[i])
            if progress:
                progress(1)
            yield line, summary
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _isolated(path: str, options: Options) -> tuple[str, Any]:
    """Check one file in a process of its own; a crash there is that file's finding."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    import multiprocessing

    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=_init_worker, initargs=(options,)) as pool:
        try:
            return pool.submit(_work, path).result()
        except BrokenProcessPool:
            engine = build_engine(options, ConfigFinder(options.config, options.isolated).for_path(path),
                                  options.lang or "zh")
            finding = engine.input_finding(path, InputError(
                errors.INTERNAL, "读取该文件时程序异常退出，已跳过", "the process reading this file crashed; skipped"))
            return _line(FileResult(path, [finding] if finding else [])), None


# ---------------------------------------------------------------- spooling

class Spool:
    """Results on disk as JSON lines while the run goes on; read back with late findings merged in."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.count = 0

    def add(self, line: str) -> None:
        """Add one result, already serialized as a JSON line."""
        self._file.write(line)
        self.count += 1

    def read(self, late: dict[str, list[Finding]], finish: Callable[[FileResult], None] | None = None
             ) -> Iterator[FileResult]:
        self._file.seek(0)
        for line in self._file:
            result = FileResult.from_dict(json.loads(line))
            if result.path in late:
                result.findings = sorted(result.findings + late[result.path], key=Finding.sort_key)
                if finish:
                    finish(result)
            yield result

    def close(self) -> None:
        self._file.close()



class Summaries:
    """Cross-report summaries kept on disk, with only (agency, year) → offset in memory."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile("w+b")
        self._index: dict[str, dict[int, int]] = {}

    def add(self, summary: Any) -> None:
        import pickle

        from lint.checks.crossyear import agency_key

        if summary is None:
            return
        self._file.seek(0, os.SEEK_END)
        offset = self._file.tell()
        pickle.dump(summary, self._file)
        self._index.setdefault(agency_key(summary.agency), {})[summary.year] = offset

    def _load(self, offset: int) -> Any:
        import pickle

        self._file.seek(offset)
        return pickle.load(self._file)

    def pairs(self) -> Iterator[tuple[Any, Any]]:
        """(previous year, this year) of each agency, loaded two at a time."""
        for years in self._index.values():
            for year in sorted(years):
                if year - 1 in years:
                    yield self._load(years[year - 1]), self._load(years[year])

    def close(self) -> None:
        self._file.close()
