"""Render the primary navigation once per folder instead of once per page.

The navigation lists sections and their index pages, not the items (experiences, outputs, browse
pages): on every item page of a folder it is the same HTML, because its links are relative to the
page's folder and the only highlighted entries are the page's section ancestors. So the HTML is
kept per (folder, ancestors) and reused by the pages that are not in the navigation themselves.
Pages in the navigation (their entry is highlighted and carries their table of contents) are
rendered as usual. The plugin option `nav_fragments: false` renders every page's navigation (the
tests compare both builds).

The plugin hands over the navigation and the template calls `nav_fragment`.
"""
from __future__ import annotations

import posixpath


def guard() -> str | None:
    """MkDocs's navigation as the key reads it: pages with url, ancestors, meta and is_page,
    sections with children (public attributes, declared on the classes or their annotations;
    overrides/main.html calls nav_fragment)."""
    from mkdocs.structure.nav import Section
    from mkdocs.structure.pages import Page

    for cls, names in ((Page, ("url", "ancestors", "is_page", "meta")), (Section, ("children", "is_section"))):
        declared = {name for base in cls.__mro__ for name in getattr(base, "__annotations__", {})}
        for name in names:
            if not hasattr(cls, name) and name not in declared:
                return f"MkDocs's {cls.__name__} has no {name}"
    return None


def _walk(items):
    for item in items:
        yield item
        yield from _walk(getattr(item, "children", None) or [])


class NavFragments:
    """The navigation's HTML of one build, per key (see `key`)."""

    def __init__(self) -> None:
        self.enabled = True
        self.nav = None
        self.in_nav: set[int] = set()
        self.nav_urls: tuple[str, ...] = ()
        self.html: dict[tuple, str] = {}

    def reset(self, nav) -> None:
        """A new build (one per language): forget the previous navigation's HTML."""
        pages = [item for item in _walk(nav.items) if getattr(item, "is_page", False)]
        self.nav, self.in_nav, self.nav_urls, self.html = nav, {id(p) for p in pages}, tuple(p.url for p in pages), {}

    def key(self, page) -> tuple | None:
        """What the navigation's HTML depends on for `page`, or None to render it every time."""
        if not self.enabled or not page or self.nav is None:
            return None
        url = getattr(page, "url", None)
        if url is None or id(page) in self.in_nav or not url.strip("/"):
            return None
        if any(target.startswith(url) for target in self.nav_urls):
            return None  # a navigation entry below this page: its relative link is page-specific
        ancestors = tuple(id(a) for a in (getattr(page, "ancestors", None) or []))
        meta = getattr(page, "meta", None) or {}
        hidden = "navigation" in (meta.get("hide") or [])
        folder = posixpath.dirname(url.rstrip("/"))
        return (folder, url.endswith("/"), ancestors, hidden)

    def nav_fragment(self, page, caller):
        """Jinja `{% call kb_nav_fragment(page) %}...{% endcall %}`: the body's HTML, from the cache
        when another page with the same key rendered it already."""
        k = self.key(page)
        if k is None:
            return caller()
        if k not in self.html:
            self.html[k] = caller()
        return self.html[k]
