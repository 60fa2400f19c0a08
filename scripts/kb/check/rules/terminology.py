"""Checker rule: the site's terminology (data/terminology.yml), a warning where a variant is used.

Code (message in data/i18n/checker.yml):
  KB140 a variant to avoid, with the term the site writes and why; on a page (text, title,
        description) or in a reader-facing data string of that language. Never an error.
Quotations, blockquotes, code and addresses are left alone (content/terminology.py).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from kb.check.context import Context
from kb.check.findings import Finding
from kb.check.messages import severity_of
from kb.check.runner import corpus_rule, page_rule
from kb.content import terminology, yamldata
from kb.content.caches import by_content
from kb.content.pages import Corpus, Page
from kb.content.paths import DATA, LANGS

CODE = "KB140"
DATA_DIR: Path = DATA  # tests point this at a copy
FRONT_MATTER_FIELDS = ("title", "description")


def _args(use: terminology.Use) -> dict:
    return {"found": " ".join(use.found.split()), "preferred": use.term.prefer, "term_lang": use.term.lang,
            "term_prefer": use.term.prefer}


@page_rule
def page_terminology(page: Page, ctx: Context):
    """Variants in the page's text (code blanked, offsets kept) and in its title and description."""
    if page.parsed.meta is None or page.lang not in LANGS:
        return
    for use in terminology.find_variants(ctx.masked(page), page.lang):
        yield ctx.at(page, CODE, *ctx.body_pos(page, use.start), **_args(use))
    head = (getattr(page.parsed, "_text", "") or "").split("\n")
    for name in FRONT_MATTER_FIELDS:
        value = page.meta.get(name)
        if not isinstance(value, str):
            continue
        line, col = ctx.key_pos(page, (name,))
        for use in terminology.find_variants(value, page.lang):
            # the front matter's text starts on the file's line 2
            yield ctx.at(page, CODE, *_locate(head, line - 2, col - 1, use.found, offset_line=2), **_args(use))


def _locate(lines: list[str], start_line: int, start_col: int, found: str, offset_line: int = 1) -> tuple[int, int]:
    """(line, col) in the file of `found`, searched from (start_line, start_col), both 0-based in
    `lines`; its first word when it spans a line break; the start when not found."""
    words = found.split()
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    first = re.compile(re.escape(words[0]), re.IGNORECASE) if words else pattern
    for regex in (pattern, first):
        for i in range(max(start_line, 0), len(lines)):
            m = regex.search(lines[i], start_col if i == start_line else 0)
            if m:
                return i + offset_line, m.start() + 1
    return start_line + offset_line, start_col + 1


# --- data strings ---------------------------------------------------------------------------------

def _lang_of_file(rel: str) -> str | None:
    match = re.fullmatch(r"i18n/(\w+)\.yml", rel)
    return match.group(1) if match and match.group(1) in LANGS else None


# Reader-facing data: {file pattern: how a string's language is known}. 'file': the file's own
# language (i18n/<lang>.yml); 'key': a string under a key named after a language (it, fr,
# it_plural…). quotations.yml: only the translations (the original is the source's words).
DATA_FILES = ("i18n/it.yml", "i18n/fr.yml", "glossary/*.yml", "vocabularies.yml", "quotations.yml", "site.yml")


def _strings(node, lang: str | None, path: tuple = ()) -> Iterator[tuple[str, yaml.ScalarNode]]:
    """(language, scalar) of every string of a composed YAML tree whose language is known."""
    if isinstance(node, yaml.ScalarNode):
        if lang and isinstance(node.value, str) and node.tag.endswith(":str"):
            yield lang, node
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else ""
            here = name.split("_", 1)[0] if name.split("_", 1)[0] in LANGS else lang
            yield from _strings(value, here, (*path, name))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _strings(item, lang, path)


def _quotation_originals(node) -> set[int]:
    """ids of the scalars of data/quotations.yml that hold a source's own words (not checked)."""
    skip = set()
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if not isinstance(item, yaml.MappingNode):
                continue
            fields = {k.value: v for k, v in item.value if isinstance(k, yaml.ScalarNode)}
            lang_node, kind_node = fields.get("lang"), fields.get("kind")
            original = lang_node.value if isinstance(lang_node, yaml.ScalarNode) else "it"
            kind = kind_node.value if isinstance(kind_node, yaml.ScalarNode) else ""
            for lang in LANGS:
                if lang in fields and (lang == original or kind == "name"):
                    skip.add(id(fields[lang]))
    return skip


def data_terminology(data_dir: Path | None = None) -> list[Finding]:
    return _data_terminology(DATA_DIR if data_dir is None else data_dir)


def _strings_files(data_dir: Path) -> list[Path]:
    return sorted({p for pattern in DATA_FILES for p in data_dir.glob(pattern) if p.is_file()})


@by_content(lambda data_dir: [*_strings_files(data_dir), terminology.TERMINOLOGY])
def _data_terminology(data_dir: Path) -> list[Finding]:
    out: list[Finding] = []
    paths = _strings_files(data_dir)
    for path in paths:
        rel = path.relative_to(data_dir).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
            node = yaml.compose(text, Loader=yamldata.LOADER)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # reported by rules/data.py
        if node is None:
            continue
        skip = _quotation_originals(node) if rel == "quotations.yml" else set()
        lines = text.split("\n")
        for lang, scalar in _strings(node, _lang_of_file(rel)):
            if id(scalar) in skip:
                continue
            for use in terminology.find_variants(scalar.value, lang):
                line, col = _locate(lines, scalar.start_mark.line, scalar.start_mark.column, use.found)
                out.append(Finding(f"data/{rel}", line, col, CODE, severity_of(CODE), _args(use)))
    return out


@corpus_rule
def data_strings_terminology(corpus: Corpus, ctx: Context):
    """Variants in the reader-facing data strings (interface, glossary, vocabularies, translations)."""
    yield from data_terminology()
