"""What the tests need to know about a built HTML page, read with the standard library's parser."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that point to another resource, by element.
URL_ATTRS = {
    "a": ("href",), "link": ("href",), "area": ("href",),
    "script": ("src",), "img": ("src",), "iframe": ("src",), "source": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "embed": ("src",),
    "object": ("data",), "form": ("action",),
}


@dataclass
class Element:
    tag: str
    attrs: dict
    line: int


@dataclass
class Facts:
    lang: str = ""
    title: str = ""
    description: str | None = None
    h1: int = 0
    ids: set = field(default_factory=set)
    urls: list = field(default_factory=list)  # (tag, attr, value, line)
    elements: list = field(default_factory=list)  # elements with lang or hreflang


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.facts = Facts()
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        line = self.getpos()[0]
        if tag == "html":
            self.facts.lang = a.get("lang", "")
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self.facts.h1 += 1
        elif tag == "meta" and a.get("name") == "description":
            self.facts.description = a.get("content", "")
        if "id" in a:
            self.facts.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.facts.ids.add(a["name"])
        for name in URL_ATTRS.get(tag, ()):
            if name in a:
                self.facts.urls.append((tag, name, a[name], line))
        if "lang" in a or "hreflang" in a:
            self.facts.elements.append(Element(tag, a, line))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.facts.title += data


@lru_cache(maxsize=4096)
def _facts(path: str, mtime: float) -> Facts:
    parser = _Parser()
    parser.feed(Path(path).read_text(encoding="utf-8"))
    parser.close()
    parser.facts.title = " ".join(parser.facts.title.split())
    return parser.facts


def facts(path: Path) -> Facts:
    return _facts(str(path), path.stat().st_mtime)


SKIP_SCHEMES = {"mailto", "tel", "javascript", "data"}


def target_file(site: Path, base_path: str, page: Path, url: str) -> tuple[Path | None, str]:
    """The file an internal URL of `page` points to (None for another site) and its fragment."""
    parts = urlsplit(url)
    if parts.scheme in SKIP_SCHEMES:
        return None, ""
    if parts.scheme or parts.netloc:
        return None, ""  # another site (the caller turns the site's own address into a path)
    if not parts.path:
        return page, unquote(parts.fragment)
    if parts.path.startswith("/"):
        assert parts.path.startswith(base_path), f"{url} is outside the site ({base_path})"
        rel = parts.path[len(base_path):]
    else:
        rel = posixpath.join(page.parent.relative_to(site).as_posix(), parts.path)
    target = site / posixpath.normpath(unquote(rel))
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)
