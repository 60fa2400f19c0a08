"""Checker rules: the text of a page as GitHub shows it and as the site renders it, placeholders.

Where Python-Markdown (the site) and GitHub's preview (CommonMark/GFM) disagree, either the site
renders what GitHub shows (an extension in mkdocs.yml: bare URLs with pymdownx.magiclink,
~~strike~~ with pymdownx.tilde, an ordered list's first number with sane_lists) or a rule here
reports the construct with a way of writing it that renders the same in both. The decisions are
listed in CONTRIBUTING.md. Codes (messages in data/i18n/checker.yml):
  KB110 a list right after a paragraph line (no blank line): GitHub shows a list, the site text
  KB111 a table right after a paragraph line: GitHub shows a table, the site text
  KB112 a nested list item indented by fewer than 4 spaces: the site flattens it
  KB113 a heading underlined with === or --- (setext): write ## Title (warning)
  KB114 a heading level skipped (## then ####) (warning)
  KB115 a line ending with a backslash: GitHub breaks the line, the site shows the \\ (warning)
  KB116 a task list item - [ ]: GitHub shows a checkbox, the site the brackets (warning)
  KB052 / KB053 placeholder text (TODO, TBD, FIXME, lorem ipsum, xxx) on a published page /
        on a draft (the words of `make new` are KB050 / KB051, in rules/body.py)
The scan is one pass over the lines, code blocks blanked out (check/markdown.py's mask_code): no rendering.
"""
from __future__ import annotations

import re

from kb.check.context import Context
from kb.check.runner import page_rule
from kb.content.pages import Page

_BULLET = re.compile(r"^( *)([-*+])[ \t]+(\S)")
_ORDERED = re.compile(r"^( *)(\d{1,9})([.)])[ \t]+(\S)")
_TASK = re.compile(r"^ *[-*+][ \t]+\[[ xX]\][ \t]")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_DELIMITER_ROW = re.compile(r"^ *\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *$")
_HR = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_BLOCK_START = re.compile(r"^ *(?:!!!|\?\?\?|<|\||>|\*\[|\[[^\]]+\]:|:[ \t]|\{:?)")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_item(line: str) -> re.Match | None:
    return _BULLET.match(line) or _ORDERED.match(line)


def markdown_findings(masked: str):
    """(line index in the body, column, code, args) for each construct GitHub and the site show
    differently. `masked` is the body with code blanked out."""
    lines = masked.split("\n")
    prev = ""  # the previous non-blank line
    prev_blank = True
    para = False  # the previous line is a line of a plain paragraph (not in a list)
    items: list[int] = []  # indents of the open list items, outermost first
    last_level = 1  # the page title is the level-one heading
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            prev_blank, para = True, False
            continue
        indent = len(line) - len(line.lstrip(" "))
        first = line[indent]
        if first.isalpha() and not items:
            # the common case: a line of text (no list, heading, table or block can start so)
            end = line.rstrip()
            if end.endswith("\\") and not end.endswith("\\\\") and "|" not in line:
                nxt = lines[i + 1] if i + 1 < len(lines) else ""
                if nxt.strip() and not _is_item(nxt):
                    yield i, len(end), "KB115", {}
            if "|" in line and i + 1 < len(lines) and "|" in lines[i + 1]:
                pass  # a table header: left to the full path below
            else:
                para = True
                prev, prev_blank = line, False
                continue
        item = _is_item(line) if (first in "-*+" or first.isdigit()) else None
        if items and prev_blank and not item and indent <= items[0]:
            items = []  # a paragraph after a blank line, not indented under the list: it ended
        if item and not _HR.match(line):
            if para and not items and (item.re is _BULLET or item.group(2) == "1"):
                yield i, indent + 1, "KB110", {}
            elif items:
                parents = [n for n in items if n < indent]
                if parents and indent - parents[-1] < 4:
                    yield i, indent + 1, "KB112", {"spaces": indent - parents[-1], "column": parents[-1] + 5}
            if _TASK.match(line):
                yield i, indent + 1, "KB116", {}
            items = [n for n in items if n < indent] + [indent]
            prev, prev_blank, para = line, False, False
            continue
        atx = _ATX.match(line) if first == "#" else None
        if atx:
            level = len(atx.group(1))
            if level > last_level + 1:
                yield i, indent + 1, "KB114", {"level": "#" * level, "expected": "#" * (last_level + 1)}
            last_level = level
            items = []
            prev, prev_blank, para = line, False, False
            continue
        if para and first in "=-" and _SETEXT.match(line):
            level = 1 if stripped[0] == "=" else 2
            yield i, indent + 1, "KB113", {"fixed": "#" * max(level, 2) + " " + prev.strip()}
            last_level = max(level, 2)
            prev, prev_blank, para = line, False, False
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if para and "|" in line and "|" in nxt and "-" in nxt and _DELIMITER_ROW.match(nxt):
            yield i, indent + 1, "KB111", {}
        block = not first.isalnum() and (bool(_BLOCK_START.match(line)) or _HR.match(line) is not None)
        end = line.rstrip()
        backslash = end.endswith("\\") and not end.endswith("\\\\")
        if not block and backslash and "|" not in line and nxt.strip() and not _is_item(nxt):
            yield i, len(end), "KB115", {}
        para = not block and not items
        prev, prev_blank = line, False


@page_rule
def github_markdown(page: Page, ctx: Context):
    """Constructs that GitHub's preview and the site render differently."""
    if page.parsed.meta is None:
        return
    masked = ctx.masked(page)
    first_line = page.parsed.body_line
    for index, col, code, args in markdown_findings(masked):
        yield ctx.at(page, code, first_line + index, col, **args)


# --- placeholders ------------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"lorem ipsum|\bTODO\b|\bTBD\b|\bFIXME\b|\bxxx+\b", re.IGNORECASE)
_WORDS: tuple[tuple[str, bool], ...] = (("lorem ipsum", False), ("todo", True), ("tbd", True), ("fixme", True), ("xxx", True))


def _boundary(text: str, i: int) -> bool:
    return i < 0 or i >= len(text) or not (text[i].isalnum() or text[i] == "_")


def placeholder_hits(text: str):
    """(offset, word) for each placeholder in `text`, as PLACEHOLDER finds them, but with str.find
    on the lower-cased text (the regex costs seconds on 2,000 pages: "todo" is in "metodo")."""
    low = text.lower()
    if len(low) != len(text):  # a character that lower-cases to two: offsets would shift
        yield from ((m.start(), m.group(0)) for m in PLACEHOLDER.finditer(text))
        return
    for word, whole in _WORDS:
        start = low.find(word)
        while start != -1:
            end = start + len(word)
            if word == "xxx":
                while end < len(low) and low[end] == "x":
                    end += 1
            if not whole or (_boundary(low, start - 1) and _boundary(low, end)):
                yield start, text[start:end]
            start = low.find(word, end)


@page_rule
def placeholder_text(page: Page, ctx: Context):
    """Placeholder words left on a page: an error on a published page, a warning on a draft."""
    meta = page.parsed.meta
    if meta is None:
        return
    head = getattr(page.parsed, "_text", "") or ""
    code = "KB053" if meta.get("status") == "draft" else "KB052"
    for offset, word in sorted(placeholder_hits(head)):
        line = 2 + head.count("\n", 0, offset)
        col = offset - (head.rfind("\n", 0, offset) + 1) + 1
        yield ctx.at(page, code, line, col, word=word)
    for offset, word in sorted(placeholder_hits(page.body)):
        yield ctx.at(page, code, *ctx.body_pos(page, offset), word=word)
