"""What the templates show around a page, computed from its metadata. No MkDocs here."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from kb.content import dates, history
from kb.content import translation as translations
from kb.content.guide_spec import load_spec
from kb.content.pages import Corpus, Page
from kb.content.texts import INTERFACE as ui

# The issue form that the "report a problem" link opens (.github/ISSUE_TEMPLATE/); its `page`
# field is filled from the link's query string.
REPORT_TEMPLATE = "correction.yml"


def sources_of(page: Page) -> list[dict]:
    return [{"title": s.title, "url": s.url} for s in page.view.sources if s.title]


def notices_of(page: Page, lang: str, corpus: Corpus | None = None) -> list[dict]:
    notices: list[dict[str, Any]] = []
    if page.shown_lang != lang:  # a missing translation, or one still to do: the original is shown
        notices.append({"kind": "info", "text": ui.text(lang, "missing_translation")})
    status = page.view.status
    if status == "example":
        notices.append({"kind": "warning", "text": ui.text(lang, "status_example")})
    elif status == "draft":
        notices.append({"kind": "draft", "text": ui.text(lang, "status_draft")})  # `make serve` only
    outdated = translations.outdated_notice(page, corpus) if corpus is not None else None
    if outdated:
        original = outdated["original"]
        notices.append(
            {
                "kind": "info",
                "text": ui.text(lang, "outdated_translation", origin_lang=ui.text(lang, f"lang_name_{original.lang}")),
                "link": {"href": outdated["href"], "lang": original.lang, "text": original.title},
            }
        )
    return notices


def page_context(
    page: Page,
    corpus: Corpus,
    lang: str,
    repo_url: str | None,
    page_url: str,
    edit_uri: str | None = "edit/main/docs/",
) -> dict:
    """Everything the page templates need about one page, in the reader's language.

    The links for contributors come from mkdocs.yml's repo_url and edit_uri, the only place where
    the repository is named: `<repo>/edit/main/docs/<lang>/<rel>` opens the page in GitHub's
    editor; the report link opens the bilingual correction form with the page's address filled in.
    """
    edit_url = report_url = None
    if repo_url:
        repo = repo_url.rstrip("/")
        if edit_uri:
            edit_url = f"{repo}/{edit_uri.strip('/')}/{page.lang}/{page.rel}"
        title = ui.text(lang, "report_problem") + ": " + page.title
        report_url = f"{repo}/issues/new?" + urlencode(
            {"template": REPORT_TEMPLATE, "title": title, "page": page_url}, quote_via=quote
        )
    changed = history.last_change(page, corpus) if corpus is not None else None
    return {
        "t": ui.strings(lang),
        "sources": sources_of(page),
        "notices": notices_of(page, lang, corpus),
        # the language of the text shown, when it is not the page's (a translation still to do)
        "text_lang": page.shown_lang if page.shown_lang != lang else None,
        "updated": ui.text(lang, "page_updated", date=dates.long_date(page.view.updated, lang))
        if page.view.updated
        else None,
        "last_change": ui.text(lang, "last_change", date=dates.long_date(changed, lang)) if changed else None,
        "edit_url": edit_url,
        "report_url": report_url,
        "page_end": True,
        # An empty slot that the PDF step fills with the guide's download link (scripts/kb/guide/stamp.py).
        "guide_slot": load_spec().shows_link(page.id, page.type),
    }
