"""What the printable guide contains, per language, read from data/guide.yml (light: YAML only).

A data file like the others: the checker validates it (check/rules/data.py), the page context
knows from it which pages show the download link (generate/page_context.py), and the guide
(guide/) prints what it lists. So it lives here, below all three, and imports no WeasyPrint nor
anything slow.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.content import yamldata
from kb.content.caches import cached
from kb.content.paths import DATA, LANGS

GUIDE_FILE = DATA / "guide.yml"
SECTION_MODES = ("full", "short")
GENERATED = ("sources",)


class GuideSpecError(ValueError):
    """data/guide.yml does not have the expected shape."""


@dataclass(frozen=True)
class Chapter:
    """One entry of a language's chapter list."""

    page: str | None = None  # page id of the chapter's own content
    then: str | None = None  # page type whose pages follow as sections
    mode: str = "full"  # how those sections are shown: full or short
    generated: str | None = None  # a chapter the guide writes itself: 'sources'
    limit: int | None = None  # at most this many sections; the rest are named by count and link


@dataclass(frozen=True)
class LanguageGuide:
    lang: str
    file: str  # path of the PDF inside the built site: 'download/guida-metodo-c4-it.pdf'
    chapters: tuple[Chapter, ...]
    list_limit: int | None = None  # generated item lists inside a chapter: at most this many items


@dataclass(frozen=True)
class GuideSpec:
    languages: dict[str, LanguageGuide]
    link_ids: frozenset[str]
    link_types: frozenset[str]

    def shows_link(self, page_id: str | None, page_type: str | None) -> bool:
        """Whether a page carries the download link (same answer in both languages)."""
        return page_id in self.link_ids or page_type in self.link_types


def _limit(value, where: str) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise GuideSpecError(f"{where} must be a whole number of at least 1")
    return value


def _chapter(entry, where: str) -> Chapter:
    if isinstance(entry, str):
        return Chapter(page=entry)
    if isinstance(entry, dict) and set(entry) == {"generated"}:
        if entry["generated"] not in GENERATED:
            raise GuideSpecError(f"{where}: generated must be one of {', '.join(GENERATED)}")
        return Chapter(generated=entry["generated"])
    if isinstance(entry, dict) and {"page", "then", "as"} <= set(entry) <= {"page", "then", "as", "limit"}:
        if entry["as"] not in SECTION_MODES:
            raise GuideSpecError(f"{where}: 'as' must be one of {', '.join(SECTION_MODES)}")
        limit = _limit(entry.get("limit"), f"{where}: 'limit'")
        return Chapter(page=str(entry["page"]), then=str(entry["then"]), mode=entry["as"], limit=limit)
    raise GuideSpecError(
        f"{where}: expected a page id, {{page: ID, then: TYPE, as: full|short[, limit: N]}} or {{generated: sources}}"
    )


def parse_spec(data: object, source: str = "data/guide.yml") -> GuideSpec:
    if not isinstance(data, dict):
        raise GuideSpecError(f"{source}: expected a mapping")
    languages = {}
    list_limit = _limit(data.get("list_limit"), f"{source}: list_limit")
    for lang in LANGS:
        block = data.get(lang)
        if not isinstance(block, dict) or not block.get("file") or not block.get("chapters"):
            raise GuideSpecError(f"{source}: '{lang}' needs a file and a list of chapters")
        chapters = tuple(
            _chapter(entry, f"{source}: {lang}.chapters[{i}]") for i, entry in enumerate(block["chapters"])
        )
        languages[lang] = LanguageGuide(lang=lang, file=str(block["file"]).lstrip("/"), chapters=chapters,
                                        list_limit=list_limit)
    linked = data.get("linked_from") or {}
    return GuideSpec(
        languages=languages,
        link_ids=frozenset(linked.get("ids") or ()),
        link_types=frozenset(linked.get("types") or ()),
    )


@cached
def load_spec(path: Path = GUIDE_FILE) -> GuideSpec:
    with open(path, encoding="utf-8") as fh:
        return parse_spec(yamldata.load(fh), source=path.name)
