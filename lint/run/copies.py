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

from array import array
from dataclasses import field
from typing import Any, Callable, Iterable

from lint.model import Finding
from lint.records import record


@record
class CopyStage:
    """What the stage found: one record per copied passage, the findings per file, and what it compared."""

    records: list[dict[str, Any]] = field(default_factory=list)
    #: the findings, by the id of the summary (as ``entries`` named it) of the file they belong to
    findings: dict[int, list[Finding]] = field(default_factory=dict)
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


def run_stage(entries: Iterable[tuple[int, tuple]], load: Callable[[int], Any], default_engine: Any,
              engine_for: Callable[[str], Any], hashes: Callable[[int], list[bytes]] | None = None
              ) -> CopyStage | None:
    """Copies among the summaries ``entries`` names ((id, pairing key), as
    :attr:`lint.run.spool.Summaries.entries` gives them); ``load(id)`` gives a summary.

    ``hashes(id)`` gives the passages' shingle hashes of a summary without unpickling it
    (:meth:`lint.run.spool.Summaries.passage_hashes`); without it they are loaded."""
    from lint.vocab.agency import name_keys

    rule = default_engine.copy_rule()
    if rule is None:
        return None
    stage = CopyStage()
    # earlier reports named by history: not checked
    ids, agencies = array("q"), []
    for number, key in entries:
        if not key[4]:
            ids.append(number)
            agencies.append(key[0] or "")
    if hashes is None:
        def passages_of(n: int) -> list[bytes]:
            return [p.hashes for p in load(ids[n]).passages]
    else:
        def passages_of(n: int) -> list[bytes]:
            return hashes(ids[n])
    if len(ids) < 2:
        return stage
    from lint.checks.copies import problems, record
    from lint.checks.minhash import Detector, Params, available

    if not available():
        stage.skipped = "未安装 numpy（pip install 'xxgk-lint[audit]'），没有比对各报告之间的雷同段落"
        stage.skipped_en = "numpy is not installed (pip install 'xxgk-lint[audit]'): passages were not compared"
        return stage
    params = Params.from_rule(rule.params)
    files: list[Any] = []
    try:
        detector = Detector(params, len(ids), store=lambda bands: _files(bands, files))
        for number in range(len(ids)):
            detector.count(passages_of(number))
        for number in range(len(ids)):
            detector.add(number, passages_of(number))
        stage.compared = len(ids)
        stage.indexed = len(detector._owner[0])
        keys: dict[int, set[str]] = {}

        def same_agency(x: int, y: int) -> bool:
            for n in (x, y):
                if n not in keys:
                    keys[n] = name_keys(agencies[n])
            return bool(keys[x] & keys[y])

        found = detector.copies(passages_of, same_agency)
    finally:
        for handle in files:
            handle.close()
    for copy in found:
        a, b = load(ids[copy.a]), load(ids[copy.b])
        rec = record(a, b, copy)
        stage.records.append(rec.to_dict())
        for side, (number, summary) in enumerate(((ids[copy.a], a), (ids[copy.b], b))):
            engine = engine_for(summary.path)
            own = engine.copy_rule()
            if own is not None:
                stage.findings.setdefault(number, []).append(
                    engine.cross_finding(own, problems(rec, side), summary))
    stage.records.sort(key=lambda r: (r["files"], r["passages"]))
    return stage


def prepare(default_engine: Any) -> None:
    """What the stage will need that takes a while to get ready — numpy, the LSH banding — made ready now:
    called while the workers start, when the parent has nothing else to do."""
    rule = default_engine.copy_rule()
    if rule is None:
        return
    from lint.checks.minhash import Params, available, optimal_bands

    if available():
        params = Params.from_rule(rule.params)
        optimal_bands(params.threshold, params.num_perm)


def _files(bands: int, keep: list[Any]) -> list[Any]:
    import tempfile  # only when two reports are compared: a one-file run needs none

    out = [tempfile.TemporaryFile("w+b") for _ in range(bands)]
    keep.extend(out)
    return out
