"""One finding per root cause: a blank cell is its T2xx finding, and what it keeps from being checked
(B309) or what a more specific finding says of the same cell follows from it."""

from __future__ import annotations

from lint.engine import Engine
from lint.engine.packs import DEFAULT_PACKS, load_pack
from lint.engine.selection import Layer, Selection
from lint.model import SourceMap

from tests.factory import clean_report, merge_patch


def _check(patch: dict, ignore: tuple[str, ...] = ()) -> list:
    engine = Engine([load_pack(name) for name in DEFAULT_PACKS], selection=Selection((Layer(ignore=ignore),)))
    return engine.check(merge_patch(clean_report(2024), patch), SourceMap(), "case.yaml")


BLANKS = {"tables": {"applications": {"carried_over": [2, None, None, "/", 0, 0, 2],
                                      "results": {"granted": [5, 2, 0, 0, 1, 0, None]}}}}


def test_no_blank_cell_gives_a_second_top_level_line():
    findings = _check(BLANKS)
    assert "B309" not in {f.code for f in findings}
    by_code = {f.code: f for f in findings}
    # the two blank cells of 二: one T202, with the identities they keep from being checked under it
    t202 = by_code["T202"]
    assert t202.location.pointer == "/tables/applications/carried_over"
    (b309,) = [c for c in t202.consequences if c.code == "B309"]
    assert set(b309.evidence["unevaluable_cells"]) >= {"/tables/applications/carried_over/1",
                                                        "/tables/applications/carried_over/2"}
    assert "「商业企业」列 一 + 二 = （七）总计 + 四" in b309.message
    # "/" is its own cause: the identity of its column goes under T203
    (t203_b309,) = [c for c in by_code["T203"].consequences if c.code == "B309"]
    assert "「社会公益组织」列 一 + 二 = （七）总计 + 四" in t203_b309.message
    assert "「社会公益组织」列" not in b309.message
    # the blank 总计 beside figures: T207, with the cell's T202 and its identities following from it
    t207 = by_code["T207"]
    assert [c.code for c in t207.consequences] == ["T202", "B309"]
    assert [f for f in findings if f.code == "T202" and f.location.pointer.endswith("granted/6")] == []
    # every unevaluable identity is still said once, somewhere
    said = [c for f in findings for c in f.consequences if c.code == "B309"]
    assert sum(c.message.count("勾稽关系") for c in said) == len(said)


def test_b309_stands_alone_for_cells_no_cell_finding_names():
    findings = _check(BLANKS, ignore=("T202", "T207"))
    top = [f for f in findings if f.code == "B309"]
    assert len(top) == 1
    # the "/" cell is T203's: its identity is under T203, the blank cells' stay in B309
    assert "「商业企业」列" in top[0].message and "「社会公益组织」列" not in top[0].message
    (t203,) = [f for f in findings if f.code == "T203"]
    assert [c.code for c in t203.consequences] == ["B309"]


def test_a_blank_cell_in_a_row_that_is_missing_cells_goes_under_the_cell_finding():
    findings = _check({"tables": {"applications": {"new_received": [None, 3, 0, 0, 1, 0, 16]}}})
    (t202,) = [f for f in findings if f.code == "T202"]
    assert [c.code for c in t202.consequences] == ["B309"]
    assert t202.consequences[0].origin == "reading" and t202.consequences[0].severity.label == "info"
