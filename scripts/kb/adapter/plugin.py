"""The MkDocs plugin `kb`: the one door through which MkDocs reaches the pipeline.

mkdocs.yml lists it under `plugins:` (after `i18n`); its options there switch the build's speed
levers on and off (see notes/PERFORMANCE.md). Every decision about content is taken outside this
folder, in code that runs without MkDocs; here the pipeline's results are handed to MkDocs,
mkdocs-static-i18n and Material. With mkdocs-static-i18n each language is a build of its own;
the pages are read and parsed once for all of them, and the state lives on the plugin instance.
"""
from __future__ import annotations

import copy
import logging
import os
import threading
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, InclusionLevel

from kb.adapter import (  # noqa: F401  (syntax registers the renderer)
    assets,
    fragments,
    inline_triggers,
    levers,
    livereload,
    markdown_reuse,
    minify,
    page_cache,
    parallel,
    postprocess,
    render_cache,
    sanitize_gate,
    syntax,
)
from kb.adapter import files as generated
from kb.adapter.build import DRAFTS_ENV, MESSAGES_LANG_ENV
from kb.content import allowlist, frontmatter, history, urls
from kb.content.caches import clear_caches
from kb.content.pages import Corpus, load_pages
from kb.content.paths import DEFAULT_LANG, LANGS, lang_prefix
from kb.content.strings import load_strings, user_lang
from kb.generate import csp, offline, search
from kb.generate.blocks import MARKERS
from kb.generate.page_context import page_context

log = logging.getLogger("mkdocs.plugins.kb")


def messages_lang() -> str:
    """The language of the checker's messages: `python -m kb build --lang`, else LANGUAGE / LANG."""
    return os.environ.get(MESSAGES_LANG_ENV) or user_lang()


class KbConfig(base.Config):
    """Options of the plugin in mkdocs.yml. Each speed lever writes the same bytes as the build
    without it (tests/test_levers.py turns each one off and compares); notes/PERFORMANCE.md has
    what each is worth."""

    check = c.Type(bool, default=True)  # run the checker before building; errors stop the build
    markdown_reuse = c.Type(bool, default=True)  # one Markdown converter per build, reset between pages
    inline_triggers = c.Type(bool, default=True)  # inline patterns that cannot match are not tried
    theme_listing = c.Type(bool, default=True)  # the theme's files listed without walking its icons
    template_cache = c.Type(bool, default=True)  # Jinja bytecode cache in .cache/jinja
    nav_fragments = c.Type(bool, default=True)  # the navigation rendered once per folder
    minify = c.Type(bool, default=True)  # HTML without the templates' indentation
    render_cache = c.Type(bool, default=True)  # `make serve`: unchanged Markdown not converted again
    page_cache = c.Type(bool, default=True)  # `make serve`: unchanged pages not rendered again


