"""Status and scores count only what is a report in scope, and only what the document gets wrong.

A stray ``truth.json`` beside the reports is no report: found by walking the folder it is skipped
and named, named on the command line it is not graded; in no average either way.  A pre-2019
report is out of scope: not graded either, never a score of 100.  A report whose table could not
be read is ``partial``; its reading findings cost nothing.
"""

from __future__ import annotations

import json

from lint.cli import main
from lint.engine.sample import clean_report
from lint.ingest.serialize import to_yaml


def _run(folder, tmp_path, *named: str) -> dict:
    out = tmp_path / "out.json"
    main(["check", str(folder), *named, "--isolated", "--format", "json", "-o", str(out), "--progress", "off",
          "--force"])
    return json.loads(out.read_text(encoding="utf-8"))


def test_stray_json_and_out_of_scope_reports_are_not_graded_and_not_averaged(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a-2024.yaml").write_text(to_yaml(clean_report(2024)), encoding="utf-8")
    (folder / "truth.json").write_text(json.dumps({"files": {"a.pdf": {"expect": []}}}), encoding="utf-8")
    old = clean_report(2024)
    old["year"] = 2017
    old["title"] = old["title"].replace("2024", "2017")
    (folder / "b-2017.yaml").write_text(to_yaml(old), encoding="utf-8")
    unread = clean_report(2024)
    del unread["tables"]["applications"]
    unread["unreadable"] = {"/tables/applications": "表格是扫描图片"}
    unread["agency"] = "某市某某委员会"
    (folder / "c-2024.yaml").write_text(to_yaml(unread), encoding="utf-8")
    doc = _run(folder, tmp_path)
    files = {f["path"].rsplit("/", 1)[-1]: f for f in doc["files"]}
    assert "truth.json" not in files and [s["path"].rsplit("/", 1)[-1] for s in doc["skipped"]] == ["truth.json"]
    assert files["b-2017.yaml"]["status"] == "not-graded" and files["b-2017.yaml"].get("score") is None
    assert files["a-2024.yaml"]["status"] == "complete"
    assert files["c-2024.yaml"]["status"] == "partial"
    # the unread table is a reading finding: it costs the agency nothing
    assert [f["origin"] for f in files["c-2024.yaml"]["findings"] if f["code"] == "S110"] == ["reading"]
    assert not any(f["code"] == "S102" for f in files["c-2024.yaml"]["findings"])
    graded = [files[n]["score"] for n in ("a-2024.yaml", "c-2024.yaml")]
    summary = doc["summary"]
    assert summary["status"] == {"complete": 1, "partial": 1, "not-graded": 1}
    assert summary["graded"] == 2 and summary["mean_score"] == round(sum(graded) / 2, 1)
    # named on the command line, it is checked: not graded, and in no average
    doc = _run(folder, tmp_path, str(folder / "truth.json"))
    files = {f["path"].rsplit("/", 1)[-1]: f for f in doc["files"]}
    assert files["truth.json"]["status"] == "not-graded" and files["truth.json"].get("score") is None
    summary = doc["summary"]
    assert summary["status"] == {"complete": 1, "partial": 1, "not-graded": 2}
    assert summary["graded"] == 2 and summary["mean_score"] == round(sum(graded) / 2, 1)
