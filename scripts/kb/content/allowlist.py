"""What a page may contain once rendered: the allowlist, as data, and the sanitizer that enforces it.

One policy, two users:
- the checker (scripts/kb/check/rules/safety.py) reports, on the Markdown source, every element,
  attribute, class or attribute-list key that is not listed here, with its line and the fix;
- the build applies `sanitize(html)` to the HTML that Markdown makes of a page, so that whatever
  the checker could not see (or a page that skipped it) is dropped all the same; `element_kept`
  and `raw_kept` let it skip the pages in which nothing would be dropped.

The lists are what the content needs, nothing more: the HTML that Python-Markdown and the site's
extensions produce (paragraphs, headings with their toc ids, lists, tables, definition lists,
abbreviations, admonitions, pymdownx.details, highlighted code), and the few raw tags the real
pages write (a figure holding the inline SVG diagram of docs/<lang>/method/index.md). No `style`
(element or attribute), no forms, no embedded content, nothing fetched from another host.
Widen a list here, with its reason, when a page legitimately needs more.

The sanitizer is nh3 (bindings of the Rust crate ammonia), pinned in requirements/site.in. It keeps the
SVG elements listed here, in their namespace, with their case-sensitive attribute names (viewBox),
and drops the rest: <style>, <script> and their content, <foreignObject>, event attributes.

This module is pure: data and functions, no I/O.
"""
from __future__ import annotations

import html
import re
import secrets

from kb.content.caches import cached

# --- elements -------------------------------------------------------------------------------------

# What Markdown makes of a page (with abbr, admonition, attr_list, def_list, md_in_html, tables, toc,
# pymdownx.details, pymdownx.superfences, pymdownx.tilde, pymdownx.magiclink, sane_lists).
MARKDOWN_TAGS: frozenset[str] = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "em", "strong", "del", "code", "pre", "span", "div", "blockquote",
    "a", "img", "ul", "ol", "li", "dl", "dt", "dd", "abbr",
    "table", "thead", "tbody", "tr", "th", "td",
    "details", "summary",
})
# Raw HTML the real pages write: a figure with a caption around an inline SVG diagram.
FIGURE_TAGS: frozenset[str] = frozenset({"figure", "figcaption"})
# The SVG elements of the diagram (docs/<lang>/method/index.md). No <style>, <script>,
# <foreignObject>, <use>, <image>, <animate…>, <set>: nothing that runs, styles or fetches.
SVG_TAGS: frozenset[str] = frozenset({"svg", "title", "desc", "g", "path", "rect", "text"})

TAGS: frozenset[str] = MARKDOWN_TAGS | FIGURE_TAGS | SVG_TAGS

# Not allowed, each for its own reason (the checker says which).
SCRIPT_TAGS: frozenset[str] = frozenset({
    "script", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
    "link", "portal", "video", "audio", "source", "track", "picture", "canvas", "image", "use",
    "foreignobject", "animate", "animatemotion", "animatetransform", "set", "handler", "template",
    "math", "param",
})
STYLE_TAGS: frozenset[str] = frozenset({"style"})
FORM_TAGS: frozenset[str] = frozenset({
    "form", "input", "button", "select", "option", "optgroup", "textarea", "label", "fieldset",
    "legend", "datalist", "output", "keygen", "dialog",
})
# Elements whose content goes away with them in `sanitize` (not only the tags).
CLEAN_CONTENT_TAGS: frozenset[str] = frozenset({"script", "style", "template", "noscript", "iframe", "object"})

# --- attributes -----------------------------------------------------------------------------------

# On every allowed element. `class` is not here: its values are listed per element in CLASSES.
GENERIC_ATTRIBUTES: frozenset[str] = frozenset({"id", "title", "lang", "dir"})

_SVG_PAINT = {"fill", "stroke", "stroke-width"}
_SVG_TEXT = {"font-size", "font-weight", "text-anchor"}
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "abbr": frozenset(),
    "ol": frozenset({"start"}),
    "th": frozenset({"align"}),  # column alignment (tables extension with use_align_attribute)
    "td": frozenset({"align"}),
    "details": frozenset({"open"}),
    "svg": frozenset({"viewBox", "width", "height", "role", "aria-labelledby", "aria-describedby",
                      "aria-label", "aria-hidden", "focusable", "xmlns"}),
    "g": frozenset(_SVG_PAINT | _SVG_TEXT | {"aria-hidden"}),
    "path": frozenset(_SVG_PAINT | {"d", "aria-hidden"}),
    "rect": frozenset(_SVG_PAINT | {"x", "y", "width", "height", "rx", "ry"}),
    "text": frozenset(_SVG_PAINT | _SVG_TEXT | {"x", "y"}),
}

