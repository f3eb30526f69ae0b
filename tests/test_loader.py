"""Loading structured reports: positions kept, hostile input refused in bounded time and memory."""

from __future__ import annotations

import pytest

from lint import errors
from lint.errors import InputError
from lint.ingest.structured import load_structured


def load(text: str | bytes):
    return load_structured("r.yaml", text.encode() if isinstance(text, str) else text)


def test_values_and_positions():
    value, source_map = load("year: 2024\ntables:\n  appeals:\n    reconsideration: [1, 0, null, \"/\", 1]\n")
    assert value == {"year": 2024, "tables": {"appeals": {"reconsideration": [1, 0, None, "/", 1]}}}
    loc = source_map.lookup("/tables/appeals/reconsideration/3")
    assert (loc.line, loc.column) == (4, 35)  # the opening quote of "/"
    assert source_map.lookup("/year").line == 1


def test_missing_pointer_falls_back_to_nearest_ancestor():
    _, source_map = load("tables:\n  appeals:\n    reconsideration: [1, 0]\n")
    loc = source_map.lookup("/tables/appeals/reconsideration/4")
    assert (loc.line, loc.pointer) == (3, "/tables/appeals/reconsideration/4")


def test_a_document_place_becomes_the_location_a_finding_points_at_when_asked():
    from lint.ingest.document import Place
    from lint.model import Location, SourceMap

    source_map = SourceMap()
    place = Place(line=7, page=2, table_index=1, row_index=3, col_index=4)
    source_map.add_place("/tables/appeals/reconsideration/4", place, "表四", "行政复议", "")
    source_map.add_position("/year", 1, 7)
    assert source_map.lookup("/tables/appeals/reconsideration/4/x") == Location(
        pointer="/tables/appeals/reconsideration/4/x", line=7, page=2, table="表四", row="行政复议",
        table_index=1, row_index=3, col_index=4)
    assert source_map.positions() == {"/tables/appeals/reconsideration/4": (7, None), "/year": (1, 7)}
    assert dict(source_map.items())["/year"] == Location(pointer="/year", line=1, column=7)


def test_json_is_read_with_positions():
    value, source_map = load('{\n  "year": 2024,\n  "agency": "某局"\n}\n')
    assert value == {"year": 2024, "agency": "某局"}
    assert source_map.lookup("/agency").line == 3


def test_quoted_numbers_stay_text_and_dates_stay_iso():
    value, _ = load('a: "12"\nb: 2025-01-20\nc: 1.5\nd: ~\ne: ""\n')
    assert value == {"a": "12", "b": "2025-01-20", "c": 1.5, "d": None, "e": ""}


def test_utf8_bom_is_accepted():
    value, _ = load("\ufeffyear: 2024\n".encode("utf-8"))
    assert value == {"year": 2024}


@pytest.mark.parametrize("text,code,line", [
    ("a: [1,\n", errors.SYNTAX, 2),
    ("a: 1\na: 2\n", errors.SYNTAX, 2),
    ("a: *nowhere\n", errors.SYNTAX, 1),
    ("", errors.EMPTY, None),
    ("---\na: 1\n---\nb: 2\n", errors.NOT_A_REPORT, 3),
])
def test_bad_yaml_is_an_input_error_with_place(text, code, line):
    with pytest.raises(InputError) as info:
        load(text)
    assert info.value.code == code
    assert info.value.line == line


def test_alias_bomb_is_refused():
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for name, prev in zip("bcdefgh", "abcdefg"):
        bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    with pytest.raises(InputError) as info:
        load(bomb)
    assert info.value.code == errors.HOSTILE
    assert info.value.line is not None


def test_deep_nesting_is_refused():
    with pytest.raises(InputError) as info:
        load("[" * 20000 + "]" * 20000)
    assert info.value.code == errors.HOSTILE


def test_huge_number_is_refused_not_a_traceback():
    with pytest.raises(InputError) as info:
        load("year: " + "9" * 6000 + "\n")
    assert info.value.code == errors.HOSTILE
    assert (info.value.line, info.value.column) == (1, 7)


@pytest.mark.parametrize("data", [b"\x00\x01\x02\xff\xfe binary", b"\xff\xfe\xfa\xfb year: 2024"])
def test_binary_bytes_are_undecodable(data):
    with pytest.raises(InputError) as info:
        load(data)
    assert info.value.code == errors.UNDECODABLE


def test_small_aliases_are_expanded():
    value, _ = load("z: &z [0, 0, 0, 0, 0]\nreconsideration: *z\n")
    assert value["reconsideration"] == [0, 0, 0, 0, 0]
    assert value["reconsideration"] is not value["z"]


def test_without_the_c_parser_the_pure_python_one_reads_the_same(monkeypatch):
    from pathlib import Path

    import ruamel.yaml.main

    examples = Path(__file__).resolve().parent.parent / "examples"
    data = (examples / "zibo-2024.yaml").read_bytes()
    fast_value, fast_map = load_structured("r.yaml", data)
    monkeypatch.setattr(ruamel.yaml.main, "CParser", None)
    slow_value, slow_map = load_structured("r.yaml", data)
    assert slow_value == fast_value and slow_map._entries == fast_map._entries
    with pytest.raises(InputError) as raised:
        load("a: [1, 2\n")
    assert raised.value.code == errors.SYNTAX and raised.value.line == 2
