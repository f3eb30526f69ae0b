"""Build structured reports for tests: the shipped sample report (lint/sample.py) and pointer helpers."""

from __future__ import annotations

from typing import Any

from lint.engine.sample import appeals_table, applications_table, clean_report, merge_patch  # noqa: F401


def set_pointer(report: dict, pointer: str, value: Any) -> None:
    parts = pointer.strip("/").split("/")
    node: Any = report
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def get_pointer(report: dict, pointer: str) -> Any:
    node: Any = report
    for part in pointer.strip("/").split("/"):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


