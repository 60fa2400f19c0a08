"""One language's guide as a single HTML document, made from the built site and the page metadata.

The chapter list comes from data/guide.yml; the pages' content from what the build kept of them
(guide/contents.py: each article with its generated Blocks, which the guide prints with as many
items as it has room for); the markup around it (cover, table of contents, chapters, sources) from
the template overrides/guide/guide.html.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import urljoin

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from kb.content import dates, vocab
from kb.content.guide_spec import Chapter as ChapterEntry
from kb.content.guide_spec import LanguageGuide
from kb.content.pages import Corpus, Page
from kb.content.paths import ROOT, lang_prefix
from kb.content.strings import load_strings
from kb.generate.block import Block
from kb.generate.listings import period_text
from kb.generate.page_context import notices_of, sources_of
from kb.guide import contents as page_contents
from kb.guide import html as h

TEMPLATES = ROOT / "overrides" / "guide"
NOTICES = ROOT / "overrides" / "partials" / "kb-notices.html"  # the site's notices above a page
SOURCES_ID = "guide-sources"  # anchor of the generated sources chapter


def _page_id(page: Page) -> str:
    """The page's id: every page of the guide has one (the schema requires it; chapters are found by it)."""
    if page.id is None:
        raise ValueError(f"docs/{page.lang}/{page.rel} has no id")
    return page.id


@dataclass
class Section:
    """A page shown inside a chapter: in full (`body`) or in short (description and facts)."""

    id: str
    title: str
    body: Markup | None = None
    description: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    url: str = ""


@dataclass
class Chapter:
    id: str
    title: str
    body: Markup | None = None
    sections: list[Section] = field(default_factory=list)
    kind: str = "page"  # 'page' or 'sources'
    sources: list[dict] = field(default_factory=list)
    more: int = 0  # items of the chapter's type left out of the guide (chapter limit)
    more_url: str = ""  # where the reader finds them all: the chapter's page on the site


@dataclass
class Edition:
    """Version and date printed on the cover and written in the PDF's metadata."""

    version: str | None
    date: dt.datetime  # UTC

    @property
    def iso(self) -> str:
        return self.date.strftime("%Y-%m-%dT%H:%M:%SZ")


def edition(root: Path = ROOT) -> Edition:
    """`git describe --always` and the build date: SOURCE_DATE_EPOCH, else the last commit's date."""

    def git(*args: str) -> str | None:
        try:
            out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
        except (OSError, subprocess.CalledProcessError):
            return None
        return out.stdout.strip() or None

    epoch = os.environ.get("SOURCE_DATE_EPOCH") or git("log", "-1", "--format=%ct") or "0"
    return Edition(version=git("describe", "--always"), date=dt.datetime.fromtimestamp(int(epoch), dt.UTC))


def warn(message: str) -> None:
    print(f"guide: {message}", file=sys.stderr)


