"""Check kinds: one module per family, each kind registered beside its function (:mod:`lint.checks.registry`).

Importing this package registers every built-in kind.  A rule in a pack names
one kind and gives its parameters; the kinds see a Report through a
:class:`~lint.checks.base.Context` and know nothing of file formats.
"""

from __future__ import annotations

from lint.checks import (balance, cells, claims, consistency, content, crossyear, metadata, narrative,  # noqa: F401
                         statements, structure)
from lint.checks.registry import REGISTRY, Kind, kind, load_entry_point, load_local_plugins, reserve  # noqa: F401

reserve("input", "The input itself cannot be read; emitted by the engine.")
reserve("schema", "A value of the wrong type or shape; emitted by the engine.")
