"""The JSON output (Contract 2).  ``output_version`` changes whenever the shape does.

Written file by file as results arrive, so a run over thousands of reports never
holds the whole document in memory.
"""

from __future__ import annotations

import json
import textwrap
from typing import Iterable, TextIO

from lint import __version__
from lint.report import Context
from lint.model import FileResult

OUTPUT_VERSION = 1
TOOL = {"name": "xxgk-lint", "version": __version__, "output_version": OUTPUT_VERSION}


#: output for programs: never mixed with human text
MACHINE = True


def write(results: Iterable[FileResult], out: TextIO, context: Context) -> None:
    totals = {"error": 0, "warning": 0, "info": 0}
    files = 0
    out.write('{\n  "tool": ' + json.dumps(TOOL, ensure_ascii=False) + ',\n  "files": [')
    for result in results:
        for key, value in result.counts().items():
            totals[key] += value
        out.write(",\n" if files else "\n")
        out.write(textwrap.indent(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), "    "))
        files += 1
    summary = {"files": files, "findings": sum(totals.values()), **totals}
    out.write(("\n  ]" if files else "]") + ',\n  "summary": ' + json.dumps(summary, ensure_ascii=False) + "\n}\n")
