"""Which of the theme's files the site publishes.

Material copies every file of its `assets/` folder into the site: the lunr.js search (about 60
files, 3 MB) and its worker, which this site does not use (Pagefind is its search), and the source
maps (1.1 MB), which only a developer's browser tools ever ask for. Leaving them out makes the
site (and every deploy) smaller and the build copies fewer files; no page references them.
"""
from __future__ import annotations

SEARCH_PLUGINS = ("search", "material/search")
BUILTIN_SEARCH_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")


def published(src_uri: str, plugins) -> bool:
    """False for a theme file that no page of this site uses."""
    if src_uri.endswith(".map"):
        return False
    if not any(name in plugins for name in SEARCH_PLUGINS) and src_uri.startswith(BUILTIN_SEARCH_FILES):
        return False
    return True
