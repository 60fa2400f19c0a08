"""A lean navigation: sections and their index pages, not every item.

The navigation is printed in every HTML page; if it listed every experience and output, each page
would grow with the site (and the whole site with its square). Items are reached from the generated
lists instead. Pure function over a plain tree; adapter/files.py maps MkDocs' nav to it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KEPT_TYPES = frozenset({"page", "phase"})


@dataclass
class NavNode:
    """A navigation entry. `children` is None for a page or link, a list for a section."""

    ref: Any  # the object it stands for (an MkDocs Page, Section or Link)
    children: list[NavNode] | None = None
    page_type: str | None = None  # front matter type of a page; None for generated or unknown pages
    is_index: bool = False  # the index page of its section
    generated: bool = False  # a page generated at build time
    weight: int | None = None  # front matter weight (of a section: its index page's)
    title: str | None = None  # title of the page (of a section: its index page's)


def keep(node: NavNode) -> bool:
    """A page stays if it is its section's index or a hand-written page that is not an item."""
    if node.children is not None:
        return True
    if node.is_index:
        return True
    if node.generated:
        return False
    return node.page_type is None or node.page_type in KEPT_TYPES  # None: a link, or a page we do not know


def prune(nodes: list[NavNode]) -> list[NavNode]:
    """Drop items and generated pages below the index pages; drop sections left empty; order each
    level by `weight` (index first, then weight, then original order)."""
    out = []
    for position, node in enumerate(nodes):
        if node.children is not None:
            node.children = prune(node.children)
            if not node.children:
                continue
            index = next((c for c in node.children if c.is_index), None)
            if index is not None:
                node.weight = index.weight
                node.title = index.title or node.title
        if keep(node):
            out.append((position, node))
    out.sort(key=lambda pair: (not pair[1].is_index, pair[1].weight if pair[1].weight is not None else 1000, pair[0]))
    return [node for _position, node in out]
