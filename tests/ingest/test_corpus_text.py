"""Real text and Markdown reports against their recorded truth (../shared/corpus/truth.json).

For every file: the format and year, and every 表三/表四 cell that truth.json
gives (null = blank).  A file marked ``degraded`` may leave tables unread, but
then they must be listed under ``unreadable``, and no cell that is read may
differ from truth: a wrong number is worse than none.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

import pytest

from lint.ingest import markdown, text
from lint.ingest.assemble import assemble

from . import CORPUS, SEEDS

if not (CORPUS / "truth.json").exists():
    pytest.skip(f"corpus not found at {CORPUS} (set XXGK_CORPUS)", allow_module_level=True)
TRUTH = json.loads((CORPUS / "truth.json").read_text(encoding="utf-8"))["files"]


def _seed(prefix: str) -> str:
    return "../seeds/" + next(SEEDS.glob(f"{prefix}_*.txt")).name


FILES = [_seed("000"), _seed("001"), "2020_pingtan.txt", "2024_shanghai_kewei.md"]


def read(name: str) -> tuple[dict[str, Any], Any]:
    path = CORPUS / name
    extractor = markdown if name.endswith(".md") else text
    return assemble(extractor.extract(str(path), path.read_bytes()))


def cells(node: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    """(pointer, value) for every cell of a truth table, at any depth."""
    if isinstance(node, dict):
        for key, child in node.items():
            yield from cells(child, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield f"{pointer}/{index}", value


def resolve(report: dict[str, Any], pointer: str) -> tuple[bool, Any]:
    node: Any = report
    for part in pointer.strip("/").split("/"):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False, None
    return True, node


@pytest.mark.parametrize("name", FILES)
def test_format_and_year(name):
    report, _ = read(name)
    assert report["format"] == TRUTH[name]["format"]
    assert report["year"] == TRUTH[name]["year"]


@pytest.mark.parametrize("name", FILES)
def test_every_truth_cell(name):
    report, smap = read(name)
    truth = TRUTH[name]
    degraded = truth.get("degraded", False)
    expected = list(cells(truth.get("tables", {}), "/tables"))
    unreadable = report.get("unreadable", {})
    wrong, missing = [], []
    for pointer, want in expected:
        found, have = resolve(report, pointer)
        if not found:
            missing.append(pointer)
        elif have != want or type(have) is not type(want):
            wrong.append(f"{pointer}: truth {want!r}, read {have!r}")
    assert wrong == []  # never a wrong number, degraded or not
    if degraded:
        # what is not read must be declared unreadable, not silently dropped
        for pointer in missing:
            assert any(pointer.startswith(table + "/") for table in unreadable), pointer
    else:
        assert missing == []
        for pointer, _ in expected:
            assert smap.lookup(pointer).line is not None


def test_seed_001_lost_tables_are_absent_not_zero():
    report, _ = read(_seed("001"))
    assert not {"proactive", "applications", "appeals"} & set(report["tables"])
    # lost in PDF-to-text: recorded as not read (S110), never as all zeros nor as "missing"
    assert sorted(report["unreadable"]) == ["/tables/appeals", "/tables/applications", "/tables/proactive", "/title"]
    # the extraction starts with the intro; the intro names the report, so the title line is lost, not absent
    assert "《淄博市投资促进局2021年政府信息公开工作年度报告》" in report["unreadable"]["/title"]
    # the headings are there, with nothing under them
    assert report["sections"]["applications"]["text"] == ""
    assert len(report["sections"]) == 6


def test_seed_000_is_a_2021_hybrid_with_legacy_labels():
    report, smap = read(_seed("000"))
    assert report["format"] == "2021"
    assert report["title"] == "淄博市投资促进局2024年政府信息公开工作年度报告"
    assert report["agency"] == "淄博市投资促进局"
    labels = report["labels"]
    assert labels["/tables/proactive/normative_documents"] == "规范性文件"
    assert labels["/tables/proactive/regulations/issued"] == "本年新制作数量"
    assert report["tables"]["proactive"]["normative_documents"] == {"issued": 0, "repealed": 1, "in_force": 0}
    location = smap.lookup("/tables/proactive/normative_documents/repealed")
    assert (location.line, location.row, location.col) == (35, "规范性文件", "本年废止件数")
    assert len(report["tables"]["applications"]["results"]["withheld"]) == 8


def test_run_together_tables_are_read_where_one_reading_fits():
    report, smap = read("2020_pingtan.txt")
    applications = report["tables"]["applications"]
    # "200 000121": the only split whose six applicant cells add up to 总计
    assert applications["new_received"] == [20, 0, 0, 0, 0, 1, 21]
    assert applications["results"]["total"] == [20, 0, 0, 0, 0, 1, 21]
    assert applications["results"]["granted"] == [6, 0, 0, 0, 0, 1, 7]  # "6000017": one digit a cell
    assert report["tables"]["appeals"]["reconsideration"] == [0, 0, 0, 0, 0]
    # 表二 has no totals to go by: "规章007" is one digit a cell, "7777166" could be split many ways
    assert report["tables"]["proactive"] == {"regulations": {"made": 0, "published": 0, "total_public": 7}}
    assert "“7777166”" in report["unreadable"]["/tables/proactive/normative_documents"]
    assert "/tables/proactive" not in report["unreadable"]
    assert "/tables/applications/results/granted/6" in report["recovered"]
    location = smap.lookup("/tables/applications/new_received/6")
    assert (location.row, location.col) == ("一、本年新收政府信息公开申请数量", "总计")
    assert report["sections"]["overview"]["title"] == "一、总体情况"


def test_kewei_fragments_and_blank_total():
    report, smap = read("2024_shanghai_kewei.md")
    applications = report["tables"]["applications"]
    assert applications["carried_forward"][6] is None
    assert report["labels"]["/tables/proactive/normative_documents"] == "规范性文件"
    assert report["tables"]["proactive"]["licensing"] == {"decisions": 97}
    # the re-numbered table sections map by topic; the agency's own headings are kept aside
    assert report["sections"]["applications"]["title"] == "二、收到和处理政府信息公开申请情况"
    assert "problems" not in report["sections"]
    assert "二、工作机制保障" in [extra["title"] for extra in report["extra_sections"]]
    assert smap.lookup("/tables/appeals/reconsideration/4").line == 189
