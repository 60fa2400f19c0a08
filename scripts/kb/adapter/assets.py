"""Which of the theme's files the site publishes.

Material copies every file of its `assets/` folder into the site: the lunr.js search (about 60
files, 3 MB) and its worker, which this site does not use (Pagefind is its search), and the source
maps (1.1 MB), which only a developer's browser tools ever ask for. Leaving them out makes the
site (and every deploy) smaller and the build copies fewer files; no page references them.
"""
from __future__ import annotations

import os

SEARCH_PLUGINS = ("search", "material/search")
BUILTIN_SEARCH_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")


def published(src_uri: str, plugins) -> bool:
    """False for a theme file that no page of this site uses."""
    if src_uri.endswith(".map"):
        return False
    uses_builtin_search = any(name in plugins for name in SEARCH_PLUGINS)
    return uses_builtin_search or not src_uri.startswith(BUILTIN_SEARCH_FILES)


# --- listing the theme's files without walking its icons ---------------------------------------------
#
# MkDocs lists every file of the theme's folders (Jinja's list_templates) and then drops, among
# others, every path with a part that starts with a dot. Material's `.icons` folder holds some
# 14,000 SVG files, so each build process spends about a quarter of a second walking a folder
# whose files are all dropped. `install_theme_listing` makes MkDocs's `add_files_from_theme` skip
# dot folders while walking: the same list (tests/test_foundation.py compares both), less work.
# The plugin option `theme_listing: false` keeps MkDocs's own.

def _walk_theme(dirs: list[str], followlinks: bool = False) -> list[str]:
    """The paths (with '/') of the files in `dirs`, dot folders and dot files left out, each once,
    sorted, as jinja2.FileSystemLoader.list_templates gives them."""


    found = set()
    for top in dirs:
        for dirpath, dirnames, filenames in os.walk(top, followlinks=followlinks):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            rel = os.path.relpath(dirpath, top)
            for name in filenames:
                if name.startswith("."):
                    continue
                path = name if rel == "." else os.path.join(rel, name)
                found.add(path.replace(os.sep, "/"))
    return sorted(found)


def guard() -> str | None:
    """MkDocs's build calls Files.add_files_from_theme(self, env, config), which lists the theme
    with env.list_templates(filter_func=...) and drops dot files and dot folders ('.*', '*/.*');
    the theme's loader is Jinja's FileSystemLoader with searchpath and followlinks."""
    from jinja2 import FileSystemLoader
    from mkdocs.commands import build
    from mkdocs.structure.files import Files

    from kb.adapter.levers import parameters, source

    method = getattr(Files.add_files_from_theme, "_kb_original", Files.add_files_from_theme)
    if parameters(method) != ["self", "env", "config"]:
        return "Files.add_files_from_theme(self, env, config) changed"
    text = source(method)
    if "env.list_templates(filter_func=" not in text:
        return "Files.add_files_from_theme no longer lists the theme with env.list_templates(filter_func=...)"
    if "'.*'" not in text or "'*/.*'" not in text:
        return "Files.add_files_from_theme no longer drops the theme's dot files and folders"
    if ".add_files_from_theme(" not in source(build):
        return "MkDocs's build no longer calls Files.add_files_from_theme"
    loader = FileSystemLoader(".")
    if not isinstance(getattr(loader, "searchpath", None), list) or not hasattr(loader, "followlinks"):
        return "jinja2's FileSystemLoader has no searchpath or followlinks"
    return None


def install_theme_listing() -> bool:
    """Make MkDocs's Files.add_files_from_theme skip dot folders while walking (see above)."""
    from mkdocs.structure import files as mkdocs_files

    original = mkdocs_files.Files.add_files_from_theme
    if getattr(original, "_kb_listing", False):
        return True

    def add_files_from_theme(self, env, config):
        loader = getattr(env, "loader", None)
        if type(loader).__name__ != "FileSystemLoader":
            return original(self, env, config)  # not the loader this was written for

        class _Listing:  # what `original` needs from the environment: its list of files
            @staticmethod
            def list_templates(filter_func=None):
                names = _walk_theme(list(loader.searchpath), loader.followlinks)
                return [n for n in names if filter_func is None or filter_func(n)]

        return original(self, _Listing(), config)

    vars(add_files_from_theme).update(_kb_listing=True, _kb_original=original)
    mkdocs_files.Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]  # the lever
    return True
