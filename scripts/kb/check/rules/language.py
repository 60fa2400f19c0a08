"""Checker rules: each page is written in the language of its folder (check/language.py says how a
text's language is told).

Codes (messages in data/i18n/checker.yml):
  KB074 the body of a page is in the other language (error, at the file): the other language's
        text in this folder would reach this language's readers
  KB075 a paragraph in the other language outside a quotation (warning, at its line)
  KB117 a line that starts with a bullet pasted from a word processor (•, ◦, ▪, –…): the site
        runs such lines together in one paragraph; write a Markdown list (warning)

Thresholds, tuned on the site's pages (short pages, French text full of Italian names, the
glossary) so that none raises a false report, and on pages written in the other language:
- a paragraph counts when it has at least PARAGRAPH_MIN_WORDS common words (check/language.py)
  and the other language is at least PARAGRAPH_MIN_PROBABILITY likely;
- a page's body counts as the other language when its common words, all together, are at least
  PAGE_MIN_WORDS and the other language is at least PAGE_MIN_PROBABILITY likely; its paragraphs
  are then not reported one by one.
"""
from __future__ import annotations

import re

from kb.check import language
from kb.check.context import Context
from kb.check.runner import page_rule
from kb.content.pages import Page
from kb.content.paths import LANGS, other_lang

PARAGRAPH_MIN_WORDS = 8
PARAGRAPH_MIN_PROBABILITY = 0.95
PAGE_MIN_WORDS = 30
PAGE_MIN_PROBABILITY = 0.99


def _terms(page: Page, text_lang: str) -> dict:
    return {"text_lang_term": f"lang_in_{text_lang}", "page_lang_term": f"lang_in_{page.lang}",
            "page_lang_name_term": f"lang_name_{page.lang}"}


@page_rule
def page_language(page: Page, ctx: Context):
    """The body, and each paragraph, in the language of the page's folder."""
    if page.parsed.meta is None or page.lang not in LANGS or not page.body.strip():
        return
    if language.identifier() is None:
        return
    other = other_lang(page.lang)
    classified = list(language.iter_classified(ctx.masked(page), 1))
    words = [w for block, _, _ in classified for w in language.common_words(block.text)]
    if len(words) >= PAGE_MIN_WORDS:
        verdict = language.classify(words)
        if verdict and verdict[0] == other and verdict[1] >= PAGE_MIN_PROBABILITY:
            yield ctx.at(page, "KB074", 1, 1, **_terms(page, other), folder=ctx.display_rel(page.lang + "/"),
                         twin_path=ctx.display_rel(f"{other}/{page.rel}"),
                         record=f"translation: {{from: {other}}}")
            return
    for block, count, (lang, probability) in classified:
        if count >= PARAGRAPH_MIN_WORDS and lang == other and probability >= PARAGRAPH_MIN_PROBABILITY:
            yield ctx.at(page, "KB075", *ctx.body_pos(page, block.offset), **_terms(page, other),
                         marker=f'{{: lang="{other}" }}')


# Bullets that word processors and PDF readers paste at the start of a line, and dashes used as such.
PASTED_BULLETS = "•◦▪▫●○■□‣⁃∙·–—"
_PASTED = re.compile(rf"^( {{0,3}})([{PASTED_BULLETS}])[ \t\u00a0]*(\S.*)$", re.M)


@page_rule
def pasted_bullets(page: Page, ctx: Context):
    """A line starting with «•», «◦», «–»… : a list pasted from a word processor."""
    if page.parsed.meta is None:
        return
    masked = ctx.masked(page)
    if not any(char in masked for char in PASTED_BULLETS):
        return
    for m in _PASTED.finditer(masked):
        fixed = f"- {m.group(3).strip()}"
        yield ctx.at(page, "KB117", *ctx.body_pos(page, m.start(2)), char=m.group(2),
                     fixed=fixed if len(fixed) <= 60 else fixed[:57] + "…")
