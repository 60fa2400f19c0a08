"""Checker rules: raw HTML and attribute lists against the allowlist (scripts/kb/content/allowlist.py).

Codes (messages in data/i18n/checker.yml):
  KB063 an element that runs code or embeds content (script, iframe, object, video…)
  KB064 an event attribute (onclick, onload…)
  KB065 a javascript:, vbscript: or data: address
  KB080 an element outside the allowlist          KB081 a <style> element
  KB082 a form element (form, input, button…)     KB083 a style attribute (HTML or { style=… })
  KB084 an attribute not allowed on its element   KB085 a class not allowed on its element
  KB086 something the browser would fetch from another host (img src, srcset…)
  KB087 an attribute-list key outside the allowlist
  KB089 an <img> without alt text
  KB095 an SVG file with an element that runs code or holds HTML (foreignObject, animate…)
  KB096 an SVG file that refers to another file or host (href, xlink:href, url(…))
  KB097 an id the theme keeps for its own elements (starting with "__")

Raw HTML is read on the page's text with code blocks and inline code blanked out (what Markdown
shows as code is not HTML). The few things that can run code are also looked for in the whole
text, code included: a code block that Markdown does not see as one would otherwise hide them.
"""
from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote

from kb.check.context import Context
from kb.check.runner import corpus_rule, page_rule
from kb.content import allowlist
from kb.content.pages import Corpus, Page

# --- the old blocklist scan, kept for the whole text and for front matter -------------------------

UNSAFE_SCHEMES: tuple[str, ...] = ("javascript", "vbscript", "data")
_DANGER_TAG = re.compile(
    r"<(script|iframe|frame|frameset|object|embed|applet|base|meta|link|portal)(?![\w-])", re.I
)
_EVENT_ATTR = re.compile(r"([oO][nN][a-zA-Z]+)\s*=")  # the character before is checked in code
_ATTR_VALUE = re.compile(r"=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'<>`]+)")
_UNSAFE_URL = re.compile(r"^(" + "|".join(UNSAFE_SCHEMES) + r"):", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+")
# A deliberately wider net than the renderer's links (kb/content/renderer.py): whatever follows any
# "](" or starts a definition-like line is checked for javascript: and the like, link or not.
_LINK_TARGET = re.compile(r"\]\(\s*(<[^>\n]*>|[^\s)]*)")
_REF_DEF = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*(<[^<>\n]*>|\S+)", re.M)
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^\s<>]*)>")


def unsafe_scheme(url: str) -> str | None:
    """'javascript' for 'JaVa&#x09;Script:…' and the like: entities decoded, invisible chars dropped."""
    text = url.strip("\"'")
    if ":" not in text and "&" not in text:
        return None
    text = _INVISIBLE.sub("", html.unescape(text))
    match = _UNSAFE_URL.match(text)
    return match.group(1).lower() if match else None


def scan_unsafe(text: str) -> Iterator[tuple[int, str, dict]]:
    """(offset, code, args) for what in `text` could run or embed code once rendered (KB063–KB065)."""
    if "<" in text:
        for m in _DANGER_TAG.finditer(text):
            yield m.start(), "KB063", {"tag": m.group(1).lower()}
    if "=" in text:
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


# --- raw HTML tags ---------------------------------------------------------------------------------

_TAG = re.compile(
    r"<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])"
    r"((?:[\s/]+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)[\s/]*>"
)
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")


def iter_tags(text: str) -> Iterator[tuple[int, str, list[tuple[int, str, str | None]]]]:
    """(offset, tag name, [(offset, attribute name, value or None)]) for each opening HTML tag."""
    if "<" not in text:
        return
    for m in _TAG.finditer(text):
        attrs = []
        base = m.start(2)
        for a in _ATTR.finditer(m.group(2)):
            value = a.group(2)
            if value is not None and value[:1] in "\"'":
                value = value[1:-1]
            attrs.append((base + a.start(1), a.group(1), None if value is None else html.unescape(value)))
        yield m.start(), m.group(1), attrs


def _tag_code(tag: str) -> str | None:
    low = tag.lower()
    if low in allowlist.TAGS:
        return None
    if low in allowlist.STYLE_TAGS:
        return "KB081"
    if low in allowlist.FORM_TAGS:
        return "KB082"
    if low in allowlist.SCRIPT_TAGS:
        return "KB063"
    return "KB080"


