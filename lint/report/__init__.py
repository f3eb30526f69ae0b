"""Reporters: one module per output format behind one small protocol.

A reporter is a module (or any object) with

* ``write(results, out, context)``: write the FileResults, which arrive one at a
  time in the order the files were given, to the text stream ``out``;
* ``MACHINE``: True when the output is read by programs (JSON, SARIF, JUnit,
  CSV, HTML): such output is never mixed with human text such as
  ``--statistics``, which then goes to standard error.

:func:`register` adds a format (a test or a plug-in may); :func:`get` returns
the reporter of a format, importing its module only then.
"""

from __future__ import annotations

from dataclasses import field
from importlib import import_module
from typing import Any, Iterable, Protocol, TextIO

from lint.records import record


@record
class Context:
    """What a reporter may know besides the results."""

    lang: str = "zh"
    #: code → lint.engine.packs.Rule, for formats that carry rule metadata (SARIF help, JUnit names)
    rules: dict[str, Any] = field(default_factory=dict)
    #: which files the cross-year rules compared, when known: a lint.engine.pairing.Pairing, whose records
    #: are made as they are written, or the dictionary of its ``to_dict()``; read it with
    #: :func:`pairing_sections` or :func:`pairing_dict`
    pairing: Any = None
    #: anything a run adds for the formats that show it (a roster check, copied passages)
    extras: dict[str, Any] = field(default_factory=dict)


def pairing_sections(pairing: Any) -> Iterable[tuple[str, Iterable[dict[str, Any]]]]:
    """The sections of ``Context.pairing`` ("pairs", "duplicates", "unpaired"), each an iterable of records."""
    return pairing.items() if isinstance(pairing, dict) else pairing.sections()


def pairing_dict(pairing: Any) -> dict[str, Any] | None:
    """``Context.pairing`` as one dictionary (None when there is none)."""
    if pairing is None or isinstance(pairing, dict):
        return pairing
    return pairing.to_dict()


class Reporter(Protocol):
    MACHINE: bool

    def write(self, results: Iterable[Any], out: TextIO, context: Context) -> None: ...


#: format name → module under lint.report, imported when the format is used
_MODULES = {"rich": "rich_", "text": "text", "json": "json_", "sarif": "sarif", "junit": "junit", "github": "github",
            "csv": "csv_", "csv-reports": "csv_reports", "html": "html", "scoresheet": "scoresheet"}
_REGISTERED: dict[str, Reporter] = {}


def formats() -> list[str]:
    return [*_MODULES, *(name for name in _REGISTERED if name not in _MODULES)]


def register(name: str, reporter: Reporter) -> None:
    """Make ``reporter`` the writer of output format ``name``."""
    _REGISTERED[name] = reporter


def get(name: str) -> Reporter:
    if name in _REGISTERED:
        return _REGISTERED[name]
    return import_module(f"lint.report.{_MODULES[name]}")  # type: ignore[return-value]


def is_machine(name: str) -> bool:
    return bool(getattr(get(name), "MACHINE", False))
