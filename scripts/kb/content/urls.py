"""Every URL of the site, made in one place.

Three kinds of address, all with MkDocs's directory URLs ('method/conoscere/'):

- a *site URL* is relative to the site's root, without a leading slash: '' (the home page),
  'fr/method/conoscere/', 'api/catalogue.json'. `page_url(lang, rel)` makes the one of a page;
- a *relative URL* goes from one site URL to another: `relative_url(from_url, to_url)`; it works
  under any base path, which is why generated lists and notices use it;
- an *absolute URL* is a site URL joined to the site's address (mkdocs.yml's site_url, e.g.
  'https://example.org/project/'): `absolute(site_url, url)`, the only place where they are joined.

No MkDocs here: the adapter hands in site_url as mkdocs.yml gives it (possibly None or '').
"""
from __future__ import annotations

from urllib.parse import urlsplit

from kb.content.paths import lang_prefix

# Where the site explains that linking an experience to a C4 phase is its own reading, not the
# sources' (the section «Esperienze e metodo C4» of the experiences' page, in both languages): the
# generated lists of a phase's experiences link to it (generate/indexes.py grouped_item_lists).
PHASE_LINK_EXPLAINED = ("experiences/index.md", "legame-c4")


def rel_to_url(rel: str) -> str:
    """'method/conoscere.md' -> 'method/conoscere/'; 'method/index.md' -> 'method/'."""
    stem = rel[:-3] if rel.endswith(".md") else rel
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return stem + "/"


def page_url(lang: str, rel: str) -> str:
    """The site URL of the page `rel` of language `lang`: ('fr', 'method/conoscere.md') ->
    'fr/method/conoscere/' (the default language has no prefix)."""
    return lang_prefix(lang) + rel_to_url(rel)


def relative_url(from_url: str, to_url: str) -> str:
    """The href that leads from the page at site URL `from_url` to the site URL `to_url`
    ('fr/browse/' -> 'fr/method/' gives '../method/'; the same page gives './')."""
    # Plain string work: posixpath.relpath asks the operating system for the working directory on
    # every call, and the lists of a large site compute tens of thousands of these.
    start = [part for part in from_url.split("/") if part and part != "."]
    target = [part for part in to_url.split("/") if part and part != "."]
    common = 0
    while common < len(start) and common < len(target) and start[common] == target[common]:
        common += 1
    rel = "/".join([".."] * (len(start) - common) + target[common:]) or "."
    if rel == ".":
        return "./"
    return rel + "/" if to_url.endswith("/") or to_url == "" else rel


def site_root(site_url: str | None) -> str:
    """The site's address with exactly one trailing slash ('/' when none is configured)."""
    return (site_url or "/").rstrip("/") + "/"


def absolute(site_url: str | None, url: str = "") -> str:
    """The site URL `url` joined to the site's address: ('https://x.org/p', 'fr/') ->
    'https://x.org/p/fr/'. Without a configured address the result starts at '/'."""
    return site_root(site_url) + url


def base_path(site_url: str | None) -> str:
    """The path part of the site's address: '/' or '/project/'."""
    path = urlsplit(site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"