class KbPlugin(BasePlugin[KbConfig]):
    def __init__(self) -> None:
        self.corpus: Corpus | None = None
        self.command = "build"
        self.state: dict = {}  # what the generated material keeps between events (files.py)
        self.root_404: bytes | None = None
        self.language_homes: list | None = None  # config.extra.alternate as static-i18n set it up
        self.indexing: threading.Thread | None = None
        self.fragments = fragments.NavFragments()
        self.excluded: set[str] = set()  # src_uri of the pages not built: drafts; in serve, broken pages
        self.problems: list = []  # `make serve`: the checker's errors, shown on every page until fixed
        self.gate = sanitize_gate.SanitizeGate(MARKERS)
        # `make serve`: what rebuilds reuse (MkDocs keeps this plugin between them)
        self.render_cache = render_cache.RenderCache()
        self.page_cache = page_cache.PageCache()

    # --- configuration ------------------------------------------------------------------------

    def on_startup(self, *, command, dirty):
        self.command = command

    @event_priority(100)  # before mkdocs-static-i18n's on_config (-100) picks the language to build
    def on_config(self, config):
        """`python -m kb build` runs one MkDocs process per language (adapter/parallel.py)."""
        self.language_homes = None  # MkDocs configures every build (each language's, each rebuild): read again
        only = parallel.only_language()
        if only is not None and "i18n" in config.plugins:
            parallel.restrict_i18n(config.plugins["i18n"], only)  # or exit: `kb build` goes sequential
        # Each lever is installed only if its guard finds the library's internals as it expects
        # (adapter/levers.py); otherwise it is off for this run, with one INFO line.
        if self.config.markdown_reuse:  # one Markdown converter per build, reset between pages
            levers.install("markdown_reuse", markdown_reuse.install)
        if self.config.inline_triggers:  # inline patterns that cannot match are not tried
            levers.install("inline_triggers", inline_triggers.install)
        if self.config.theme_listing:  # the theme's files listed without walking its 14,000 icons
            levers.install("theme_listing", assets.install_theme_listing)
        self.fragments.enabled = self.config.nav_fragments and levers.usable("nav_fragments")
        config.markdown_extensions.append(self.gate)  # which pages the sanitizer must read
        serve = self.command == "serve"
        # a rebuild converts only the Markdown that changed ...
        if not (serve and self.config.render_cache and levers.install("render_cache", render_cache.install,
                                                                      self.render_cache)):
            render_cache.uninstall()
        # ... and renders only the pages that changed
        if not (serve and self.config.page_cache and levers.install("page_cache", page_cache.install,
                                                                    self.page_cache, self._twin_digests)):
            page_cache.uninstall()
        return config

    def _twin_digests(self, page) -> list[str]:
        """For page_cache.py: the text of the page's twins (their translation notices)."""
        corpus = self.corpus
        lang, _, rel = page.file.src_uri.partition("/")
        if corpus is None or lang not in LANGS:
            return []
        twins = (corpus.by_rel(other, rel) for other in LANGS if other != lang)
        return [page_cache.body_digest(twin.body) for twin in twins if twin is not None]

    def _page_of(self, page):
        """The kb Page behind an MkDocs page, or None for a page the pipeline does not know."""
        lang, _, rel = page.file.src_uri.partition("/")
        return self.corpus.by_rel(lang, rel) if self.corpus else None

    # --- reading the pages --------------------------------------------------------------------

    def on_pre_build(self, *, config):
        # The language switcher's links before any page set its own (the language homes, as
        # static-i18n's on_config leaves them): static-i18n builds its other languages inside the
        # first build, and sets each page's links as an attribute of config.extra, which the
        # templates read before the item: the last page's would stay on what the next language
        # renders before its pages, its 404 page.
        if self.language_homes is None:
            self.language_homes = copy.deepcopy(config.extra.get("alternate"))
        if self.language_homes and "alternate" in vars(config.extra):
            config.extra.alternate = copy.deepcopy(self.language_homes)
        indexing, self.indexing = self.indexing, None
        if indexing is not None:  # `make serve`: the previous build's search index is complete first
            indexing.join()
        # The default language is built first: read every page of every language once, then reuse.
        if self.corpus is None or _lang(config) == DEFAULT_LANG:
            serve = self.command == "serve"
            if serve:
                clear_caches()  # data/ may have changed since the last rebuild: every cache (content/caches.py)
            corpus = load_pages(Path(config.docs_dir))
            self.problems = self._check(corpus, serve)
            corpus, self.excluded = _built_corpus(corpus, serve, self.problems, drafts=serve or with_drafts())
            self.corpus = corpus
            if serve:
                corpus._last_changes = history.last_changes(corpus.docs)  # shared with the pages
                root = Path(config.config_file_path).parent
                self.page_cache.begin(page_cache.signature(corpus, root, corpus._last_changes, config.site_url or ""))
        if self.problems:  # `make serve` (each language's build): the preview goes on until the fix
            _stop_counting_warnings()

    def _check(self, corpus: Corpus, serve: bool) -> list:
        """The checker's errors, in the contributor's language. They stop a build; `make serve`
        goes on without the broken pages and shows the errors atop every page (kb_problems)."""
        # In a parallel build the default language's process checks every page.
        if not self.config.check or parallel.only_language() not in (None, DEFAULT_LANG):
            return []
        from kb.check.format import format_findings
        from kb.check.runner import check_corpus

        findings = [f for f in check_corpus(corpus) if f.severity == "error"]
        if findings and not serve:
            raise PluginError("\n" + format_findings(findings, lang=messages_lang()))
        if findings:
            _stop_counting_warnings()  # before the report, which is an error too
            log.error("\n" + format_findings(findings, lang=messages_lang()))
        return findings

    def on_serve(self, server, *, config, builder):
        """`make serve` rebuilds when data/ or the templates change too (the loaders' caches are
        emptied at the start of each rebuild: on_pre_build); its error pages (the address of a page
        the checker refuses answers 404) keep live reload, so the page comes back by itself when
        it is fixed (adapter/livereload.py)."""
        root = Path(config.config_file_path).parent
        for name in ("data", "overrides"):
            if (root / name).is_dir():
                server.watch(str(root / name))
        livereload.keep_on_error_pages(server)
        return server

    def on_env(self, env, *, config, files):
        env.globals["kb_strings"] = load_strings
        if self.config.template_cache and levers.usable("template_cache"):
            env.bytecode_cache = parallel.template_cache()  # the theme's templates compiled once
        env.globals["kb_nav_fragment"] = self.fragments.nav_fragment
        config.extra["kb_home"] = _base_path(config) + lang_prefix(_lang(config))
        config.copyright = load_strings(_lang(config))["footer_licence"]  # in the page's language
        # Where the search page sends readers without JavaScript: the generated indexes, once they exist.
        browse = lang_prefix(_lang(config)) + "browse/"
        has_browse = any(f.is_documentation_page() and f.url == browse for f in files)
        config.extra["kb_browse"] = config.extra["kb_home"] + ("browse/" if has_browse else "")
        # `make serve` with pages the checker refuses: the messages, in the page's language, atop every page
        env.globals["kb_problems"] = [f"{f.path}:{f.line}:{f.col}: {f.message(_lang(config))}" for f in self.problems]
        env.globals["kb_offline"] = self._offline(config)
        return env

    def _offline(self, config) -> dict:
        """What the templates need for the site read offline (generate/offline.py): the manifest of
        the language, the worker's address (none in `make serve`: nothing there is served from a
        cache, and the page's script removes a worker an earlier build left at that address)."""
        base = _base_path(config)
        lang = _lang(config)
        build = self.command == "build"
        return {
            "lang": lang,
            "home": lang_prefix(lang),
            "homes": {other: base + lang_prefix(other) for other in LANGS},
            "manifest": base + lang_prefix(lang) + offline.MANIFEST,
            "color": offline.theme_color(),
            "sw": base + offline.SW if build else "",
            "scope": base,
            "window": base + offline.WINDOW_FILE if build else "",
        }

    # --- files and navigation -----------------------------------------------------------------

    def _theme_files(self, files, config):
        """Leave out the theme's files that no page uses (adapter/assets.py)."""
        docs = str(Path(config.docs_dir).resolve())
        for file in list(files):
            outside_docs = file.generated_by is None and not str(Path(file.abs_src_path).resolve()).startswith(docs)
            if outside_docs and not assets.published(file.src_uri, config.plugins):
                files.remove(file)
        return files

    @event_priority(60)  # before mkdocs-static-i18n (-100) pairs the files of the languages
    def _excluded_files(self, files, config):
        """The drafts (in a build) and the pages the checker refuses (in `make serve`) are no page of
        the site: no HTML, no sitemap entry, no twin for the language switcher."""
        for src_uri in self.excluded:
            file = files.get_file_from_path(src_uri)
            if file is not None:
                files.remove(file)
        return files

    @event_priority(50)  # before mkdocs-static-i18n (-100) sorts the files by language
    def _search_files(self, files, config):
        """Add the generated pages (the search and offline pages of each language) as if they were in docs/."""
        for src_uri in _virtual_pages():
            if files.get_file_from_path(src_uri) is None:
                files.append(
                    File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls,
                         inclusion=InclusionLevel.NOT_IN_NAV)
                )
        return files

    @event_priority(-110)  # after mkdocs-static-i18n: File.generated pages of this language, with twins
    def _generated_files(self, files, config):
        return generated.add_files(files, config, self._state(), _lang(config))

    on_files = CombinedEvent(_theme_files, _excluded_files, _search_files, _generated_files)

    @event_priority(-110)  # after mkdocs-static-i18n: sections and index pages only, not every item
    def on_nav(self, nav, *, config, files):
        nav = generated.lean_nav(nav, self._state(), _lang(config))
        self.fragments.reset(nav)  # the navigation's HTML, once per folder (adapter/fragments.py)
        return nav

    def _state(self) -> dict:
        self.state["corpus"] = self.corpus
        return self.state

    # --- pages --------------------------------------------------------------------------------

    def on_page_read_source(self, *, page, config):
        """Hand MkDocs the body only: the front matter was parsed once, by the pipeline."""
        made = _virtual_pages().get(page.file.src_uri)  # kept until `make serve` rebuilds
        if made is not None:
            return made
        kb_page = self._page_of(page)
        if kb_page is None:
            return None
        page._kb_page = kb_page
        return kb_page.body

    def on_page_markdown(self, markdown, *, page, config, files):
        kb_page = getattr(page, "_kb_page", None)
        if kb_page is not None:
            page.meta = frontmatter.to_jsonable(kb_page.meta)
        return generated.page_markdown(markdown, page, self._state(), _lang(config))

    def on_page_content(self, html, *, page, config, files):
        html = self._sanitize(html, page.file.src_uri)
        return generated.page_html(html, page, self._state(), _lang(config))

    def _sanitize(self, html: str, page: str) -> str:
        """The page's own HTML, before the generated blocks are put back, with everything outside
        the allowlist removed (content/allowlist.py, the same policy `make check` enforces): nothing
        a page adds reaches a reader even if the check was skipped (`check: false`). The generated
        blocks' comment markers (generate/blocks.py) are kept for page_html to replace. HTML in
        which Markdown made nothing the allowlist does not keep is left as it is
        (adapter/sanitize_gate.py)."""
        if not self.gate.needs_sanitizer(html, page):
            return html
        return allowlist.sanitize(html, keep_comments=MARKERS)

    def on_page_context(self, context, *, page, config, nav):
        kb_page = getattr(page, "_kb_page", None)
        if kb_page is not None:
            context["kb"] = page_context(
                kb_page, self.corpus, _lang(config), config.repo_url, urls.absolute(config.site_url, page.url),
                edit_uri=config.edit_uri,
            )
        context["kb_generated"] = generated.page_context(page, config, self._state(), _lang(config))
        return context

    def on_post_page(self, output, *, page, config):
        skip = load_strings(_lang(config))["skip_to_content"]
        # The Content-Security-Policy last: its hashes are those of the inline scripts as written
        return self._protect(self._minify(postprocess.fix_page(output, skip, urls.absolute(config.site_url, page.url))))

    def on_post_template(self, output_content, *, template_name, config):
        if template_name.endswith(".html"):
            skip = load_strings(_lang(config))["skip_to_content"]
            return self._protect(self._minify(postprocess.fix_page(output_content, skip, _site_url(config))))
        return output_content

    def _protect(self, html: str) -> str:
        """The Content-Security-Policy (generate/csp.py); `make serve` lets its reload script run."""
        return csp.protect(html, preview=self.command == "serve")

    def _minify(self, html: str) -> str:
        """Without the templates' indentation (adapter/minify.py)."""
        return minify.collapse_indentation(html) if self.config.minify else html

    # --- after the build ----------------------------------------------------------------------

    def on_post_build(self, *, config):
        """The open data, robots.txt, the search index of a preview; each language's own 404 page
        (static-i18n writes every language's to the root)."""
        site = Path(config.site_dir)
        lang = _lang(config)
        if self.command == "build":  # the pages' contents and Blocks, for the PDF guide (guide/contents.py)
            generated.write_contents(config, self._state(), lang)
        offline.write_manifest(site, lang, config.site_name, config.site_description or "")
        if lang == DEFAULT_LANG:  # once per build: the open data catalogue of both languages
            generated.write_open_data(config, self._state())
            # robots.txt: everything may be indexed; the sitemap lists both languages with hreflang
            (site / "robots.txt").write_text(
                f"User-agent: *\nAllow: /\n\nSitemap: {_site_url(config)}sitemap.xml\n", encoding="utf-8"
            )
        if self.command == "serve" and lang == LANGS[-1]:
            # `make serve` has no build step after MkDocs: index here so that search works in the
            # preview, in the background: the pages are served at once, the search a second later
            self.indexing = threading.Thread(target=search.index_site, args=(site,), daemon=True)
            self.indexing.start()
        page = site / "404.html"
        if not page.exists():
            return
        if lang == DEFAULT_LANG:
            self.root_404 = page.read_bytes()
            return
        target = site / lang_prefix(lang) / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.read_bytes())
        if self.root_404:
            page.write_bytes(self.root_404)


