"""Reporters: one module per output format, all taking the same list of FileResults."""

from __future__ import annotations

from importlib import import_module
from typing import Callable, TextIO

from ..model import FileResult

FORMATS = {"rich": "rich_", "text": "text", "json": "json_"}

Reporter = Callable[[list[FileResult], TextIO, str], None]


def get(name: str) -> Reporter:
    return import_module(f".{FORMATS[name]}", __name__).write
