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


def test_the_batch_stages_findings_wait_on_disk_by_the_files_place_and_come_back_in_order(monkeypatch):
    from lint.run import spool

    monkeypatch.setattr(spool, "IN_MEMORY", 64)  # on disk from the first batch
    at = Location(line=1)
    late = spool.Late(3)
    cross = [Finding("X801", "x", Severity.ERROR, "结转不一致", at)]
    copied = [Finding("X806", "c", Severity.WARNING, "雷同段落" * 20, at), Finding("X806", "c", Severity.WARNING,
                                                                              "另一段", at)]
    late.add(2, cross)
    late.add(0, [])
    late.add(2, copied)
    assert late.get(2) == cross + copied  # in the order the stages added them, each stage's own order kept
    assert late.get(0) == [] and late.get(1) == []
    with pytest.raises(ValueError):
        late.add(-1, cross)  # a finding never goes to a file the run does not have
    late.close()


def test_the_summaries_index_takes_each_path_from_the_runs_own_list_and_one_name_for_an_agency():
    from lint.checks.crossyear import Summary
    from lint.run.spool import Summaries

    paths = ["a/2023.yaml", "a/2024.yaml", "b/2024.yaml"]
    index = Summaries(paths)
    index.HELD = 1  # the first held as an object, the rest pickled
    for place, (agency, year) in enumerate([("某市某局", 2023), ("某市" + "某局", 2024), (None, None)]):
        index.add(Summary(path=paths[place], agency=agency, year=year, unread=place), place)
    index.add(Summary(path="history/2022.yaml", agency="某市某局", year=2022, history=True))
    keys = dict(index.entries)
    assert keys == {0: ("某市某局", 2023, "a/2023.yaml", 0, False), 1: ("某市某局", 2024, "a/2024.yaml", 1, False),
                    2: (None, None, "b/2024.yaml", 2, False), 3: ("某市某局", 2022, "history/2022.yaml", 0, True)}
    assert keys[1][2] is paths[1] and keys[0][0] is keys[1][0]  # no second copy of a path or of a name
    assert [index.file_index(n) for n in range(4)] == [0, 1, 2, -1]
    assert index.load(1).path == "a/2024.yaml" and index.load(0).year == 2023
    index.close()


def test_the_pairing_records_are_made_as_written_and_the_json_is_what_dumping_them_whole_gives():
    from lint.engine.pairing import pair
    from lint.report import Context
    from lint.report.json_ import write

    keys = {0: ("某县某局", 2024, "z/2024.yaml", 0, False), 1: ("某县某局", 2023, "z/2023.pdf", 0, False),
            2: ("某县某局", 2023, "a/2023.yaml", 3, False), 3: ("某县某局", 2023, "y/2023.yaml", 0, False),
            4: (None, 2024, "b.yaml", 0, False), 5: ("某镇", None, "c.yaml", 0, False),
            6: ("某县某局", 2022, "h/2022.yaml", 0, True)}
    pairing = pair(keys.items(), keys.__getitem__)
    assert list(pairing.pairs) == [(6, 3), (3, 0)]  # the best-read of the three 2023 files is paired
    whole = pairing.to_dict()
    assert [r["path"] for r in whole["duplicates"]] == ["a/2023.yaml", "z/2023.pdf"]
    assert [r["kept"] for r in whole["duplicates"]] == ["y/2023.yaml"] * 2
    assert [(r["path"], r["why_en"]) for r in whole["unpaired"]] == [
        ("b.yaml", "no agency name was read"), ("c.yaml", "no reporting year was read")]
    assert whole["pairs"] == [{"previous": "h/2022.yaml", "current": "y/2023.yaml", "agency": "某县某局", "year": 2023},
                              {"previous": "y/2023.yaml", "current": "z/2024.yaml", "agency": "某县某局", "year": 2024}]
    streamed, dumped = io.StringIO(), io.StringIO()
    write([], streamed, Context(pairing=pairing))
    write([], dumped, Context(pairing=whole))
    assert streamed.getvalue() == dumped.getvalue()
    assert '"pairing": ' + json.dumps(whole, ensure_ascii=False) + "," in streamed.getvalue()
