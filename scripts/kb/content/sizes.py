"""Sizes of files as people read them, in their language: '420 kB', '1,2 MB' / '420 ko', '1,2 Mo'
(SI units, the language's decimal comma). The printed guide's link and the offline copy say them."""
from __future__ import annotations

from babel.numbers import format_decimal

from kb.content.texts import INTERFACE


def size_label(size: int, lang: str) -> str:
    """File size in the reader's language: '420 kB', '1,2 MB' / '420 ko', '1,2 Mo' (SI units)."""
    if size < 1_000_000:
        return INTERFACE.text(lang, "guide_size_kb", n=format_decimal(max(1, round(size / 1000)), locale=lang))
    return INTERFACE.text(lang, "guide_size_mb", n=format_decimal(round(size / 1_000_000, 1), format="#,##0.0", locale=lang))
