"""Where things are, and which languages the site has."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
DATA = ROOT / "data"
SITE = ROOT / "site"

LANGS: tuple[str, ...] = ("it", "fr")
DEFAULT_LANG = "it"


def other_lang(lang: str) -> str:
    """The twin language of `lang`."""
    return next(code for code in LANGS if code != lang)


def lang_prefix(lang: str) -> str:
    """URL prefix of a language: '' for the default language, 'fr/' for French."""
    return "" if lang == DEFAULT_LANG else f"{lang}/"


# Where each page type lives inside a language folder ('' = top level). Used by `make new` and by
# the checker (a page of a type outside its section is reported).
TYPE_SECTIONS: dict[str, str] = {"experience": "experiences", "output": "outputs", "phase": "method", "page": ""}

# Paths generated at build time, never committed (see notes/CONVENTIONS.md). A link from a page into
# one of them is not reported as broken by the checker. Relative to a language folder (browse/…) or to
# the site root (api/…). The one place to list them: add a prefix here when a generator adds a path.
GENERATED_PREFIXES: tuple[str, ...] = ("browse/", "api/", "search/", "404.md", "404.html")
