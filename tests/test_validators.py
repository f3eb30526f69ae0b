"""The generated validators are current, and they judge exactly as jsonschema does."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint.engine.validators import SCHEMAS, errors, fast, kind_validator
from lint.engine.validators.generate import HERE, modules
from lint.resources import data_dir, schema

EXAMPLES = data_dir("schemas").parent / "examples"


def test_generated_validators_are_current():
    for name, text in modules().items():
        assert (HERE / name).read_text(encoding="utf-8") == text, (
            f"lint/engine/validators/{name} is stale: run `python -m lint.engine.validators.generate`")


def _report():
    from lint.ingest import load_report

    report, _ = load_report(str(EXAMPLES / "zibo-2024.yaml"))
    return report


def _mutants(report: dict):
    """Reports that break the schema in the ways people break it, and ones that do not."""
    for pointer, value in [("year", "2024"), ("year", 2007), ("year", True), ("format", "2020"),
                           ("agency", ""), ("tables", []), ("sections", {"overview": {"title": 3}}),
                           ("labels", {"/x": 3}), ("unreadable", {"/tables/applications": None}),
                           ("recovered", ["/tables/x", 3]), ("ocr", {"/a": 1.5}), ("published", 20250120),
                           ("year", 2024), ("agency", "某局"), ("notes", ["ok"])]:
        mutant = copy.deepcopy(report)
        mutant[pointer] = value
        yield mutant
    for row in ("new_received", "carried_forward"):
        for cell in (None, "/", 1.5, -1, "详见附件", [1], {"a": 1}):
            mutant = copy.deepcopy(report)
            mutant["tables"]["applications"][row][0] = cell
            yield mutant


def test_report_validator_agrees_with_jsonschema_on_mutants():
    from jsonschema import Draft202012Validator

    full = Draft202012Validator(schema("report.schema.json"))
    check = fast("report.schema.json")
    seen = {True: 0, False: 0}
    for mutant in _mutants(_report()):
        valid = not list(full.iter_errors(mutant))
        try:
            check(mutant)
            fast_valid = True
        except ValueError:
            fast_valid = False
        assert fast_valid == valid, json.dumps(mutant, ensure_ascii=False)[:300]
        seen[valid] += 1
    assert seen[True] and seen[False]


_json = st.recursive(st.none() | st.booleans() | st.integers(-3, 3000) | st.floats(allow_nan=False) |
                     st.text(max_size=4), lambda inner: st.lists(inner, max_size=3) |
                     st.dictionaries(st.sampled_from(["select", "ignore", "severity", "packs", "lang",
                                                      "fail-on", "exclude", "B301", "T", "x"]), inner, max_size=3),
                     max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(_json)
def test_config_validator_agrees_with_jsonschema(data):
    from jsonschema import Draft202012Validator

    valid = not list(Draft202012Validator(schema("config.schema.json")).iter_errors(data))
    try:
        fast("config.schema.json")(data)
        fast_valid = True
    except ValueError:
        fast_valid = False
    assert fast_valid == valid


def test_errors_are_jsonschema_errors_with_places_only_when_invalid():
    assert errors({"select": ["B"]}, schema("config.schema.json"), fast("config.schema.json")) == []
    found = errors({"select": ["b"]}, schema("config.schema.json"), fast("config.schema.json"))
    assert [list(e.absolute_path) for e in found] == [["select", 0]]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_shipped_schema_has_a_generated_validator(name):
    assert callable(fast(name))


def test_every_built_in_kind_has_a_generated_parameter_validator():
    from lint.checks import REGISTRY

    missing = [name for name, k in REGISTRY.items() if k.origin == "xxgk-lint" and kind_validator(name) is None]
    assert missing == []
