"""The run's copy stage: passages copied between the reports of different agencies, over the whole batch.

The summaries stay on disk (:class:`lint.run.spool.Summaries`); the stage reads
them twice — once to count which wording very many reports share, once to index
what is left — and keeps in memory only the counting table, the LSH band keys
(written to temporary files) and one agency name per report.  Candidate pairs
are read back for the exact comparison.  The thresholds are the parameters of
the pack's ``copied_passages`` rule (X806) of the batch's default configuration;
each finding takes the severity and wording of its own file's engine.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from typing import Any, Callable

from lint.model import Finding


@dataclass
class CopyStage:
    """What the stage found: one record per copied passage, the findings per file, and what it compared."""

    records: list[dict[str, Any]] = field(default_factory=list)
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    compared: int = 0
    indexed: int = 0
    #: why the stage did not run, when it did not ("" when it did)
    skipped: str = ""
    skipped_en: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"compared": self.compared, "passages_indexed": self.indexed,
                               "copies": self.records}
        if self.skipped:
            out["skipped"] = {"zh": self.skipped, "en": self.skipped_en}
        return out


def run_stage(entries: list[tuple[int, tuple]], load: Callable[[int], Any], default_engine: Any,
              engine_for: Callable[[str], Any]) -> CopyStage | None:
    """Copies among the summaries at ``entries`` ((offset, pairing key) as the spool keeps them)."""
    from lint.checks.copies import Detector, Params, available, problems, record
    from lint.vocab.agency import name_keys

    rule = default_engine.copy_rule()
    if rule is None:
        return None
    stage = CopyStage()
    offsets = [offset for offset, key in entries if not key[4]]  # earlier reports named by history: not checked
    if len(offsets) < 2:
        return stage
    if not available():
        stage.skipped = "未安装 datasketch（pip install 'xxgk-lint[audit]'），没有比对各报告之间的雷同段落"
        stage.skipped_en = "datasketch is not installed (pip install 'xxgk-lint[audit]'): passages were not compared"
        return stage
    params = Params.from_rule(rule.params)
    files: list[Any] = []
    try:
        detector = Detector(params, len(offsets), store=lambda bands: _files(bands, files))
        agencies: list[str] = []
        for offset in offsets:
            summary = load(offset)
            agencies.append(summary.agency or "")
            detector.count(p.hashes for p in summary.passages)
        for number, offset in enumerate(offsets):
            detector.add(number, [p.hashes for p in load(offset).passages])
        stage.compared = len(offsets)
        stage.indexed = len(detector._owner[0])
        keys: dict[int, set[str]] = {}

        def same_agency(x: int, y: int) -> bool:
            for n in (x, y):
                if n not in keys:
                    keys[n] = name_keys(agencies[n])
            return bool(keys[x] & keys[y])

        found = detector.copies(lambda n: [p.hashes for p in load(offsets[n]).passages], same_agency)
    finally:
        for handle in files:
            handle.close()
    for copy in found:
        a, b = load(offsets[copy.a]), load(offsets[copy.b])
        rec = record(a, b, copy)
        stage.records.append(rec.to_dict())
        for side, summary in enumerate((a, b)):
            engine = engine_for(summary.path)
            own = engine.copy_rule()
            if own is not None:
                stage.findings.setdefault(summary.path, []).append(
                    engine.cross_finding(own, problems(rec, side), summary))
    stage.records.sort(key=lambda r: (r["files"], r["passages"]))
    return stage


def _files(bands: int, keep: list[Any]) -> list[Any]:
    out = [tempfile.TemporaryFile("w+b") for _ in range(bands)]
    keep.extend(out)
    return out
