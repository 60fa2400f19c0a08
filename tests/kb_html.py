"""A tiny HTML tree (standard library only) for tests that read built pages."""
from __future__ import annotations

import json
import posixpath
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: Node | None = None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list = []  # Node or str

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list[Node]:
        out = []
        for node in self.iter():
            if tag and node.tag != tag:
                continue
            if cls and cls not in (node.attrs.get("class") or "").split():
                continue
            if any(node.attrs.get(k.replace("_", "-")) != v for k, v in attrs.items()):
                continue
            out.append(node)
        return out

    def find(self, tag: str | None = None, cls: str | None = None, **attrs) -> Node | None:
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return " ".join(" ".join(parts).split())

    def links(self) -> list[tuple[str, str]]:
        return [(a.attrs.get("href", ""), a.text()) for a in self.find_all("a") if "href" in a.attrs]


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: (v or "") for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(text: str) -> Node:
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.root


def load(site: Path, url: str) -> Node:
    """The built page at a site URL ('fr/browse/' or 'browse/territory/torino/')."""
    return parse(page_file(site, url).read_text(encoding="utf-8"))


def page_file(site: Path, url: str) -> Path:
    return site / url / "index.html" if url.endswith("/") or url == "" else site / url


def resolve(page_url: str, href: str) -> str:
    """Site URL that a relative link on the page at `page_url` points to (no query, no fragment)."""
    href = href.split("#")[0].split("?")[0]
    if not href:
        return page_url
    base = page_url if page_url.endswith("/") or page_url == "" else posixpath.dirname(page_url) + "/"
    joined = posixpath.normpath(posixpath.join(base or ".", href))
    joined = "" if joined == "." else joined
    return joined + "/" if href.endswith("/") and joined else joined


def content(root: Node) -> Node:
    """The page's article (without the navigation and the header)."""
    article = root.find("article")
    assert article is not None, "no <article> in the page"
    return article


def jsonld(root: Node) -> list[dict]:
    scripts = root.find_all("script", type="application/ld+json")
    return [json.loads("".join(c for c in s.children if isinstance(c, str))) for s in scripts]
