"""Interface strings of the site, one file per language (data/i18n/<lang>.yml), same keys."""
from __future__ import annotations

import os
from functools import lru_cache


from kb.content.paths import DATA
from kb.content import yamldata


@lru_cache(maxsize=None)
def load_strings(lang: str) -> dict[str, str]:
    with open(DATA / "i18n" / f"{lang}.yml", encoding="utf-8") as fh:
        return yamldata.load(fh)


def t(lang: str, key: str, **values) -> str:
    """The string `key` in `lang`, with `{name}` placeholders filled from `values`."""
    text = load_strings(lang)[key]
    return text.format(**values) if values else text


MESSAGE_LANGS: tuple[str, ...] = ("it", "fr", "en")  # the languages of messages to contributors


def user_lang(environ=None) -> str:
    """it, fr or en from LANGUAGE / LC_ALL / LC_MESSAGES / LANG (the first one set), else en."""
    environ = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var, "")
        if not value:
            continue
        for part in value.split(":"):
            code = part.split(".")[0].split("_")[0].split("-")[0].lower()
            if code in MESSAGE_LANGS:
                return code
        if var != "LANGUAGE":  # the variable that decides names no language we speak
            return "en"
    return "en"

