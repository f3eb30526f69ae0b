"""Real published reports (../shared/corpus and the seeds) against their recorded truth.

For every file: the defects truth.json lists are found by a finding of the right
family at that pointer (warning or error); reports marked clean get no error;
and converting to YAML then checking the YAML gives the same findings as
checking the document, with locations in the YAML.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from lint.cli import main
from lint.run.checker import check_one
from tests.ingest import CORPUS

SEEDS = CORPUS.parent / "seeds"
TRUTH_PATH = CORPUS / "truth.json"
#: reports whose tables a web page's text dump ran together (digits without separators), with their own truth
FLATTENED = CORPUS / "flattened"
pytestmark = pytest.mark.skipif(not TRUTH_PATH.exists(), reason=f"corpus not found at {CORPUS}")


def _truth() -> dict:
    truth = json.loads(TRUTH_PATH.read_text(encoding="utf-8"))["files"] if TRUTH_PATH.exists() else {}
    if (FLATTENED / "truth.json").exists():
        flat = json.loads((FLATTENED / "truth.json").read_text(encoding="utf-8"))["files"]
        truth.update({f"flattened/{name}": entry for name, entry in flat.items()})
    return truth


TRUTH = _truth()


def _path(name: str):
    return (CORPUS / name).resolve()


def _all(findings):
    for finding in findings:
        yield finding
        yield from finding.consequences


@pytest.fixture(scope="module")
def results(engine):
    return {name: check_one(engine, str(_path(name))).result for name in TRUTH}


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_format_and_year(results, name):
    result = results[name]
    assert (result.format, result.year) == (TRUTH[name]["format"], TRUTH[name]["year"])


@pytest.mark.parametrize("name,expected", [(n, e) for n in sorted(TRUTH) for e in TRUTH[n].get("expect", [])],
                         ids=lambda v: v if isinstance(v, str) else f"{v['family']}@{v['pointer']}")
def test_recorded_defect_is_found(results, name, expected):
    hits = [f for f in _all(results[name].findings)
            if f.code.startswith(expected["family"]) and f.location.pointer.startswith(expected["pointer"])
            and f.severity.label in ("warning", "error")]
    assert hits, f"{expected['why']}: no {expected['family']} finding at {expected['pointer']}"


@pytest.mark.parametrize("name", sorted(n for n in TRUTH if TRUTH[n].get("clean")))
def test_clean_report_has_no_error(results, name):
    errors = [f"{f.code} {f.location.pointer} {f.message}" for f in results[name].findings
              if f.severity.label == "error"]
    assert errors == []


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_convert_then_check_gives_the_same_findings(results, engine, tmp_path, name):
    out = tmp_path / "report.yaml"
    assert main(["convert", str(_path(name)), "-o", str(out)]) == 0
    converted = check_one(engine, str(out)).result
    key = lambda f: (f.code, f.location.pointer, f.message)  # noqa: E731
    assert Counter(map(key, converted.findings)) == Counter(map(key, results[name].findings))
    for finding in converted.findings:
        if finding.location.pointer:
            assert finding.location.line is not None, finding.code


def _truth_cells(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _truth_cells(value, path + (key,))
    else:
        yield path, node


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_every_table_cell_read_from_the_document_equals_the_truth(name):
    from lint.ingest.forms import load_report

    report, _ = load_report(str(_path(name)))
    assert (report.get("format"), report.get("year")) == (TRUTH[name]["format"], TRUTH[name]["year"])
    expected = TRUTH[name].get("tables", {})
    if name.startswith("flattened/"):
        _read_as_the_flattened_truth_says(report, name)
        return
    if TRUTH[name].get("degraded"):
        # a degraded table may be unreadable, but a number read from it must be right
        for path, row in _truth_cells(expected):
            got = report.get("tables", {})
            for part in path:
                got = got.get(part) if isinstance(got, dict) else None
            if got is not None:
                assert got == row, path
        return
    wrong = []
    for path, row in _truth_cells(expected):
        got = report.get("tables", {})
        for part in path:
            got = got.get(part) if isinstance(got, dict) else None
        if got != row:
            wrong.append(f"{'/'.join(path)}: read {got}, printed {row}")
    assert wrong == []
    if name.startswith("../seeds/001"):
        assert {"proactive", "applications", "appeals"}.isdisjoint(report.get("tables", {}))


def _get(report: dict, pointer: str):
    node = report.get("tables", {})
    for part in pointer.split("/")[2:]:
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _read_as_the_flattened_truth_says(report: dict, name: str) -> None:
    """Every cell truth gives has exactly one reading and is read so; the rows it lists as unreadable are not."""
    truth = TRUTH[name]
    unreadable = report.get("unreadable", {})
    wrong = []
    for path, row in _truth_cells(truth.get("tables", {})):
        got = _get(report, "/tables/" + "/".join(path))
        if got != row:
            wrong.append(f"{'/'.join(path)}: read {got}, printed {row}")
    for pointer in truth.get("unreadable", []):
        if _get(report, pointer) is not None:
            wrong.append(f"{pointer}: read {_get(report, pointer)}, but no reading of it fits")
        if pointer not in unreadable:
            wrong.append(f"{pointer}: not declared unreadable")
    assert wrong == []
    recovered = set(report.get("recovered", []))
    for pointer in truth.get("unreadable", []):
        assert not any(p.startswith(pointer + "/") for p in recovered)


@pytest.mark.parametrize("name", sorted(n for n in TRUTH if n.startswith("flattened/")))
def test_flattened_tables_mark_every_recovered_cell(name):
    from lint.ingest.forms import load_report

    report, smap = load_report(str(_path(name)))
    recovered = report.get("recovered", [])
    for pointer in recovered:
        parts = pointer.split("/")
        row = _get(report, "/".join(parts[:-1]))
        cell = row.get(parts[-1]) if isinstance(row, dict) else row[int(parts[-1])]
        assert isinstance(cell, int), pointer  # a recovered cell is a whole number, read from its digits
        assert smap.lookup(pointer).column is not None, pointer
    for pointer in report.get("assumed_totals", []):
        assert f"{pointer}/6" in recovered or f"{pointer}/4" in recovered
