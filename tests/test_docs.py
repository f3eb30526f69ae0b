"""Rule documentation comes from the packs: it is never stale, and every example in it runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lint.engine.docs import example_reports, explain, explain_html, explanation, rules_markdown
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
    assert ("通过的例子" if lang == "zh" else "An example that passes") in text
    assert ("不通过的例子" if lang == "zh" else "An example that fails") in text
    # the failing example as the clerk sees it: section 六's text, and the finding it gives
    fail = text.split("不通过的例子" if lang == "zh" else "An example that fails")[1]
    assert "六、其他需要报告的事项" in fail and "F401 " in fail.split("通过的例子" if lang == "zh" else "passes")[0]


EVERY = [(pack.name, rule) for pack in PACKS for rule in pack.rules if rule.code in pack.own]
#: what a person must never see in an explanation: template fields, the project's internal references and
#: tags, file names of the code, and the structured report's keys
INTERNAL = re.compile(r"\{[A-Za-z_]+\}|domain-rules|Contract|\[[VPRDT](?:/[VPRDT])?\]|\bD\d{1,2}\b|lint/|\.py\b|"
                      r"种子报告|merge patch|patch|\bcase:|previous\.yaml|example\.yaml|schemas/|schema\.json")


def _report_keys() -> set[str]:
    from lint.resources import schema

    keys: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    keys.update(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema("report.schema.json"))
    return keys


KEYS = _report_keys()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("pack,rule", EVERY, ids=[f"{p}:{r.code}" for p, r in EVERY])
def test_explain_is_for_people(pack, rule, lang):
    text = explain(rule, lang)
    assert INTERNAL.findall(text) == [], text
    words = set(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", text.split("\n", 1)[1]))
    # a Chinese explanation names no key of the structured report; an English one none with an underscore
    assert {w for w in words & KEYS if lang == "zh" or "_" in w} == set(), text
    if rule.examples.get("fail"):
        # the failing example shows the finding it gives: the rule's code in its findings block
        fail = text.split("不通过的例子" if lang == "zh" else "An example that fails")[1]
        fail = fail.split("通过的例子" if lang == "zh" else "An example that passes")[0]
        assert re.search(rf"^\s+(?:↳ )?{rule.code} ", fail, re.M), text
    html = explain_html(rule, lang)
    assert INTERNAL.findall(re.sub(r"<[^>]+>", "", html)) == [] and "<script" not in html


def test_explanation_data_is_what_the_pages_show():
    rule = next(r for _, r in RULES if r.code == "T207")
    data = explanation(rule, "zh")
    assert data["severity"] == "错误" and data["fix"] and data["why"]
    assert any("（空白）" in line for line in data["fail"]["shows"])
    (said,) = data["fail"]["findings"]
    assert said["code"] == "T207" and [c["code"] for c in said["consequences"]] == ["T202", "B309"]
    assert data["pass"]["findings"] == []
    html = explain_html(rule, "zh")
    assert "<mark>（空白）</mark>" in html


def test_sources_are_said_in_words():
    from lint.engine.sources import source_words

    assert source_words("空白不等于 0（domain-rules 8.2）") == "空白不等于 0；空白、“/”和连写的数字都不是 0，不参加任何计算"
    assert "domain-rules" not in source_words("domain-rules FMT-001（格式版本识别）")
    assert source_words("条例第四十九条（上一年度报告）；常见缺陷 D17", "en") == (
        "Article 49 of the Regulations on Open Government Information (the previous year's report); "
        "a defect auditors report: wrong statistical period or year")
    assert source_words("据实践重建 [R]") == "据实际报告重建（条文尚未与原文逐字核对）"
    assert source_words("xxgk-lint").startswith("本工具读取文件的要求")
