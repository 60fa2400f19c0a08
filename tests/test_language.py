"""Reading in one language: the switcher leads to the same page in the other language (and back)
from every kind of page, never to a missing page; a page not yet translated is shown in the other
language with a notice in the reader's language."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from built_html import facts, target_file
from conftest import build_site, copy_repo
from site_pages import LANGS, PREFIX, TEMPLATE_IDS, TEMPLATE_LANGS, built_pages, file_of, require_page

pytestmark = pytest.mark.build  # builds sites (one with a page in one language only)

OTHER = {"it": "fr", "fr": "it"}


def switch(page, to: str, expected_url: str) -> None:
    """Use the header's language switcher by keyboard: focus opens it, Enter follows the link."""
    page.locator(f'.md-header .md-select__link[hreflang="{to}"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url(expected_url, timeout=10_000)


@pytest.mark.browser
@pytest.mark.parametrize(("template", "lang"), TEMPLATE_LANGS, ids=TEMPLATE_IDS)
def test_switcher_leads_to_the_same_page_in_the_other_language_and_back(template, lang, site, served, page):
    path = require_page(site, template, lang)
    other = OTHER[lang]
    # The not-found page has no twin: its switcher leads to the home page of the other language.
    twin = PREFIX[other] if template == "404" else require_page(site, template, other)
    back = PREFIX[lang] if template == "404" else path
    page.goto(served + path)
    switch(page, other, served + twin)
    assert page.locator("html").get_attribute("lang") == other
    switch(page, lang, served + back)
    assert page.locator("html").get_attribute("lang") == lang


def switcher_links(site: Path, page: Path) -> dict[str, str]:
    return {
        el.attrs["hreflang"]: el.attrs.get("href", "")
        for el in facts(page).elements
        if el.tag == "a" and "md-select__link" in el.attrs.get("class", "") and "hreflang" in el.attrs
    }


def check_switchers(site: Path, base_url: str) -> list[str]:
    """Every switcher link of every page leads to an existing page; a page with a twin, to the twin."""
    base_path = urlsplit(base_url).path or "/"
    problems = []
    for page in built_pages(site):
        rel = page.relative_to(site).as_posix()
        links = switcher_links(site, page)
        if set(links) != set(LANGS):
            problems.append(f"{rel}: switcher offers {sorted(links)}")
            continue
        for lang, href in links.items():
            target, _ = target_file(site, base_path, page, href)
            if target is None or not target.is_file():
                problems.append(f"{rel}: the {lang} link {href!r} leads nowhere")
                continue
            here = rel[3:] if rel.startswith("fr/") else rel
            twin = site / PREFIX[lang] / here
            if rel.endswith("/index.html") and twin.is_file() and target != twin:
                problems.append(f"{rel}: the {lang} link leads to {target.relative_to(site)}, not to the twin")
    return problems


def test_every_switcher_link_on_every_page_resolves_to_the_twin(site, base_url):
    assert check_switchers(site, base_url) == []


# -- a page that exists in one language only ------------------------------------------------------

ONLY_IT = """\
---
id: solo-in-italiano
type: page
title: Una pagina solo in italiano
description: "Una pagina di prova che esiste soltanto in italiano, per la versione francese mancante."
updated: 2026-11-26
status: published
sources:
  - {title: "Presentazione dell'ATS «Reti di Welfare di Prossimità» all'Incontro transfrontaliero Italia-Francia", ref: seed}
---

!!! abstract "In breve"
    - Questa pagina esiste soltanto in italiano.

## Contenuto

Testo della pagina di prova, scritto soltanto in italiano.
"""


@pytest.fixture(scope="module")
def one_language_site(tmp_path_factory, base_url) -> Path:
    """The repository with one page added in docs/it only, built with the project's own command.

    The checker reports a missing translation as an error (KB031) so that none is published by
    mistake; this fixture lowers it to a warning to see what readers would get if one slipped in.
    """
    repo = copy_repo(tmp_path_factory.mktemp("one-language") / "repo")
    (repo / "docs" / "it" / "solo-in-italiano.md").write_text(ONLY_IT, encoding="utf-8")
    checker = repo / "data" / "i18n" / "checker.yml"
    text = checker.read_text(encoding="utf-8")
    text, count = re.subn(r"(\n  KB031:\n    severity: )error", r"\1warning", text)
    assert count == 1, "data/i18n/checker.yml: KB031 not found"
    checker.write_text(text, encoding="utf-8")
    return build_site(repo.parent / "site", base_url, root=repo)


def test_a_page_missing_in_french_shows_the_italian_page_with_a_french_notice(one_language_site):
    site = one_language_site
    italian = file_of(site, "solo-in-italiano/")
    french = file_of(site, "fr/solo-in-italiano/")
    assert italian.is_file() and french.is_file()
    text = french.read_text(encoding="utf-8")
    assert facts(french).lang == "fr", "the interface stays in French"
    assert "Cette page n'est pas encore traduite en français" in text.replace("&#39;", "'")
    assert re.search(r'<div class="kb-body" lang="it">', text), "the Italian text is marked as Italian"
    assert "data-pagefind-body" not in text, "the French search does not return Italian text"
    assert "data-pagefind-body" in italian.read_text(encoding="utf-8")
    assert "pas encore traduite" not in italian.read_text(encoding="utf-8")


def test_no_switcher_link_leads_to_a_missing_page_when_a_translation_is_missing(one_language_site, base_url):
    assert check_switchers(one_language_site, base_url) == []
    links = switcher_links(one_language_site, file_of(one_language_site, "solo-in-italiano/"))
    assert links["fr"].rstrip("/").endswith("fr/solo-in-italiano")
