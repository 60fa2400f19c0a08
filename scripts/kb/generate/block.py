"""The generated blocks as objects: what the build adds to a page, kept as data until the end.

A `Block` is a piece of raw HTML made by the build (a list of items, a filter with its list, the
metadata box of an item, the territory diagram): its kind, the items it lists (Page objects or
vocabulary values, in order), and its HTML in three parts, `head`, one line per item, `tail`.
Whoever needs fewer items (the printed guide) asks the Block for them (`cut`), never the HTML.

A `Fragment` is what a generator adds to a page: Markdown text and Blocks, in order. The Markdown
goes through Python-Markdown; each Block reaches it only as an opaque marker (an HTML comment,
`PageBlocks.marker`), and is put back after the conversion by a plain replacement of that marker
(`PageBlocks.restore`): Markdown never reads the thousands of tags of the lists, and nothing looks
for the build's own HTML again. A page's own text is never touched: only the markers its Blocks
were given are replaced.

No other kb import here: a plain data type that generate/ and guide/ share.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Block:
    """Raw HTML made by the build, with the items it lists.

    kind: 'item-list' (a group of items: phase pages, /browse/ pages), 'items' (a section's items
    with their count and filter), 'latest', 'item-meta', 'value-list', 'territory-map', 'filter'.
    """

    kind: str
    items: tuple = ()  # the Pages or values listed, in order (one line each)
    lines: tuple[str, ...] = ()  # the HTML of each item, in the same order
    head: str = ""  # the HTML before the first item ('<ul class="kb-list">')
    tail: str = ""  # the HTML after the last item ('</ul>')

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def html(self) -> str:
        return self.render()

    def render(self, limit: int | None = None) -> str:
        """The whole block, or its first `limit` items only."""
        lines = self.lines if limit is None else self.lines[:limit]
        if not lines and not self.lines:
            return self.head + self.tail
        return self.head + "\n" + "\n".join(lines) + "\n" + self.tail

    def cut(self, limit: int | None, more: Callable[[int, int], str] | None = None) -> str:
        """The first `limit` items, then `more(shown, total)` (the 'N of M' line) if some were left
        out; the whole block when it is no longer than `limit`."""
        if not limit or self.total <= limit:
            return self.render()
        return self.render(limit) + (more(limit, self.total) if more is not None else "")

    def map(self, fn: Callable[[str], str]) -> Block:
        """The same block with `fn` applied to each piece of its HTML (abbreviation tooltips)."""
        return replace(self, head=fn(self.head), lines=tuple(fn(line) for line in self.lines), tail=fn(self.tail))

    def to_data(self) -> dict:
        """What the printed guide needs of it, as JSON data (the items are not kept: their lines are)."""
        return {"kind": self.kind, "head": self.head, "lines": list(self.lines), "tail": self.tail}

    @classmethod
    def from_data(cls, data: dict) -> Block:
        return cls(kind=data["kind"], lines=tuple(data["lines"]), head=data["head"], tail=data["tail"])


def html_list(kind: str, items: Iterable, lines: Iterable[str], cls: str = "") -> Block:
    """A <ul> of one line per item: Python-Markdown would store it as it is (a raw HTML block)."""
    return Block(kind, tuple(items), tuple(lines), (f'<ul class="{cls}">' if cls else "<ul>"), "</ul>")


@dataclass
class Fragment:
    """What a generator adds to a page: Markdown text (str) and Blocks, joined by blank lines."""

    kind: str
    parts: list = field(default_factory=list)
    items: tuple = ()  # what the fragment is about, in order (Pages, terms, values)

    @property
    def blocks(self) -> list[Block]:
        return [part for part in self.parts if isinstance(part, Block)]

    def markdown(self, place: Callable[[Block], str]) -> str:
        """The Markdown of the fragment, each Block replaced by what `place` returns (its marker)."""
        return "\n\n".join(place(p) if isinstance(p, Block) else p for p in self.parts if p != "")

    def __bool__(self) -> bool:
        return any(part != "" for part in self.parts)


class PageBlocks:
    """The Blocks of one page, in order, each behind its marker.

    A marker is an HTML comment made of a token of the process (never in the output, and a page's
    text cannot guess it), a digest of the page's path and the block's number on the page: markers
    of two pages differ, and they are the same in every rebuild of `make serve` (its render cache
    then still recognises a page whose lists changed but whose text did not)."""

    def __init__(self, token: str, rel: str, transform: Callable[[Block], Block] | None = None):
        self.token = token
        self.rel = rel
        self.page_key = hashlib.sha1(rel.encode("utf-8")).hexdigest()[:12]
        self.transform = transform
        self.blocks: list[Block] = []
        self.markers: list[str] = []

    def marker(self, block: Block) -> str:
        """Keep `block` and return the marker that stands for it in the Markdown."""
        marker = f"<!--kb-{self.token}-{self.page_key}-{len(self.blocks)}-->"
        self.blocks.append(self.transform(block) if self.transform is not None else block)
        self.markers.append(marker)
        return marker

    def place(self, fragment: Fragment | str) -> str:
        """The Markdown of a fragment, with markers in place of its Blocks."""
        return fragment.markdown(self.marker) if isinstance(fragment, Fragment) else fragment

    def restore(self, html: str, render: Callable[[Block], str] | None = None) -> str:
        """`html` with each marker replaced by its Block (`render(block)`, by default its HTML)."""
        for marker, block in zip(self.markers, self.blocks, strict=True):
            html = html.replace(marker, render(block) if render is not None else block.html)
        return html

    def to_data(self) -> list[dict]:
        return [dict(block.to_data(), marker=marker) for marker, block in zip(self.markers, self.blocks, strict=True)]
