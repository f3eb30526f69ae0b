"""Auditor batches: many files, a pool of workers, files that crash or hang an importer."""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path


from lint.ingest import forms as inputs
from lint.cli import main
from lint.run.checker import Options
from lint.run.pipeline import Run
from lint.engine.sample import clean_report, merge_patch
from lint.ingest.serialize import to_yaml

ROOT = Path(__file__).resolve().parent.parent


def make_batch(folder: Path, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        patch = {"agency": f"某市第{i // 3}局", "year": 2022 + i % 3, "title": None}
        if i % 7 == 0:
            patch["tables"] = {"appeals": {"reconsideration": [1, 0, 0, 0, 0]}}  # B304
        report = merge_patch(clean_report(2022 + i % 3), patch)
        path = folder / f"r{i:04d}.yaml"
        path.write_text(to_yaml(report), encoding="utf-8")
        paths.append(path)
    (folder / "junk.yaml").write_bytes(os.urandom(2048).replace(b"\n", b"\x00"))
    (folder / "cut.yaml").write_text("year: 2024\ntables: {appeals: [1, 2\n", encoding="utf-8")
    (folder / "empty.json").write_text("", encoding="utf-8")
    return paths


def run_json(*argv: str) -> dict:
    out = io.StringIO()
    code = main(["check", *argv, "--format", "json", "--progress", "off"], out=out)
    assert code in (0, 1)
    return json.loads(out.getvalue())


def test_pool_gives_the_same_findings_as_one_process(tmp_path):
    make_batch(tmp_path, 60)
    one = run_json(str(tmp_path), "--jobs", "1")
    two = run_json(str(tmp_path), "--jobs", "2")
    assert one == two
    by_name = {Path(f["path"]).name: [x["code"] for x in f["findings"]] for f in one["files"]}
    assert by_name["junk.yaml"] == ["E002"] and by_name["cut.yaml"] == ["E004"] and by_name["empty.json"] == ["E011"]
    assert sum("B304" in codes for codes in by_name.values()) == len(range(0, 60, 7))
    # consecutive years of one agency were paired: clean_report's carried-over differs from its carried-forward
    assert any("X801" in codes for codes in by_name.values())
    assert one["summary"]["files"] == 63


def test_a_file_that_crashes_its_worker_is_one_finding_and_the_run_goes_on(tmp_path, monkeypatch):
    make_batch(tmp_path, 12)
    real = inputs.load_report

    def crashing(path: str):
        if path.endswith("r0005.yaml"):
            os._exit(3)  # what a segfault in a parser looks like to the pool
        return real(path)

    monkeypatch.setattr(inputs, "load_report", crashing)
    paths = sorted(str(p) for p in tmp_path.iterdir())
    batch = Run(paths, Options(), jobs=2)
    results = list(batch.results())
    batch.close()
    assert [Path(r.path).name for r in results] == [Path(p).name for p in paths]
    crashed = next(r for r in results if r.path.endswith("r0005.yaml"))
    assert [f.code for f in crashed.findings] == ["E099"]
    assert all(r.findings is not None for r in results)
    assert sum(1 for r in results if any(f.code == "E099" for f in r.findings)) == 1


def hang_on(monkeypatch, name: str) -> None:
    """Reading the file ``name`` hangs (30 s): what a parser stuck on a file looks like to a run."""
    real = inputs.load_report

    def hanging(path: str):
        if path.endswith(name):
            time.sleep(30)
        return real(path)

    monkeypatch.setattr(inputs, "load_report", hanging)


def test_a_file_that_hangs_is_stopped_by_the_time_limit(tmp_path, monkeypatch):
    make_batch(tmp_path, 2)
    hang_on(monkeypatch, "r0001.yaml")
    started = time.monotonic()
    batch = Run([str(tmp_path / "r0001.yaml"), str(tmp_path / "r0000.yaml")], Options(timeout=0.5), jobs=1)
    hung, good = batch.results()
    batch.close()
    assert time.monotonic() - started < 5
    assert [f.code for f in hung.findings] == ["E012"]
    assert "0.5 秒" in hung.findings[0].message
    assert not any(f.code.startswith("E") for f in good.findings)


def test_a_worker_that_hangs_gives_up_the_report_queued_behind_its_file(tmp_path, monkeypatch):
    # a worker on a structured report holds the next one too; when the first hangs and the worker is
    # killed, the one behind it is checked by another worker, not lost and not reported as hung
    make_batch(tmp_path, 8)
    hang_on(monkeypatch, "r0002.yaml")
    paths = [str(tmp_path / f"r{i:04d}.yaml") for i in range(8)]
    started = time.monotonic()
    batch = Run(paths, Options(timeout=1.0), jobs=2)
    results = list(batch.results())
    batch.close()
    assert time.monotonic() - started < 10
    assert [Path(r.path).name for r in results] == [Path(p).name for p in paths]
    codes = {Path(r.path).name: [f.code for f in r.findings if f.code.startswith("E")] for r in results}
    assert codes.pop("r0002.yaml") == ["E012"]
    assert all(found == [] for found in codes.values()), codes


def test_a_worker_holds_a_second_file_only_when_both_are_structured():
    from lint.run.pool import AHEAD, Pool, _Queue, _Slot

    pool = Pool.__new__(Pool)  # the hand-out rule alone, without processes
    sent: list = []

    class Conn:
        def send(self, task):
            sent.append(task)

    paths = ["a.yaml", "b.json", "c.pdf", "d.yaml", "e.html"]
    pool._quick = bytearray([1, 1, 0, 1, 0])
    queue = _Queue(paths)
    slot = _Slot(None, Conn())
    pool._give(slot, queue)
    assert [p for _, p in slot.tasks] == ["a.yaml", "b.json"] and AHEAD == 2
    slot.tasks.pop(0)
    pool._give(slot, queue)
    assert [p for _, p in slot.tasks] == ["b.json"]  # a PDF does not wait behind a report
    slot.tasks.pop(0)
    pool._give(slot, queue)
    assert [p for _, p in slot.tasks] == ["c.pdf"]
    slot.tasks.pop(0)
    pool._give(slot, queue)
    assert [p for _, p in slot.tasks] == ["d.yaml"]  # nor a web page behind a report
    assert [p for _, p in sent] == paths[:4]
    queue.put_back([(2, "c.pdf"), (3, "d.yaml")])  # given back by a worker that died: first out, in order
    assert queue.pop() == (2, "c.pdf") and queue.pop() == (3, "d.yaml") and queue.pop() == (4, "e.html")
    assert not queue


def test_progress_bar_on_request_and_not_when_output_is_not_a_terminal(tmp_path, capsys):
    make_batch(tmp_path, 8)
    assert main(["check", str(tmp_path), "--format", "text", "--jobs", "1"], out=io.StringIO()) == 1
    assert capsys.readouterr().err == ""  # stderr is no terminal here: no bar
    assert main(["check", str(tmp_path), "--format", "text", "--jobs", "1", "--progress", "on"],
                out=io.StringIO()) == 1
    err = capsys.readouterr().err
    assert "检查报告" in err and "11/11" in err


def test_a_folder_walk_skips_word_lock_files(tmp_path):
    make_batch(tmp_path, 1)
    (tmp_path / "~$2024年报.docx").write_bytes(b"\x05owner" + b"\x00" * 150)
    doc = run_json(str(tmp_path), "--jobs", "1")
    assert not any("~$" in f["path"] for f in doc["files"])
