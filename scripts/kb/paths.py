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
