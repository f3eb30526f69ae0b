"""Rule packs (Contract 3): YAML data, validated, with ``extends`` and per-rule overrides.

A pack never contains code.  Message templates are filled by plain ``{name}``
substitution, never by ``str.format`` or eval, so pack text cannot reach Python.
"""

from __future__ import annotations

import re
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from lint.errors import ConfigError, InputError
from lint.ingest.structured import load_structured
from lint.model import Severity
from lint.engine.scoring import Indicators, Scoring
from lint.records import record
from lint.resources import pack_path, read_limited, schema, shipped_packs

DEFAULT_PACKS = ("national-2019", "national-2021")


@record(frozen=True)
class Applies:
    formats: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    levels: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict | None) -> "Applies":
        data = data or {}
        years = data.get("years") or {}
        return cls(tuple(data.get("formats") or ()), years.get("min"), years.get("max"), tuple(data.get("levels") or ()))

    def matches(self, fmt: str | None, year: int | None, level: str | None) -> bool:
        if self.formats and fmt is not None and fmt not in self.formats:
            return False
        if year is not None:
            if self.year_min is not None and year < self.year_min:
                return False
            if self.year_max is not None and year > self.year_max:
                return False
        if self.levels and level not in self.levels:
            return False  # a rule for some levels does not run when the level is unknown
        return True


@record(frozen=True)
class Rule:
    code: str
    name: str
    kind: str
    severity: Severity
    message: dict[str, str]
    source: str
    params: dict[str, Any] = field(default_factory=dict)
    variants: dict[str, dict[str, str]] = field(default_factory=dict)
    hint: dict[str, str] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)
    examples: dict[str, Any] = field(default_factory=dict)
    when: Applies = Applies()
    enabled: bool = True
    pack: str = ""
    origin: str = "document"
    #: "not-graded": a file this rule fires on gets no score (not a report, out of scope)
    status: str = ""

    def template(self, variant: str | None, lang: str) -> str:
        text = self.variants.get(variant, self.message) if variant else self.message
        return text.get(lang) or text["zh"]

    def hint_text(self, lang: str) -> str:
        return self.hint.get(lang) or self.hint.get("zh", "")


_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def render(template: str, args: dict[str, Any]) -> str:
    """Fill ``{name}`` fields from ``args``; unknown fields stay as written."""
    return _FIELD.sub(lambda m: str(args[m.group(1)]) if m.group(1) in args else m.group(0), template)


@record
class Pack:
    name: str
    path: str
    applies: Applies
    rules: list[Rule]
    extends: str | None = None
    #: codes this pack's own file defines (the rest come from ``extends``)
    own: frozenset[str] = frozenset()
    #: the overrides this pack's own file makes, as written
    overrides: dict[str, dict] = field(default_factory=dict)
    scoring: "Scoring | None" = None
    #: an evaluator's score sheet (``indicators:``), when the pack defines one
    indicators: "Indicators | None" = None

    def by_code(self) -> dict[str, Rule]:
        return {r.code: r for r in self.rules}


def _where(path: str, exc: InputError) -> str:
    place = f":{exc.line}:{exc.column}" if exc.line else ""
    return f"{path}{place}"


def _validate(instance: Any, schema_doc: Any, path: str, source_map, what: str, fast_check=None) -> None:
    from lint.engine.validators import errors

    errs = errors(instance, schema_doc, fast_check)
    if errs:
        err = errs[0]
        pointer = "".join(f"/{p}" for p in err.absolute_path)
        loc = source_map.lookup(pointer) if source_map is not None else None
        place = f":{loc.line}:{loc.column}" if loc and loc.line else ""
        raise ConfigError(f"{path}{place}: {what}: {err.message} (at {pointer or '/'})")


#: the shipped packs are about 100 KB; a file past this is no rule pack and is refused unread
MAX_PACK_BYTES = 10 * 1024 * 1024


def _read_pack_file(path: Path) -> tuple[dict, Any]:
    data = read_limited(path, MAX_PACK_BYTES, "the rule pack")  # a pack named in extends: is checked first
    try:
        doc, source_map = load_structured(str(path), data)
    except InputError as exc:
        raise ConfigError(f"{_where(str(path), exc)}: rule pack is not valid YAML: {exc.en}") from None
    if not isinstance(doc, dict):
        raise ConfigError(f"{path}: a rule pack is a mapping with name, version and rules")
    from lint.engine.validators import fast

    _validate(doc, lambda: schema("rule-pack.schema.json"), str(path), source_map, "invalid rule pack",
              fast("rule-pack.schema.json"))
    return doc, source_map


