"""How the checker reads a page's Markdown: code masked out, links and images, heading anchors.

Links and images are found by the site's renderer itself, and heading ids made by it (both
registered in kb/content/renderer.py by the adapter): the checker reports the links the
built site has, not those a regular expression of its own would guess."""
from __future__ import annotations

import re
from collections.abc import Iterator

from kb.content import renderer

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def mask_code(text: str) -> str:
    """The text with fenced code blocks and inline code replaced by spaces (offsets kept)."""
    if "`" not in text and "~~~" not in text:
        return text
    out = []
    fence: str | None = None
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
                out.append(" " * len(line))
                continue
            out.append(_CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line) if "`" in line else line)
        else:
            marks = match.group(1) if match else ""
            if marks and marks[0] == fence[0] and len(marks) >= len(fence) and not line.strip()[len(marks):].strip():
                fence = None
            out.append(" " * len(line))
    return "\n".join(out)


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_IMAGE_EXT = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"}


def iter_links(text: str) -> Iterator[tuple[int, str, bool]]:
    """(offset of the URL, URL, is an image) for Markdown links, images and reference definitions,
    as the site's renderer finds them (kb/content/renderer.py): what the built page links to."""
    if "](" in text or "]:" in text:
        yield from renderer.links(text)


_HEADING = re.compile(r"^[ \t]{0,8}(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_ATTR_ID = re.compile(r"\{[^{}\n]*?#([\w-]+)[^{}\n]*\}")
_HTML_ID = re.compile(r"\b(?:id|name)\s*=\s*[\"']([^\"']+)[\"']")


def anchors_of(body: str, masked: str | None = None) -> set[str]:
    """The ids a link may point at with #…: heading ids (made by the site's renderer, found on
    the lines that start with #), attribute lists `{#id}`, and HTML id/name attributes."""
    masked = mask_code(body) if masked is None else masked
    ids: set[str] = set()
    for m in _HEADING.finditer(masked):
        written = _HEADING.match(body, m.start())  # the heading as written, its inline code too
        slug = renderer.heading_id((written or m).group(2))
        base, n = slug, 0
        while slug in ids or not slug:
            n += 1
            slug = f"{base}_{n}"
        ids.add(slug)
    ids.update(m.group(1) for m in _ATTR_ID.finditer(masked))
    ids.update(m.group(1) for m in _HTML_ID.finditer(body))
    return ids
