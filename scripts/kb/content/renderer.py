"""What the checker must know of the site's Markdown renderer, registered by the adapter.

How a heading becomes an anchor is decided by the renderer the generator uses (today
Python-Markdown's toc extension). The pipeline never imports the generator: the adapter registers
the renderer's own functions here (kb/adapter/syntax.py), when the MkDocs plugin loads and when
the command line starts (kb/__main__.py). A change of generator registers other functions.
"""
from __future__ import annotations

from collections.abc import Callable

_slugify: Callable[[str], str] | None = None


def register(slugify: Callable[[str], str]) -> None:
    """Set the function that turns a heading's text into its anchor."""
    global _slugify  # noqa: PLW0603 - the registry the adapter fills once, at startup
    _slugify = slugify


def slugify(text: str) -> str:
    """The anchor the site's renderer gives a heading whose text (markup removed) is `text`."""
    if _slugify is None:
        raise RuntimeError("no Markdown renderer registered: run through `python -m kb` or the MkDocs plugin kb")
    return _slugify(text)
