"""Check kinds, registered by name.  A rule in a pack names one kind and gives its parameters.

Each kind is a function ``(ctx: Context, params: dict) -> Iterator[Problem]`` with a JSON
schema for its parameters.  Third-party kinds arrive through the ``xxgk_lint.checks``
entry-point group (value: ``module:function``; the function carries ``PARAMS`` if it
takes parameters).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

from . import balance, cells, metadata, narrative, structure
from .base import Context, Problem

CheckFn = Callable[[Context, dict], Iterator[Problem]]

_STR_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}
_NONE: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {}}


@dataclass(frozen=True)
class Kind:
    name: str
    run: CheckFn | None  # None: reserved for the engine (input errors)
    params: dict
    doc: str


def _kind(name: str, fn: CheckFn | None, params: dict | None = None, doc: str = "") -> Kind:
    return Kind(name, fn, params or _NONE, doc or (fn.__doc__ or "").strip())


REGISTRY: dict[str, Kind] = {k.name: k for k in [
    _kind("input", None, doc="The input itself cannot be read; emitted by the engine."),
    _kind("schema", None, doc="A value of the wrong type or shape; emitted by the engine."),
    _kind("required_sections", structure.required_sections, {
        "type": "object", "additionalProperties": False,
        "properties": {"sections": {"type": "array", "items": {"enum": list(structure.SECTION_NUMBERS)}}}}),
    _kind("required_tables", structure.required_tables, {
        "type": "object", "additionalProperties": False,
        "properties": {"tables": {"type": "array", "items": {"enum": ["proactive", "applications", "appeals"]}}}}),
    _kind("table_shape", cells.table_shape),
    _kind("cell_values", cells.cell_values, {
        "type": "object", "additionalProperties": False, "required": ["value_class"],
        "properties": {"value_class": {"enum": ["blank", "na", "text", "negative", "decimal"]},
                       "tables": {"type": "array", "items": {"enum": ["表二", "表三", "表四"]}}}}),
    _kind("blank_total", cells.blank_total),
    _kind("balance", balance.balance, {
        "type": "object", "additionalProperties": False, "required": ["identity"],
        "properties": {"identity": {"enum": list(balance.KINDS)}}}),
    _kind("balance_unevaluable", balance.balance_unevaluable),
    _kind("section_mentions", narrative.section_mentions, {
        "type": "object", "additionalProperties": False, "required": ["any"],
        "properties": {"section": {"enum": list(structure.SECTION_NUMBERS)}, "any": _STR_LIST,
                       "anywhere": {"type": "boolean"}}}),
    _kind("fee_notice", narrative.fee_notice),
    _kind("title_year", metadata.title_year),
    _kind("statistical_period", metadata.statistical_period, {
        "type": "object", "additionalProperties": False, "properties": {"missing": {"type": "boolean"}}}),
    _kind("legacy_tables", metadata.legacy_tables, {
        "type": "object", "additionalProperties": False, "properties": {"min_year": {"type": "integer"}}}),
    _kind("legacy_labels", metadata.legacy_labels),
]}


def load_entry_points() -> None:
    """Add kinds that installed packages declare; called only when a pack names an unknown kind."""
    from importlib.metadata import entry_points

    for ep in entry_points(group="xxgk_lint.checks"):
        if ep.name not in REGISTRY:
            fn = ep.load()
            REGISTRY[ep.name] = _kind(ep.name, fn, getattr(fn, "PARAMS", None))