# ---- a cache on disk of each pack file as read and validated: parsing the national pack (100 KB of
# ---- YAML) costs a pre-commit run more than all its checks.  It holds plain data (marshal), never
# ---- objects or code, one file per pack path; the file's own path, size and mtime, this version and
# ---- the generated pack validator are its key, so an edited pack, a newer xxgk-lint or another Python
# ---- (whose marshal format may differ) reads afresh.

#: the generated validators of rule-pack.schema.json and of the built-in kinds' parameters: a new schema
#: is a new validator, so a new key
_VALIDATORS = tuple(str(Path(__file__).resolve().parent / "validators" / name) for name in ("pack.py", "kinds.py"))


def _cache_key(path: Path) -> tuple[str, str] | None:
    """(the cache file, the key its content must start with) for the pack at ``path``, or None: no cache."""
    import os
    import sys
    import zlib

    from lint import __version__
    from lint.resources import cache_root

    root = cache_root()
    if root is None:
        return None
    name = str(path.resolve())
    try:
        stamps = [os.stat(file) for file in (name, *_VALIDATORS)]
    except OSError:
        return None
    key = "\0".join([__version__, sys.version, name, *(f"{st.st_size}:{st.st_mtime_ns}" for st in stamps)])
    return os.path.join(root, f"pack-{zlib.crc32(name.encode()):08x}.marshal"), key


def _cache_get(where: tuple[str, str] | None) -> tuple[dict, Any] | None:
    import marshal

    if where is None:
        return None
    try:
        with open(where[0], "rb") as f:
            stored = marshal.loads(f.read())  # marshal.load(f) reads a file in small pieces: 5x slower
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == where[1]
            and isinstance(stored[1], dict) and isinstance(stored[2], dict)):
        return None  # another pack's, an older version's, or not ours at all: read the pack itself
    from lint.model import SourceMap

    return stored[1], SourceMap(stored[2])


def _cache_put(where: tuple[str, str] | None, doc: dict, source_map: Any) -> None:
    import marshal

    from lint.resources import write_cache

    if where is None:
        return
    file, key = where
    try:
        blob = marshal.dumps((key, doc, source_map.positions()))
    except ValueError:  # something marshal cannot hold: the next run reads the pack itself
        return
    write_cache(file, blob)


def _read_pack(path: Path) -> tuple[dict, Any, bool, tuple[str, str] | None]:
    """The pack file's document and source map, validated against the pack schema; whether they came
    from the cache (the file unchanged since they were stored); where to store them."""
    where = _cache_key(path)
    cached = _cache_get(where)
    if cached is not None:
        return cached[0], cached[1], True, where
    doc, source_map = _read_pack_file(path)
    return doc, source_map, False, where


def resolve_pack_ref(ref: str, base: Path | None = None) -> Path:
    """A pack reference is a shipped pack name or a path (relative to ``base``)."""
    if ref in shipped_packs():
        return pack_path(ref)
    candidate = Path(ref)
    if base is not None and not candidate.is_absolute():
        candidate = base / candidate
    if candidate.is_file():
        return candidate
    raise ConfigError(f"unknown rule pack {ref!r}: not a shipped pack ({', '.join(shipped_packs())}) and no such file")


_LOADED: dict[tuple[str, float], Pack] = {}


def load_pack(ref: str, base: Path | None = None, _seen: tuple[str, ...] = ()) -> Pack:
    """The pack ``ref`` names, with its ``extends`` chain resolved; each file is read once per process.

    Across processes each file's parsed, validated document comes from a cache on disk
    (``XXGK_LINT_CACHE``, default ``~/.cache/xxgk-lint``; ``off`` turns it off).
    """
    path = resolve_pack_ref(ref, base)
    key = str(path.resolve())
    if key in _seen:
        raise ConfigError(f"{path}: rule packs extend each other in a circle")
    try:
        stamp = (key, path.stat().st_mtime)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read rule pack: {exc.strerror or exc}") from None
    if stamp not in _LOADED:
        _LOADED[stamp] = _load_pack(path, key, _seen)
    return _LOADED[stamp]


