"""The glossary: data/glossary/<id>.yml, one file per term, with `it:` and `fr:` blocks.

    id: ats
    abbr: ATS                       # optional; or {it: ATS, fr: ATS}
    sources: [{title: "...", url: "https://..."}]   # or ref: seed; a title may be {it: .., fr: ..}
    it: {term: ..., definition: ..., note: ...}     # note optional
    fr: {term: ..., definition: ..., note: ...}

Two outputs: the glossary page's list (sorted in the page's language) and, for terms with an
abbreviation, Markdown abbreviation definitions (`*[ATS]: …`) added to every page of the language,
which the `abbr` extension turns into <abbr title="…"> tooltips.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb.content import yamldata
from kb.content.paths import DATA
from kb.content.strings import t
from kb.generate.indexes import md_text, sort_key

GLOSSARY = DATA / "glossary"


@dataclass
class Term:
    id: str
    texts: dict[str, dict]  # lang -> {term, definition, note}
    abbr: dict[str, str] = field(default_factory=dict)  # lang -> abbreviation
    sources: list = field(default_factory=list)

    def text(self, lang: str, key: str) -> str:
        value = (self.texts.get(lang) or {}).get(key)
        return str(value).strip() if value is not None else ""


def _abbr_of(raw, langs=("it", "fr")) -> dict[str, str]:
    if isinstance(raw, str) and raw.strip():
        return {lang: raw.strip() for lang in langs}
    if isinstance(raw, dict):
        return {str(k): str(v).strip() for k, v in raw.items() if v}
    return {}


def load_terms(folder: Path = GLOSSARY) -> list[Term]:
    """Every term file, sorted by file name (the id). Unreadable files are skipped: the checker
    reports them."""
    terms: list[Term] = []
    if not folder.is_dir():
        return terms
    for path in sorted(folder.glob("*.yml")):
        try:
            data = yamldata.load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            continue
        if not isinstance(data, dict):
            continue
        texts = {lang: data[lang] for lang in ("it", "fr") if isinstance(data.get(lang), dict)}
        terms.append(
            Term(
                id=str(data.get("id") or path.stem),
                texts=texts,
                abbr=_abbr_of(data.get("abbr")),
                sources=[s for s in data.get("sources") or [] if isinstance(s, dict)],
            )
        )
    return terms


def sorted_terms(terms, lang: str) -> list[Term]:
    present = [term for term in terms if term.text(lang, "term")]
    return sorted(present, key=lambda term: (sort_key(term.text(lang, "term"), lang), term.id))


def source_title(source: dict, lang: str) -> str:
    title = source.get("title")
    if isinstance(title, dict):
        title = title.get(lang) or next(iter(title.values()), "")
    return str(title or "")


def _sources_line(term: Term, lang: str) -> str:
    parts = []
    for source in term.sources:
        title = md_text(source_title(source, lang))
        if not title:
            continue
        url = source.get("url")
        parts.append(f"[{title}](<{url}>)" if url else title)
    return f"*{md_text(t(lang, 'glossary_sources'))}* " + "; ".join(parts) if parts else ""


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line.strip() else "" for line in text.splitlines())


def glossary_markdown(terms, lang: str) -> str:
    """Every term as a heading (anchor = term id) followed by its definition, note and sources."""
    ordered = sorted_terms(terms, lang)
    if not ordered:
        return t(lang, "glossary_empty")
    blocks = []
    for term in ordered:
        heading = md_text(term.text(lang, "term"))
        abbr = term.abbr.get(lang)
        if abbr and abbr.casefold() not in term.text(lang, "term").casefold():
            heading += f" ({md_text(abbr)})"
        block = [f"## {heading} {{#{term.id}}}", term.text(lang, "definition")]
        note = term.text(lang, "note")
        if note:
            block.append(f'!!! note "{t(lang, "glossary_note")}"\n\n{_indent(note)}')
        sources = _sources_line(term, lang)
        if sources:
            block.append(sources)
        blocks.append("\n\n".join(b for b in block if b))
    return "\n\n".join(blocks)


def _expansion(term: Term, lang: str) -> str:
    name = term.text(lang, "term")
    abbr = term.abbr.get(lang, "")
    if name and name.casefold() != abbr.casefold():
        # 'ATS (Associazione …)' or 'Associazione … (ATS)' -> the part that is not the abbreviation
        a = re.escape(abbr)
        match = re.fullmatch(rf"\s*{a}\s*\((.+)\)\s*", name) or re.fullmatch(rf"\s*{a}\s*[-–—:]\s*(.+)", name)
        if match:
            return match.group(1).strip()
        return re.sub(rf"\s*\({a}\)\s*$", "", name).strip() or name
    # 'Associazione temporanea di scopo: più organizzazioni…' -> the words before the colon
    definition = " ".join(term.text(lang, "definition").split())
    first = re.split(r"(?<=[.!?])\s", definition, maxsplit=1)[0]
    first = re.split(r"\s*:\s", first, maxsplit=1)[0]
    if len(first) > 160:
        first = first[:160].rsplit(" ", 1)[0].rstrip(",;") + "…"
    return first


def abbreviation_map(terms, lang: str) -> dict[str, str]:
    """{abbreviation: expansion} for the terms that have an abbreviation in `lang`."""
    out: dict[str, str] = {}
    for term in sorted(terms, key=lambda term: term.id):
        abbr = term.abbr.get(lang)
        if not abbr or abbr in out:
            continue
        expansion = " ".join(_expansion(term, lang).split())
        if expansion:
            out[abbr] = expansion
    return out


def abbreviations(terms, lang: str) -> str:
    """Markdown abbreviation definitions for the terms that have an abbreviation, one per line."""
    return "\n".join(f"*[{abbr}]: {expansion}" for abbr, expansion in abbreviation_map(terms, lang).items())


def _attribute(text: str) -> str:
    """Escaped as Python-Markdown escapes attribute values (apostrophes kept)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class Abbreviator:
    """The abbreviation tooltips of Python-Markdown's `abbr` extension, for the raw HTML blocks the
    build generates (item lists, metadata boxes), which Markdown leaves as they are."""

    _TAG = re.compile(r"(<[^>]*>)")
    _PLAIN = frozenset({"abbr", "option", "select", "textarea", "title", "script", "style", "code", "pre"})

    def __init__(self, mapping: dict[str, str]):
        self.titles = {abbr: _attribute(expansion) for abbr, expansion in mapping.items()}
        names = sorted(mapping, key=len, reverse=True)
        self.pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b") if names else None

    def html(self, fragment: str) -> str:
        """`fragment` with every abbreviation in its text wrapped: not in tags, and not inside
        elements whose content is text only or already marked (abbr, option, code …)."""
        if self.pattern is None:
            return fragment
        parts = self._TAG.split(fragment)
        depth = 0  # how many of the _PLAIN elements are open
        for i, part in enumerate(parts):
            if i % 2:  # a tag
                name = part[1:].split(None, 1)[0].rstrip(">").lower() if len(part) > 2 else ""
                if name in self._PLAIN:
                    depth += 1
                elif name.startswith("/") and name[1:] in self._PLAIN:
                    depth = max(0, depth - 1)
            elif part and not depth:
                parts[i] = self.pattern.sub(lambda m: f'<abbr title="{self.titles[m.group(1)]}">{m.group(1)}</abbr>', part)
        return "".join(parts)
