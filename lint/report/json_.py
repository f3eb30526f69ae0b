"""The JSON output (Contract 2).  ``output_version`` changes whenever the shape does.

Written file by file as results arrive, so a run over thousands of reports never
holds the whole document in memory.
"""

from __future__ import annotations

import json
import json.encoder
from typing import Any, Iterable, TextIO

from lint import __version__
from lint.report import Context, pairing_sections
from lint.model import FileResult

#: 2: findings carry ``origin`` and ``location.anchor``, files ``status``; ``pairing`` says what the
#: cross-year rules compared; the summary counts files by status and averages only graded scores.
#: 3 (additions only): ``roster`` (with --roster) and ``copies`` (passages copied between agencies)
#: 4 (additions only): ``skipped``, the files found by walking a folder that are plainly no report
#: ({"path", "reason": "not-a-report"}), when there are any
OUTPUT_VERSION = 4
TOOL = {"name": "xxgk-lint", "version": __version__, "output_version": OUTPUT_VERSION}


#: output for programs: never mixed with human text
MACHINE = True


def write(results: Iterable[FileResult], out: TextIO, context: Context) -> None:
    totals = {"error": 0, "warning": 0, "info": 0}
    statuses = {"complete": 0, "partial": 0, "not-graded": 0}
    graded = score_sum = 0
    files = 0
    out.write('{\n  "tool": ' + json.dumps(TOOL, ensure_ascii=False) + ',\n  "files": [')
    for result in results:
        for key, value in result.counts().items():
            totals[key] += value
        statuses[result.status] = statuses.get(result.status, 0) + 1
        if result.score is not None:
            graded += 1
            score_sum += result.score
        out.write(",\n" if files else "\n")
        # indented by four: JSON written with an indent has no blank line and no raw newline in a string
        out.write("    " + indented(result.to_dict(), "    "))
        files += 1
    summary = {"files": files, "findings": sum(totals.values()), **totals, "status": statuses,
               "graded": graded, "mean_score": round(score_sum / graded, 1) if graded else None}
    out.write("\n  ]" if files else "]")
    if context.pairing is not None:
        out.write(',\n  "pairing": ')
        _write_pairing(context.pairing, out)
    for key in ("roster", "copies", "skipped"):
        if context.extras.get(key) is not None:
            out.write(f',\n  "{key}": ' + json.dumps(context.extras[key], ensure_ascii=False))
    out.write(',\n  "summary": ' + json.dumps(summary, ensure_ascii=False) + "\n}\n")


def indented(value: Any, prefix: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` with ``prefix`` before every line but the first.

    The same text, made about three times as fast: json's indenting encoder is written in Python and
    yields every token through nested generators; this joins strings, and leaves only what is rare
    (keys that are not strings, types other than JSON's own) to json.dumps."""
    parts: list[str] = []
    try:
        _emit(value, prefix, parts.append)
    except (_Unusual, RecursionError):
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + prefix)
    return "".join(parts)


class _Unusual(Exception):
    """A value :func:`indented` leaves to json.dumps."""


def _emit(value: Any, at: str, put: Any) -> None:
    kind = type(value)
    if kind is str:
        put(_string(value))
    elif kind is dict:
        if not value:
            put("{}")
            return
        inner, sep = at + "  ", "{\n"
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            put(sep + inner + _string(key) + ": ")
            _emit(item, inner, put)
            sep = ",\n"
        put("\n" + at + "}")
    elif kind is list or kind is tuple:
        if not value:
            put("[]")
            return
        inner, sep = at + "  ", "[\n"
        for item in value:
            put(sep + inner)
            _emit(item, inner, put)
            sep = ",\n"
        put("\n" + at + "]")
    elif value is None:
        put("null")
    elif value is True:
        put("true")
    elif value is False:
        put("false")
    elif kind is int:
        put(int.__repr__(value))
    elif kind is float:
        put(float.__repr__(value) if value == value and value not in (_INF, -_INF)
            else "NaN" if value != value else "Infinity" if value > 0 else "-Infinity")
    else:
        raise _Unusual


_INF = float("inf")
_string = json.encoder.encode_basestring  # the C function json.dumps uses for ensure_ascii=False


def _write_pairing(pairing: Any, out: TextIO) -> None:
    """The ``pairing`` object, record by record: a run of 100,000 reports never holds it whole.  The same
    bytes as ``json.dumps`` of the whole object."""
    out.write("{")
    for number, (name, records) in enumerate(pairing_sections(pairing)):
        out.write((", " if number else "") + json.dumps(name) + ": [")
        for index, record in enumerate(records):
            out.write((", " if index else "") + json.dumps(record, ensure_ascii=False))
        out.write("]")
    out.write("}")
