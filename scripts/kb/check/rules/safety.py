"""Safety: nothing in a page that can run or embed code."""
from __future__ import annotations

import html
import re
from typing import Iterator


from kb.content.pages import Page

from kb.check.context import Context
from kb.check.markdown import _AUTOLINK, _LINK_TARGET, _REF_DEF
from kb.check.runner import page_rule


FORBIDDEN_TAGS: tuple[str, ...] = (
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
)
UNSAFE_SCHEMES: tuple[str, ...] = ("javascript", "vbscript", "data")
_FORBIDDEN_TAG = re.compile(r"<(" + "|".join(FORBIDDEN_TAGS) + r")(?![\w-])", re.I)
_EVENT_ATTR = re.compile(r"([oO][nN][a-zA-Z]+)\s*=")  # the character before is checked in code
_ATTR_VALUE = re.compile(r"=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'<>`]+)")
_UNSAFE_URL = re.compile(r"^(" + "|".join(UNSAFE_SCHEMES) + r"):", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+")


def unsafe_scheme(url: str) -> str | None:
    """'javascript' for 'JaVa&#x09;Script:…' and the like: entities decoded, invisible chars dropped."""
    text = url.strip("\"'")
    if ":" not in text and "&" not in text:
        return None
    text = _INVISIBLE.sub("", html.unescape(text))
    match = _UNSAFE_URL.match(text)
    return match.group(1).lower() if match else None


def scan_unsafe(text: str) -> Iterator[tuple[int, str, dict]]:
    """(offset, code, args) for everything in `text` that could run or embed code once rendered.

    The whole text is scanned, code blocks included: a code block that Markdown does not see as
    one would otherwise hide raw HTML from the check.
    """
    if "<" in text:
        for m in _FORBIDDEN_TAG.finditer(text):
            yield m.start(), "KB063", {"tag": m.group(1).lower()}
    if "=" in text:  # attributes, in HTML tags or in Markdown attribute lists { … }
        for m in _EVENT_ATTR.finditer(text):
            before = text[m.start() - 1] if m.start() else " "
            if not (before.isalnum() or before in "_:.-"):
                yield m.start(1), "KB064", {"attr": m.group(1).lower()}
        for m in _ATTR_VALUE.finditer(text):
            scheme = unsafe_scheme(m.group(1))
            if scheme:
                yield m.start(1), "KB065", {"scheme": scheme + ":"}
    urls: list[tuple[int, str]] = []
    if "](" in text:
        urls += [(m.start(1), m.group(1).strip("<>")) for m in _LINK_TARGET.finditer(text)]
    if "]:" in text:
        urls += [(m.start(1), m.group(1).strip("<>")) for m in _REF_DEF.finditer(text)]
    if "<" in text:
        urls += [(m.start(1), m.group(1)) for m in _AUTOLINK.finditer(text)]
    for offset, url in urls:
        scheme = unsafe_scheme(url)
        if scheme:
            yield offset, "KB065", {"scheme": scheme + ":"}


def _strings(value, path=()):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, path + (i,))


@page_rule
def safety(page: Page, ctx: Context):
    """No raw HTML that can run or embed code, in the text or in the front matter."""
    seen: set[tuple[int, str]] = set()
    for offset, code, args in scan_unsafe(page.body):
        if (offset, code) not in seen:
            seen.add((offset, code))
            yield ctx.at(page, code, *ctx.body_pos(page, offset), **args)
    head = getattr(page.parsed, "_text", None)
    if head is not None and not any(sign in head for sign in ("<", "=", "](", "]:", "&")):
        return  # nothing in the front matter can hold a tag, an attribute or a link
    for path, text in _strings(page.parsed.meta or {}):
        if "<" in text or "=" in text or ":" in text:
            for _offset, code, args in scan_unsafe(text):
                yield ctx.at_key(page, code, path, **args)
