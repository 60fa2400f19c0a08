"""The pages of the site as typed objects: front matter parsed once, shared by every step."""
from __future__ import annotations

import gc
import os
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kb.content import frontmatter
from kb.content.metadata import ItemMeta
from kb.content.paths import DOCS, LANGS
from kb.content.urls import page_url, rel_to_url  # noqa: F401 - rel_to_url: kept importable from here


@dataclass
class Page:
    """One Markdown file under docs/<lang>/."""

    lang: str
    rel: str  # path inside the language folder, with '/' separators: 'method/conoscere.md'
    path: Path  # absolute path of the file
    parsed: frontmatter.Parsed
    # The language of the text, when it is not the page's: a page still to translate is shown to
    # its readers with its original's text (Corpus.for_readers), marked with that language.
    text_lang: str | None = None

    @property
    def shown_lang(self) -> str:
        """The language the reader reads on this page."""
        return self.text_lang or self.lang

    @property
    def untranslated(self) -> bool:
        """`translation: {from: …}` without a fingerprint: still to translate from its original."""
        record = self.view.translation
        return record is not None and record.pending

    @property
    def meta(self) -> dict:
        """The front matter as written (the checker reads this, to report wrong values)."""
        return self.parsed.meta or {}

    @cached_property
    def view(self) -> ItemMeta:
        """The front matter as typed values that are never wrong (content/metadata.py)."""
        return ItemMeta.of(self.parsed.meta)

    @property
    def id(self) -> str | None:
        return self.view.id

    @property
    def type(self) -> str | None:
        return self.view.type

    @property
    def title(self) -> str:
        return self.view.title or self.rel

    @property
    def body(self) -> str:
        return self.parsed.body

    @property
    def is_draft(self) -> bool:
        """`status: draft`: shown by `make serve` only, never part of the built site."""
        return self.meta.get("status") == "draft"

    @property
    def url(self) -> str:
        """Site-relative URL with directory URLs: 'fr/method/conoscere/'."""
        return page_url(self.lang, self.rel)


@dataclass
class Corpus:
    """All pages of all languages, indexed for the lookups the pipeline needs."""

    docs: Path
    pages: list[Page] = field(default_factory=list)
    # page key ("lang/rel") -> date of its last commit; read once per corpus (history.py)
    _last_changes: dict[str, str] | None = field(default=None, init=False, repr=False, compare=False)

    def in_lang(self, lang: str) -> list[Page]:
        return [p for p in self.pages if p.lang == lang]

    def by_rel(self, lang: str, rel: str) -> Page | None:
        return self._by_rel.get((lang, rel))

    def by_id(self, lang: str, page_id: str) -> Page | None:
        return self._by_id.get((lang, page_id))

    def twin(self, page: Page) -> Page | None:
        """The same page in the other language (same relative path)."""
        from kb.content.paths import other_lang

        return self.by_rel(other_lang(page.lang), page.rel)

    def of_type(self, lang: str, page_type: str) -> list[Page]:
        # Asked for on every page (e.g. the phase pages): sorted once per corpus, not once per call.
        cache = self.__dict__.setdefault("_of_type", {})
        if (lang, page_type) not in cache:
            pages = [p for p in self.in_lang(lang) if p.type == page_type]
            cache[lang, page_type] = sorted(pages, key=lambda p: (_weight(p), p.title.casefold()))
        return list(cache[lang, page_type])

    def published(self) -> Corpus:
        """The pages a reader of the built site may see: every page but the drafts. The build
        (pages, lists, facets, catalogue, JSON-LD, sitemap, search, PDF guide) works from this."""
        if not any(p.is_draft for p in self.pages):
            return self
        view = Corpus(docs=self.docs, pages=[p for p in self.pages if not p.is_draft])
        view.index()
        return view

    def for_readers(self) -> Corpus:
        """The pages as readers get them: a page still to translate (`translation: {from: fr}`, no
        fingerprint yet; it holds only the facts) is replaced by its original's text at its own
        address, marked with the original's language (`Page.text_lang`), so that the reader finds
        the original with a notice, never an empty page. The checker reads the files as they are."""
        stand_ins = {}
        for page in self.pages:
            if not page.untranslated or page.parsed.meta is None:
                continue
            original = self.twin(page)
            record = page.view.translation
            if (original is None or original.parsed.meta is None or original.untranslated
                    or record is None or record.from_lang != original.lang):
                continue
            stand_ins[id(page)] = Page(page.lang, page.rel, page.path, original.parsed, text_lang=original.lang)
        if not stand_ins:
            return self
        view = Corpus(docs=self.docs, pages=[stand_ins.get(id(p), p) for p in self.pages])
        view._last_changes = self._last_changes
        view.index()
        return view

    def index(self) -> None:
        self._of_type: dict[str, list[Page]] = {}
        self._by_rel = {(p.lang, p.rel): p for p in self.pages}
        self._by_id: dict[tuple[str, str], Page] = {}
        for p in self.pages:
            if p.id is not None:
                self._by_id.setdefault((p.lang, p.id), p)


