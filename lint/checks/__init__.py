"""Check kinds, registered by name.  A rule in a pack names one kind and gives its parameters.

Each kind is a function ``(ctx: Context, params: dict) -> Iterator[Problem]`` with a JSON
schema for its parameters.  Third-party kinds arrive through the ``xxgk_lint.checks``
entry-point group (value: ``module:function``; the function carries ``PARAMS`` if it
takes parameters).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

from lint.checks import balance, cells, consistency, content, crossyear, metadata, narrative, structure
from lint.checks.base import Context, Problem

CheckFn = Callable[[Context, dict], Iterator[Problem]]

_STR_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}
_NONE: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {}}


@dataclass(frozen=True)
class Kind:
    name: str
    run: CheckFn | None  # None: reserved for the engine (input errors)
    params: dict
    doc: str
    #: True for kinds that compare two reports of one agency: run(previous, current, params)
    cross: bool = False


def _kind(name: str, fn: Any, params: dict | None = None, doc: str = "", cross: bool = False) -> Kind:
    return Kind(name, fn, params or _NONE, doc or (fn.__doc__ or "").strip(), cross)


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
    _kind("section_order", content.section_order),
    _kind("section_titles", content.section_titles, {
        "type": "object", "additionalProperties": False, "properties": {"report": {"enum": ["variant", "unknown"]}}}),
    _kind("empty_sections", content.empty_sections, {
        "type": "object", "additionalProperties": False,
        "properties": {"sections": {"type": "array", "items": {"enum": list(structure.SECTION_NUMBERS)}}}}),
    _kind("report_title", content.report_title),
    _kind("topics", content.topics, {
        "type": "object", "additionalProperties": False, "required": ["section", "topics"],
        "properties": {"section": {"enum": list(structure.SECTION_NUMBERS)}, "anywhere": {"type": "boolean"},
                       "same_sentence": {"type": "boolean"},
                       "topics": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["name"], "additionalProperties": False,
                  "properties": {"name": {"type": "string"}, "en": {"type": "string"}, "any": _STR_LIST,
                                 "all": {"type": "array", "items": _STR_LIST}}}}}}),
    _kind("bare_none", content.bare_none, {
        "type": "object", "additionalProperties": False,
        "properties": {"section": {"enum": list(structure.SECTION_NUMBERS)}}}),
    _kind("substance", content.substance, {
        "type": "object", "additionalProperties": False,
        "properties": {"section": {"enum": list(structure.SECTION_NUMBERS)}, "problems": _STR_LIST,
                       "improvements": _STR_LIST, "min_chars": {"type": "integer", "minimum": 0}}}),
    _kind("narrative_length", content.narrative_length, {
        "type": "object", "additionalProperties": False,
        "properties": {"sections": {"type": "array", "items": {"enum": list(structure.SECTION_NUMBERS)}},
                       "min_chars": {"type": "integer", "minimum": 0}}}),
    _kind("deadline", metadata.deadline, {
        "type": "object", "additionalProperties": False,
        "properties": {"deadlines": {"type": "object", "additionalProperties": False,
                                     "properties": {k: {"type": "string", "pattern": "^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"}
                                                    for k in ("department", "government", "other")}},
                       "unknown_level": {"enum": ["latest", "skip"]}}}),
    _kind("too_early", metadata.too_early),
    _kind("stale_year", metadata.stale_year),
    _kind("contact", metadata.contact),
    _kind("detected_format", metadata.detected_format),
    _kind("free_form", metadata.free_form),
    _kind("label_fidelity", metadata.label_fidelity, {
        "type": "object", "additionalProperties": False, "properties": {"max": {"type": "integer", "minimum": 1}}}),
    _kind("extra_sections", structure.extra_sections),
    _kind("extra_rows", structure.extra_rows),
    _kind("fee_amount", narrative.fee_amount),
    _kind("fee_confusion", narrative.fee_confusion),
    _kind("fee_measure_cited", narrative.fee_measure_cited),
    _kind("fee_unit", cells.fee_unit),
    _kind("suspicious_zero", consistency.suspicious_zero),
    _kind("appeals_without_applications", consistency.appeals_without_applications),
    _kind("impossible_repeal", crossyear.impossible_repeal, cross=True),
    _kind("carry_over", crossyear.carry_over, cross=True),
    _kind("in_force_continuity", crossyear.in_force_continuity, cross=True),
    _kind("year_on_year", crossyear.year_on_year, {
        "type": "object", "additionalProperties": False,
        "properties": {"ratio": {"type": "number", "exclusiveMinimum": 1}, "min_count": {"type": "integer"}}},
        cross=True),
    _kind("similarity", crossyear.similarity, {
        "type": "object", "additionalProperties": False,
        "properties": {"threshold": {"type": "number", "minimum": 0, "maximum": 1},
                       "min_shingles": {"type": "integer", "minimum": 1}}}, cross=True),
    _kind("narrative_numbers", consistency.narrative_numbers, {
        "type": "object", "additionalProperties": False, "required": ["claims"],
        "properties": {"claims": {"type": "array", "items": {"enum": [
            "received", "handled", "carried_forward", "granted_partial", "reconsideration", "litigation",
            "issued", "repealed", "in_force"]}},
            "sections": {"type": "array", "items": {"enum": ["intro", *structure.SECTION_NUMBERS]}}}}),
    _kind("zero_statements", consistency.zero_statements, {
        "type": "object", "additionalProperties": False, "required": ["subject"],
        "properties": {"subject": {"enum": ["applications", "appeals"]}}}),
]}


def load_entry_points() -> None:
    """Add kinds that installed packages declare; called only when a pack names an unknown kind."""
    from importlib.metadata import entry_points

    for ep in entry_points(group="xxgk_lint.checks"):
        if ep.name not in REGISTRY:
            fn = ep.load()
            REGISTRY[ep.name] = _kind(ep.name, fn, getattr(fn, "PARAMS", None))