class GuideBuilder:
    """Collects one language's chapters from the built site at `site`."""

    def __init__(self, site: Path, corpus: Corpus, guide: LanguageGuide, contents: page_contents.Contents | None = None):
        self.site = site
        self.corpus = corpus
        self.guide = guide
        self.lang = guide.lang
        self.list_limit = guide.list_limit
        self.contents = contents if contents is not None else page_contents.read(site, guide.lang)
        self.web_base = self.contents.site_url or "/"  # the published address of the site
        self.included: list[Page] = []  # every page that gives content, for the sources chapter
        self.page_paths = frozenset(p.url for p in corpus.pages)
        env = Environment(loader=FileSystemLoader(NOTICES.parent), autoescape=select_autoescape(["html"]))
        self.notices = env.get_template(NOTICES.name)

    def plan(self) -> list[tuple]:
        """Resolve the chapter list to pages: [(entry, page or None, [section pages], pages left out)]."""
        plan: list[tuple[ChapterEntry, Page | None, list[Page], int]] = []
        for entry in self.guide.chapters:
            if entry.generated:
                plan.append((entry, None, [], 0))
                continue
            page = self.corpus.by_id(self.lang, entry.page) if entry.page else None
            if page is None:
                warn(f"page '{entry.page}' ({self.lang}) does not exist; left out of the guide")
                continue
            children = self.corpus.of_type(self.lang, entry.then) if entry.then else []
            more = 0
            if entry.limit is not None and len(children) > entry.limit:
                # A printed guide stays a guide as partners add pages: the first `limit` in the
                # site's order (weight, then title), then how many more there are and where.
                more = len(children) - entry.limit
                children = children[: entry.limit]
            plan.append((entry, page, children, more))
        return plan

    def anchors(self, plan) -> dict[str, tuple[str, bool]]:
        out = {}
        for entry, page, children, _more in plan:
            if page is not None:
                out[page.url] = (page.id, True)
            for child in children:
                out[child.url] = (child.id, entry.mode == "full")
        return out

    def article(self, page: Page, anchors, heading_shift: int, lists_items: bool = False) -> tuple[str, ET.Element | Markup]:
        """The page's article as a chapter or section: its notices, its text, its Blocks printed
        with `list_limit` items at most; with `lists_items` (the guide prints the chapter's items
        itself, after it) without the section's list of items."""
        kept = self.contents.pages.get(page.rel)
        if kept is None:
            warn(f"{page.lang}/{page.rel} has no built article; the chapter '{page.id}' is empty")
            return page.title, Markup("")
        url = urljoin(self.web_base, page.url)
        more = load_strings(self.lang)["guide_more"]

        def render(block: Block) -> str:
            if lists_items and block.kind == "items":
                return ""
            if block.kind == "item-list":
                return block.cut(self.list_limit, lambda shown, total: h.more_line(more, url, shown, total))
            return block.html

        notices = self.notices.render(kb={"notices": notices_of(page, self.lang, self.corpus)})
        text = kept.html(render)
        if "<h1" not in text:  # as the theme does: the page's title as its heading
            text = f"<h1>{escape(page.title)}</h1>\n" + text
        article = h.parse_article(notices + text)
        ctx = h.LinkContext(page_path=page.url, page_id=_page_id(page), anchors=anchors, web_base=self.web_base,
                            pages=self.page_paths)
        title, article = h.postprocess(article, ctx, heading_shift)
        self.included.append(page)
        return title or page.title, article

    def short(self, page: Page) -> Section:
        s = load_strings(self.lang)  # the labels of the item pages' metadata box
        meta = page.meta
        facts = []
        places = [vocab.label("territories", key, self.lang) for key in meta.get("territories") or []]
        if places:
            facts.append((s["facet_territory_plural" if len(places) > 1 else "facet_territory"], ", ".join(places)))
        period = period_text(meta.get("period"), self.lang)
        if period:
            facts.append((s["meta_period"], period))
        self.included.append(page)
        return Section(
            id=_page_id(page),
            title=page.title,
            description=str(meta.get("description") or ""),
            facts=facts,
            url=urljoin(self.web_base, page.url),
        )

    def chapters(self) -> list[Chapter]:
        plan = self.plan()
        anchors = self.anchors(plan)
        chapters: list[Chapter] = []
        pending: list[tuple[Chapter | Section, ET.Element | Markup]] = []  # (holder, article element)
        for entry, page, children, more in plan:
            if entry.generated == "sources":
                chapters.append(Chapter(id=SOURCES_ID, title="", kind="sources"))
                continue
            if page is None:  # `plan` gives a page to every chapter the guide does not write itself
                raise ValueError(f"guide chapter {entry} has no page")
            title, article = self.article(page, anchors, heading_shift=0, lists_items=bool(children))
            chapter = Chapter(id=page.id, title=title)
            pending.append((chapter, article))
            if more:
                chapter.more = more
                chapter.more_url = urljoin(self.web_base, page.url)
            for child in children:
                if entry.mode == "short":
                    chapter.sections.append(self.short(child))
                else:
                    child_title, child_article = self.article(child, anchors, heading_shift=1)
                    section = Section(id=child.id, title=child_title)
                    pending.append((section, child_article))
                    chapter.sections.append(section)
            chapters.append(chapter)
        # Every chapter and section heading carries its page id; links must land on an existing id.
        ids = {c.id for c in chapters} | {s.id for c in chapters for s in c.sections}
        for _holder, article in pending:
            if not isinstance(article, Markup):
                ids |= h.ids_in(article)
        for holder, article in pending:
            if isinstance(article, Markup):
                holder.body = article
                continue
            h.fix_anchors(article, ids)
            holder.body = Markup(h.inner_html(article))
        for chapter in chapters:
            if chapter.kind == "sources":
                chapter.title = load_strings(self.lang)["sources"]
                chapter.sources = collect_sources(self.included)
        return chapters


def collect_sources(pages: list[Page]) -> list[dict]:
    """The sources of the pages, in order of first appearance, each once (same address, or the same
    title whatever its spaces: a title typed with a plain space where another page has a no-break
    space is the same source)."""
    seen, out = set(), []
    for page in pages:
        for source in sources_of(page):
            key = source["url"] or " ".join(source["title"].split())
            if key not in seen:
                seen.add(key)
                out.append(source)
    return out


def render_document(site: Path, corpus: Corpus, guide: LanguageGuide, ed: Edition,
                    contents: page_contents.Contents | None = None) -> str:
    """The guide of one language as one HTML document, ready for WeasyPrint; the pages' contents
    are read from the build's folder for `site` unless given."""
    builder = GuideBuilder(site, corpus, guide, contents)
    chapters = builder.chapters()
    strings = load_strings(guide.lang)
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    template = env.get_template("guide.html")
    return template.render(
        lang=guide.lang,
        t=strings,
        chapters=chapters,
        phases=[vocab.label("phases", key, guide.lang) for key in vocab.keys("phases")],
        edition=ed,
        edition_date=dates.long_date(ed.date.date(), guide.lang),
        web_home=urljoin(builder.web_base, lang_prefix(guide.lang)),
    )
