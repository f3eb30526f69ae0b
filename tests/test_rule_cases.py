"""Per-rule case files: tests/rules/<CODE>.yaml, each with passing and failing snippets.

A case is a JSON merge patch applied to the clean report of tests/factory.py
(``report:`` replaces the base instead; ``previous:`` patches the report of the
year before, for cross-report rules).  ``expect`` lists the exact findings of
the rule under test — code, pointer and, where given, severity and message — and
no others of that rule may appear.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from lint.model import SourceMap

from tests.factory import clean_report, merge_patch

CASE_DIR = Path(__file__).parent / "rules"


def _cases():
    yaml = YAML(typ="safe")
    for path in sorted(CASE_DIR.glob("*.yaml")):
        doc = yaml.load(path.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            # a case marked with xfail_reason documents a known fault: it runs, and passing fails the run
            marks = [pytest.mark.xfail(reason=case["xfail_reason"], strict=True)] if case.get("xfail_reason") else []
            yield pytest.param(doc["rule"], case, id=f"{path.stem}: {case['name']}", marks=marks)


CASES = list(_cases())


def test_every_rule_has_a_case_file(engine):
    codes = {code for code, rule in engine.rules.items() if rule.kind not in ("input", "schema")}
    have = {p.stem for p in CASE_DIR.glob("*.yaml")}
    assert codes - have == set(), "rules without a case file"


def test_every_case_file_has_pass_and_fail():
    by_rule: dict[str, set[bool]] = {}
    for param in CASES:
        code, case = param.values
        by_rule.setdefault(code, set()).add(bool(case["expect"]))
    assert {code for code, kinds in by_rule.items() if kinds != {True, False}} == set()


def _findings(eng, case):
    year = case.get("year", 2024)
    report = case["report"] if "report" in case else merge_patch(clean_report(year), case.get("patch", {}))
    findings = eng.check(report, SourceMap(), "case.yaml")
    if "previous" in case:
        # a cross-report case: ``previous`` patches the report of the year before
        before = merge_patch(clean_report(year - 1), case["previous"])
        series = eng.check_series([eng.summarize(before, SourceMap(), "previous.yaml"),
                                   eng.summarize(report, SourceMap(), "case.yaml")])
        findings = findings + series.get("case.yaml", [])
    return findings


@pytest.mark.parametrize("code,case", CASES)
def test_case(code, case, engine, engine_en):
    eng = engine_en if case.get("lang") == "en" else engine
    got = [f for f in _findings(eng, case) if f.code == code or any(c.code == code for c in f.consequences)]
    expected = case["expect"]
    assert [(f.code, f.location.pointer) for f in got] == [(e["code"], e["pointer"]) for e in expected], \
        "\n".join(f"{f.code} {f.location.pointer} {f.message}" for f in got)
    for finding, exp in zip(got, expected):
        if "severity" in exp:
            assert finding.severity.label == exp["severity"]
        if "message" in exp:
            assert finding.message == exp["message"]
        for fragment in exp.get("message_contains", []):
            assert fragment in finding.message
        if "consequences" in exp:
            assert [c.code for c in finding.consequences] == exp["consequences"]
        # the message of the consequence of the rule under test, when the finding is another rule's
        for consequence in (c for c in finding.consequences if c.code == code):
            if "consequence_message" in exp:
                assert consequence.message == exp["consequence_message"]
            for fragment in exp.get("consequence_contains", []):
                assert fragment in consequence.message
