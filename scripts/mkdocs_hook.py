"""The thin MkDocs adapter: every decision is taken in scripts/kb, which runs without MkDocs.

MkDocs calls these functions (see `hooks:` in mkdocs.yml). With mkdocs-static-i18n each language
is a build of its own; the pages are read and parsed once for all of them.
"""
from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402

from scripts.kb import frontmatter  # noqa: E402
from scripts.kb.pages import Corpus, load_pages  # noqa: E402
from scripts.kb.paths import DEFAULT_LANG, lang_prefix  # noqa: E402
from scripts.kb.site import page_context  # noqa: E402
from scripts.kb.strings import load_strings  # noqa: E402

_state: dict = {"corpus": None}


def _lang(config) -> str:
    return config.theme.get("language") or DEFAULT_LANG


def _page_of(page, config):
    """The kb Page behind an MkDocs page, or None for a page the pipeline does not know."""
    corpus: Corpus = _state["corpus"]
    src = page.file.src_uri
    lang, _, rel = src.partition("/")
    return corpus.by_rel(lang, rel) if corpus else None


def on_pre_build(config):
    # The default language is built first: read every page of every language once, then reuse.
    if _state["corpus"] is None or _lang(config) == DEFAULT_LANG:
        corpus = load_pages(Path(config.docs_dir))
        try:
            from scripts.kb.check import check_corpus, format_findings
        except ImportError:  # the checker is optional while it is being built
            check_corpus = None
        if check_corpus is not None:
            findings = [f for f in check_corpus(corpus) if f.severity == "error"]
            if findings:
                raise PluginError("\n" + format_findings(findings, lang=DEFAULT_LANG))
        _state["corpus"] = corpus


def on_env(env, config, files):
    env.globals["kb_strings"] = load_strings
    config.extra["kb_home"] = _base_path(config) + lang_prefix(_lang(config))
    return env


def _base_path(config) -> str:
    """The path part of site_url: '/' or '/project/'."""
    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def on_post_build(config):
    """Give each language its own 404 page (static-i18n writes every language's to the root)."""
    site = Path(config.site_dir)
    lang = _lang(config)
    page = site / "404.html"
    if not page.exists():
        return
    if lang == DEFAULT_LANG:
        _state["root_404"] = page.read_bytes()
        return
    target = site / lang_prefix(lang) / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(page.read_bytes())
    if _state.get("root_404"):
        page.write_bytes(_state["root_404"])


def on_page_read_source(page, config):
    """Hand MkDocs the body only: the front matter was parsed once, by the pipeline."""
    kb_page = _page_of(page, config)
    if kb_page is None:
        return None
    page._kb_page = kb_page
    return kb_page.body


def on_page_markdown(markdown, page, config, files):
    kb_page = getattr(page, "_kb_page", None)
    if kb_page is not None:
        page.meta = frontmatter.to_jsonable(kb_page.meta)
    return markdown


def on_page_context(context, page, config, nav):
    kb_page = getattr(page, "_kb_page", None)
    if kb_page is not None:
        base = (config.site_url or "").rstrip("/") + "/"
        context["kb"] = page_context(
            kb_page, _state["corpus"], _lang(config), config.repo_url, base + page.url,
            edit_uri=config.edit_uri,
        )
    return context