def check_attribute(tag: str, name: str, value: str | None) -> tuple[str, dict] | None:
    """What is wrong with one attribute of an allowed (or reported) element, if anything."""
    low = name.lower()
    if low.startswith("on"):
        return "KB064", {"attr": low}
    if low == "style":
        return "KB083", {}
    if value is not None:
        scheme = unsafe_scheme(value)
        if scheme:
            return "KB065", {"scheme": scheme + ":"}
        if tag.lower() in allowlist.TAGS and allowlist.is_fetched(tag, low):
            urls = [p.strip().split(" ")[0] for p in value.split(",")] if low == "srcset" else [value]
            for url in urls:
                if url.strip() and not allowlist.local_url(url) and re.match(r"^(https?:)?//", url.strip(), re.I):
                    return "KB086", _fetch_args(url.strip())
    if tag.lower() not in allowlist.TAGS:
        return None  # the element itself is reported
    if low == "id" and value is not None and not allowlist.id_allowed(value):
        return "KB097", _id_args(value)
    if low == "class":
        for cls in (value or "").split():
            if not allowlist.class_allowed(tag, cls):
                return "KB085", {"class_name": cls, "tag": tag.lower(), "allowed": _classes(tag)}
        return None
    if not allowlist.attribute_allowed(tag, low):
        return "KB084", {"attr": name, "tag": tag.lower(), "allowed": ", ".join(allowlist.allowed_attributes(tag))}
    return None


def _classes(tag: str) -> str:
    names = sorted(allowlist.CLASSES.get(tag.lower(), ()))
    return ", ".join(names) if names else "—"


def _fetch_args(url: str) -> dict:
    name = posixpath.basename(unquote(url.split("?", 1)[0].split("#", 1)[0]).rstrip("/")) or "image.png"
    return {"target": url, "name": name}


def html_findings(text: str) -> Iterator[tuple[int, str, dict]]:
    """(offset, code, args) for every element and attribute of `text` outside the allowlist."""
    for offset, tag, attrs in iter_tags(text):
        code = _tag_code(tag)
        if code:
            yield offset, code, {"tag": tag.lower(), "allowed": ", ".join(sorted(allowlist.TAGS))}
        has_alt = False
        for a_offset, name, value in attrs:
            if name.lower() == "alt" and value and value.strip():
                has_alt = True
            problem = check_attribute(tag, name, value)
            if problem:
                yield a_offset, problem[0], problem[1]
        if tag.lower() == "img" and not has_alt:
            yield offset, "KB089", {"target": next((v for _, n, v in attrs if n.lower() == "src" and v), "")}


# --- Markdown attribute lists { #id .class key=value } ---------------------------------------------

_ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*?)[ \t]*\}")
_ATTR_LIST_TOKEN = re.compile(r"[#.][\w-]+|[\w:-]+=(?:\"[^\"]*\"|'[^']*'|[^\s\"'}]+)")


def attr_list_findings(text: str) -> Iterator[tuple[int, str, dict]]:
    """(offset, code, args) for keys of `{: … }` attribute lists outside the allowlist."""
    if "{" not in text:
        return
    for m in _ATTR_LIST.finditer(text):
        inner = m.group(1)
        if not inner:
            continue
        tokens = list(_ATTR_LIST_TOKEN.finditer(inner))
        if not tokens or _ATTR_LIST_TOKEN.sub("", inner).strip():
            continue  # not an attribute list (prose, a template, a formula)
        if not m.group(0).startswith("{:") and not any(t.group(0)[0] in "#." or "=" in t.group(0) for t in tokens):
            continue
        for t in tokens:
            token, offset = t.group(0), m.start(1) + t.start()
            if token.startswith("#"):
                if not allowlist.id_allowed(token[1:]):
                    yield offset, "KB097", _id_args(token[1:])
                continue
            if token.startswith("."):
                cls = token[1:]
                if not any(cls in names for names in allowlist.CLASSES.values()):
                    yield offset, "KB085", {"class_name": cls, "tag": "{: }", "allowed": _all_classes()}
                continue
            key, _, value = token.partition("=")
            value = value.strip("\"'")
            low = key.lower()
            if low.startswith("on"):
                yield offset, "KB064", {"attr": low}
            elif low == "style":
                yield offset, "KB083", {}
            elif scheme := unsafe_scheme(value):
                yield offset, "KB065", {"scheme": scheme + ":"}
            elif low not in allowlist.ATTR_LIST_KEYS:
                yield offset, "KB087", {"attr": key, "allowed": ", ".join(sorted(allowlist.ATTR_LIST_KEYS))}


