"""The download link of the guide, written into pages that are already built.

The template (overrides/partials/kb-guide-link.html) leaves an empty slot on the pages that
data/guide.yml lists under `linked_from`. Only once the PDF exists are its page count and size
known, so the PDF step replaces the slot with the link. Without PDFs (`make html`) the slot stays
empty and invisible: no link, so no broken link.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from html import escape
from pathlib import Path

from kb.content.guide_spec import GuideSpec
from kb.content.pages import Corpus
from kb.content.sizes import size_label
from kb.content.strings import t

SLOT = '<div class="kb-guide" data-kb-guide-slot></div>'
# A link written by an earlier run, so that stamping twice gives the same page.
STAMPED_RE = re.compile(r'<p class="kb-guide">.*?</p>', re.S)


def _literal(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement for re.sub that inserts `text` as it is (no backslash or group expansion)."""
    return lambda _match: text


def link_text(lang: str, pages: int, size: int) -> str:
    """'Scarica la guida (PDF, 24 pagine, 1,2 MB)' / 'Télécharger le guide (PDF, 24 pages, 1,2 Mo)'."""
    return t(lang, "guide_download", pages=pages, size=size_label(size, lang))


def link_html(href: str, lang: str, pages: int, size: int) -> str:
    return (
        f'<p class="kb-guide"><a class="kb-guide__link" href="{escape(href)}" type="application/pdf" '
        f'hreflang="{lang}">{escape(link_text(lang, pages, size), quote=False)}</a></p>'
    )


def stamp_pages(site: Path, corpus: Corpus, spec: GuideSpec, lang: str, pages: int, size: int) -> list[Path]:
    """Write the link into every built page of `lang` that shows it; return the pages changed."""
    pdf = site / spec.languages[lang].file
    changed = []
    for page in corpus.in_lang(lang):
        if not spec.shows_link(page.id, page.type):
            continue
        path = site / page.url / "index.html"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        href = Path(os.path.relpath(pdf, path.parent)).as_posix()
        link = link_html(href, lang, pages, size)
        new = text.replace(SLOT, link) if SLOT in text else STAMPED_RE.sub(_literal(link), text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed
