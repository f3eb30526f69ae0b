"""``--format csv-reports``: one row per report (status, score, grade, counts), beside the per-finding CSV."""

from __future__ import annotations

from lint.report.csv_ import write_reports as write  # noqa: F401

#: output for programs: never mixed with human text
MACHINE = True
