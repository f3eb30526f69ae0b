"""Importers: one module per input form (:mod:`lint.ingest.forms`), each producing a Document that ``assemble`` reads.

Every parser is imported inside the function that needs it, so checking a YAML
file never loads the HTML, Word or PDF libraries.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from lint import errors
from lint.errors import InputError
from lint.model import SourceMap

if TYPE_CHECKING:
    from lint.ingest.forms import Form

_TIME_LIMIT: float | None = None


def set_time_limit(seconds: float | None) -> None:
    """The run's time limit per file: slow readers (OCR) stop on their own before the run kills them."""
    global _TIME_LIMIT
    _TIME_LIMIT = seconds or None


def time_limit() -> float | None:
    return _TIME_LIMIT


def load_report(path: str) -> tuple[Any, SourceMap]:
    """(report, source map) of the file at ``path``, whatever its form; InputError when it cannot be read."""
    from lint.ingest.forms import load_report as load

    return load(path)


def import_document(path: str, data: bytes, form: "Form") -> tuple[dict[str, Any], SourceMap]:
    try:
        extractor = import_module(f"lint.ingest.{form.module}")
        assemble = import_module("lint.ingest.assemble").assemble
    except ImportError as exc:
        name = getattr(exc, "name", None) or str(exc)
        if form.extra:
            raise InputError(errors.UNSUPPORTED,
                             f"读取{form.zh}需要安装可选组件：pip install 'xxgk-lint[{form.extra}]'（缺少 {name}）",
                             f"reading a {form.en} needs the optional extra: pip install 'xxgk-lint[{form.extra}]' "
                             f"({name} is missing)") from None
        raise InputError(errors.UNSUPPORTED, f"缺少读取{form.zh}所需的组件：{name}",
                         f"reading a {form.en} needs a missing component: {name}") from None
    document = extractor.extract(path, data)
    return assemble(document)
