"""Drafts: the build leaves every `status: draft` page out of the published site (only `make serve`
shows them), so a published page must not link to one: the link would lead nowhere."""
from __future__ import annotations

import html
import posixpath
from urllib.parse import unquote

from kb.content.pages import Corpus

from kb.check.context import Context
from kb.check.markdown import _SCHEME, iter_links
from kb.check.runner import corpus_rule


@corpus_rule
def links_to_drafts(corpus: Corpus, ctx: Context):
    drafts = {(p.lang, p.rel) for p in corpus.pages if p.is_draft}
    if not drafts:
        return
    for page in corpus.pages:
        if page.is_draft or page.parsed.meta is None:
            continue
        masked = ctx.masked(page)
        if "](" not in masked and "]:" not in masked:
            continue
        base = posixpath.dirname(f"{page.lang}/{page.rel}")
        for offset, raw, _image in iter_links(masked):
            url = html.unescape(raw.strip())
            if not url or _SCHEME.match(url) or url.startswith(("//", "/", "#")):
                continue
            path = unquote(url.partition("#")[0].split("?", 1)[0])
            target = posixpath.normpath(posixpath.join(base, path))
            lang, _, rel = target.partition("/")
            if (lang, rel) in drafts:
                linked = corpus.by_rel(lang, rel)
                yield ctx.at(page, "KB048", *ctx.body_pos(page, offset), target=raw, page_path=ctx.display(linked))
