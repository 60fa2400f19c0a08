"""What the templates show around a page, computed from its metadata. No MkDocs here."""
from __future__ import annotations

from urllib.parse import quote

from . import dates
from .pages import Corpus, Page
from .strings import load_strings, t


def sources_of(page: Page) -> list[dict]:
    out = []
    for entry in page.meta.get("sources") or []:
        if isinstance(entry, dict) and entry.get("title"):
            out.append({"title": entry["title"], "url": entry.get("url")})
    return out


def notices_of(page: Page, lang: str) -> list[dict]:
    notices = []
    status = page.meta.get("status")
    if status == "example":
        notices.append({"kind": "warning", "text": t(lang, "status_example")})
    elif status == "draft":
        notices.append({"kind": "note", "text": t(lang, "status_draft")})
    return notices


def page_context(page: Page, corpus: Corpus, lang: str, repo_url: str | None, page_url: str) -> dict:
    """Everything the page templates need about one page, in the reader's language."""
    edit_url = report_url = None
    if repo_url:
        repo = repo_url.rstrip("/")
        edit_url = f"{repo}/edit/main/docs/{page.lang}/{page.rel}"
        title = t(lang, "report_problem") + ": " + page.title
        body = page_url
        report_url = f"{repo}/issues/new?title={quote(title)}&body={quote(body)}"
    return {
        "t": load_strings(lang),
        "sources": sources_of(page),
        "notices": notices_of(page, lang),
        "updated": t(lang, "page_updated", date=dates.long_date(page.meta.get("updated"), lang))
        if page.meta.get("updated")
        else None,
        "last_change": None,
        "edit_url": edit_url,
        "report_url": report_url,
        "page_end": True,
    }
