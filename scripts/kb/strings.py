"""Interface strings of the site, one file per language (data/i18n/<lang>.yml), same keys."""
from __future__ import annotations

from functools import lru_cache


from .paths import DATA
from . import yamldata


@lru_cache(maxsize=None)
def load_strings(lang: str) -> dict[str, str]:
    with open(DATA / "i18n" / f"{lang}.yml", encoding="utf-8") as fh:
        return yamldata.load(fh)


def t(lang: str, key: str, **values) -> str:
    """The string `key` in `lang`, with `{name}` placeholders filled from `values`."""
    text = load_strings(lang)[key]
    return text.format(**values) if values else text
