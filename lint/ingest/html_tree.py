"""Where elements stand in a parsed page's tree: the element that holds a set of others, and containment."""

from __future__ import annotations

from typing import Any


def ancestry(el: Any) -> list[Any]:
    chain = [el]
    chain.extend(el.iterancestors())
    chain.reverse()
    return chain


def common_container(elements: list[Any]) -> Any:
    """The innermost element holding all of ``elements`` that is a container, not one of the markers itself."""
    chains = [ancestry(el) for el in elements]
    common = chains[0][0]
    for depth in range(min(len(c) for c in chains)):
        node = chains[0][depth]
        if all(c[depth] is node for c in chains):
            common = node
        else:
            break
    # A marker that is itself the common ancestor (one heading, one table) is not a container.
    if len(elements) == 1 or common.tag in ("p", "table", "h1", "h2", "h3", "h4", "h5", "h6", "span",
                                            "strong", "b", "font"):
        parent = common.getparent()
        return parent if parent is not None else common
    return common


def within(el: Any, container: Any) -> bool:
    return el is container or any(a is container for a in el.iterancestors())