def _load_pack(path: Path, key: str, _seen: tuple[str, ...]) -> Pack:
    from lint.checks import REGISTRY, load_entry_point
    from lint.engine.validators import kind_validator

    doc, source_map, cached, where = _read_pack(path)

    rules: dict[str, Rule] = {}
    parent = load_pack(doc["extends"], path.parent, _seen + (key,)) if doc.get("extends") else None
    if parent is not None:
        rules = {r.code: r for r in parent.rules}
    applies = Applies.from_dict(doc.get("applies")) if "applies" in doc else (
        parent.applies if parent is not None else Applies())

    for index, raw in enumerate(doc.get("rules") or []):
        kind = REGISTRY.get(raw["kind"]) or load_entry_point(raw["kind"])
        if kind is None or (raw["code"] in rules and not doc.get("extends")):
            where = source_map.lookup(f"/rules/{index}/kind")
        if kind is None:
            raise ConfigError(f"{path}:{where.line}:{where.column}: rule {raw['code']}: unknown check kind "
                              f"{raw['kind']!r} (known: {', '.join(sorted(REGISTRY))})")
        params = raw.get("params") or {}
        if not (cached and kind.origin == "xxgk-lint"):  # a cached pack's built-in parameters were checked
            _validate(params, kind.params, str(path), None, f"rule {raw['code']}: parameters of kind {kind.name!r}",
                      kind_validator(kind.name) if kind.origin == "xxgk-lint" else None)
        params = kind.with_defaults(params)
        if raw["code"] in rules and not doc.get("extends"):
            raise ConfigError(f"{path}:{where.line}: rule code {raw['code']} defined twice")
        rules[raw["code"]] = Rule(
            code=raw["code"], name=raw["name"], kind=raw["kind"], severity=Severity.parse(raw["severity"]),
            message=raw["message"], source=raw["source"], params=params, variants=raw.get("variants") or {},
            hint=raw.get("hint") or {}, summary=raw.get("summary") or {}, examples=raw.get("examples") or {},
            when=Applies.from_dict(raw.get("when")), enabled=raw.get("enabled", True), pack=doc["name"],
            origin=raw.get("origin", "document"), status=raw.get("status", ""))

    for code, change in (doc.get("overrides") or {}).items():
        if code not in rules:
            where = source_map.lookup(f"/overrides/{code}")
            raise ConfigError(f"{path}:{where.line}:{where.column}: override for unknown rule {code}")
        rules[code] = apply_override(rules[code], change)
        if "params" in change:
            kind = REGISTRY[rules[code].kind]
            _validate(rules[code].params, kind.params, str(path), None,
                      f"override of {code}: parameters of kind {rules[code].kind!r}",
                      kind_validator(kind.name) if kind.origin == "xxgk-lint" else None)
    own = frozenset(raw["code"] for raw in doc.get("rules") or [])
    scoring = Scoring.from_dict(doc["scoring"]) if "scoring" in doc else (parent.scoring if parent else None)
    indicators = Indicators.from_dict(doc["indicators"]) if "indicators" in doc else (
        parent.indicators if parent else None)
    if indicators is not None:
        for item in indicators.items:
            for deduction in item.deductions:
                for code in deduction.codes:
                    if not any(c.startswith(code) for c in rules):
                        raise ConfigError(f"{path}: indicator {item.id}: no rule code starts with {code!r}")
    if not cached:  # only a pack that loaded without an error is stored
        _cache_put(where, doc, source_map)
    return Pack(doc["name"], str(path), applies, list(rules.values()), doc.get("extends"), own,
                dict(doc.get("overrides") or {}), scoring, indicators)


def apply_override(rule: Rule, change: dict) -> Rule:
    updates: dict[str, Any] = {}
    if "severity" in change:
        updates["severity"] = Severity.parse(change["severity"])
    if "enabled" in change:
        updates["enabled"] = bool(change["enabled"])
    if "params" in change:
        updates["params"] = {**rule.params, **change["params"]}
    if "when" in change:
        updates["when"] = Applies.from_dict(change["when"])
    return replace(rule, **updates)
