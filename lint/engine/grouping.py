"""One finding per root cause for table cells: a blank cell is its T2xx finding, with what follows attached.

A cell left blank (or "/", or text, or missing) is reported once by its cell
rule (T2xx).  What that cell causes is attached to that finding as its
consequences instead of standing beside it as a second top-level line:

* the identities it keeps from being checked (B309, ``balance_unevaluable``):
  an identity goes under the cell finding that names its first unevaluable
  cell, once every unevaluable cell of it is named by some cell finding; the
  identities whose cells no cell finding names stay in a top-level B309;
* a cell finding that only names cells a more severe cell finding names (the
  blank 总计 of T207 is also a blank cell of T202).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from lint.model import Finding

#: the kind whose findings list the identities blank cells keep from being checked
UNEVALUABLE_KIND = "balance_unevaluable"


def _is_cell_finding(finding: Finding) -> bool:
    return finding.code.startswith("T") and finding.location.pointer.startswith("/tables/")


def _named(finding: Finding) -> tuple[set[str], set[str]]:
    """(cells the finding names, rows it names as a whole): its cells, else the row or cell it points at."""
    if finding.cells:
        return set(finding.cells), set()
    pointer = finding.location.pointer
    if pointer.count("/") >= 3:  # a row or a cell, never a whole table
        return {pointer}, {pointer}
    return set(), set()


def _covers(named: tuple[set[str], set[str]], cell: str) -> int:
    """2 when the finding names ``cell`` itself, 1 when it names its whole row, 0 otherwise."""
    exact, rows = named
    if cell in exact:
        return 2
    if any(cell == row or cell.startswith(row + "/") for row in rows):
        return 1
    return 0


def fold_cell_findings(findings: list[Finding], kind_of: Callable[[str], str | None],
                       message: Callable[[Finding, dict], str]) -> list[Finding]:
    """``findings`` (in document order) with cell consequences attached to their cell finding.

    ``kind_of(code)`` is the check kind of a rule; ``message(finding, args)`` renders a
    B309 finding's message again for a subset of its identities.
    """
    cells = [f for f in findings if _is_cell_finding(f)]
    named = {id(f): _named(f) for f in cells}
    attached: dict[int, list[Finding]] = {}
    folded: set[int] = set()
    # a cell finding all of whose cells a more severe cell finding names
    for finding in cells:
        exact, rows = named[id(finding)]
        if rows or not exact:
            continue
        host = next((other for other in cells if other is not finding and id(other) not in folded
                     and other.severity > finding.severity
                     and all(_covers(named[id(other)], cell) == 2 for cell in exact)), None)
        if host is not None:
            attached.setdefault(id(host), []).append(finding)
            folded.add(id(finding))
    hosts = [f for f in cells if id(f) not in folded]
    # what a host names includes what the findings folded into it name
    for host in hosts:
        for child in attached.get(id(host), []):
            named[id(host)][0].update(named[id(child)][0])

    out: list[Finding] = []
    for finding in findings:
        if id(finding) in folded:
            continue
        identities = finding.evidence.get("identities") if isinstance(finding.evidence, dict) else None
        if kind_of(finding.code) != UNEVALUABLE_KIND or not isinstance(identities, list) or not hosts:
            out.append(finding)
            continue
        by_host: dict[int, list[dict]] = {}
        left: list[dict] = []
        for identity in identities:
            host = _host(identity.get("cells") or [], hosts, named)
            (by_host.setdefault(id(host), []) if host is not None else left).append(identity)
        for host in hosts:
            if id(host) in by_host:
                attached.setdefault(id(host), []).append(_subset(finding, by_host[id(host)], message))
        if left:
            out.append(_subset(finding, left, message) if len(left) < len(identities) else finding)
    return [replace(f, consequences=[*f.consequences, *attached[id(f)]]) if id(f) in attached else f
            for f in out]


def _host(cells: list[str], hosts: list[Finding], named: dict) -> Finding | None:
    """The cell finding an identity goes under: every one of its cells is named by some cell
    finding, and it goes under the one naming its first cell (a finding of that very cell first)."""
    if not cells:
        return None
    for cell in cells:
        if not any(_covers(named[id(h)], cell) for h in hosts):
            return None
    first = cells[0]
    return max(hosts, key=lambda h: _covers(named[id(h)], first))


def _subset(finding: Finding, identities: list[dict], message: Callable[[Finding, dict], str]) -> Finding:
    cells = sorted({c for i in identities for c in i.get("cells", [])})
    evidence = {**finding.evidence, "unevaluable_cells": cells, "identities": identities}
    return replace(finding, message=message(finding, identities), evidence=evidence, consequences=[])
