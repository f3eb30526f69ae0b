"""Rule packs are data: validated, extended, overridden — and their errors name the place."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.model import Severity, SourceMap
from lint.errors import ConfigError
from lint.engine.packs import load_pack, render
from tests.factory import clean_report

RULE = """
  - code: P590
    name: extra-topic
    kind: section_mentions
    params: {section: other, any: [政府开放日]}
    severity: warning
    message: {zh: "第六部分没有提到{phrases}。", en: "Section 6 does not mention {phrases}."}
    source: 省级通知
"""


def write(tmp_path, text, name="pack.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_national_pack_loads_and_every_rule_has_both_languages():
    pack = load_pack("national-2021")
    assert len(pack.rules) >= 30
    for rule in pack.rules:
        assert rule.message["zh"] and rule.message["en"] and rule.source


def test_extends_overrides_and_adds(tmp_path):
    path = write(tmp_path, "name: province\nversion: 1\nextends: national-2021\noverrides:\n"
                 "  B309: {severity: warning}\n  T202: {enabled: false}\nrules:" + RULE)
    pack = load_pack(path)
    rules = pack.by_code()
    assert rules["B309"].severity == Severity.WARNING
    assert rules["T202"].enabled is False
    assert rules["P590"].params["any"] == ["政府开放日"]

    from lint.engine import Engine

    findings = Engine([pack]).check(clean_report(), SourceMap(), "r.yaml")
    assert [f.code for f in findings] == ["P590"]
    assert findings[0].message == "第六部分没有提到“政府开放日”。"


@pytest.mark.parametrize("text,fragment", [
    ("name: p\nversion: 1\nrules:\n  - {code: X801, name: x, kind: no_such_kind, severity: error,"
     " message: {zh: a, en: b}, source: s}\n", "unknown check kind 'no_such_kind'"),
    ("name: p\nversion: 1\nrules:\n  - {code: X801, name: x, kind: balance, params: {identity: diagonal},"
     " severity: error, message: {zh: a, en: b}, source: s}\n", "parameters of kind 'balance'"),
    ("name: p\nversion: 1\nrules:\n  - {code: X801, name: x, kind: balance, severity: fatal,"
     " message: {zh: a, en: b}, source: s}\n", "invalid rule pack"),
    ("name: p\nversion: 1\nextends: national-2021\noverrides:\n  Q123: {severity: info}\n", "invalid rule pack"),
    ("name: p\nversion: 1\nextends: national-2021\noverrides:\n  S199: {severity: info}\n", "unknown rule S199"),
    ("name: p\nversion: 1\nrules: [\n", "not valid YAML"),
])
def test_bad_packs_are_configuration_errors_naming_the_place(tmp_path, text, fragment):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_pack(path)
    assert fragment in str(info.value)
    assert str(info.value).startswith(path)


def test_circular_extends_is_refused(tmp_path):
    write(tmp_path, "name: a\nversion: 1\nextends: b.yaml\n", "a.yaml")
    write(tmp_path, "name: b\nversion: 1\nextends: a.yaml\n", "b.yaml")
    with pytest.raises(ConfigError, match="circle"):
        load_pack(str(tmp_path / "a.yaml"))


def test_templates_are_substituted_never_evaluated():
    assert render("{a} {a.__class__} {0} {b}", {"a": "x"}) == "x {a.__class__} {0} {b}"


def test_provincial_example_pack_is_stricter_and_adds_an_item():
    from lint.engine.docs import example_reports
    from lint.engine import Engine
    from lint.engine.sample import merge_patch

    pack = load_pack(str(Path(__file__).resolve().parent.parent / "examples" / "packs" / "provincial.yaml"))
    engine = Engine([pack])
    # published 25 January: on time for the 条例 (31 January), late for this province (20 January)
    report = merge_patch(clean_report(2024), {"published": "2025-01-25"})
    national = Engine([load_pack("national-2021")]).check(report, SourceMap(), "r.yaml")
    assert "M606" not in [f.code for f in national]
    late = [f for f in engine.check(report, SourceMap(), "r.yaml") if f.code == "M606"]
    assert [(f.severity, f.evidence["deadline"]) for f in late] == [(Severity.ERROR, "2025-01-20")]
    assert pack.by_code()["M609"].enabled is False
    rule = pack.by_code()["P590"]
    for key, expected in (("pass", False), ("fail", True)):
        sample, _ = example_reports(rule.examples[key])
        assert ("P590" in [f.code for f in engine.check(sample, SourceMap(), "r.yaml")]) is expected


def test_a_pack_read_once_comes_from_the_cache_on_disk_until_its_file_changes(tmp_path, monkeypatch):
    """A cold run must not parse the national pack's 100 KB of YAML again when nothing changed."""
    from lint.engine import packs

    monkeypatch.setenv("XXGK_LINT_CACHE", str(tmp_path / "cache"))
    path = write(tmp_path, "name: province\nversion: 1\nextends: national-2021\nrules:" + RULE)
    monkeypatch.setattr(packs, "_LOADED", {})
    first = load_pack(path)

    parsed: list[str] = []
    real = packs.load_structured
    monkeypatch.setattr(packs, "load_structured", lambda name, data: parsed.append(Path(name).name) or real(name, data))
    monkeypatch.setattr(packs, "_LOADED", {})  # as in a new process
    again = load_pack(path)
    assert parsed == []
    assert again.by_code() == first.by_code() and again.applies == first.applies and again.own == first.own

    Path(path).write_text(Path(path).read_text(encoding="utf-8").replace("severity: warning", "severity: error"),
                          encoding="utf-8")
    monkeypatch.setattr(packs, "_LOADED", {})
    edited = load_pack(path)
    assert parsed == ["pack.yaml"]  # only the edited file is read again
    assert edited.by_code()["P590"].severity == Severity.ERROR


def test_a_damaged_or_foreign_cache_file_is_read_past(tmp_path, monkeypatch):
    from lint.engine import packs

    cache = tmp_path / "cache"
    monkeypatch.setenv("XXGK_LINT_CACHE", str(cache))
    monkeypatch.setattr(packs, "_LOADED", {})
    expected = load_pack("national-2021").by_code()
    files = sorted(cache.iterdir())
    assert files and not [f for f in files if f.suffix == ".tmp"]
    for junk in (b"", b"\x00\xff garbage", __import__("marshal").dumps(("another key", {}, {}))):
        for file in files:
            file.write_bytes(junk)
        monkeypatch.setattr(packs, "_LOADED", {})
        assert load_pack("national-2021").by_code() == expected


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    from lint.engine import packs

    monkeypatch.setenv("XXGK_LINT_CACHE", "off")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(packs, "_LOADED", {})
    assert load_pack("national-2021").rules
    assert list(tmp_path.iterdir()) == []


def test_a_pack_that_fails_to_load_is_not_cached_and_fails_again(tmp_path, monkeypatch):
    from lint.engine import packs

    monkeypatch.setenv("XXGK_LINT_CACHE", str(tmp_path / "cache"))
    path = write(tmp_path, "name: p\nversion: 1\nrules:\n  - {code: X801, name: x, kind: balance, "
                 "params: {identity: diagonal}, severity: error, message: {zh: a, en: b}, source: s}\n")
    for _ in range(2):
        monkeypatch.setattr(packs, "_LOADED", {})
        with pytest.raises(ConfigError, match="parameters of kind 'balance'"):
            load_pack(path)
