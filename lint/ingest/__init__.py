"""Importers: one module per input form, each producing a Document that ``assemble`` reads.

Every parser is imported inside the function that needs it, so checking a YAML
file never loads the HTML, Word or PDF libraries.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from lint import errors
from lint.errors import InputError
from lint.model import SourceMap

_EXTRACTORS = {"text": "text", "markdown": "markdown", "html": "html", "docx": "docx", "pdf": "pdf"}


def import_document(path: str, data: bytes, kind: str) -> tuple[dict[str, Any], SourceMap]:
    try:
        extractor = import_module(f".{_EXTRACTORS[kind]}", __name__)
        assemble = import_module(".assemble", __name__).assemble
    except ImportError as exc:
        raise InputError(errors.UNSUPPORTED, f"缺少读取 {kind} 文档所需的组件：{exc.name}",
                         f"reading {kind} documents needs a missing component: {exc.name}") from None
    document = extractor.extract(path, data)
    return assemble(document)
