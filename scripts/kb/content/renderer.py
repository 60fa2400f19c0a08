"""What the checker must know of the site's Markdown renderer, registered by the adapter.

How a heading becomes an anchor, and what is a link or an image, are decided by the renderer the
generator uses (today Python-Markdown and its toc extension). The pipeline never imports the
generator: the adapter registers the renderer's own functions here (kb/adapter/syntax.py), when
the MkDocs plugin loads and when the command line starts (kb/__main__.py). A change of generator
registers other functions.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

_heading_id: Callable[[str], str] | None = None
_links: Callable[[str], Iterator[tuple[int, str, bool]]] | None = None


def register(heading_id: Callable[[str], str], links: Callable[[str], Iterator[tuple[int, str, bool]]]) -> None:
    """Set the function that turns a heading into its anchor, and the one that finds links."""
    global _heading_id, _links  # the registry the adapter fills once, at startup
    _heading_id, _links = heading_id, links


def _missing() -> RuntimeError:
    return RuntimeError("no Markdown renderer registered: run through `python -m kb` or the MkDocs plugin kb")


def heading_id(text: str) -> str:
    """The anchor the site's renderer gives a heading written `# text` (inline Markdown, HTML and
    an attribute list included), before it is made unique in its page."""
    if _heading_id is None:
        raise _missing()
    return _heading_id(text)


def links(text: str) -> Iterator[tuple[int, str, bool]]:
    """(offset of the destination in `text`, destination, is an image) for each link and image the
    site's renderer makes of `text` (a page's body, code blanked out), reference definitions
    included, in order of offset. The destination is what the page's href or src will hold."""
    if _links is None:
        raise _missing()
    return _links(text)
