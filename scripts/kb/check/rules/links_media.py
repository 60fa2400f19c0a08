"""Checker rules: how links and images are written, images themselves, page file names, drafts.

Codes (messages in data/i18n/checker.yml):
  KB054 a published page links to a draft (drafts are not built)
  KB086 an image loaded from another host (the site makes no third-party request)
  KB088 an image at a path of the author's computer (C:\\…, file:, /home/…)
  KB089 an image without alt text
  KB090 an image file over allowlist.IMAGE_MAX_BYTES (warning)
  KB091 a link or image path with spaces        KB092 a path with backslashes
  KB093 a link to a file of the author's computer (file:, C:\\…)
  KB094 a page file name outside [a-z0-9-]
Whether a relative target exists is checked by rules/links.py (`links`: KB040–KB045).
"""
from __future__ import annotations

import html
import os
import posixpath
import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import unquote

from kb.check.context import Context
from kb.check.markdown import iter_links
from kb.check.rules.safety import iter_tags
from kb.check.runner import corpus_rule, page_rule
from kb.content import allowlist, media
from kb.content.pages import Corpus, Page
from kb.content.paths import LANGS

# Any inline link or image, spaces in the destination included (GitHub's preview does not take those
# as links, the site makes dead ones of them). A deliberately wider net than the renderer's links
# (kb/content/renderer.py), which decide only whether a target exists (rules/links.py).
# Starts with a literal "](" so that the regex engine can skip ahead quickly; the text in brackets
# (and the image's "!") is found by walking back from there.
_MD_DEST = re.compile(r"\]\(([^()\n]*+(?:\([^()\n]*+\)[^()\n]*+)*+)\)")
_TITLE = re.compile(r"^(.*?)(?:\s+(\"[^\"\n]*\"|'[^'\n]*'))?\s*$")
_REF_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\[([^\[\]\n]*)\]")
_REF_DEF = re.compile(r"^[ ]{0,3}\[([^\]\n]+)\]:[ \t]*(<[^<>\n]*>|\S+)", re.M)
_DRIVE = re.compile(r"^(?:[a-zA-Z]:[\\/]|\\\\|file:)", re.I)
_DISK_ROOTS = ("/home/", "/Users/", "/mnt/", "/media/", "/tmp/", "/var/", "/private/", "/Volumes/", "~/")
_WEB = re.compile(r"^(?:https?:)?//", re.I)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif")


def split_destination(raw: str) -> tuple[str, int]:
    """(destination, its offset in raw) from what is between the parentheses of a link."""
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    if text.startswith("<"):
        end = text.find(">")
        return (text[1:end] if end > 0 else text[1:]), lead + 1
    m = _TITLE.match(text)
    return (m.group(1) if m else text), lead


def iter_markdown_links(text: str) -> Iterator[tuple[int, str, bool, str]]:
    """(offset of the destination, destination, is an image, alt text) for inline links and images,
    and for reference definitions (an image when an image uses the reference)."""
    if "](" in text:
        for m in _MD_DEST.finditer(text):
            start = _opening_bracket(text, m.start())
            if start is None:
                continue
            dest, shift = split_destination(m.group(1))
            image = start > 0 and text[start - 1] == "!"
            yield m.start(1) + shift, dest, image, text[start + 1:m.start()]
    if "]:" in text:
        images: dict[str, str] = {}
        for m in _REF_IMAGE.finditer(text):
            images[(m.group(2) or m.group(1)).strip().casefold()] = m.group(1)
        for m in _REF_DEF.finditer(text):
            dest = m.group(2)
            dest = dest[1:-1] if dest.startswith("<") else dest
            label = m.group(1).strip().casefold()
            yield m.start(2), dest, label in images, images.get(label, "x")


def _opening_bracket(text: str, close: int) -> int | None:
    """The offset of the "[" that the "]" at `close` closes (same line, nesting counted)."""
    depth = 0
    i = close - 1
    line_start = text.rfind("\n", 0, close)
    while i > line_start:
        char = text[i]
        if char == "]" and text[i - 1] != "\\":
            depth += 1
        elif char == "[" and text[i - 1] != "\\":
            if depth == 0:
                return i
            depth -= 1
        i -= 1
    return None


def disk_path(url: str) -> bool:
    """A path on the author's computer: C:\\…, \\\\server\\…, file:…, /home/…, ~/…"""
    return bool(_DRIVE.match(url)) or url.startswith(_DISK_ROOTS)


def slug_name(name: str) -> str:
    """'Foto Orti 2024.JPG' -> 'foto-orti-2024.jpg': a file name that needs no escaping."""
    stem, ext = posixpath.splitext(name)
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii").lower()
    stem = re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or "file"
    return stem + ext.lower()


def placement(page: Page, ctx: Context, url: str) -> dict:
    """Where to put a file named after `url`, and what to write: the picture folder shared by both
    languages (content/media.py, where the web editor puts pictures too)."""
    base = re.split(r"[\\/]", unquote(url.split("?", 1)[0].split("#", 1)[0]).rstrip("/\\"))[-1]
    name = slug_name(base or "image.png")
    return {
        "target": url,
        "assets": ctx.display_rel(f"{media.images_folder()}/{name}"),
        "assets_ref": media.image_ref(f"{page.lang}/{page.rel}", name),
    }