ADMONITION_TYPES: frozenset[str] = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success",
    "check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail",
    "missing", "danger", "error", "bug", "example", "quote", "cite",
})
# Short class names of highlighted code (Pygments token types), as superfences writes them.
PYGMENTS_CLASSES: frozenset[str] = frozenset({
    "bp", "c", "c1", "ch", "cm", "cp", "cpf", "cs", "dl", "err", "esc", "fm", "g", "gd", "ge", "ges",
    "gh", "gi", "go", "gp", "gr", "gs", "gt", "gu", "hll", "il", "k", "kc", "kd", "kn", "kp", "kr",
    "kt", "l", "ld", "m", "mb", "mf", "mh", "mi", "mo", "n", "na", "nb", "nc", "nd", "ne", "nf",
    "nl", "nn", "no", "nt", "nv", "nx", "o", "ow", "p", "pm", "s", "s1", "s2", "sa", "sb", "sc",
    "sd", "se", "sh", "si", "sr", "ss", "sx", "vc", "vg", "vi", "vm", "w", "x", "filename",
})
# The classes an element may carry (Markdown's own, and the diagram's: its look is in the site's
# stylesheet, overrides/assets/site.css).
CLASSES: dict[str, frozenset[str]] = {
    "div": frozenset({"admonition", "highlight"} | ADMONITION_TYPES),
    "p": frozenset({"admonition-title"}),
    "details": ADMONITION_TYPES,
    "span": PYGMENTS_CLASSES,
    "figure": frozenset({"c4-diagram"}),
    "svg": frozenset({"c4"}),
}

# --- URLs -----------------------------------------------------------------------------------------

# Links (<a href>, Markdown links) may lead to other sites with these schemes, or be relative.
LINK_SCHEMES: frozenset[str] = frozenset({"https", "http", "mailto", "tel"})
# Attributes whose URL the browser fetches to show the page: these must be files of the site,
# written as a path relative to the page (no scheme, no //host, no leading /).
FETCHED: dict[str, frozenset[str]] = {
    "img": frozenset({"src", "srcset"}),
    "source": frozenset({"src", "srcset"}),
    "video": frozenset({"src", "poster"}),
    "audio": frozenset({"src"}),
    "track": frozenset({"src"}),
    "object": frozenset({"data"}),
    "embed": frozenset({"src"}),
    "iframe": frozenset({"src"}),
    "script": frozenset({"src"}),
    "link": frozenset({"href"}),
    "input": frozenset({"src"}),
    "image": frozenset({"href", "xlink:href"}),
    "use": frozenset({"href", "xlink:href"}),
    "feimage": frozenset({"href", "xlink:href"}),
    "*": frozenset({"background"}),
}

# --- Markdown attribute lists: { #id .class key=value } -------------------------------------------

# Ids the theme gives its own elements and finds again by id (Material's configuration is
# `#__config`, its search `#__search`, its drawer `#__drawer`…): an element of a page with one of
# them, earlier in the page, would be found instead and break the page's scripts.
RESERVED_ID_PREFIX = "__"


def id_allowed(value: str) -> bool:
    return not value.strip().startswith(RESERVED_ID_PREFIX)


# The keys a `{: … }` attribute list may set (besides #id, and .class from CLASSES).
ATTR_LIST_KEYS: frozenset[str] = frozenset({"id", "class", "title", "lang", "width", "height", "loading"})

# Images larger than this are reported (the site stays light on a mountain connection).
IMAGE_MAX_BYTES = 500 * 1024


# --- questions the checker asks -------------------------------------------------------------------

def tag_allowed(tag: str) -> bool:
    return tag.lower() in TAGS


def attribute_allowed(tag: str, name: str) -> bool:
    """Is the attribute `name` allowed on `tag` (class and event handlers are asked elsewhere)?"""
    tag, low = tag.lower(), name.lower()
    if low in GENERIC_ATTRIBUTES:
        return True
    return any(low == allowed.lower() for allowed in ATTRIBUTES.get(tag, ()))


def allowed_attributes(tag: str) -> list[str]:
    """The attributes `tag` may carry, for messages."""
    names = set(GENERIC_ATTRIBUTES) | set(ATTRIBUTES.get(tag.lower(), ()))
    if tag.lower() in CLASSES:
        names.add("class")
    return sorted(names)


def class_allowed(tag: str, name: str) -> bool:
    return name in CLASSES.get(tag.lower(), ())


def is_fetched(tag: str, name: str) -> bool:
    name = name.lower()
    return name in FETCHED.get(tag.lower(), ()) or name in FETCHED["*"]


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")


def local_url(url: str) -> bool:
    """True for a path relative to the page (what a fetched URL must be): no scheme, no //host, no
    leading /, no backslash. An empty URL or a bare #fragment is local too."""
    url = url.strip()
    if url.startswith(("/", "\\")) or "\\" in url:
        return False
    return not _SCHEME.match(url)


def _srcset_local(value: str) -> bool:
    return all(local_url(part.strip().split(" ")[0]) for part in value.split(",") if part.strip())


# --- what the sanitizer would keep as it is --------------------------------------------------------

_URL_ATTRIBUTES = frozenset({"href", "src"})
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")
_HARMLESS_RAW = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")  # an entity


