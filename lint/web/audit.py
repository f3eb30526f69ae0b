"""Checking the files of one upload: the command line's pipeline, then what the page shows of each file.

Each file goes through :class:`lint.run.pipeline.Run` exactly as ``xxgk-lint
check`` would take it, in a worker process that is killed when the file takes
longer than the time limit.  A file that was read within the limit is read once
more here for what the page shows besides the findings: the Report's tables,
and, for a Word file, the annotated copy (:mod:`lint.report.word`).  A file
whose reading was stopped or crashed is not read again.

Checks run one upload at a time (a lock): an office's clerks share one server,
and worker processes are forked only while no other upload is being checked.
"""

from __future__ import annotations

import io
import os
import threading
from dataclasses import field, replace
from typing import Any

from lint import errors
from lint.errors import InputError
from lint.model import NOT_GRADED, FileResult, Finding
from lint.records import record
from lint.run.checker import Checker, Options
from lint.web.upload import Upload

_LOCK = threading.Lock()
#: findings that say the file was not (fully) read in time or crashed the reader: it is not read again
_STOPPED = {errors.TIMEOUT, errors.INTERNAL}


@record
class FileView:
    """One checked file as the page shows it."""

    name: str
    result: FileResult
    report: dict | None = None
    json: str = ""
    word: bytes | None = None  # the annotated copy, for a Word file
    word_name: str = ""
    word_problem: str | None = None  # why there is no annotated copy, when the file is a Word file
    is_word: bool = False


@record
class Audit:
    files: list[FileView] = field(default_factory=list)
    json: str = ""  # every file's findings in one Contract 2 document
    rules: dict[str, Any] = field(default_factory=dict)
    lang: str = "zh"
    #: (zh, en) of what the run says of the upload as a whole, beside the files' findings: a stage over the
    #: batch that failed (the cross-year check, the copy search), so its results are missing
    problems: list[tuple[str, str]] = field(default_factory=list)


class Auditor:
    """Checks uploads with fixed options; one :class:`Checker` per language, built once."""

    def __init__(self, options: Options, max_bytes: int) -> None:
        self.options = options
        self.max_bytes = max_bytes
        self._checkers: dict[str, Checker] = {}
        self.checker("zh")  # configuration and packs are read at start: their errors stop the server early

    def checker(self, lang: str) -> Checker:
        if lang not in self._checkers:
            self._checkers[lang] = Checker(replace(self.options, lang=lang))
        return self._checkers[lang]

    def audit(self, uploads: list[Upload], lang: str) -> Audit:
        with _LOCK:
            return self._audit(uploads, lang)

    def _audit(self, uploads: list[Upload], lang: str) -> Audit:
        from lint.report import Context
        from lint.report import json_
        from lint.run.pipeline import Run

        checker = self.checker(lang)
        engine = checker.default_engine()
        readable = [u for u in uploads if not u.too_large]
        results: dict[str, FileResult] = {}
        audit = Audit(rules=engine.rules, lang=lang)
        if readable:
            # jobs=2: every file (structured ones too) goes to a worker, where the time limit holds
            run = Run([u.path for u in readable], checker.options, jobs=2, checker=checker)
            try:
                for result in run.results():
                    results[result.path] = result
            finally:
                run.close()
            audit.problems = list(run.problems)
        for upload in uploads:
            if upload.too_large:
                result = _too_large(engine, upload, self.max_bytes)
            else:
                result = results[upload.path]
            audit.files.append(self._view(upload, result, lang, engine.rules))
        audit.problems = [_private(message, uploads) for message in audit.problems]
        context = Context(lang=lang, rules=engine.rules)
        for view in audit.files:
            out = io.StringIO()
            json_.write([view.result], out, context)
            view.json = out.getvalue()
        out = io.StringIO()
        json_.write([view.result for view in audit.files], out, context)
        audit.json = out.getvalue()
        return audit

    def _view(self, upload: Upload, result: FileResult, lang: str, rules: dict[str, Any]) -> FileView:
        from lint.report.word import Refused, annotate_file, output_path, word_source

        _rename(result, upload)
        view = FileView(upload.name, result)
        stopped = upload.too_large or any(f.code in _STOPPED for f in result.findings)
        if stopped:
            return view
        try:
            from lint.ingest import load_report

            report, _source_map = load_report(upload.path)
            view.report = report if isinstance(report, dict) else None
        except Exception:  # the findings already say why the file could not be read
            view.report = None
        try:
            word_source(upload.path)
            view.is_word = True
        except Refused:
            return view
        try:
            view.word = annotate_file(upload.path, result.findings, lang=lang, rules=rules).data
            view.word_name = os.path.basename(output_path(upload.name))
        except Refused as exc:
            view.word_problem = exc.text(lang)
        return view


def _too_large(engine, upload: Upload, limit: int) -> FileResult:
    from lint.web.upload import _mb

    finding = engine.input_finding(upload.name, InputError(
        errors.HOSTILE, f"文件超过 {_mb(limit)}，已拒绝读取", f"file larger than {_mb(limit)}; refused"))
    return FileResult(upload.name, [finding] if finding else [], status=NOT_GRADED)


def _private(message: tuple[str, str], uploads: list[Upload]) -> tuple[str, str]:
    """A run's message with the clerk's own file names: the request's temporary folder is nobody's business."""
    out = []
    for text in message:
        for upload in uploads:
            text = text.replace(upload.path, upload.name).replace(os.path.dirname(upload.path) + os.sep, "")
        out.append(text)
    return out[0], out[1]


def _rename(result: FileResult, upload: Upload) -> None:
    """Show the file under the clerk's own name: the request's temporary folder is nobody's business."""
    folder = os.path.dirname(upload.path)

    def clean(finding: Finding) -> None:
        finding.message = finding.message.replace(upload.path, upload.name).replace(folder + os.sep, "")
        for consequence in finding.consequences:
            clean(consequence)

    result.path = upload.name
    for finding in result.findings:
        clean(finding)


def warm() -> None:
    """Import the readers once at start, so worker processes forked later need not import anything."""
    for module in ("lint.ingest.docx", "lint.ingest.pdf", "lint.ingest.html", "lint.ingest.text",
                   "lint.ingest.markdown", "lint.ingest.assemble", "lint.ingest.structured", "lint.report.word",
                   "docx", "pdfplumber", "lxml.html", "charset_normalizer"):
        try:
            __import__(module)
        except Exception:  # an optional reader missing only means its files get a finding saying so
            pass
