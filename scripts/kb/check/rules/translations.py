"""Checker rules about translation records (codes KB070–KB073, messages in data/i18n/checker.yml).

KB071, a translation to do, says one of two things (`situation`): nothing says which page of the
pair is the translation, or the page is marked still to translate (`translation: {from: fr}`, no
fingerprint: either language may be the original).

The states come from scripts/kb/content/translation.py, the same code that `make translations` and the
outdated-translation notice on the site use. A missing twin is reported by rules/frontmatter.py (KB031).
"""
from __future__ import annotations

from kb.check.context import Context
from kb.check.runner import corpus_rule
from kb.content.pages import Corpus
from kb.content.paths import LANGS
from kb.content.translation import OUTDATED, UNPINNED, UNTRANSLATED, fingerprint, translation_status


@corpus_rule
def translation_records(corpus: Corpus, ctx: Context):
    for status in translation_status(corpus):
        if status.state == UNTRANSLATED:
            page, original = status.translation, status.original
            if page is None or original is None:
                continue
            # A translation still to do (`translation: {from: fr}`): the same warning as a pair
            # whose translation is not recorded, said as what it is, on the page to translate.
            yield ctx.at_key(
                page, "KB071", ("translation",),
                page_path=ctx.display(page), other_path=ctx.display(original),
                page_lang_term=f"lang_in_{page.lang}", situation_term="translation_to_do",
            )
        elif status.state == OUTDATED:
            page, original = status.translation, status.original
            if page is None or original is None:  # an outdated translation has both
                continue
            yield ctx.at_key(
                page, "KB070", ("translation", "hash"),
                page_path=ctx.display(page), other_path=ctx.display(original), current=status.current,
            )
        elif status.state == UNPINNED:
            pair = [ctx.corpus.by_rel(lang, status.rel) for lang in LANGS]
            first, second = pair
            if first is None or second is None:  # an unpinned pair has both pages
                continue
            if status.reason == "none":
                # Reported on the page in the second language, usually the translation.
                yield ctx.at(
                    second, "KB071", ctx.closing_line(second), 1,
                    page_path=ctx.display(second), other_path=ctx.display(first),
                    record=f"translation: {{from: {first.lang}, hash: {fingerprint(first)}}}",
                    situation_term="translation_unrecorded",
                )
            elif status.reason == "both":
                yield ctx.at_key(first, "KB072", ("translation",), other_path=ctx.display(second))
            else:  # `from` names the translation's own language
                page, original = status.translation, status.original
                if page is None or original is None:
                    continue
                yield ctx.at_key(
                    page, "KB073", ("translation", "from"),
                    value=(page.view.translation and page.view.translation.from_lang) or "—", expected=original.lang,
                    page_path=ctx.display(page), other_path=ctx.display(original),
                )
