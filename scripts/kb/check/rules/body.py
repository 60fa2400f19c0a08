"""The shape of a page's text: no level-one heading, the summary box first; guidance left by
`make new`."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from kb.check.context import Context
from kb.check.runner import page_rule
from kb.content import yamldata
from kb.content.caches import cached
from kb.content.pages import Page
from kb.content.paths import DATA, LANGS

_YAML_LOADER = yamldata.LOADER
SCAFFOLD_TEXTS_PATH = DATA / "i18n" / "scaffold.yml"


_H1 = re.compile(r"^#[ \t]+\S", re.M)


@page_rule
def body_shape(page: Page, ctx: Context):
    """No level-one heading (the title comes from front matter); the summary box comes first. A
    page still to translate has no text of its own yet (its readers see the original's)."""
    if page.parsed.meta is None or (page.untranslated and not page.body.strip()):
        return
    masked = ctx.masked(page)
    if masked.startswith(("# ", "#\t")) or "\n# " in masked or "\n#\t" in masked:
        for m in _H1.finditer(masked):
            yield ctx.at(page, "KB046", *ctx.body_pos(page, m.start()))
    stripped = page.body.lstrip()
    if not stripped.startswith(("!!! abstract", '!!! "abstract"')):
        offset = len(page.body) - len(stripped)
        line, col = ctx.body_pos(page, offset) if stripped else (ctx.closing_line(page), 1)
        yield ctx.at(page, "KB047", line, col)



@cached
def scaffold_markers(path: Path = SCAFFOLD_TEXTS_PATH) -> tuple[str, ...]:
    """The words `make new` puts where something must be filled in (DA COMPLETARE, À COMPLÉTER)."""
    try:
        with open(path, encoding="utf-8") as fh:
            texts = yaml.load(fh, Loader=_YAML_LOADER) or {}
        return tuple(texts[lang]["marker"] for lang in LANGS if lang in texts)
    except (OSError, yaml.YAMLError, KeyError, TypeError):  # reported by rules/data.py
        return ()


@page_rule
def placeholders(page: Page, ctx: Context):
    """Guidance left by `make new`: a warning on a draft, an error on a page marked ready."""
    meta = page.parsed.meta
    markers = scaffold_markers()
    if meta is None or not markers:
        return
    head = getattr(page.parsed, "_text", "") or ""
    if not any(marker in head or marker in page.body for marker in markers):
        return
    hits: list[tuple[int, int, str]] = []
    for marker in markers:
        for m in re.finditer(re.escape(marker), head):
            line = 2 + head.count("\n", 0, m.start())
            hits.append((line, m.start() - (head.rfind("\n", 0, m.start()) + 1) + 1, marker))
        for m in re.finditer(re.escape(marker), page.body):
            hits.append((*ctx.body_pos(page, m.start()), marker))
    if not hits:
        return
    line, col, marker = min(hits)
    status = page.view.status
    if status == "draft":
        yield ctx.at(page, "KB050", line, col, count=len(hits), marker=marker)
    else:
        yield ctx.at(page, "KB051", line, col, count=len(hits), marker=marker, status=status)
