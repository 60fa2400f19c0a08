"""What the checker must know of the site's Markdown renderer, registered by the adapter.

How a heading becomes an anchor, and what is a link or an image, are decided by the renderer the
generator uses (today Python-Markdown and its toc extension). The pipeline never imports the
generator: the adapter registers the renderer's own functions here (kb/adapter/syntax.py), when
the MkDocs plugin loads and when the command line starts (kb/__main__.py). A change of generator
registers other functions.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

_slugify: Callable[[str], str] | None = None
_links: Callable[[str], Iterator[tuple[int, str, bool]]] | None = None


def register(slugify: Callable[[str], str], links: Callable[[str], Iterator[tuple[int, str, bool]]]) -> None:
    """Set the function that turns a heading's text into its anchor, and the one that finds links."""
    global _slugify, _links  # the registry the adapter fills once, at startup
    _slugify, _links = slugify, links


def _missing() -> RuntimeError:
    return RuntimeError("no Markdown renderer registered: run through `python -m kb` or the MkDocs plugin kb")


def slugify(text: str) -> str:
    """The anchor the site's renderer gives a heading whose text (markup removed) is `text`."""
    if _slugify is None:
        raise _missing()
    return _slugify(text)


def links(text: str) -> Iterator[tuple[int, str, bool]]:
    """(offset of the destination in `text`, destination, is an image) for each link and image the
    site's renderer makes of `text` (a page's body, code blanked out), reference definitions
    included, in order of offset. The destination is what the page's href or src will hold."""
    if _links is None:
        raise _missing()
    return _links(text)