def _id_args(value: str) -> dict:
    value = value.strip()
    return {"id": value, "id_fixed": value.lstrip("_") or "id1"}


def _all_classes() -> str:
    names = set(allowlist.CLASSES["figure"]) | set(allowlist.CLASSES["svg"])
    return ", ".join(sorted(names))


# --- the rules -------------------------------------------------------------------------------------

def _strings(value, path=()):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, (*path, i))


@page_rule
def safety(page: Page, ctx: Context):
    """Raw HTML and attribute lists within the allowlist; nothing that runs code, even in code."""
    seen: set[tuple[int, str]] = set()
    body = page.body
    masked = ctx.masked(page)
    found: list[tuple[int, str, dict]] = []
    if "<" in masked:
        found += html_findings(masked)
    if "{" in masked:
        found += attr_list_findings(masked)
    found += scan_unsafe(body)
    for offset, code, args in found:
        if code == "KB086":  # say where the file goes on the site, and what to write
            from kb.check.rules.links_media import placement

            args = placement(page, ctx, args["target"])
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


# --- SVG files under docs/ -------------------------------------------------------------------------

_SVG_BAD_ELEMENT = re.compile(
    r"<((?:[\w-]+:)?(?:foreignObject|animate|animateMotion|animateTransform|set|handler|iframe|embed|object))(?![\w-])",
    re.I,
)
_SVG_SCRIPT = re.compile(r"<((?:[\w-]+:)?script)(?![\w-])", re.I)
_SVG_HREF = re.compile(r"(?<![\w:.-])((?:xlink:)?href)\s*=\s*(\"[^\"]*\"|'[^']*')", re.I)
_SVG_URL = re.compile(r"url\(\s*(['\"]?)([^)'\"]*)\1\s*\)|@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)", re.I)
_SVG_PI = re.compile(r"<\?xml-stylesheet[^>]*href\s*=\s*['\"]([^'\"]+)", re.I)
MAX_SVG_BYTES = 2_000_000


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def svg_findings(text: str) -> Iterator[tuple[int, str, dict]]:
    """(offset, code, args) for what an SVG file may not hold: scripts, event handlers, HTML
    islands and animations, references to other files or hosts."""
    for m in _SVG_SCRIPT.finditer(text):
        yield m.start(), "KB063", {"tag": m.group(1).lower()}
    for m in _SVG_BAD_ELEMENT.finditer(text):
        yield m.start(), "KB095", {"tag": m.group(1)}
    for m in _EVENT_ATTR.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        if before.isspace() or before in "\"'/":
            yield m.start(1), "KB064", {"attr": m.group(1).lower()}
    for m in _SVG_HREF.finditer(text):
        value = html.unescape(m.group(2)[1:-1]).strip()
        scheme = unsafe_scheme(value)
        if scheme:
            yield m.start(2) + 1, "KB065", {"scheme": scheme + ":"}
        elif value and not value.startswith("#"):
            yield m.start(2) + 1, "KB096", {"target": value}
    for m in _SVG_URL.finditer(text):
        value = (m.group(2) if m.group(2) is not None else m.group(3) or "").strip()
        if value and not value.startswith("#"):
            yield m.start(), "KB096", {"target": value}
    for m in _SVG_PI.finditer(text):
        yield m.start(1), "KB096", {"target": m.group(1)}


@corpus_rule
def svg_files(corpus: Corpus, ctx: Context):
    """Every .svg file under docs/ (shown as an image, it must not run code or fetch anything)."""
    for rel in sorted(ctx.tree.files):
        if not rel.lower().endswith(".svg"):
            continue
        path = ctx.docs / rel
        try:
            with open(path, "rb") as fh:
                raw = fh.read(MAX_SVG_BYTES + 1)
        except OSError:
            continue
        text = raw.decode("utf-8", errors="replace")
        seen = set()
        for offset, code, args in sorted(svg_findings(text), key=lambda f: f[0]):
            if (offset, code) in seen:
                continue
            seen.add((offset, code))
            yield ctx.at_file(ctx.display_rel(rel), code, *_line_col(text, offset), **args)
