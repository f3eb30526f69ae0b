"""Laws of the balance rules, checked on random tables.

A balanced 表三/表四 never yields a B3xx finding; changing any one cell always
yields a B3xx error that names that cell's row or column.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint.vocab import tables as L
from lint.checks.base import Context
from lint.checks.identities import describe_cell
from lint.model import Severity, SourceMap
from tests.factory import applications_table, appeals_table, clean_report, get_pointer, set_pointer

counts = st.integers(min_value=0, max_value=500)
six = st.lists(counts, min_size=6, max_size=6)


@st.composite
def balanced_reports(draw):
    items = {row.path: draw(six) for row in L.result_item_rows("2021")}
    carried_over = draw(six)
    # carried_forward may not exceed what was handled plus what is new, so draw it below the totals
    totals = [sum(items[row.path][i] for row in L.result_item_rows("2021")) for i in range(6)]
    carried_forward = [draw(st.integers(0, 50)) for _ in range(6)]
    carried_over = [min(c, t + f) for c, t, f in zip(carried_over, totals, carried_forward)]
    report = clean_report()
    report["tables"]["applications"] = applications_table(items, carried_over, carried_forward)
    report["tables"]["appeals"] = appeals_table([draw(st.lists(counts, min_size=4, max_size=4)) for _ in range(3)])
    return report


def all_cells(report: dict) -> list[str]:
    ctx = Context(report)
    cells = [f"{pointer}/{i}" for pointer, _ in ctx.applications_rows() for i in range(7)]
    cells += [f"/tables/appeals/{key}/{i}" for key, _, _ in L.APPEAL_GROUPS for i in range(5)]
    return cells


def b3(findings):
    return [f for f in findings if f.code.startswith("B3") and f.code != "B309"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(balanced_reports())
def test_balanced_tables_yield_no_balance_finding(engine, report):
    assert b3(engine.check(report, SourceMap(), "r.yaml")) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(balanced_reports(), st.data())
def test_changing_one_cell_yields_an_error_naming_its_row_or_column(engine, report, data):
    cell = data.draw(st.sampled_from(all_cells(report)))
    old = get_pointer(report, cell)
    delta = data.draw(st.integers(min_value=-old, max_value=1000).filter(lambda d: d != 0))
    set_pointer(report, cell, old + delta)
    findings = b3(engine.check(report, SourceMap(), "r.yaml"))
    errors = [f for f in findings if f.severity == Severity.ERROR]
    assert errors, f"changing {cell} by {delta} went unnoticed"
    _table, row, col = describe_cell(Context(report), cell)
    texts = [f.message for f in errors]
    assert any(row in t or col in t for t in texts), (cell, row, col, texts)
    # the wrong cell is the located root cause whenever it breaks two identities (表三 always does)
    if cell.startswith("/tables/applications"):
        assert [f.location.pointer for f in errors] == [cell]


sketches = st.lists(st.integers(0, 3000), max_size=400).map(lambda xs: tuple(sorted(set(xs))[:256]))


@given(sketches, sketches)
def test_the_similarity_estimate_is_the_share_of_the_unions_bottom_k_found_in_both_sketches(a, b):
    from lint.checks.crossyear import SKETCH, jaccard

    union = sorted(set(a) | set(b))[:SKETCH]  # the bottom-k of the union, as the estimator defines it
    expected = sum(1 for h in union if h in a and h in b) / len(union) if union else 0.0
    assert jaccard(a, b) == expected
    assert jaccard(a, a) == (1.0 if a else 0.0)


_PAIRING_ENTRY = st.tuples(st.sampled_from(["某县教育局", "某县财政局", "某县卫生健康委员会", "", None]),
                           st.sampled_from([None, 2020, 2021, 2022, 2023]), st.integers(0, 2), st.booleans(),
                           st.sampled_from([".yaml", ".pdf", ".html"]))


@given(st.lists(_PAIRING_ENTRY, max_size=30))
def test_pairing_keeps_one_report_an_agency_a_year_and_pairs_it_with_the_year_before(drawn):
    from lint.engine.pairing import pair

    keys = {3 * n + 1: (agency, year, f"r{n:02d}{ext}", unread, history)
            for n, (agency, year, unread, history, ext) in enumerate(drawn)}
    result = pair(keys.items())
    records = result.to_dict()
    by_path = {r["path"]: r for section in ("duplicates", "unpaired") for r in records[section]}
    by_path.update({r["current"]: {**r, "status": "paired"} for r in records["pairs"]})
    assert sorted(by_path) == sorted(k[2] for k in keys.values() if not k[4])  # one record a checked file
    kept: dict[tuple[str, int], int] = {}
    for (agency, year), members in _groups(keys).items():
        best = min(members, key=lambda e: (keys[e][3], keys[e][4], not keys[e][2].endswith(".yaml"), keys[e][2]))
        kept[(agency, year)] = best
        for entry in members:
            if entry != best and not keys[entry][4]:
                assert by_path[keys[entry][2]] == {**by_path[keys[entry][2]], "status": "duplicate",
                                                   "kept": keys[best][2]}
    expected = sorted((kept[(a, y - 1)], e) for (a, y), e in kept.items() if (a, y - 1) in kept and not keys[e][4])
    assert sorted(result.pairs) == expected
    for entry, (agency, year, path, _unread, history) in keys.items():
        if not history and (not agency or year is None):
            assert by_path[path]["status"] == "unpaired"


def _groups(keys: dict[int, tuple]) -> dict[tuple[str, int], list[int]]:
    out: dict[tuple[str, int], list[int]] = {}
    for entry, (agency, year, _path, _unread, _history) in keys.items():
        if agency and year is not None:
            out.setdefault((agency, year), []).append(entry)
    return out
