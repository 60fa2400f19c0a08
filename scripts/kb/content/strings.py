"""Interface strings of the site, one file per language (data/i18n/<lang>.yml), same keys; and the
language of messages to contributors.

The strings are read through content/texts.py (`INTERFACE.text(lang, key, **values)`); `t` and
`load_strings` are the former names, kept for the modules that still call them."""
from __future__ import annotations

import os
from collections.abc import Mapping

from kb.content.texts import INTERFACE


def load_strings(lang: str) -> Mapping[str, str]:
    """Former name of INTERFACE.strings(lang)."""
    return INTERFACE.strings(lang)


def t(lang: str, key: str, /, **values) -> str:
    """Former name of INTERFACE.text(lang, key, **values)."""
    return INTERFACE.text(lang, key, **values)


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

