"""Which rules run and at what severity: one rule for ``select``, ``ignore`` and ``severity`` alike.

As in flake8 and Ruff, a code is decided by the longest prefix that names it,
and what the user wrote explicitly beats what holds by default:

* the command line beats the configuration file, which beats the pack;
* within one of them, the longest matching prefix decides (``B301`` beats ``B``);
* on a tie of the same prefix in ``select`` and ``ignore``, ``ignore`` wins;
* when a ``select`` list is given, a code it does not reach is off — except the
  E0xx codes, which say a file could not be read and stay on unless a prefix
  starting with ``E`` switches them off.

Scoring uses the same longest-prefix rule (:mod:`lint.engine.scoring`).
"""

from __future__ import annotations

from dataclasses import field
from typing import Iterable, Mapping

from lint.model import Severity
from lint.records import record


def longest_prefix(code: str, prefixes: Iterable[str]) -> str | None:
    """The longest of ``prefixes`` that ``code`` starts with, or None."""
    best: str | None = None
    for prefix in prefixes:
        if code.startswith(prefix) and (best is None or len(prefix) > len(best)):
            best = prefix
    return best


@record(frozen=True)
class Layer:
    """What one source of settings (the command line, a configuration file) says."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)

    def decides(self, code: str) -> bool | None:
        """True/False when this layer selects or ignores ``code``; None when it says nothing."""
        chosen = longest_prefix(code, self.select)
        dropped = longest_prefix(code, self.ignore)
        if chosen is None and dropped is None:
            if self.select and not code.startswith("E"):
                return False  # a select list names what runs: the rest is off
            return None
        if dropped is not None and (chosen is None or len(dropped) >= len(chosen)):
            return False
        return True


@record(frozen=True)
class Selection:
    """Layers from the most to the least explicit; the first that decides a code wins."""

    layers: tuple[Layer, ...] = ()

    def enabled(self, code: str, default: bool = True) -> bool:
        for layer in self.layers:
            verdict = layer.decides(code)
            if verdict is not None:
                return verdict
        return default

    def severity(self, code: str, default: Severity) -> Severity:
        for layer in self.layers:
            prefix = longest_prefix(code, layer.severity)
            if prefix is not None:
                return layer.severity[prefix]
        return default

    def codes(self) -> set[str]:
        """Every code or prefix any layer names (for checking that they exist)."""
        return {c for layer in self.layers for c in (*layer.select, *layer.ignore, *layer.severity)}

    def then(self, layer: Layer) -> "Selection":
        """This selection with a less explicit layer below it."""
        return Selection(self.layers + (layer,))
