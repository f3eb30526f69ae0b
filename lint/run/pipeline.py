"""The one run pipeline: every stage after reading a file, in one order, owned by one module.

::

    per-file checks          each file with the engine of its own configuration (worker processes); a file
                             found by walking a folder that is plainly no report is skipped (``skipped``)
    cross-report checks      reports of one agency in consecutive years, with the later file's engine
    copies                   passages copied between agencies, over the whole batch (lint.run.copies)
    roster                   the units that owe a report, against the reports given (lint.run.roster)
    suppressions             per-file-ignores, configuration suppressions, suppression comments (E013/E014)
    baseline                 findings recorded earlier are dropped
    status and score         reading findings never cost points; unread tables make a report partial
    → results                in the order the files were given, for a reporter to write

Severities and ``select``/``ignore`` are part of each file's engine (one
longest-prefix rule, :mod:`lint.engine.selection`), so cross-report findings
get the same treatment as the file's own.  :func:`run` is the public entry
point: the command line, the pre-commit hook, the web page and the tests all
check files through it.
"""

from __future__ import annotations

import os
from dataclasses import field
from typing import Any, Callable, Iterable, Iterator

from lint import errors
from lint.errors import InputError
from lint.model import NOT_GRADED, FileResult, Finding, Severity
from lint.records import record
from lint.run.checker import Checked, Checker, Options, crashed_result, timeout_result
from lint.run.faults import describe, in_stage
from lint.run.spool import Late, Spool, Summaries


@record
class Totals:
    """What the results held, counted as they were handed out."""

    files: int = 0
    by_code: dict[str, int] = field(default_factory=dict)
    by_severity: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    worst: Severity | None = None

    def add(self, result: FileResult) -> None:
        self.files += 1
        for finding in result.findings:
            self.by_code[finding.code] = self.by_code.get(finding.code, 0) + 1
            self.by_severity[finding.severity.label] += 1
            if self.worst is None or finding.severity > self.worst:
                self.worst = finding.severity


