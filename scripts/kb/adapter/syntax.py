"""The site's renderer as the pipeline sees it: Python-Markdown's own functions, registered in
kb/content/renderer.py for the checker (which imports no generator)."""
from __future__ import annotations

from markdown.extensions.toc import slugify as _toc_slugify

from kb.content import renderer

SEPARATOR = "-"  # the toc extension's default separator (mkdocs.yml does not change it)


def slugify(text: str) -> str:
    """The id the toc extension gives a heading whose text is `text`."""
    return _toc_slugify(text, SEPARATOR)


def register() -> None:
    renderer.register(slugify)


register()
