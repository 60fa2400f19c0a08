"""Which pages are translations of which, and whether each translation is still current.

A translated page records the fingerprint of the original it was translated from:

    translation: {from: it, hash: 3f2a9c1b7d4e}

`fingerprint(page)` is computed from the text a translator translates (title, description, body),
normalised so that invisible edits do not count (see `normalize_body`). Comparing the recorded
fingerprint with the original's current one needs no git history: it works in shallow clones and
on a downloaded ZIP of the repository.

A fact about the pages, read by the checker (check/rules/translations.py), the notice on an
outdated translation (generate/page_context.py) and `make translations` (translations/records.py,
which also writes the records): so it lives in content/, below all three.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from kb.content.metadata import TranslationRecord
from kb.content.pages import Corpus, Page
from kb.content.paths import LANGS, other_lang
from kb.content.urls import relative_url

FINGERPRINT_VERSION = "kb-translation-fingerprint-1"
HASH_LENGTH = 12
HASH_RE = re.compile(r"^[0-9a-f]{12}$")

OK, OUTDATED, MISSING, UNPINNED, UNTRANSLATED = "ok", "outdated", "missing", "unpinned", "untranslated"


# --- fingerprint --------------------------------------------------------------------------------


def normalize_inline(value) -> str:
    """A one-line field (title, description): NFC, runs of white space become one space."""
    if value is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def normalize_body(text: str) -> str:
    """The body as a translator sees it, without invisible differences.

    - Unicode NFC (an accented letter typed in two ways is the same letter);
    - line endings LF (CRLF and CR, as some editors save, become LF);
    - no white space at the end of a line (incl. a Markdown hard break's two spaces);
    - runs of blank lines count as one blank line (Markdown renders them alike);
    - no blank lines at the start or the end.
    Everything else counts: a changed word, a moved paragraph, a new link or heading.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for line in text.split("\n"):
        line = line.rstrip()
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def fingerprint(page: Page) -> str:
    """12 hex digits of sha256 over the page's normalised title, description and body.

    Only the translatable text counts. Front-matter fields that are not translated (id, type,
    updated, status, weight, sources, vocabulary keys, dates, the translation record itself) are
    left out, so that fixing them does not mark the translations of the page as outdated.
    """
    meta = page.meta
    text = "\n".join(
        [
            FINGERPRINT_VERSION,
            "title: " + normalize_inline(meta.get("title")),
            "description: " + normalize_inline(meta.get("description")),
            "",
            normalize_body(page.body),
        ]
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


# --- status of each page pair -------------------------------------------------------------------


@dataclass
class Status:
    """The translation state of one page pair (same path in both languages).

    state: ok | outdated | missing (one of the two pages does not exist) | unpinned (neither page
    records that it is a translation, or both do, or the record names the wrong language) |
    untranslated (the translation is still to do: its record names the original's language and
    has no fingerprint yet, `translation: {from: fr}`; readers see the original with a notice).
    Either language may be the original.
    """

    rel: str
    state: str
    original: Page | None = None
    translation: Page | None = None
    recorded: str | None = None  # the fingerprint written in the translation's record
    current: str | None = None  # the original's fingerprint now
    reason: str | None = None  # for unpinned: 'none', 'both' or 'from'
    missing_lang: str | None = None  # for missing: the language without the page

    @property
    def pages(self) -> list[Page]:
        return [p for p in (self.original, self.translation) if p is not None]

    def as_json(self) -> dict:
        def path(page: Page | None) -> str | None:
            return f"docs/{page.lang}/{page.rel}" if page else None

        return {
            "page": self.rel,
            "status": self.state,
            "reason": self.reason,
            "original": path(self.original),
            "original_lang": self.original.lang if self.original else None,
            "translation": path(self.translation),
            "translation_lang": self.translation.lang if self.translation else None,
            "missing_lang": self.missing_lang,
            "recorded_hash": self.recorded,
            "current_hash": self.current,
        }


def record_of(page: Page) -> TranslationRecord | None:
    """The page's `translation:` record, or None when the page does not claim to be a translation
    (a record that is not a mapping is a record with neither `from` nor `hash`)."""
    return page.view.translation


def pair_status(page: Page, twin: Page | None) -> Status:
    """The state of the pair made of `page` and its twin (the same path in the other language)."""
    if twin is None:
        return Status(page.rel, MISSING, original=page, missing_lang=other_lang(page.lang))
    mine, theirs = record_of(page), record_of(twin)
    if mine is not None and theirs is None:
        translation, original, record = page, twin, mine
    elif theirs is not None and mine is None:
        translation, original, record = twin, page, theirs
    else:
        return Status(page.rel, UNPINNED, reason="both" if mine is not None else "none")
    recorded = record.hash
    if record.from_lang != original.lang:
        return Status(page.rel, UNPINNED, original, translation, recorded, reason="from")
    if record.pending:
        return Status(page.rel, UNTRANSLATED, original, translation)
    current = fingerprint(original)
    state = OK if recorded == current else OUTDATED
    return Status(page.rel, state, original, translation, recorded, current)


def translation_status(corpus: Corpus) -> list[Status]:
    """One Status per page path, sorted by path. Pages that cannot be read are left to the checker."""
    statuses = []
    seen: set[str] = set()
    for page in sorted(corpus.pages, key=lambda p: (p.rel, LANGS.index(p.lang) if p.lang in LANGS else 99)):
        if page.rel in seen or page.parsed.meta is None:
            continue
        twin = corpus.twin(page)
        if twin is not None and twin.parsed.meta is None:
            continue
        seen.add(page.rel)
        statuses.append(pair_status(page, twin))
    return statuses


def status_of(page: Page, corpus: Corpus) -> Status | None:
    """The state of one page's pair (no other page is fingerprinted), None if unreadable."""
    if page.parsed.meta is None:
        return None
    twin = corpus.twin(page)
    if twin is not None and twin.parsed.meta is None:
        return None
    return pair_status(page, twin)


def outdated_notice(page: Page, corpus: Corpus) -> dict | None:
    """What a reader of an outdated translation needs: which original changed and a link to it.

    Returns {original: Page, href}; href is relative to the page, so it works under any base path.
    """
    status = status_of(page, corpus)
    if status is None or status.state != OUTDATED or status.translation is not page or status.original is None:
        return None
    return {"original": status.original, "href": relative_url(page.url, status.original.url)}