def _image_size(ctx: Context, target: str) -> int | None:
    if target not in ctx.image_sizes:
        try:
            ctx.image_sizes[target] = os.stat(ctx.docs / target).st_size if target in ctx.tree.files else None
        except OSError:
            ctx.image_sizes[target] = None
    return ctx.image_sizes[target]


def destination_findings(page: Page, ctx: Context, url: str, image: bool, alt: str | None,
                         raw_html: bool = False) -> Iterator[tuple[str, dict]]:
    """(code, args) for one link or image destination written in `page`."""
    url = html.unescape(url.strip())
    if image and alt is not None and not alt.strip():
        yield "KB089", {"target": url}
    if not url:
        return
    if disk_path(url):
        yield ("KB088", placement(page, ctx, url)) if image else ("KB093", {"target": url})
        return
    if _WEB.match(url):
        if image:
            yield "KB086", placement(page, ctx, url)
        return
    if _SCHEME.match(url):
        return  # mailto:, tel:, https: links; javascript: and data: are reported by check_safety
    if image and url.startswith("/"):
        yield "KB088", placement(page, ctx, url)
        return
    path = url.split("#", 1)[0].split("?", 1)[0]
    if "\\" in path:
        yield "KB092", {"target": url, "fixed": url.replace("\\", "/")}
    if re.search(r"\s", path):
        yield "KB091", {"target": url, "fixed": re.sub(r"\s", "%20", path) + url[len(path):],
                        "renamed": posixpath.join(posixpath.dirname(path), slug_name(posixpath.basename(path)))}
    if image and path and "\\" not in path:
        base = posixpath.dirname(f"{page.lang}/{page.rel}")
        target = posixpath.normpath(posixpath.join(base, unquote(path)))
        size = _image_size(ctx, target)
        if raw_html and size is None and target not in ctx.tree.files:
            yield "KB041", {"target": url}  # (Markdown images: rules/links.py)
        if size is not None and size > allowlist.IMAGE_MAX_BYTES:
            yield "KB090", {"target": url, "size_kb": size // 1024, "limit_kb": allowlist.IMAGE_MAX_BYTES // 1024}


@page_rule
def links_and_images(page: Page, ctx: Context):
    """How links and images are written: no spaces, no backslashes, no disk paths, images of the
    site only (not from another host), with alt text and a reasonable size."""
    masked = ctx.masked(page)
    if "](" not in masked and "]:" not in masked and "<" not in masked:
        return
    for offset, url, image, alt in iter_markdown_links(masked):
        for code, args in destination_findings(page, ctx, url, image, alt):
            yield ctx.at(page, code, *ctx.body_pos(page, offset), **args)
    if "<" in masked:
        for _offset, tag, attrs in iter_tags(masked):
            low = tag.lower()
            if low not in ("img", "a"):
                continue
            for a_offset, name, value in attrs:
                if value and (low, name.lower()) in (("img", "src"), ("a", "href")):
                    # alt text and other hosts are reported by check_safety (KB089, KB086)
                    for code, args in destination_findings(page, ctx, value, low == "img", None, raw_html=True):
                        if code != "KB086":
                            yield ctx.at(page, code, *ctx.body_pos(page, a_offset), **args)


# --- page file names --------------------------------------------------------------------------------

_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _quote(path: str) -> str:
    return f'"{path}"' if re.search(r"[\s'\"$`\\]", path) else path


@page_rule
def file_name(page: Page, ctx: Context):
    """docs/<lang>/folder/my-page.md: lower case letters, digits and hyphens only."""
    parts = page.rel[:-3].split("/") if page.rel.endswith(".md") else page.rel.split("/")
    if all(_NAME.match(part) for part in parts):
        return
    fixed = "/".join(slug_name(part + ".x")[:-2] for part in parts) + ".md"
    commands = " ; ".join(
        f"git mv {_quote(ctx.display_rel(f'{lang}/{page.rel}'))} {ctx.display_rel(f'{lang}/{fixed}')}"
        for lang in LANGS
        if f"{lang}/{page.rel}" in ctx.tree.files or lang == page.lang
    )
    yield ctx.at(page, "KB094", 1, 1, name=posixpath.basename(page.rel), fixed=posixpath.basename(fixed), commands=commands)


# --- links from published pages to drafts ---------------------------------------------------------

def is_draft(page: Page | None) -> bool:
    return page is not None and page.meta.get("status") == "draft"


@corpus_rule
def links_to_drafts(corpus: Corpus, ctx: Context):
    """A published page may not link to a draft: drafts are left out of the site."""
    if not any(is_draft(p) for p in corpus.pages):
        return
    for page in corpus.pages:
        if page.parsed.meta is None or is_draft(page):
            continue
        masked = ctx.masked(page)
        if "](" not in masked and "]:" not in masked:
            continue
        base = posixpath.dirname(page.rel)
        for offset, url, image in iter_links(masked):
            if image or _SCHEME.match(url) or url.startswith(("/", "#")):
                continue
            path = unquote(url.split("#", 1)[0].split("?", 1)[0])
            if not path.endswith(".md"):
                continue
            target = corpus.by_rel(page.lang, posixpath.normpath(posixpath.join(base, path)))
            if target is not None and is_draft(target):
                yield ctx.at(page, "KB054", *ctx.body_pos(page, offset), target=url, page_path=ctx.display(target))
