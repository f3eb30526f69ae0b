"""The JSON output (Contract 2).  ``output_version`` changes whenever the shape does."""

from __future__ import annotations

import json
from typing import TextIO

from .. import __version__
from ..model import FileResult

OUTPUT_VERSION = 1


def document(results: list[FileResult]) -> dict:
    totals = {"error": 0, "warning": 0, "info": 0}
    for result in results:
        for key, value in result.counts().items():
            totals[key] += value
    return {
        "tool": {"name": "xxgk-lint", "version": __version__, "output_version": OUTPUT_VERSION},
        "files": [r.to_dict() for r in results],
        "summary": {"files": len(results), "findings": sum(totals.values()), **totals},
    }


def write(results: list[FileResult], out: TextIO, lang: str, rules: dict | None = None) -> None:
    json.dump(document(results), out, ensure_ascii=False, indent=2)
    out.write("\n")
