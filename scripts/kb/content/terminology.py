"""Terminology: the term the site writes, per language, and the variants to avoid (data/terminology.yml).

    load_terms(lang)               the entries of one language, read once per process
    find_variants(text, lang)      each variant used in `text`, with its offset and its entry

A variant is not looked for where the words are someone else's or not prose: inside a «quotation»,
on a > blockquote line, inside `code` or a fenced block (the caller passes the text with its code
blanked, as the checker has it), in an address (a link's destination, <…>, http…), or inside one
of the entry's `allow` phrases (a proper name). The checker (check/rules/terminology.py) warns; the
web editor may show the same hints.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kb.content import yamldata
from kb.content.caches import cached
from kb.content.paths import DATA

TERMINOLOGY = DATA / "terminology.yml"

# Where a variant is not looked for: quotations, blockquote lines, addresses.
_QUOTED = re.compile(r"«[^«»]*»")
_BLOCKQUOTE = re.compile(r"^[ \t]{0,3}>.*$", re.M)
_ADDRESS = re.compile(r"\]\([^)\n]*\)|<[a-z][a-z0-9+.-]*:[^>\s]*>|\b(?:https?|mailto):[^\s)>\]]+|\]:[ \t]*\S+", re.I)


@dataclass(frozen=True)
class Term:
    lang: str
    prefer: str
    avoid: tuple[str, ...]
    why: dict  # message language -> reason
    case: bool = False
    allow: tuple[str, ...] = ()

    def reason(self, lang: str) -> str:
        return str(self.why.get(lang) or self.why.get("en") or next(iter(self.why.values()), ""))


@dataclass(frozen=True)
class Use:
    start: int
    end: int
    found: str  # as written in the text
    term: Term


def parse(data) -> dict[str, tuple[Term, ...]]:
    out: dict[str, tuple[Term, ...]] = {}
    for lang, entries in (data or {}).items():
        terms = []
        for entry in entries or []:
            if not isinstance(entry, dict) or not entry.get("prefer") or not entry.get("avoid"):
                raise ValueError(f"{TERMINOLOGY.name}: {lang}: an entry needs `prefer` and `avoid`: {entry!r}")
            terms.append(Term(lang=str(lang), prefer=str(entry["prefer"]),
                              avoid=tuple(str(v) for v in entry["avoid"]), why=dict(entry.get("why") or {}),
                              case=bool(entry.get("case")), allow=tuple(str(a) for a in entry.get("allow") or ())))
        out[str(lang)] = tuple(terms)
    return out


@cached
def _load(path: str) -> dict[str, tuple[Term, ...]]:
    file = Path(path)
    if not file.exists():
        return {}
    with open(file, encoding="utf-8") as fh:
        return parse(yamldata.load(fh))


def load_terms(lang: str, path: Path = TERMINOLOGY) -> tuple[Term, ...]:
    return _load(str(path)).get(lang, ())


def _pattern(words: str) -> str:
    """A phrase as a pattern: any run of spaces or a line break between words, ' or ’."""
    escaped = re.escape(words).replace("\\ ", " ")
    return escaped.replace(" ", r"\s+").replace("'", "['’]")


def _alternation(variants) -> str:
    words = sorted(set(variants), key=len, reverse=True)
    return r"(?<![\w-])(?:" + "|".join(_pattern(w) for w in words) + r")(?![\w-])"


@cached
def _matchers(path: str, lang: str) -> tuple:
    """(regex, {folded variant: term}, case) for the case-insensitive and the case-sensitive entries."""
    out = []
    for case in (False, True):
        terms = [t for t in _load(path).get(lang, ()) if t.case == case]
        if not terms:
            continue
        table = {}
        for term in terms:
            for variant in term.avoid:
                table[_key(variant, case)] = term
        flags = 0 if case else re.IGNORECASE
        out.append((re.compile(_alternation(table_variants(terms)), flags), table, case))
    return tuple(out)


def table_variants(terms) -> list[str]:
    return [v for t in terms for v in t.avoid]


def _key(text: str, case: bool) -> str:
    text = " ".join(text.replace("’", "'").split())
    return text if case else text.casefold()


def excluded_spans(text: str) -> list[tuple[int, int]]:
    """Where no variant is looked for: quotations, blockquote lines, addresses."""
    spans = [m.span() for pattern in (_QUOTED, _BLOCKQUOTE, _ADDRESS) for m in pattern.finditer(text)]
    return sorted(spans)


def _inside(start: int, end: int, spans) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def find_variants(text: str, lang: str, path: Path = TERMINOLOGY) -> list[Use]:
    """Each variant of `lang`'s terminology in `text`, in order (see the module docstring)."""
    matchers = _matchers(str(path), lang)
    if not matchers or not text:
        return []
    found: list[Use] = []
    for regex, table, case in matchers:
        for m in regex.finditer(text):
            term = table.get(_key(m.group(0), case))
            if term is not None:
                found.append(Use(m.start(), m.end(), m.group(0), term))
    if not found:
        return []
    spans = excluded_spans(text)
    kept = []
    for use in found:
        if _inside(use.start, use.end, spans):
            continue
        if use.term.allow and _allowed(text, use):
            continue
        kept.append(use)
    return sorted(kept, key=lambda u: u.start)


def _allowed(text: str, use: Use) -> bool:
    for phrase in use.term.allow:
        flags = 0 if use.term.case else re.IGNORECASE
        for m in re.finditer(_pattern(phrase), text, flags):
            if m.start() <= use.start and use.end <= m.end():
                return True
    return False
