"""The run pipeline: every stage applies to every finding, cross-report ones included, in one order."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from lint.cli import main
from lint.engine.sample import clean_report, merge_patch
from lint.engine.selection import Layer, Selection
from lint.ingest.serialize import to_yaml
from lint.model import Finding, Location, Severity


@pytest.fixture()
def pair(tmp_path, monkeypatch):
    """Two years of one agency whose carry-over does not chain: the later file gets X801."""
    monkeypatch.chdir(tmp_path)
    for year in (2023, 2024):
        report = merge_patch(clean_report(year), {"agency": "某市某局"})
        (tmp_path / f"{year}.yaml").write_text(to_yaml(report), encoding="utf-8")
    return tmp_path


def run_json(*argv: str) -> tuple[int, dict]:
    out = io.StringIO()
    code = main(["check", *argv, "--format", "json", "--progress", "off"], out=out)
    return code, json.loads(out.getvalue())


def codes_of(doc: dict, name: str) -> list[str]:
    return [f["code"] for f in next(f for f in doc["files"] if Path(f["path"]).name == name)["findings"]]


def test_cross_report_findings_are_found_at_all(pair):
    _, doc = run_json(".")
    assert "X801" in codes_of(doc, "2024.yaml") and "X801" not in codes_of(doc, "2023.yaml")
    assert doc["pairing"]["pairs"] == [{"previous": "./2023.yaml", "current": "./2024.yaml", "agency": "某市某局",
                                        "year": 2024}]


def test_per_file_ignores_apply_to_cross_report_findings(pair):
    (pair / ".xxgk-lint.yaml").write_text("per-file-ignores: {\"2024.yaml\": [X801]}\n", encoding="utf-8")
    _, doc = run_json(".")
    assert "X801" not in codes_of(doc, "2024.yaml")


def test_a_suppression_comment_hides_a_cross_report_finding_and_is_not_unused(pair):
    path = pair / "2024.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("carried_over:"))
    lines[at] += "  # xxgk-lint: ignore[X801] 上年结转数已按复核结果更正"
    path.write_text("\n".join(lines), encoding="utf-8")
    _, doc = run_json(".")
    assert "X801" not in codes_of(doc, "2024.yaml")
    assert "E013" not in codes_of(doc, "2024.yaml")


def test_cross_report_rules_use_the_configuration_of_the_later_file(pair):
    sub = pair / "dept"
    sub.mkdir()
    for name in ("2023.yaml", "2024.yaml"):
        (pair / name).rename(sub / name)
    (sub / ".xxgk-lint.yaml").write_text("severity: {X801: error}\n", encoding="utf-8")
    code, doc = run_json(".")
    finding = next(f for f in doc["files"][1]["findings"] if f["code"] == "X801")
    assert finding["severity"] == "error" and code == 1
    (sub / ".xxgk-lint.yaml").write_text("ignore: [X8]\n", encoding="utf-8")
    _, doc = run_json(".")
    assert not any(c.startswith("X8") for f in doc["files"] for c in [x["code"] for x in f["findings"]])


def test_severity_overrides_take_the_longest_prefix_not_the_order_written():
    selection = Selection((Layer(severity={"B301": Severity.ERROR, "B": Severity.INFO}),))
    assert selection.severity("B301", Severity.WARNING) is Severity.ERROR
    assert selection.severity("B302", Severity.ERROR) is Severity.INFO
    reversed_order = Selection((Layer(severity={"B": Severity.INFO, "B301": Severity.ERROR}),))
    assert reversed_order.severity("B301", Severity.WARNING) is Severity.ERROR


def test_select_and_ignore_take_the_longest_prefix_and_ignore_wins_a_tie():
    selection = Selection((Layer(select=("B301",), ignore=("B",)),))
    assert selection.enabled("B301") and not selection.enabled("B302")
    assert not Selection((Layer(select=("B",), ignore=("B",)),)).enabled("B301")
    # a select list switches off what it does not reach — except the input errors
    assert not selection.enabled("T202") and selection.enabled("E001")


def test_the_command_line_beats_the_configuration_file():
    cli = Layer(select=("B301",))
    config = Layer(ignore=("B301",), severity={"B": Severity.INFO})
    selection = Selection((cli, config))
    assert selection.enabled("B301")
    assert selection.severity("B301", Severity.ERROR) is Severity.INFO


def test_scoring_takes_the_longest_prefix_too():
    from lint.engine.scoring import Scoring

    scoring = Scoring.from_dict({"codes": {"B": 50, "B301": 1}})
    finding = Finding("B301", "x", Severity.ERROR, "m", Location())
    assert scoring.score([finding])[0] == 99


def test_statistics_of_a_machine_format_go_to_stderr_not_after_the_html(pair, capsys):
    out = io.StringIO()
    main(["check", ".", "--format", "html", "--statistics", "--progress", "off"], out=out)
    assert out.getvalue().rstrip().endswith("</html>")
    assert "X801" in capsys.readouterr().err


def test_findings_in_a_pdf_sort_by_page_before_line():
    on = lambda page, line: Finding("T202", "x", Severity.WARNING, "m", Location(page=page, line=line))  # noqa: E731
    ordered = sorted([on(5, 1), on(1, 30), on(1, 2)], key=Finding.sort_key)
    assert [(f.location.page, f.location.line) for f in ordered] == [(1, 2), (1, 30), (5, 1)]


def test_at_one_place_errors_come_before_warnings_and_infos():
    at = Location(line=3)
    found = [Finding("N901", "x", s, "m", at) for s in (Severity.INFO, Severity.ERROR, Severity.WARNING)]
    assert [f.severity for f in sorted(found, key=Finding.sort_key)] == [Severity.ERROR, Severity.WARNING,
                                                                        Severity.INFO]


def test_a_small_run_spools_in_memory_and_a_large_one_moves_to_disk_losing_nothing(pair, monkeypatch):
    import tempfile

    from lint.run import spool

    def no_disk(*args, **kwargs):
        raise AssertionError("a one-file run needs no temporary file")

    with monkeypatch.context() as patched:
        patched.setattr(tempfile, "TemporaryFile", no_disk)
        _, one = run_json("2024.yaml")
    assert codes_of(one, "2024.yaml") == []
    _, small = run_json(".")
    assert "X801" in codes_of(small, "2024.yaml")

    made: list[object] = []
    real = tempfile.TemporaryFile
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda *a, **k: made.append(1) or real(*a, **k))
    monkeypatch.setattr(spool, "IN_MEMORY", 64)  # every spool outgrows memory at its first result
    _, large = run_json(".")
    assert made and large == small

    lines = spool.Spool(3)
    for index, text in ((2, "c" * 100 + "\n"), (0, "a\n"), (1, "b" * 50 + "\n")):
        lines.put(index, text)
    assert list(lines.lines()) == [(0, "a\n"), (1, "b" * 50 + "\n"), (2, "c" * 100 + "\n")]
    lines.close()


def test_a_few_summaries_stay_objects_and_many_are_pickled_with_the_same_results(pair, monkeypatch):
    from lint.run import spool

    def no_pickle(summary):
        raise AssertionError("a run of a few files in one process pickles no summary")

    with monkeypatch.context() as patched:
        patched.setattr(spool, "stored", no_pickle)
        _, held = run_json(".", "--jobs", "1")
    assert "X801" in codes_of(held, "2024.yaml")
    monkeypatch.setattr(spool.Summaries, "HELD", 0)  # every summary pickled, as in a large batch
    _, pickled = run_json(".", "--jobs", "1")
    assert pickled == held