def _weight(page: Page) -> int:
    """Position among the pages of a section: `weight`, 1000 when the page gives none."""
    weight = page.view.weight
    return 1000 if weight is None else weight


def iter_markdown(lang_dir: Path):
    """Markdown files below a language folder, sorted, without following links out of it."""
    for dirpath, dirnames, filenames in os.walk(lang_dir):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".md"):
                yield Path(dirpath) / name


MAX_PAGE_BYTES = 1_000_000  # a page larger than this is reported, never read


def _unreadable(code: str, **args) -> frontmatter.Parsed:
    return frontmatter.Parsed(None, "", 1, {}, [frontmatter.Problem(code, 1, 1, args)], False)


def _read_guarded(path: Path, docs: Path) -> frontmatter.Parsed:
    """Parse a page, refusing links that leave docs/, special files and oversized files unread."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            target = os.path.realpath(path)
            root = os.path.realpath(docs)
            if os.path.commonpath([target, root]) != root:
                return _unreadable("KB060", target=os.readlink(path))
            info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return _unreadable("KB066")
        if info.st_size > MAX_PAGE_BYTES:
            return _unreadable("KB061", size=info.st_size, limit=MAX_PAGE_BYTES)
        with open(path, "rb") as fh:
            raw = fh.read(MAX_PAGE_BYTES + 1)
    except OSError as exc:
        return _unreadable("KB001", reason=exc.strerror or str(exc))
    if len(raw) > MAX_PAGE_BYTES:  # grew after stat
        return _unreadable("KB061", size=len(raw), limit=MAX_PAGE_BYTES)
    return frontmatter.parse(raw)


def load_page(path: Path, lang: str, lang_dir: Path) -> Page:
    parsed = _read_guarded(path, lang_dir.parent)
    rel = path.relative_to(lang_dir).as_posix()
    return Page(lang=lang, rel=rel, path=path, parsed=parsed)


def load_pages(docs: Path = DOCS, langs: tuple[str, ...] = LANGS, include_drafts: bool = True) -> Corpus:
    """Read and parse every page of every language once; without the drafts if not
    `include_drafts` (Corpus.published)."""
    corpus = Corpus(docs=docs)
    collecting = gc.isenabled()
    # Thousands of parsed trees stay alive for the whole build: the cyclic GC would walk them
    # again and again (several per cent of a language's build at 2x500 pages). Not collected while loading,
    # then frozen: moved out of the GC's sight; plain reference counting still frees them. The
    # previous corpus of a `make serve` rebuild is unfrozen first, so that it can go.
    gc.unfreeze()
    gc.disable()
    try:
        for lang in langs:
            lang_dir = docs / lang
            if not lang_dir.is_dir():
                continue
            for path in iter_markdown(lang_dir):
                corpus.pages.append(load_page(path, lang, lang_dir))
        corpus.index()
    finally:
        if collecting:
            gc.freeze()
            gc.enable()
    return corpus if include_drafts else corpus.published()
