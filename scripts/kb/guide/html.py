"""HTML-to-HTML steps that turn a page's article (guide/contents.py) into a chapter of the printed guide.

Each step is a small function on an ElementTree element (parsed by tinyhtml5, the HTML5 parser
WeasyPrint uses too, so inline SVG survives the round trip). `postprocess` chains them, in the
manner of kubernetes/website's epub_postprocess pipeline.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from posixpath import normpath
from urllib.parse import urljoin, urlsplit

import tinyhtml5

SVG_NS = "{http://www.w3.org/2000/svg}"
NAMESPACE_PREFIXES = {
    "{http://www.w3.org/1999/xlink}": "xlink:",
    "{http://www.w3.org/XML/1998/namespace}": "xml:",
    "{http://www.w3.org/2000/xmlns/}": "xmlns:",
}

# What a reader of paper cannot use: site navigation and controls, the page's own sources (the
# guide lists them all at the end), its dates and contributor links, the download link itself.
STRIP_TAGS = frozenset({"script", "noscript", "template", "button", "form", "input", "nav", "iframe"})
STRIP_CLASSES = frozenset({
    "md-content__button", "headerlink", "md-source-file", "md-feedback", "md-clipboard",
    "md-top", "kb-sources", "kb-page-end", "kb-guide",
})
ID_REF_ATTRIBUTES = ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "for", "headers")
URL_REF_RE = re.compile(r"url\(#([^)\s]+)\)")


def parse_article(content: str) -> ET.Element:
    """A page's article (the HTML Markdown made, its Blocks put back: guide/contents.py), parsed."""
    root = tinyhtml5.parse("<article>" + content + "</article>", namespace_html_elements=False)
    return root.find("./body/article")


def more_line(more_text: str, url: str, shown: int, total: int) -> str:
    """'… {shown} su {total} … {url}' (data/i18n guide_more) as the paragraph after a cut list,
    the address a link that shows itself."""
    before, _, after = more_text.format(shown=shown, total=total, url="\0").partition("\0")
    e = html.escape
    return (f'\n<p class="chapter-more">{e(before, quote=False)}<a class="url-shown" href="{e(url)}">'
            f"{e(url, quote=False)}</a>{e(after, quote=False)}</p>")


def classes(el: ET.Element) -> set[str]:
    return set((el.get("class") or "").split())


def add_class(el: ET.Element, name: str) -> None:
    el.set("class", " ".join(sorted(classes(el) | {name})))


