"""Links and images: relative targets that exist, in the same language, anchors that exist;
symbolic links that leave docs/."""
from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import unquote

from kb.check.context import Context
from kb.check.markdown import _IMAGE_EXT, _SCHEME, iter_links
from kb.check.runner import corpus_rule, page_rule
from kb.content.pages import Corpus, Page
from kb.content.paths import GENERATED_PREFIXES


@corpus_rule
def escaping_links(corpus: Corpus, ctx: Context):
    """Symbolic links under docs/ that point outside it (pages among them are reported as read)."""
    pages = {f"{p.lang}/{p.rel}" for p in corpus.pages}
    for rel, target in sorted(ctx.tree.escaping.items()):
        if rel not in pages:
            yield ctx.at_file(ctx.display_rel(rel), "KB060", 1, 1, target=target)



def _generated(docs_rel: str, lang: str) -> bool:
    in_lang = docs_rel[len(lang) + 1:] if docs_rel.startswith(lang + "/") else None
    return docs_rel.startswith(GENERATED_PREFIXES) or bool(in_lang and in_lang.startswith(GENERATED_PREFIXES))


def resolve_link(ctx: Context, lang: str, base: str, raw: str, image: bool) -> tuple | None:
    """What is wrong with one link written in a page of `lang` whose folder is `base` (relative to
    docs/): None when nothing, (code, args) for a problem, ("#", page rel, anchor) when only the
    anchor remains to be checked. Pure, so that the many identical links are resolved once."""
    url = html.unescape(raw.strip())
    if not url or _SCHEME.match(url) or url.startswith("//"):
        return None  # external (or unsafe: the safety rule reports those)
    path, _, anchor = url.partition("#")
    path = unquote(path.split("?", 1)[0])
    if not path:
        return ("#", None, anchor) if anchor else None
    if path.startswith("/"):
        return "KB045", {"target": raw}
    target = posixpath.normpath(posixpath.join(base, path))
    lang_dir = ctx.display_rel(lang + "/")
    if target == ".." or target.startswith("../"):
        return "KB043", {"target": raw, "lang_dir": lang_dir}
    if _generated(target, lang):
        return None
    if path.endswith("/") or target in ctx.tree.dirs:
        index = target + "/index.md"
        folder_index = (path.rstrip("/") + "/index.md") if index in ctx.tree.files else None
        return "KB044", {"target": raw, "folder_index": folder_index}
    if target.endswith(".md") and not target.startswith(lang + "/"):
        return "KB043", {"target": raw, "lang_dir": lang_dir}
    if target not in ctx.tree.files:
        is_image = image or posixpath.splitext(target)[1].lower() in _IMAGE_EXT
        return ("KB041" if is_image else "KB040"), {"target": raw}
    if anchor and target.endswith(".md"):
        return "#", target[len(lang) + 1:], anchor
    return None


@page_rule
def links(page: Page, ctx: Context):
    """Relative links and images lead to files that exist; .md links stay in the same language."""
    if page.parsed.meta is None and not page.parsed.has_front_matter:
        return
    masked = ctx.masked(page)
    if "](" not in masked and "]:" not in masked:
        return
    base = posixpath.dirname(f"{page.lang}/{page.rel}")
    cache = ctx.link_cache
    for offset, raw, image in iter_links(masked):
        key = (page.lang, base, raw, image)
        if key not in cache:
            cache[key] = resolve_link(ctx, page.lang, base, raw, image)
        result = cache[key]
        if result is None:
            continue
        if result[0] == "#":
            _, rel, anchor = result
            linked = page if rel is None else ctx.corpus.by_rel(page.lang, rel)
            if linked is None or anchor in ctx.anchors(linked):
                continue
            result = "KB042", {"target": raw, "anchor": anchor, "page_path": ctx.display(linked)}
        code, args = result
        yield ctx.at(page, code, *ctx.body_pos(page, offset), **args)


_H1 = re.compile(r"^#[ \t]+\S", re.M)