class Run:
    """The checked files of one run; :meth:`results` streams them through the final stages."""

    def __init__(self, paths: list[str], options: Options, *, jobs: int = 1, baseline: Any = None,
                 progress: Callable[[int], None] | None = None, checker: Checker | None = None,
                 history: list[str] | None = None, roster: list[Any] | None = None,
                 year: int | None = None, walked: Iterable[str] | bytearray = ()) -> None:
        self.paths = list(paths)
        #: per file, whether it was found by walking a folder (:func:`lint.run.walk.walk`): plainly no
        #: report, it is skipped.  ``walked`` names those files, or is this flag a file already
        if isinstance(walked, bytearray) and len(walked) == len(self.paths):
            self._walked = walked
        else:
            found = set(walked)
            self._walked = bytearray(path in found for path in self.paths)
            del found
        #: the walked files skipped as plainly no report, in the order given; named in the run's summary
        self.skipped: list[str] = []
        self._skipped_at: list[int] = []
        self.options = options
        self.checker = checker or Checker(options)
        self.baseline = baseline
        self.totals = Totals()
        self.pairing: Any = None
        self._spool = Spool(len(self.paths))
        self._summaries = Summaries(self.paths)
        #: the findings of the stages over the batch, by the file's place, until its result is written
        self._late = Late(len(self.paths))
        self._unsummarised: list[str] = []
        #: run-level results for the reporters (``Context.extras``): the roster's verdict, the copied passages
        self.extras: dict[str, Any] = {}
        #: (zh, en) of each stage over the batch that failed: its results are missing, the rest stand
        self.problems: list[tuple[str, str]] = []
        try:
            for path in self.paths:  # every configuration's engine, so that its errors surface before any work
                self.checker.engine_for(path)
            self._check_files(jobs, progress)
            self.skipped = [self.paths[index] for index in sorted(self._skipped_at)]  # workers finish in any order
            if self.skipped:
                self.extras["skipped"] = [{"path": path, "reason": "not-a-report"} for path in self.skipped]
            if history:
                self._read_history(history)
            apart = self._copies_apart()  # the copy stage, in a process of its own while this one works
            self._stage("跨年度核对", "the cross-year check", self._check_across)
            self._stage("雷同段落查找", "the search for copied passages", lambda: self._find_copies(apart))
            if roster is not None:
                self._stage("名册核对", "the roster check", lambda: self._check_roster(roster, year))
            self._summaries.close()
        except BaseException:
            self.close()
            raise

    def _stage(self, zh: str, en: str, work: Callable[[], None]) -> None:
        """A stage over the whole batch: a fault in it costs its own results, never the files' results."""
        try:
            work()
        except Exception as exc:
            self.problems.append(in_stage(zh, en, exc))

    # ------------------------------------------------------------------ stage 1: each file

    def _check_files(self, jobs: int, progress: Callable[[int], None] | None) -> None:
        from lint.ingest.forms import is_structured

        serial = jobs <= 1 and all(is_structured(p) for p in self.paths)
        if serial or not self.paths:
            for index, path in enumerate(self.paths):
                checked = self._check_here(path)
                self._keep(index, checked.to_line(), checked.summary)
                if progress:
                    progress(1)
            return
        from functools import partial

        from lint.run.pool import Pool

        pool = Pool(min(max(1, jobs), len(self.paths)), partial(Checker, self.options), self.options.timeout)
        if len(self.paths) > 1:  # the copy stage's numpy, while the workers start
            from lint.run.copies import prepare

            self._stage("雷同段落查找", "the search for copied passages", lambda: prepare(self.checker.default_engine()))
        try:
            for index, line, summary in pool.run(
                    self.paths,
                    on_timeout=lambda p: timeout_result(self.checker.engine_for(p), p, self.options.timeout).to_line(),
                    on_crash=lambda p: crashed_result(self.checker.engine_for(p), p).to_line()):
                self._keep(index, line, summary, stored=True)
                if progress:
                    progress(1)
        except BaseException:
            pool.terminate()
            raise
        pool.close()

    def _check_here(self, path: str) -> Checked:
        """A structured file in this process, under the time limit of an alarm."""
        from lint.run.timelimit import within

        engine = self.checker.engine_for(path)
        return within(self.options.timeout, lambda: self.checker.check(path),
                      lambda: timeout_result(engine, path, self.options.timeout))

    def _keep(self, index: int, line: str, summary: Any, stored: bool = False) -> None:
        if self._walked[index] and Checked.plainly_not_a_report(line):
            self._skipped_at.append(index)  # no result: the spool gives back nothing for it
            return
        self._spool.put(index, line)
        if stored and summary is not None:
            self._summaries.add_stored(summary, index)  # a worker's: already pickled there
        else:
            self._summaries.add(summary, index)
        if summary is None:
            self._unsummarised.append(self.paths[index])

    def _read_history(self, paths: list[str]) -> None:
        """Earlier reports named by the configuration: read for pairing only, never reported."""
        for path in paths:
            try:
                checked = self.checker.check(path)
            except Exception:  # a broken earlier report only means nothing to compare with
                continue
            if checked.summary is not None:
                checked.summary.history = True
                self._summaries.add(checked.summary)

    # ------------------------------------------------------------------ stage 2: across reports

    def _check_across(self) -> None:
        from lint.engine.pairing import pair

        self.pairing = pair(self._summaries.entries, self._summaries.key)
        last: tuple[int, Any] = (-1, None)  # the summary loaded last: a year's current is the next pair's previous
        for previous_number, current_number in self.pairing.pairs:
            previous = last[1] if last[0] == previous_number else self._summaries.load(previous_number)
            current = self._summaries.load(current_number)
            last = (current_number, current)
            engine = self.checker.engine_for(current.path)
            try:
                found = engine.check_pairs([(previous, current)])
            except Exception as exc:  # a rule bug across reports costs this pair, not the run
                zh, en = describe(exc)
                found = {current.path: [engine.input_finding(current.path, InputError(
                    errors.INTERNAL, f"跨年度核对 {previous.path} 时出错：{zh}",
                    f"checking against {previous.path} failed: {en}"))]}
            # check_pairs places every finding in the current report
            self._late.add(self._summaries.file_index(current_number),
                           [f for findings in found.values() for f in findings if f is not None])

    # ------------------------------------------------------------------ stage 3: copies across the batch

    def _copy_stage(self) -> Any:
        from lint.run.copies import run_stage

        return run_stage(self._summaries.entries, self._summaries.load, self.checker.default_engine(),
                         self.checker.engine_for, self._summaries.passage_hashes)

    def _copies_apart(self) -> tuple[Any, Any] | None:
        """The copy stage started in a forked process, to run on another core while this one checks across
        years: (the process, the end its result comes from), or None where that cannot be done (one
        report, no fork, no /proc to reopen the summaries' file by, other threads in this process)."""
        import threading

        if (len(self._summaries) < 2 or not hasattr(os, "fork") or threading.active_count() > 1
                or not os.path.isdir("/proc/self/fd")):
            return None
        import multiprocessing
        import sys

        for stream in (sys.stdout, sys.stderr):  # nothing buffered that the child would write again
            stream.flush()
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe(duplex=False)
        process = context.Process(target=self._copies_child, args=(theirs,), daemon=True)
        try:
            process.start()
        except OSError:  # no process to be had: the stage runs here, after the cross-year check
            ours.close()
            return None
        finally:
            theirs.close()
        return process, ours

    def _copies_child(self, conn: Any) -> None:
        try:
            self._summaries.reopen()
            conn.send(("done", self._copy_stage()))
        except BaseException:  # whatever went wrong, the parent runs the stage itself and says so
            conn.send(("failed", None))
        conn.close()

    def _find_copies(self, apart: tuple[Any, Any] | None = None) -> None:
        outcome, stage = "not run", None
        if apart is not None:
            process, conn = apart
            try:
                outcome, stage = conn.recv()
            except (EOFError, OSError):  # the process died without a word
                outcome = "failed"
            finally:
                conn.close()
                process.join()
        if outcome != "done":
            stage = self._copy_stage()
        if stage is None:
            return
        for number, findings in stage.findings.items():
            self._late.add(self._summaries.file_index(number), findings)
        self.extras["copies"] = stage.to_dict()

    # ------------------------------------------------------------------ stage 4: the roster

    def _check_roster(self, units: list[Any], year: int | None) -> None:
        from lint.run.roster import Report, check, deadlines_of

        reports = []
        for number, key in self._summaries.entries:
            if key[4]:
                continue
            summary = self._summaries.load(number)
            reports.append(Report(summary.path, summary.agency, summary.year, summary.published, summary.level))
        self.extras["roster"] = check(units, reports, self._unsummarised, year=year,
                                      deadlines=deadlines_of(self.checker.default_engine()))

    # ------------------------------------------------------------------ stages 5–7, per result

    def results(self, *, apply_baseline: bool = True) -> Iterator[FileResult]:
        """Every file's final result, in the order the files were given."""
        from lint.engine.scoring import grade

        for index, line in self._spool.lines():
            checked = Checked.from_line(line)
            result = checked.result
            engine = self.checker.engine_for(result.path)
            try:
                result.findings = result.findings + self._late.get(index)
                result.findings = self._suppress(engine, checked)
                if apply_baseline and self.baseline is not None:
                    result.findings = self.baseline.filter(result.path, result.findings)
                result.findings.sort(key=Finding.sort_key)
                grade(result, engine.scoring, engine.not_graded)
            except Exception as exc:  # a fault in the last stages costs this file's result, not the batch's
                zh, en = describe(exc)
                finding = engine.input_finding(result.path, InputError(
                    errors.INTERNAL, f"汇总检查结果时出错：{zh}", f"failed while completing the result: {en}"))
                result = FileResult(result.path, [finding] if finding else [], format=result.format,
                                    agency=result.agency, year=result.year, status=NOT_GRADED)
            if apply_baseline:
                self.totals.add(result)
            yield result

    def _suppress(self, engine, checked: Checked) -> list[Finding]:
        from lint.run import suppress

        path = checked.result.path
        config = self.checker.finder.for_path(path)
        ignored = config.ignored_for(path)
        findings = [f for f in checked.result.findings if not any(f.code.startswith(c) for c in ignored)]
        kept, unused = suppress.apply(findings, [*config.suppressions_for(path), *checked.suppressions])
        for line, column, zh, en in checked.suppression_problems:
            kept.append(engine.input_finding(path, InputError(suppress.NO_REASON, zh, en, line=line, column=column)))
        for s in unused:
            kept.append(engine.input_finding(path, suppress.unused_error(s)))
        return [f for f in kept if f is not None]

    def close(self) -> None:
        self._spool.close()
        self._summaries.close()
        self._late.close()


def run(paths: list[str], options: Options | None = None, **kwargs: Any) -> Run:
    """Check ``paths`` (files; see :func:`lint.run.walk.expand_paths` for folders) and return the run."""
    return Run(paths, options or Options(), **kwargs)


def default_jobs(requested: int, files: int, *, force: bool = False) -> int:
    """``--jobs``: 0 means every core; never more workers than files, nor than cores unless ``force``
    (``--force-jobs``) takes ``requested`` as given."""
    cores = os.cpu_count() or 1
    jobs = cores if requested <= 0 else requested if force else min(requested, cores)
    return max(1, min(jobs, files))
