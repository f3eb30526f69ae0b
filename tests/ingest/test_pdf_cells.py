"""The ruled-table cells found by our own finder are pdfplumber's, in its order, on random rulings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.table import edges_to_intersections, intersections_to_cells

from lint.ingest.pdfpage import cells

_AT = st.sampled_from([0.0, 10.0, 20.0, 25.0, 40.0, 41.5, 60.0, 80.0])


def _edge(orientation: str, at: float, start: float, end: float) -> dict:
    start, end = sorted((start, end))
    if orientation == "h":
        return {"orientation": "h", "x0": start, "x1": end, "top": at, "bottom": at, "width": end - start,
                "height": 0.0, "object_type": "line"}
    return {"orientation": "v", "x0": at, "x1": at, "top": start, "bottom": end, "width": 0.0,
            "height": end - start, "object_type": "line"}


_EDGES = st.lists(st.builds(_edge, st.sampled_from("hv"), _AT, _AT, _AT), max_size=24)


@settings(max_examples=300, deadline=None)
@given(_EDGES)
def test_the_cells_of_any_rulings_are_pdfplumbers(edges):
    intersections = edges_to_intersections(edges, 3, 3)
    assert cells(intersections) == intersections_to_cells(intersections)


def test_a_full_grid_gives_every_cell_once():
    lines = [_edge("h", y, 0.0, 60.0) for y in (0.0, 20.0, 40.0)] + [_edge("v", x, 0.0, 40.0) for x in (0.0, 30.0, 60.0)]
    found = cells(edges_to_intersections(lines, 3, 3))
    assert found == [(0.0, 0.0, 30.0, 20.0), (0.0, 20.0, 30.0, 40.0), (30.0, 0.0, 60.0, 20.0),
                     (30.0, 20.0, 60.0, 40.0)]


def test_a_ruling_broken_under_a_cell_closes_no_cell():
    lines = [_edge("h", 0.0, 0.0, 60.0), _edge("h", 20.0, 0.0, 25.0), _edge("h", 20.0, 35.0, 60.0),
             _edge("v", 0.0, 0.0, 20.0), _edge("v", 30.0, 0.0, 20.0), _edge("v", 60.0, 0.0, 20.0)]
    found = cells(edges_to_intersections(lines, 3, 3))
    # the gap (25–35) is wider than the tolerance: no crossing at (30, 20), and the two pieces of the
    # bottom ruling are different edges, so neither the left box nor the whole width is a cell
    assert found == []
