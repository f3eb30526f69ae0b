"""lint.records.record: a dataclass whose comparison, hashing and printing are shared, not compiled per class,
and which behaves as ``dataclasses.dataclass`` does."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError, dataclass, field, fields, replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lint.records import record


def _pair(frozen: bool):
    """The same class made by dataclass and by record."""

    def body(name: str):
        return type(name, (), {"__annotations__": {"a": "int", "b": "str", "c": "tuple", "d": "int"},
                               "b": "", "c": field(default_factory=tuple), "d": field(default=0, compare=False,
                                                                                     repr=False)})

    return dataclass(frozen=frozen)(body("Plain")), record(frozen=frozen)(body("Plain"))


values = st.tuples(st.integers(-3, 3), st.sampled_from(["", "表三", "x"]), st.integers(0, 2))


@given(values, values)
def test_equality_and_printing_are_dataclasses_own(x, y):
    for frozen in (False, True):
        made, ours = _pair(frozen)
        for cls in (made, ours):
            assert cls(x[0], x[1], d=x[2]) == cls(x[0], x[1], d=x[2] + 1)  # d is not compared
        assert (made(x[0], x[1]) == made(y[0], y[1])) == (ours(x[0], x[1]) == ours(y[0], y[1]))
        assert repr(ours(x[0], x[1], [x[2]])) == repr(made(x[0], x[1], [x[2]]))
        assert ours(x[0]) != made(x[0]) and ours(x[0]).__eq__(object()) is NotImplemented


@given(values)
def test_a_frozen_record_hashes_by_value_and_refuses_changes_and_another_is_unhashable(x):
    made, ours = _pair(True)
    one, two = ours(x[0], x[1], d=x[2]), ours(x[0], x[1], d=x[2] + 5)
    assert hash(one) == hash(two) == hash(made(x[0], x[1]))  # the same fields are hashed, in the same way
    assert len({one, two}) == 1
    with pytest.raises(FrozenInstanceError):
        one.a = 1
    with pytest.raises(FrozenInstanceError):
        del one.b
    assert replace(one, a=x[0] + 1).a == x[0] + 1
    _, loose = _pair(False)
    with pytest.raises(TypeError):
        hash(loose(x[0]))


@record(frozen=True)
class Place:
    pointer: str
    line: int | None = None
    marks: tuple = field(default_factory=tuple)


def test_a_record_is_a_dataclass_to_every_helper_and_pickles():
    one = Place("/tables/applications", 3, ("a",))
    assert [f.name for f in fields(one)] == ["pointer", "line", "marks"]
    back = pickle.loads(pickle.dumps(one))
    assert back == one and hash(back) == hash(one) and back is not one
    assert Place.__match_args__ == ("pointer", "line", "marks")


def test_a_method_the_class_writes_itself_is_kept():
    @record
    class Shown:
        a: int

        def __repr__(self) -> str:
            return "shown"

    assert repr(Shown(1)) == "shown" and Shown(1) == Shown(1)


def test_a_record_holding_itself_prints_without_end():
    @record
    class Node:
        child: object = None

    node = Node()
    node.child = node
    assert repr(node) == "test_a_record_holding_itself_prints_without_end.<locals>.Node(child=...)"


@given(values)
def test_a_record_filled_without_init_is_the_one_init_makes(x):
    from lint.model import Location
    from lint.records import filled

    _, ours = _pair(frozen=True)
    given_values = {"a": x[0], "b": x[1], "c": (x[2],), "d": x[2]}
    made = filled(ours, given_values)
    assert made == ours(**given_values) and hash(made) == hash(ours(**given_values))
    assert repr(made) == repr(ours(**given_values))
    with pytest.raises(FrozenInstanceError):
        made.a = 1
    every = {f.name: None for f in fields(Location)} | {"pointer": "/a", "line": x[0]}
    location = filled(Location, every)
    assert location == Location(pointer="/a", line=x[0]) and pickle.loads(pickle.dumps(location)) == location
