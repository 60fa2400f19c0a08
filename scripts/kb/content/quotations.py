"""Quotations: the passages the pages quote from a source, each with its one translation.

data/quotations.yml lists them (its header says how): one entry per quotation, the source's words
in the source's language and the one translation every page of the other language uses.

    spans(text)                   the «…» quotations of a text, with their offsets (across lines)
    normalise(text)               a quotation as the comparisons read it
    load_quotations()             the entries, read once per process
    translated_in(text, lang)     the entries whose translation into `lang` a text quotes: the
                                  build adds one note to such a page (generate/blocks.py)

What does not count when two quotations are compared: line breaks and runs of spaces (the seed's
slides break its lines anywhere), no-break spaces (French typography), ’ against ', emphasis around
a *[sic]*, the case of the first letter, an ellipsis that marks a cut at either end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.content import yamldata
from kb.content.caches import cached
from kb.content.paths import DATA

QUOTATIONS = DATA / "quotations.yml"
ORIGINAL_LANG = "it"  # the language of the sources' words, unless an entry says otherwise (`lang`)

# «…» with no nested « inside, across line breaks; the inner text is group 1.
_SPAN = re.compile(r"«([^«»]+)»")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_SIC = re.compile(r"[*_]*\[sic\][*_]*", re.IGNORECASE)
_CUT = "…. "  # characters stripped at either end: an ellipsis that marks a cut, and the spaces


def spans(text: str) -> list[tuple[int, int, str]]:
    """Each «…» quotation of `text`: (offset of «, offset after », the words inside)."""
    return [(m.start(), m.end(), m.group(1)) for m in _SPAN.finditer(text)]


def normalise(text: str, keep_sic: bool = False) -> str:
    """The words of a quotation as they are compared (see the module docstring). `keep_sic=False`
    also drops the [sic] marks: what is left is the source's words, to look for in the source."""
    text = text.replace("’", "'").replace("\u2011", "-")
    text = _SIC.sub(" [sic] " if keep_sic else " ", text)
    text = _SPACES.sub(" ", text).strip(_CUT)
    if text[:1]:
        text = text[0].lower() + text[1:]
    return text


def word_count(text: str) -> int:
    return len(normalise(text).split())


@dataclass(frozen=True)
class Quotation:
    id: str
    source: str  # 'seed' or the source's address
    texts: dict[str, str] = field(hash=False)  # language -> words
    lang: str = ORIGINAL_LANG  # the language of the source's words
    kind: str = "quotation"  # or 'name': quoted as written in every language, not translated

    @property
    def original(self) -> str:
        return self.texts[self.lang]

    @property
    def translated(self) -> bool:
        return self.kind != "name"


def parse(data) -> list[Quotation]:
    entries = []
    for item in data or []:
        if not isinstance(item, dict) or not item.get("id"):
            raise ValueError(f"{QUOTATIONS.name}: an entry needs an id: {item!r}")
        texts = {k: str(v) for k, v in item.items() if k in ("it", "fr") and v}
        entries.append(Quotation(id=str(item["id"]), source=str(item.get("source") or ""), texts=texts,
                                 lang=str(item.get("lang") or ORIGINAL_LANG), kind=str(item.get("kind") or "quotation")))
    return entries


@cached
def _load(path: str) -> tuple[Quotation, ...]:
    file = Path(path)
    if not file.exists():
        return ()
    with open(file, encoding="utf-8") as fh:
        return tuple(parse(yamldata.load(fh)))


def load_quotations(path: Path = QUOTATIONS) -> tuple[Quotation, ...]:
    """The entries of data/quotations.yml (none when the file does not exist)."""
    return _load(str(path))


@cached
def _by_text(path: str, lang: str) -> dict[str, Quotation]:
    """Normalised words in `lang` -> entry, for the entries translated into `lang`."""
    return {normalise(q.texts[lang], keep_sic=True): q for q in _load(path)
            if q.translated and q.lang != lang and lang in q.texts}


def by_original(lang: str = ORIGINAL_LANG, path: Path = QUOTATIONS) -> dict[str, Quotation]:
    """Normalised original words (with their [sic] marks) -> entry, for entries whose source is in `lang`."""
    return {normalise(q.original, keep_sic=True): q for q in _load(str(path)) if q.lang == lang}


def translated_in(text: str, lang: str, path: Path = QUOTATIONS) -> list[Quotation]:
    """The entries whose translation into `lang` `text` quotes in «…», in order, each once."""
    table = _by_text(str(path), lang)
    if not table or "«" not in text:
        return []
    found: dict[str, Quotation] = {}
    for _start, _end, words in spans(text):
        entry = table.get(normalise(words, keep_sic=True))
        if entry is not None:
            found.setdefault(entry.id, entry)
    return list(found.values())
