"""What matching a style sheet's selector on one page can select, and what it costs, before it is matched.

lxml matches a selector as the XPath cssselect translates it to, left to
right: ``div div span`` walks the subtree of every ``div`` once for each
``div`` above it, and libxml2 merges what each step reaches from several
elements into its result by searching the result for a copy of each: on a
page of 250 nested ``div``, or of 30,000 sibling ``span``, one selector takes
seconds and two thousand of them take hours.  :func:`shape` reads from a
parsed selector (once, whatever the page) the tags, classes and ids each of
its compounds names and how they are combined; :class:`Page` counts, in one
walk over the page and only when a selector combines compounds, how many
elements each tag, class and id has and how many elements their subtrees,
children and siblings hold.  :meth:`Page.cost` bounds from those the steps
a selector's XPath takes (what each step reaches, times what it keeps when
it starts from more than one element), and :meth:`Page.may_match` tells a
selector that names a tag, class or id the page does not have, which cannot
match and costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_ALL = "*"
#: pseudo-classes whose XPath counts an element's siblings (``count(preceding-sibling::*)``)
_SIBLING_COUNTING = ("first-child", "last-child", "only-child", "first-of-type", "last-of-type", "only-of-type",
                     "nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type")


@dataclass(frozen=True)
class Compound:
    keys: tuple[str, ...]  # ``t:tag``, ``c:class``, ``i:id`` it names; ``*`` alone when none
    combinator: str | None  # to the next compound; None for the subject
    counts_siblings: bool
    searches_below: int  # compounds a ``:has(…)`` of it looks for below each element


def shape(tree: Any) -> tuple[Compound, ...]:
    """The compounds of a parsed selector (cssselect's tree), left to right."""
    out = []
    for compound, combinator in _compounds(tree):
        parts = _parts(compound)
        keys = tuple(key for part in parts for key in _named(part)) or (_ALL,)
        out.append(Compound(keys, combinator, _counts_siblings(parts),
                            sum(len(_compounds(t)) for p in parts if type(p).__name__ == "Relation"
                                for t in _nested(p))))
    return tuple(out)


class Page:
    """What one page has: its classes, ids and tags; and, per tag, class and id, its elements and the elements
    their subtrees, children and siblings hold (counted when first asked)."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self.size = int(root.xpath("count(//*)"))
        self._names = {"c": {n for value in root.xpath("//@class") for n in value.split()},
                       "i": set(root.xpath("//@id"))}
        self._tags: dict[str, bool] = {}
        self._stats: tuple[dict[str, int], ...] | None = None

    def has(self, key: str) -> bool:
        if key == _ALL:
            return True
        kind, name = key[0], key[2:]
        if kind != "t":
            return name in self._names[kind]
        if name not in self._tags:
            try:
                self._tags[name] = next(self.root.iter(name), None) is not None
            except ValueError:  # no name an element can have
                self._tags[name] = False
        return self._tags[name]

    def may_match(self, compounds: tuple[Compound, ...]) -> bool:
        """Whether every compound names only tags, classes and ids the page has (what :not(), :is() and the
        like take as arguments need not be there)."""
        return all(self.has(key) for compound in compounds for key in compound.keys)

    def cost(self, compounds: tuple[Compound, ...]) -> int:
        """About how many steps lxml takes to match a selector of these compounds on this page."""
        total = self.size  # descendant-or-self:: the leftmost compound, over the whole page
        if len(compounds) == 1 and not compounds[0].counts_siblings and not compounds[0].searches_below:
            return total
        count, subtree, children, siblings = self._counted()
        for n, compound in enumerate(compounds):
            keys = compound.keys
            if compound.combinator is not None:
                table = {" ": subtree, ">": children, "~": siblings}.get(compound.combinator, count)
                reached = min(table.get(key, 0) for key in keys)
                kept = min(count.get(key, 0) for key in compounds[n + 1].keys)
                several = min(count.get(key, 0) for key in keys) > 1
                total += reached * (max(1, min(reached, kept)) if several else 1)
            if compound.counts_siblings:
                total += min(siblings.get(key, 0) for key in keys)
            total += compound.searches_below * min(subtree.get(key, 0) for key in keys) * self.size
        return total

    def _counted(self) -> tuple[dict[str, int], ...]:
        if self._stats is None:
            self._stats = _count(self.root)
        return self._stats


def _count(root: Any) -> tuple[dict[str, int], ...]:
    """(elements, subtree elements, children, siblings) per tag, class and id of the page, in one walk."""
    from lxml import etree

    count: dict[str, int] = {}
    subtree: dict[str, int] = {}
    children: dict[str, int] = {}
    siblings: dict[str, int] = {}
    # per open element: its number in document order and the keys of its element children so far
    # (lxml counts an element's children by walking them: len() on each child's parent is quadratic)
    open_: list[tuple[int, list[list[str]]]] = []
    seen = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(el.tag, str):
            continue
        if event == "start":
            seen += 1
            open_.append((seen, []))
            continue
        number, below = open_.pop()
        keys = _keys(el)
        if open_:
            open_[-1][1].append(keys)
        for child in below:
            for key in child:
                siblings[key] = siblings.get(key, 0) + len(below) - 1
        for key in keys:
            count[key] = count.get(key, 0) + 1
            subtree[key] = subtree.get(key, 0) + seen - number
            children[key] = children.get(key, 0) + len(below)
    return count, subtree, children, siblings


def _keys(el: Any) -> list[str]:
    keys = [_ALL, "t:" + el.tag.lower()]
    names = el.get("class")
    if names:
        keys.extend("c:" + name for name in names.split())
    ident = el.get("id")
    if ident is not None:
        keys.append("i:" + ident)
    return keys


def _compounds(tree: Any) -> list[tuple[Any, str | None]]:
    """(compound, combinator to the next compound or None for the subject) from left to right."""
    out: list[tuple[Any, str | None]] = []
    node, after = tree, None
    while type(node).__name__ == "CombinedSelector":
        out.append((node.subselector, after))
        node, after = node.selector, node.combinator
    out.append((node, after))
    out.reverse()
    return out


def _parts(compound: Any) -> list[Any]:
    parts = []
    node = compound
    while node is not None:
        parts.append(node)
        node = getattr(node, "selector", None) if type(node).__name__ != "Element" else None
    return parts


def _named(part: Any) -> list[str]:
    kind = type(part).__name__
    if kind == "Class":
        return ["c:" + part.class_name]
    if kind == "Hash":
        return ["i:" + part.id]
    if kind == "Element" and part.element not in (None, "*"):
        return ["t:" + part.element.lower()]
    return []


def _nested(part: Any) -> list[Any]:
    """The selectors a functional pseudo-class takes as arguments (``:not(…)``, ``:is(…)``, ``:has(…)``)."""
    kind = type(part).__name__
    if kind == "Negation":
        return [part.subselector]
    if kind in ("Matching", "SpecificityAdjustment"):
        return list(part.selector_list)
    if kind == "Relation":
        return [selector.parsed_tree for _, selector in part.arguments]
    return []


def _counts_siblings(parts: list[Any]) -> bool:
    """Whether a compound's XPath counts each candidate's siblings (``:nth-child`` and the like, also inside
    ``:not()``/``:is()``)."""
    for part in parts:
        kind = type(part).__name__
        name = part.ident if kind == "Pseudo" else part.name if kind == "Function" else ""
        if name.lower() in _SIBLING_COUNTING:
            return True
        if any(_counts_siblings(_parts(c)) for tree in _nested(part) for c, _ in _compounds(tree)):
            return True
    return False