def element_kept(tag: object, attrib: dict) -> bool:
    """True when `sanitize` keeps this element (as Markdown builds it) with all its attributes as
    they are; any doubt is False. For the build, which sanitizes only pages where something is not
    kept (kb/adapter/sanitize_gate.py)."""
    if not isinstance(tag, str) or tag not in TAGS:
        return False
    allowed = ATTRIBUTES.get(tag, frozenset())
    for name, value in attrib.items():
        if not isinstance(name, str) or not isinstance(value, str):  # e.g. a bare attribute of raw HTML
            return False
        if name == "class":
            if not _classes_kept(tag, value):
                return False
            continue
        if name not in GENERIC_ATTRIBUTES and name not in allowed:
            return False
        if name == "id" and not id_allowed(value):
            return False
        if name in _URL_ATTRIBUTES and not _url_kept(value):
            return False
        if is_fetched(tag, name) and not local_url(value):
            return False
    return True


def _classes_kept(tag: str, value: str) -> bool:
    """Every class listed for `tag`, written with single spaces (nh3 would rewrite other spacing)."""
    classes = CLASSES.get(tag, frozenset())
    names = value.split()
    return bool(names) and value == " ".join(names) and all(n in classes for n in names)


def _url_kept(value: str) -> bool:
    """A URL nh3 leaves alone: a scheme of LINK_SCHEMES, or none at all; no control character or
    space anywhere (browsers strip them before reading a scheme), and no character reference
    (Markdown writes `&#x09;` or `&colon;` into the attribute as they are, and the browser decodes
    them: `java&#x09;script:` is a javascript: link). Such URLs are for nh3 to read."""
    if _CONTROL_OR_SPACE.search(value) or ("&" in value and html.unescape(value) != value):
        return False
    scheme = _SCHEME.match(value)
    if scheme:
        return scheme.group(0)[:-1].lower() in LINK_SCHEMES
    return ":" not in re.split(r"[/?#]", value, maxsplit=1)[0]


def raw_kept(raw: str, keep_comments: re.Pattern | None = None) -> bool:
    """True for raw HTML that `sanitize` keeps as it is: an entity, or a comment `keep_comments`
    matches (the build's block markers). Any other raw HTML is for the sanitizer to read."""
    raw = raw.strip()
    return bool(_HARMLESS_RAW.fullmatch(raw) or (keep_comments is not None and keep_comments.fullmatch(raw)))


# --- the sanitizer --------------------------------------------------------------------------------

def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    """nh3 hook: drop a fetched URL that is not a file of the site, and an id the theme keeps."""
    if name.lower() == "id" and not id_allowed(value):
        return None
    if is_fetched(tag, name):
        ok = _srcset_local(value) if name.lower() == "srcset" else local_url(value)
        return value if ok else None
    return value


@cached(maxsize=1)
def _cleaner_options() -> dict:
    attributes: dict[str, set[str]] = {"*": set(GENERIC_ATTRIBUTES)}
    for tag, names in ATTRIBUTES.items():
        attributes.setdefault(tag, set()).update(names)
    # SVG attribute names are case-sensitive (viewBox): list the lower-case spelling as well.
    for spellings in attributes.values():
        spellings.update({n.lower() for n in spellings})
    return {
        "tags": set(TAGS),
        "clean_content_tags": set(CLEAN_CONTENT_TAGS),
        "attributes": attributes,
        "allowed_classes": {tag: set(names) for tag, names in CLASSES.items()},
        "url_schemes": set(LINK_SCHEMES),
        "attribute_filter": _attribute_filter,
        "strip_comments": True,
        "link_rel": None,  # links keep the rel Markdown gave them (none): no external target=_blank
    }


def sanitize(html: str, keep_comments: re.Pattern | None = None) -> str:
    """The HTML of a page's content with everything outside the allowlist removed (nh3/ammonia).

    For the build: apply it to the HTML that Markdown produces for a page body, before the theme
    wraps it and before the build's own generated blocks are put back in: those are made by code,
    not written in pages, and use markup (forms of the list filter, the territory map) that pages
    may not. `keep_comments`: the comments that mark where those blocks go (scripts/kb/generate/blocks.py
    `MARKERS`), kept in place; every other comment is dropped. Idempotent; never raises. The build
    calls it only for pages in which Markdown made something it would not keep
    (scripts/kb/adapter/sanitize_gate.py).
    """
    import nh3  # imported here: the checker does not need it

    kept: dict[str, str] = {}
    if keep_comments is not None and "<!--" in html:
        nonce = secrets.token_hex(8)

        def stash(match: re.Match) -> str:
            token = f"kbkeep{nonce}x{len(kept)}x"
            kept[token] = match.group(0)
            return token

        html = keep_comments.sub(stash, html)
    clean = nh3.clean(html, **_cleaner_options())
    for token, comment in kept.items():
        clean = clean.replace(token, comment, 1)
    return clean
