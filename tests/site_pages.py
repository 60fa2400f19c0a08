"""Which built page stands for each kind of page (template), in each language.

The concrete pages are picked from the built site (the first output, the first experience, the
first /browse/ page…), so that the tests keep working as content grows. Tests are parametrized by
template name and language; they resolve the page when they run.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

LANGS = ("it", "fr")
PREFIX = {"it": "", "fr": "fr/"}

# Template name -> how to find its page inside one language's folder of the built site.
FIXED = {
    "home": "",
    "method": "method/",
    "phase": "method/conoscere/",
    "glossary": "glossary/",
    "about": "about/",
    "accessibility": "accessibility/",
    "contribute": "contribute/",
    "search": "search/",
    "404": "404.html",
}
FIRST_CHILD = {"output": "outputs", "experience": "experiences", "browse": "browse"}
TEMPLATES = ["home", "method", "phase", "output", "experience", "browse", "glossary", "about",
             "accessibility", "contribute", "search", "404"]
TEMPLATE_LANGS = [(t, lang) for t in TEMPLATES for lang in LANGS]
TEMPLATE_IDS = [f"{t}-{lang}" for t, lang in TEMPLATE_LANGS]


def _exists(site: Path, path: str) -> bool:
    target = site / path
    return (target / "index.html").is_file() if path.endswith("/") or path == "" else target.is_file()


def _first_child(site: Path, lang: str, section: str) -> str | None:
    """The first page below `section` (sorted by folder name), present in both languages."""
    base = site / section
    if not base.is_dir():
        return None
    for child in sorted(p for p in base.iterdir() if (p / "index.html").is_file()):
        rel = f"{section}/{child.name}/"
        if all(_exists(site, PREFIX[other] + rel) for other in LANGS):
            return PREFIX[lang] + rel
    if (base / "index.html").is_file():
        return PREFIX[lang] + section + "/"
    return None


def page_path(site: Path, template: str, lang: str) -> str | None:
    """Site-relative URL path of the page standing for `template` in `lang`, or None."""
    if template in FIXED:
        path = PREFIX[lang] + FIXED[template]
        return path if _exists(site, path) else None
    return _first_child(site, lang, FIRST_CHILD[template])


def require_page(site: Path, template: str, lang: str) -> str:
    """Like page_path, but a missing page fails the test; only /browse/ may still be missing."""
    path = page_path(site, template, lang)
    if path is None:
        if template == "browse":
            pytest.skip("no generated /browse/ page in this build yet (the index pages are being added)")
        pytest.fail(f"no page for the {template!r} template in {lang!r}")
    return path


def file_of(site: Path, path: str) -> Path:
    return site / path / "index.html" if path.endswith("/") or path == "" else site / path


LANG_RE = re.compile(r'<html[^>]*\blang="([^"]+)"')


def html_lang(text: str) -> str:
    match = LANG_RE.search(text)
    return match.group(1) if match else ""


def built_pages(site: Path) -> list[Path]:
    """Every HTML page of the site (not the search bundle nor assets)."""
    return sorted(
        p for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith(("assets/", "pagefind/"))
    )
