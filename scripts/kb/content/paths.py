"""Where things are, and which languages the site has.

The project's folder is found from the working directory (the folder holding data/schema/page.yml,
the working directory or one above it), not from where this package is installed: the same
installed package builds and checks any checkout (the tests build copies of the repository).
"""
from __future__ import annotations

import os
from pathlib import Path

MARKER = ("data", "schema", "page.yml")  # the file that makes a folder the project's


def is_project(folder: Path) -> bool:
    return folder.joinpath(*MARKER).is_file()


def find_root(start: Path | None = None) -> Path:
    """The project folder: KB_ROOT if set, else the first folder from `start` (the working
    directory) upwards that holds data/schema/page.yml, else the checkout this file lives in
    (an editable install; an installed package outside a checkout finds none: `is_project`)."""
    if os.environ.get("KB_ROOT"):
        return Path(os.environ["KB_ROOT"]).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_project(folder):
            return folder
    return Path(__file__).resolve().parents[3]


ROOT = find_root()
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
GENERATED_PREFIXES: tuple[str, ...] = ("browse/", "api/", "search/", "offline/", "404.md", "404.html")