def text_of(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def remove(parent: ET.Element, child: ET.Element) -> None:
    """Remove `child` from `parent`, keeping the text that follows it."""
    if child.tail:
        index = list(parent).index(child)
        if index > 0:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


# --- steps -----------------------------------------------------------------------------------


def strip_interface(root: ET.Element) -> None:
    """Drop navigation, controls, the page's sources and end notes, the download link."""
    for parent in list(root.iter()):
        for child in list(parent):
            if (not isinstance(child.tag, str)  # comments
                    or child.tag in STRIP_TAGS or classes(child) & STRIP_CLASSES or child.get("hidden") is not None):
                remove(parent, child)


def take_title(root: ET.Element) -> str | None:
    """Remove the page's H1 (the guide writes its own chapter heading) and return its text."""
    for parent in root.iter():
        for child in parent:
            if child.tag == "h1":
                title = text_of(child)
                remove(parent, child)
                return title
    return None


def shift_headings(root: ET.Element, by: int) -> None:
    """Demote headings by `by` levels (a page that becomes a section of a chapter)."""
    if by <= 0:
        return
    for el in root.iter():
        if isinstance(el.tag, str) and re.fullmatch(r"h[1-6]", el.tag):
            el.tag = f"h{min(6, int(el.tag[1]) + by)}"


def open_details(root: ET.Element) -> None:
    """Collapsible blocks are printed open."""
    for el in root.iter("details"):
        el.set("open", "")


def prefix_ids(root: ET.Element, prefix: str) -> None:
    """Make ids unique in the whole guide: 'fasi' on page 'metodo-c4' becomes 'metodo-c4--fasi'.

    References inside the page (#fragment links, aria-*, SVG url(#...) and href) follow.
    """
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    if not ids:
        return

    def new(old: str) -> str:
        return f"{prefix}--{old}"

    for el in root.iter():
        if ident := el.get("id"):
            el.set("id", new(ident))
        for name in ID_REF_ATTRIBUTES:
            if refs := el.get(name):
                el.set(name, " ".join(new(v) if v in ids else v for v in refs.split()))
        for name in ("href", "{http://www.w3.org/1999/xlink}href"):
            value = el.get(name)
            if value and value.startswith("#") and el.tag not in ("a", SVG_NS + "a") and value[1:] in ids:
                el.set(name, "#" + new(value[1:]))
        for name, value in list(el.attrib.items()):
            if "url(#" in value:
                el.set(name, URL_REF_RE.sub(lambda m: f"url(#{new(m.group(1))})" if m.group(1) in ids else m.group(0), value))
        if el.tag == SVG_NS + "style" and el.text and "url(#" in el.text:
            el.text = URL_REF_RE.sub(lambda m: f"url(#{new(m.group(1))})" if m.group(1) in ids else m.group(0), el.text)


@dataclass
class LinkContext:
    """Where a page sits and where the other pages of the guide are."""

    page_path: str  # site path of the page: 'fr/method/conoscere/'
    page_id: str
    anchors: dict[str, tuple[str, bool]]  # site path -> (anchor id, page kept in full)
    web_base: str  # the published site's address, ending with '/'
    pages: frozenset[str] = frozenset()  # site paths of every hand-written page, both languages


def _site_path(url_path: str) -> str:
    """'/fr/method/conoscere/index.html' -> 'fr/method/conoscere/'."""
    path = normpath(url_path) if url_path not in ("", "/") else "/"
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    elif path == "/index.html":
        path = "/"
    path = path.lstrip("/")
    if path and "." not in path.rsplit("/", 1)[-1] and not path.endswith("/"):
        path += "/"
    return path


def rewrite_links(root: ET.Element, ctx: LinkContext) -> None:
    """Links between pages of the guide become in-document anchors; other links on the site become
    full web addresses (printed after the link text, see guide.css); images point into the site."""
    here = "/" + ctx.page_path
    for el in root.iter():
        if el.tag not in ("a", SVG_NS + "a"):
            continue
        if el.tag != "a" and el.get("{http://www.w3.org/1999/xlink}href") and not el.get("href"):
            el.set("href", el.attrib.pop("{http://www.w3.org/1999/xlink}href"))
        href = el.get("href")
        if not href:
            continue
        scheme = urlsplit(href).scheme
        if scheme in ("http", "https", "mailto", "tel"):
            pass
        elif href.startswith("#"):
            el.set("href", f"#{ctx.page_id}--{href[1:]}" if href[1:] else f"#{ctx.page_id}")
        else:
            target = urlsplit(urljoin(here, href))
            path = _site_path(target.path)
            if path.endswith(".md/"):  # a Markdown link MkDocs could not resolve
                path = path[: -len(".md/")] + "/"
            anchor = ctx.anchors.get(path)
            if anchor is not None:
                anchor_id, full = anchor
                el.set("href", f"#{anchor_id}--{target.fragment}" if target.fragment and full else f"#{anchor_id}")
            elif el.tag == "a" and path.endswith("/") and path not in ctx.pages:
                # A generated page (an index to browse, the search page): no use on paper.
                el.tag = "span"
                del el.attrib["href"]
                add_class(el, "nav-link")
                continue
            else:
                web = urljoin(ctx.web_base, path) + (f"#{target.fragment}" if target.fragment else "")
                el.set("href", web)
                scheme = "https"
        if scheme in ("http", "https", "mailto") and _same_text(text_of(el), el.get("href") or ""):
            add_class(el, "url-shown")
    for el in root.iter("img"):
        src = el.get("src")
        if src and not urlsplit(src).scheme:
            el.set("src", urlsplit(urljoin(here, src)).path.lstrip("/"))


def _same_text(text: str, href: str) -> bool:
    def bare(value: str) -> str:
        return re.sub(r"^(https?://|mailto:)", "", value.strip()).rstrip("/")

    return bool(text) and bare(text) == bare(href)


def svg_alternatives(root: ET.Element) -> None:
    """Every inline SVG gets a <title> (WeasyPrint's PDF alternative text) from its label."""
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    for svg in root.iter(SVG_NS + "svg"):
        if svg.find(SVG_NS + "title") is not None:
            continue
        label = svg.get("aria-label")
        labelled_by = svg.get("aria-labelledby")
        if not label and labelled_by:
            label = " ".join(text_of(by_id[i]) for i in labelled_by.split() if i in by_id)
        if label:
            title = ET.Element(SVG_NS + "title")
            title.text = label
            svg.insert(0, title)


def drop_navigation(root: ET.Element) -> None:
    """Leave out what only helps to move around the site: paragraphs made of links to generated
    pages ('Sfoglia per: Fasi · Territori …')."""
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in ("p", "li") and _is_navigation(child):
                remove(parent, child)


def _is_navigation(el: ET.Element) -> bool:
    links = [c for c in el.iter() if "nav-link" in classes(c)]
    if not links or any(c.tag == "a" for c in el.iter()):
        return False
    rest = len(text_of(el)) - sum(len(text_of(c)) for c in links)
    return rest <= 40


def flatten_links(root: ET.Element) -> None:
    """A link's text loses its inline markup (abbreviation tooltips, emphasis): WeasyPrint gives each
    inline child its own link annotation, tagged outside the Link element, which PDF/UA forbids."""
    for el in root.iter("a"):
        if len(el) and not any(child.tag in ("img", SVG_NS + "svg") for child in el.iter()):
            text = "".join(el.itertext())
            for child in list(el):
                el.remove(child)
            el.text = text


def postprocess(article: ET.Element, ctx: LinkContext, heading_shift: int = 0) -> tuple[str | None, ET.Element]:
    """The whole chain for one page: returns (title from its H1, the cleaned article)."""
    strip_interface(article)
    title = take_title(article)
    open_details(article)
    svg_alternatives(article)
    prefix_ids(article, ctx.page_id)
    rewrite_links(article, ctx)
    drop_navigation(article)
    flatten_links(article)
    shift_headings(article, heading_shift)
    return title, article


# --- serialization ---------------------------------------------------------------------------


def _plain_names(root: ET.Element) -> None:
    """Namespaced names back to HTML syntax ('{svg}path' -> 'path', '{xlink}href' -> 'xlink:href')."""
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = el.tag.split("}", 1)[1]
        for name in [n for n in el.attrib if n.startswith("{")]:
            ns, local = name[1:].split("}", 1)
            el.set(NAMESPACE_PREFIXES.get("{" + ns + "}", "") + local, el.attrib.pop(name))


def inner_html(root: ET.Element) -> str:
    """The children of `root` as HTML (the root's own tag left out)."""
    _plain_names(root)
    parts = [ET.tostring(child, encoding="unicode", method="html") for child in root]
    head = _escape_text(root.text or "")
    return head + "".join(parts)


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ids_in(root: ET.Element) -> set[str]:
    return {ident for el in root.iter() if (ident := el.get("id"))}


def fix_anchors(root: ET.Element, ids: set[str]) -> None:
    """Point every in-document link at an id that exists in the guide: '#page--gone' falls back to
    '#page'; a link with no target left becomes plain text."""
    for el in root.iter("a"):
        href = el.get("href") or ""
        if not href.startswith("#") or href[1:] in ids:
            continue
        page = href[1:].split("--", 1)[0]
        if page in ids:
            el.set("href", "#" + page)
        else:
            el.tag = "span"
            del el.attrib["href"]
