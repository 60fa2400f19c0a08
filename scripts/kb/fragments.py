"""Render the primary navigation once per folder instead of once per page.

The navigation lists sections and their index pages, not the items (experiences, outputs, browse
pages): on every item page of a folder it is the same HTML, because its links are relative to the
page's folder and the only highlighted entries are the page's section ancestors. So the HTML is
kept per (folder, ancestors) and reused by the pages that are not in the navigation themselves.
Pages in the navigation (their entry is highlighted and carries their table of contents) are
rendered as usual. KB_NO_FRAGMENT_CACHE=1 renders every page's navigation (the tests compare).

No MkDocs import: the hook hands over the navigation and the template calls `nav_fragment`.
"""
from __future__ import annotations

import os
import posixpath

_state: dict = {"nav": None, "in_nav": set(), "nav_urls": (), "html": {}}


def _walk(items):
    for item in items:
        yield item
        yield from _walk(getattr(item, "children", None) or [])


def reset(nav) -> None:
    """A new build (one per language): forget the previous navigation's HTML."""
    pages = [item for item in _walk(nav.items) if getattr(item, "is_page", False)]
    _state.update(nav=nav, in_nav={id(p) for p in pages}, nav_urls=tuple(p.url for p in pages), html={})


def key(page) -> tuple | None:
    """What the navigation's HTML depends on for `page`, or None to render it every time."""
    if os.environ.get("KB_NO_FRAGMENT_CACHE") == "1" or not page or _state["nav"] is None:
        return None
    url = getattr(page, "url", None)
    if url is None or id(page) in _state["in_nav"] or not url.strip("/"):
        return None
    if any(target.startswith(url) for target in _state["nav_urls"]):
        return None  # a navigation entry below this page: its relative link is page-specific
    ancestors = tuple(id(a) for a in (getattr(page, "ancestors", None) or []))
    meta = getattr(page, "meta", None) or {}
    hidden = "navigation" in (meta.get("hide") or [])
    folder = posixpath.dirname(url.rstrip("/"))
    return (folder, url.endswith("/"), ancestors, hidden)


def nav_fragment(page, caller):
    """Jinja `{% call kb_nav_fragment(page) %}...{% endcall %}`: the body's HTML, from the cache
    when another page with the same key rendered it already."""
    k = key(page)
    if k is None:
        return caller()
    cache = _state["html"]
    if k not in cache:
        cache[k] = caller()
    return cache[k]