def _stop_counting_warnings() -> None:
    """MkDocs's strict mode counts the warnings of a build with a handler on the 'mkdocs' logger and
    stops the build at its end: in a preview without the broken pages (links to them are expected,
    and the checker's own report is an error), that would stop `make serve` instead."""
    from mkdocs.utils import CountHandler

    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        if isinstance(handler, CountHandler):
            logger.removeHandler(handler)


def with_drafts() -> bool:
    """`python -m kb build --drafts` (a pull request's preview): the drafts are built too, each with
    its banner, as `make serve` shows them; the published site never has them."""
    return os.environ.get(DRAFTS_ENV) == "1"


def _built_corpus(corpus: Corpus, serve: bool, problems: list, drafts: bool | None = None) -> tuple[Corpus, set[str]]:
    """The pages the build works from, and the src_uri of those left out (on_files): a build
    leaves out the drafts (`make serve` and a pull request's preview show them), `make serve` the
    pages with errors."""
    drafts = serve if drafts is None else drafts
    broken = _pages_of(corpus, problems)
    left_out = [p for p in corpus.pages if (p.is_draft and not drafts) or (p.lang, p.rel) in broken]
    if not left_out:
        return corpus.for_readers(), set()  # a page still to translate: its original, with a notice
    kept = corpus if drafts else corpus.published()
    if broken:
        kept = Corpus(docs=corpus.docs, pages=[p for p in kept.pages if (p.lang, p.rel) not in broken])
        kept.index()
    return kept.for_readers(), {f"{p.lang}/{p.rel}" for p in left_out}


def _pages_of(corpus, findings) -> set:
    """The pages the findings are about (a finding's path ends with <lang>/<rel>)."""
    if not findings:
        return set()
    paths = {f.path for f in findings}
    return {(p.lang, p.rel) for p in corpus.pages if any(path.endswith(f"/{p.lang}/{p.rel}") for path in paths)}


def _virtual_pages() -> dict[str, str]:
    """The generated pages of every language: search and offline pages (each module keeps its own
    until `make serve` rebuilds)."""
    return {**search.virtual_pages(), **offline.virtual_pages()}


def _lang(config) -> str:
    return config.theme.get("language") or DEFAULT_LANG


def _base_path(config) -> str:
    """The path part of site_url: '/' or '/project/'."""
    return urls.base_path(config.site_url)


def _site_url(config) -> str:
    return urls.absolute(config.site_url)
