"""Check kinds by name: each kind is registered beside its function, with its parameters and their defaults.

::

    @kind("balance", params={"identity": {"enum": [...]}}, required=("identity",))
    def balance(ctx, params): ...

A rule in a pack names a kind and gives its parameters; the pack loader
validates them against the kind's schema and fills in the defaults the schema
declares, so a kind reads ``params["name"]`` and finds either what the pack
wrote or the default written here.

Kinds from elsewhere arrive the way flake8 plug-ins do: an installed
distribution declares them in the ``xxgk_lint.checks`` entry-point group
(``name = "module:function"``, the function decorated with :func:`kind` or
carrying ``PARAMS`` — a mapping of parameter → JSON schema — and ``CROSS = True``
for a kind that compares two years), or a configuration names a local module
under ``plugins:``.  A plug-in a pack uses that fails to load is a
configuration error naming it.
"""

from __future__ import annotations

import copy
from dataclasses import field
from typing import Any, Callable, Iterable, Iterator

from lint.errors import ConfigError
from lint.records import record

#: parameters that name sections and tables, shared by several kinds' schemas
SECTION = {"enum": ["overview", "proactive", "applications", "appeals", "problems", "other"]}
TABLE = {"enum": ["proactive", "applications", "appeals"]}
STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}


@record(frozen=True)
class Kind:
    name: str
    run: Callable[..., Iterator[Any]] | None  # None: reserved for the engine (input errors, schema)
    params: dict  # JSON schema of the parameters
    doc: str
    #: compares two reports of one agency: run(previous, current, params)
    cross: bool = False
    defaults: dict[str, Any] = field(default_factory=dict)
    #: where it came from, for messages: "xxgk-lint", a distribution or a module
    origin: str = "xxgk-lint"

    def with_defaults(self, params: dict) -> dict:
        return {**copy.deepcopy(self.defaults), **params}


REGISTRY: dict[str, Kind] = {}


def _schema(params: dict[str, dict] | None, required: Iterable[str]) -> tuple[dict, dict]:
    properties = {}
    defaults = {}
    for name, spec in (params or {}).items():
        spec = dict(spec)
        if "default" in spec:
            defaults[name] = spec["default"]
        properties[name] = spec
    schema = {"type": "object", "additionalProperties": False, "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema, defaults


def kind(name: str, *, params: dict[str, dict] | None = None, required: Iterable[str] = (), cross: bool = False,
         origin: str = "xxgk-lint") -> Callable[[Callable], Callable]:
    """Register the decorated function as check kind ``name``.

    ``params`` maps each parameter to its JSON schema; a ``default`` in that
    schema is the value a rule gets when its pack leaves the parameter out.
    """
    def register(fn: Callable) -> Callable:
        schema, defaults = _schema(params, required)
        if name in REGISTRY and REGISTRY[name].run is not fn:
            raise ConfigError(f"check kind {name!r} is defined twice ({REGISTRY[name].origin} and {origin})")
        REGISTRY[name] = Kind(name, fn, schema, (fn.__doc__ or "").strip(), cross, defaults, origin)
        fn.xxgk_kind = name  # type: ignore[attr-defined]
        return fn
    return register


def reserve(name: str, doc: str) -> None:
    """A kind the engine itself emits (no function): input errors, schema violations."""
    REGISTRY[name] = Kind(name, None, {"type": "object", "additionalProperties": False, "properties": {}}, doc)


def _register_loaded(name: str, fn: Any, origin: str) -> None:
    if getattr(fn, "xxgk_kind", None) in REGISTRY:
        return  # it registered itself with @kind
    if not callable(fn):
        raise ConfigError(f"plug-in {origin}: {name!r} is not a function")
    params = getattr(fn, "PARAMS", None)
    schema = params if isinstance(params, dict) and params.get("type") == "object" else _schema(params, ())[0]
    REGISTRY[name] = Kind(name, fn, schema, (fn.__doc__ or "").strip(), bool(getattr(fn, "CROSS", False)),
                          _schema(schema.get("properties"), ())[1], origin)


def load_entry_point(name: str) -> Kind | None:
    """The kind ``name`` as an installed distribution declares it, loaded now; None when none declares it.

    Only the kind a pack asks for is loaded, so a broken plug-in nobody uses costs nothing, and one
    a pack uses is a configuration error that names the distribution.
    """
    if name in REGISTRY:
        return REGISTRY[name]
    from importlib.metadata import entry_points

    for ep in entry_points(group="xxgk_lint.checks"):
        if ep.name != name:
            continue
        where = f"{ep.dist.name if ep.dist else '?'} ({ep.value})"
        try:
            fn = ep.load()
        except Exception as exc:  # a broken plug-in is the user's configuration problem, named
            raise ConfigError(f"check-kind plug-in {where} cannot be loaded: {type(exc).__name__}: {exc}") from None
        _register_loaded(ep.name, fn, where)
        return REGISTRY.get(name)
    return None


_LOCAL_LOADED: set[str] = set()


def load_local_plugins(refs: Iterable[str], base: Any, where: str) -> None:
    """Import the local modules a configuration names under ``plugins:``; their @kind calls register them."""
    import importlib
    import importlib.util
    import os

    for ref in refs:
        path = os.path.join(str(base), ref) if base is not None and ref.endswith(".py") else ref
        key = os.path.realpath(path) if ref.endswith(".py") else ref
        if key in _LOCAL_LOADED:
            continue
        try:
            if ref.endswith(".py"):
                if not os.path.isfile(path):
                    raise ConfigError(f"{where}: plugins: no such file {ref!r}")
                name = "xxgk_lint_plugin_" + str(abs(hash(key)))
                spec = importlib.util.spec_from_file_location(name, path)
                if spec is None or spec.loader is None:
                    raise ConfigError(f"{where}: plugins: {ref!r} is not a Python module")
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
            else:
                importlib.import_module(ref)
        except ConfigError:
            raise
        except Exception as exc:
            raise ConfigError(f"{where}: plugins: {ref!r} cannot be loaded: {type(exc).__name__}: {exc}") from None
        _LOCAL_LOADED.add(key)
