"""A typed, read-only view of a page's front matter, built once per page (`Page.view`).

The front matter as parsed (`Page.meta`) holds whatever the author wrote: a list where a word was
expected, a date that is a string, a number in quotes. The checker reads it as it is, to report
each mistake. Everything else reads this view, which never raises: a value of the wrong shape is
seen as absent (None, or an empty tuple), so a wrong page still builds and the checker tells why.

    view = page.view
    view.phases                   # ('conoscere', 'creare-relazioni'): strings, in the page's order
    view.updated                  # datetime.date or None
    view.period                   # Period(start='2022-07', end=None) or None
    view.translation              # TranslationRecord(from_lang='it', hash='…') or None: no record
    view.values("territories")    # the same for any list field of the registry, by name
    view.text("kind")             # a single value as text, or None

Coercions, the same for every field: a scalar (string, number, date) read as text is `str(value)`;
a list read as values is the `str` of each item (a scalar given for a list is a one-item list, as the
indexes always took it); an integer is an int that is not a bool; a date is a date (a datetime is
cut to its day, an ISO string is parsed).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from kb.content.dates import parse_date


def _text(value) -> str | None:
    if value is None or isinstance(value, (list, dict)):
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


def _integer(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _values(value) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value if v is not None)
    text = _text(value)
    return (text,) if text is not None else ()


def _record(value) -> dict[str, str] | None:
    """An object's filled-in entries as text ({} when none are), None when it is not an object."""
    return _entries(value) if isinstance(value, dict) else None


def _entries(value: dict) -> dict[str, str]:
    """The object's filled-in entries as text."""
    out = {}
    for key, item in value.items():
        text = _text(item)
        if text:
            out[str(key)] = text
    return out


@dataclass(frozen=True)
class Period:
    """When an experience took place, each end only as precise as its source ('2022', '2022-07')."""

    start: str | None = None
    end: str | None = None

    def interval(self) -> str:
        """ISO 8601 interval with open ends: '2022-07/2023', '2022/..'."""
        return f"{self.start or '..'}/{self.end or '..'}"


@dataclass(frozen=True)
class Source:
    title: str | None = None
    url: str | None = None
    ref: str | None = None


@dataclass(frozen=True)
class TranslationRecord:
    """A translated page's `translation:` record; both None when the record is not an object."""

    from_lang: str | None = None
    hash: str | None = None

    @property
    def pending(self) -> bool:
        """`{from: fr}` without a fingerprint: the page is still to translate from that language."""
        return self.from_lang is not None and self.hash is None


@dataclass(frozen=True)
class ItemMeta:
    """The typed view of one page's front matter (see the module docstring)."""

    raw: Mapping = field(default_factory=dict, repr=False, compare=False)  # as parsed: read, never change
    id: str | None = None
    type: str | None = None
    title: str | None = None
    description: str | None = None
    updated: dt.date | None = None
    status: str | None = None
    sources: tuple[Source, ...] = ()
    weight: int | None = None
    code: str | None = None
    phases: tuple[str, ...] = ()
    territories: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    kind: str | None = None
    year: int | None = None
    period: Period | None = None
    translation: TranslationRecord | None = None

    @classmethod
    def of(cls, meta) -> ItemMeta:
        """The view of a parsed front matter (anything: a non-mapping is seen as empty)."""
        raw = meta if isinstance(meta, dict) else {}
        get = raw.get
        ident = get("id")
        period = _record(get("period"))
        record = get("translation")
        if record is None:
            translation = None
        elif isinstance(record, dict):
            translation = TranslationRecord(_text(record.get("from")), _text(record.get("hash")))
        else:
            translation = TranslationRecord()
        listed = get("sources")
        sources = tuple(
            Source(_text(s.get("title")), _text(s.get("url")), _text(s.get("ref")))
            for s in (listed if isinstance(listed, list) else ())
            if isinstance(s, dict)
        )
        return cls(
            raw=raw,
            id=ident if isinstance(ident, str) else None,
            type=_text(get("type")),
            title=_text(get("title")),
            description=_text(get("description")),
            updated=parse_date(get("updated")),
            status=_text(get("status")),
            sources=sources,
            weight=_integer(get("weight")),
            code=_text(get("code")),
            phases=_values(get("phases")),
            territories=_values(get("territories")),
            organisations=_values(get("organisations")),
            target_groups=_values(get("target_groups")),
            themes=_values(get("themes")),
            kind=_text(get("kind")),
            year=_integer(get("year")),
            period=Period(period.get("start"), period.get("end")) if period and (period.get("start") or period.get("end")) else None,
            translation=translation,
        )

    # --- any field of the registry, by name (for code driven by content/fields.py) ---------------

    def has(self, name: str) -> bool:
        """Whether the page gives the field at all (even with a wrong value)."""
        return self.raw.get(name) is not None

    def text(self, name: str) -> str | None:
        """A single value as text; None when absent, a list or an object."""
        return _text(self.raw.get(name))

    def values(self, name: str) -> tuple[str, ...]:
        """A list's items as text (a single value counts as a one-item list)."""
        return _values(self.raw.get(name))

    def integer(self, name: str) -> int | None:
        return _integer(self.raw.get(name))

    def date(self, name: str) -> dt.date | None:
        return parse_date(self.raw.get(name))

    def record(self, name: str) -> dict[str, str] | None:
        """An object's filled-in entries as text; None when it is absent or not an object."""
        return _record(self.raw.get(name))

    def records(self, name: str) -> tuple[dict[str, str], ...]:
        """A list of objects, each as `record` gives it (entries that are not objects skipped)."""
        value = self.raw.get(name)
        return tuple(_entries(v) for v in value if isinstance(v, dict)) if isinstance(value, list) else ()
