"""Dates in the reader's language."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def long_date(value, lang: str) -> str:
    """'26 novembre 2026' in both languages (babel's long format)."""
    date = parse_date(value)
    return format_date(date, format="long", locale=lang) if date else ""


def partial_date(value: str, lang: str) -> str:
    """'2022' -> '2022'; '2022-07' -> 'luglio 2022' / 'juillet 2022'; a full date -> long date."""
    text = str(value)
    if len(text) == 4:
        return text
    if len(text) == 7:
        date = dt.date.fromisoformat(text + "-01")
        return format_date(date, format="LLLL y", locale=lang)
    return long_date(text, lang)
