"""Reporters: one module per output format, all taking the same list of FileResults."""

from __future__ import annotations

from importlib import import_module
from typing import Callable


FORMATS = {"rich": "rich_", "text": "text", "json": "json_", "sarif": "sarif", "junit": "junit", "github": "github",
           "csv": "csv_", "html": "html"}

#: write(results, out, lang, rules): ``rules`` maps code -> lint.engine.packs.Rule, for formats
#: that carry rule metadata (SARIF help text, JUnit test names).
Reporter = Callable[..., None]


def get(name: str) -> Reporter:
    return import_module(f".{FORMATS[name]}", __name__).write
