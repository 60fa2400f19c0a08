"""What every rule is given: the corpus, the schema, one walk of the tree under docs/, and the
helpers that turn a place in a page into a Finding."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kb.check.findings import Finding
from kb.check.markdown import anchors_of, mask_code
from kb.check.messages import severity_of
from kb.content import frontmatter
from kb.content.pages import Corpus, Page
from kb.content.paths import ROOT
from kb.content.schema import Schema, load_schema


@dataclass
class Tree:
    """Every file and folder under docs/ (paths relative to docs/, '/' separators), from one walk.

    Symbolic links are never followed: a link that leaves docs/ is only recorded in `escaping`.
    """

    files: set[str] = field(default_factory=set)
    dirs: set[str] = field(default_factory=set)
    escaping: dict[str, str] = field(default_factory=dict)  # link -> its target as written


def scan_tree(docs: Path) -> Tree:
    tree = Tree()
    root = os.path.realpath(docs)
    stack: list[tuple[str, str]] = [("", str(docs))]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            rel = prefix + entry.name
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if os.path.commonpath([target, root]) != root:
                        tree.escaping[rel] = os.readlink(entry.path)
                    elif os.path.isdir(target):
                        tree.dirs.add(rel)  # not walked: a link inside docs/ may loop
                    else:
                        tree.files.add(rel)
                elif entry.is_dir(follow_symlinks=False):
                    tree.dirs.add(rel)
                    stack.append((rel + "/", entry.path))
                else:
                    tree.files.add(rel)
            except (OSError, ValueError):
                tree.files.add(rel)
    return tree


# --- context given to the rules -----------------------------------------------------------------

class Context:
    """What every rule may need: the corpus, the schema, the tree, and how to make a Finding."""

    def __init__(self, corpus: Corpus, schema: Schema | None = None, tree: Tree | None = None):
        self.corpus = corpus
        self.docs = Path(corpus.docs)
        self.schema = schema or load_schema()
        self.tree = tree if tree is not None else scan_tree(self.docs)
        self.display_docs = _display_docs(self.docs)
        self._positions: dict[int, dict] = {}
        self._anchors: dict[tuple[str, str], set[str]] = {}
        self._masked: dict[int, str] = {}
        self.link_cache: dict[tuple, tuple | None] = {}  # see resolve_link
        self.image_sizes: dict[str, int | None] = {}  # docs-relative path -> bytes (rules/links_media.py)

    # where
    def display(self, page: Page) -> str:
        return f"{self.display_docs}/{page.lang}/{page.rel}"

    def display_rel(self, docs_rel: str) -> str:
        return f"{self.display_docs}/{docs_rel}"

    def positions(self, page: Page) -> dict:
        key = id(page)
        if key not in self._positions:
            self._positions[key] = frontmatter.positions(page.parsed)
        return self._positions[key]

    def key_pos(self, page: Page, path: tuple) -> tuple[int, int]:
        """(line, col) of a front-matter path, or of its closest parent that is written."""
        positions = self.positions(page)
        path = tuple(path)
        while path:
            if path in positions:
                return positions[path]
            path = path[:-1]
        return self.closing_line(page), 1

    @staticmethod
    def closing_line(page: Page) -> int:
        """The line of the closing --- of the front matter (where a missing field goes)."""
        return max(page.parsed.body_line - 1, 1)

    @staticmethod
    def body_pos(page: Page, offset: int) -> tuple[int, int]:
        body = page.body
        line = page.parsed.body_line + body.count("\n", 0, offset)
        col = offset - (body.rfind("\n", 0, offset) + 1) + 1
        return line, col

    # what
    def at(self, page: Page, code: str, line: int = 1, col: int = 1, **args) -> Finding:
        return Finding(self.display(page), line, col, code, severity_of(code), args)

    def at_key(self, page: Page, code: str, path: tuple, **args) -> Finding:
        line, col = self.key_pos(page, path)
        return self.at(page, code, line, col, **args)

    def at_file(self, display_path: str, code: str, line: int = 1, col: int = 1, **args) -> Finding:
        return Finding(display_path, line, col, code, severity_of(code), args)

    def anchors(self, page: Page) -> set[str]:
        key = (page.lang, page.rel)
        if key not in self._anchors:
            self._anchors[key] = anchors_of(page.body, self.masked(page))
        return self._anchors[key]

    def masked(self, page: Page) -> str:
        """The page's body with code blocks and inline code blanked out (offsets kept)."""
        key = id(page)
        if key not in self._masked:
            self._masked[key] = mask_code(page.body)
        return self._masked[key]


def _display_docs(docs: Path) -> str:
    """docs/ as shown in messages: relative to the repository, or 'docs' for a tree elsewhere."""
    docs = docs.resolve()
    try:
        return docs.relative_to(ROOT).as_posix()
    except ValueError:
        return docs.name
