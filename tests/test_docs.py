"""Rule documentation comes from the packs: it is never stale, and every example in it runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.engine.docs import example_reports, explain, rules_markdown
from lint.engine import Engine
from lint.model import SourceMap
from lint.engine.packs import DEFAULT_PACKS, load_pack
from lint.resources import shipped_packs

ROOT = Path(__file__).resolve().parent.parent
PACKS = [load_pack(name) for name in shipped_packs()]
RULES = [(pack.name, rule) for pack in PACKS for rule in pack.rules
         if rule.code in pack.own and rule.kind not in ("input", "schema")]


def test_docs_rules_md_is_current():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(PACKS), \
        "docs/rules.md is stale: run `python -m lint.engine.docs > docs/rules.md`"


def test_every_rule_documents_a_passing_and_a_failing_example():
    missing = [rule.code for _, rule in RULES if set(rule.examples) != {"pass", "fail"}]
    assert missing == []


def _codes(engine: Engine, example: dict) -> list[str]:
    report, previous = example_reports(example)
    findings = engine.check(report, SourceMap(), "example.yaml")
    if previous is not None:
        series = engine.check_series([engine.summarize(previous, SourceMap(), "previous.yaml"),
                                      engine.summarize(report, SourceMap(), "example.yaml")])
        findings += series.get("example.yaml", [])
    return [f.code for f in findings] + [c.code for f in findings for c in f.consequences]


@pytest.mark.parametrize("pack,rule", RULES, ids=[f"{p}:{r.code}" for p, r in RULES])
def test_documented_examples_behave_as_documented(pack, rule):
    # the default packs too, so an example of a 2020 report is checked by the pack that covers 2020
    engine = Engine([*(load_pack(name) for name in DEFAULT_PACKS if name != pack), load_pack(pack)])
    assert rule.code not in _codes(engine, rule.examples["pass"])
    assert rule.code in _codes(engine, rule.examples["fail"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_names_the_check_source_fix_and_examples(lang):
    rule = next(r for _, r in RULES if r.code == "F401")
    text = explain(rule, lang)
    assert text.startswith("F401 fee-statement-missing")
    assert "国办函〔2020〕109号" in text
    assert ("通过的例子" if lang == "zh" else "Passes") in text
    assert ("不通过的例子" if lang == "zh" else "Fails") in text
