"""Dataclasses that cost no compile for their comparison and their printing.

``dataclasses.dataclass`` writes the source of ``__init__``, ``__repr__`` and ``__eq__`` (and, for a
frozen class, ``__hash__``, ``__setattr__`` and ``__delattr__``) for every class and compiles it when
its module is imported: about a million instructions a method, some 45 million of the ~500 million a
cold check of one YAML file executes (about a third of what xxgk-lint adds to importing its two
libraries).  :func:`record` is ``dataclass`` with ``__repr__``, ``__eq__`` and ``__hash__`` shared by
every class instead, worked out from the class's fields when they are called, with the same results
as dataclass's own; ``__init__`` and a frozen class's guards stay dataclass's.
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, Callable, TypeVar, dataclass_transform, overload

T = TypeVar("T", bound=type)
R = TypeVar("R")


@overload
def record(cls: T, /) -> T: ...


@overload
def record(*, frozen: bool = False) -> Callable[[T], T]: ...


@dataclass_transform(field_specifiers=(field,))
def record(cls: Any = None, /, *, frozen: bool = False) -> Any:
    """``@dataclass`` or ``@dataclass(frozen=True)``, with the shared ``__repr__``, ``__eq__`` and
    ``__hash__`` (the last only for a frozen class: any other one is unhashable, as dataclass makes it).
    A method the class defines itself is kept."""

    def wrap(cls: T) -> T:
        own = set(cls.__dict__)
        made = dataclass(cls, frozen=frozen, repr=False, eq=False)
        every = fields(made)
        made.__record_values__ = _values(tuple(f.name for f in every if f.compare))
        made.__record_shown__ = tuple(f.name for f in every if f.repr)
        if "__repr__" not in own:
            made.__repr__ = _repr
        if "__eq__" not in own:
            made.__eq__ = _eq
        if "__hash__" not in own:
            hashed = tuple(f.name for f in every if (f.compare if f.hash is None else f.hash))
            made.__record_hashed__ = _values(hashed)
            made.__hash__ = _hash if frozen else None
        return made

    return wrap if cls is None else wrap(cls)


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    """The fields ``names`` of an object, as one tuple."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        values = self.__class__.__record_values__
        return values(self) == values(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__class__.__record_hashed__(self))


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__class__.__record_shown__)
    return f"{self.__class__.__qualname__}({shown})"


def filled(cls: type[R], values: dict[str, Any]) -> R:
    """An instance of the record class ``cls`` holding ``values``, one for every field, built without running
    ``__init__``: for a frozen class made by the hundred per report, whose ``__init__`` sets each field through
    ``object.__setattr__``.  Nothing is checked or defaulted: ``values`` must name every field."""
    made = cls.__new__(cls)
    made.__dict__.update(values)
    return made
