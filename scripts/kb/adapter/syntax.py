"""The site's renderer as the pipeline sees it: Python-Markdown's own functions, registered in
kb/content/renderer.py for the checker (which imports no generator).

`heading_id` is the id the toc extension gives a heading: a heading with inline Markdown is
rendered by Python-Markdown (with toc and attr_list, as on the site), a plain one only slugified
(what rendering it would give). `links` finds links and images with Python-Markdown's own
pieces, applied in the renderer's order: its escape processor first, then its link processor
(`LINK_RE`, then `getText` and `getLink`: nested brackets, balanced parentheses, <…> destinations,
titles), images in a link's text, then its image processor on what the links left, and the
reference definitions its `ReferenceProcessor` reads. Offsets stay those of the page's text: the
escaped characters and the links already found are blanked, not removed.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import markdown
from markdown.extensions.toc import slugify as _toc_slugify

from kb.content import renderer
from kb.content.caches import cached

SEPARATOR = "-"  # the toc extension's default separator (mkdocs.yml does not change it)

# The processors a Markdown instance builds for itself, the ones it renders with.
_MD = markdown.Markdown()
_MD.convert(".")  # getLink reads the inline stash (empty here), which a first conversion creates
_ESCAPE = _MD.inlinePatterns["escape"]
_LINK = _MD.inlinePatterns["link"]
_IMAGE = _MD.inlinePatterns["image_link"]
_REFERENCE = _MD.parser.blockprocessors["reference"].RE
# Python-Markdown splits a document into blocks at blank lines (after blanking lines of spaces):
# a link never runs from one block into the next.
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# What stands for an escaped character or a link already found: not a bracket, a parenthesis,
# a quote or a space, and absent from any text the renderer reads (it removes STX and ETX).
_BLANK = "\x02"


def slugify(text: str) -> str:
    """The id the toc extension gives a heading whose text (markup removed) is `text`."""
    return _toc_slugify(text, SEPARATOR)


@cached
def _headings() -> markdown.Markdown:
    """The renderer of headings with markup: the extensions of mkdocs.yml that decide a heading's
    id (toc makes it, attr_list's {#id} sets it). Made when a first such heading is read."""
    return markdown.Markdown(extensions=["toc", "attr_list"])


# What may start inline Markdown, an HTML tag or entity, or an attribute list in a heading's text.
_MARKUP = frozenset("\\`*_[!<&~{")


@cached(maxsize=4096)
def heading_id(text: str) -> str:
    """The id of a heading written `# text` on the site: its inline Markdown rendered, its tags
    removed, then the toc extension's slugify; or the id its attribute list sets."""
    if _MARKUP.isdisjoint(text):
        return slugify(text)  # plain text: what the rendering would give, without rendering
    md = _headings().reset()
    md.convert("# " + text)
    tokens = getattr(md, "toc_tokens", [])
    return tokens[0]["id"] if tokens else slugify(text)


def _blank_escapes(text: str) -> str:
    """`text` with each backslash escape the renderer honours blanked (same length)."""
    def blank(m: re.Match[str]) -> str:
        node, _start, _end = _ESCAPE.handleMatch(m, text)
        return m.group(0) if node is None else _BLANK * len(m.group(0))
    return _ESCAPE.compiled_re.sub(blank, text)


def _unescape(url: str) -> str:
    """A destination as the site has it: its backslash escapes resolved."""
    if "\\" not in url:
        return url
    return _ESCAPE.compiled_re.sub(lambda m: m.group(1) if m.group(1) in _MD.ESCAPED_CHARS else m.group(0), url)


def _matches(processor, data: str) -> Iterator[tuple[int, int, int, str, int, int]]:
    """(start, end, offset of the text, text, offset of the destination, its length) of each link
    (or image) `processor` makes in `data`, scanning as the inline treeprocessor does."""
    regex = processor.compiled_re
    pos = 0
    while (m := regex.search(data, pos)) is not None:
        text, index, handled = processor.getText(data, m.end(0))
        if handled:
            href, _title, end, handled = processor.getLink(data, index)
        if not handled:
            pos = m.end(0)
            continue
        if end < 0:  # getLink's answer to an unclosed title, `[a](b"(`: the renderer slices data[end:]
            end += len(data)
        # getLink returns the destination stripped: it is the first copy of it after the '('
        # (what lies between is spaces and a '<', which a stripped destination does not start with)
        yield m.start(0), end, m.end(0), text, data.find(href, index + 1), len(href)
        pos = end


def _inline(data: str) -> list[tuple[int, int, bool]]:
    """(offset, length, is an image) of the destinations of one block's links and images."""
    found: list[tuple[int, int, bool]] = []
    consumed = []
    for start, end, text_at, text, href_at, size in _matches(_LINK, data):
        found.append((href_at, size, False))
        if "![" in text:  # a link's text is read for images (not for other links)
            found.extend((text_at + at, n, True) for _s, _e, _t, _text, at, n in _matches(_IMAGE, text))
        consumed.append((start, end))
    if "![" in data:
        for start, end in consumed:  # the image processor sees a placeholder where a link was
            data = data[:start] + _BLANK * (end - start) + data[end:]
        alts = []
        for _s, _e, text_at, text, at, n in _matches(_IMAGE, data):
            found.append((at, n, True))
            alts.append((text_at, text_at + len(text)))
        # a link in an image's alt text is only text on the site: the alt attribute keeps its words
        found = [item for item in found if not any(a <= item[0] < b for a, b in alts)]
    return found


def _block(data: str, at: int) -> tuple[int, int]:
    """(start, end) of the block of `data` that holds offset `at`: between blank lines."""
    gap = _BLANK_LINE.search(data, at)
    end = gap.start() if gap else len(data)
    start = at
    while (newline := data.rfind("\n", 0, start)) >= 0:
        before = data.rfind("\n", 0, newline)
        if not data[before + 1:newline].strip(" \t"):
            return newline + 1, end
        start = newline
    return 0, end


def links(text: str) -> Iterator[tuple[int, str, bool]]:
    """(offset of the destination in `text`, destination, is an image) for each inline link and
    image Python-Markdown makes of `text`, and each reference definition it reads, in order of
    offset. The destination is what the site's href or src holds (<…> and backslash escapes
    removed)."""
    found: list[tuple[int, str, bool]] = []
    if "](" in text:
        data = _blank_escapes(text) if "\\" in text else text
        hit = data.find("](")
        while hit >= 0:  # only the blocks with a "](" are read
            start, end = _block(data, hit)
            for at, size, image in _inline(data[start:end]):
                at += start
                found.append((at, _unescape(text[at:at + size]), image))
            hit = data.find("](", end)
    if "]:" in text:
        for m in _REFERENCE.finditer(text):
            url = m.group(2)
            found.append((m.start(2) + url.startswith("<"), url.lstrip("<").rstrip(">"), False))
    found.sort(key=lambda item: item[0])
    return iter(found)


def register() -> None:
    renderer.register(heading_id=heading_id, links=links)


register()
