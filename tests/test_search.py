"""Search per language (Pagefind): a reader of one language finds pages in that language only, with
or without accents, and every result opens."""
from __future__ import annotations

import json
import urllib.request

import pytest
from built_html import facts
from site_pages import LANGS, PREFIX, file_of, require_page

QUERIES = [
    # (language, query, a page that must be found)
    ("fr", "connaître", "fr/method/conoscere/"),
    ("fr", "connaitre", "fr/method/conoscere/"),
    ("it", "prossimità", ""),
    ("it", "prossimita", ""),
]

ALL_RESULTS = """async (query) => {
    const bundle = new URL(document.querySelector('.kb-search').dataset.bundle, document.baseURI);
    const pagefind = await import(new URL('pagefind.js', bundle).href);
    await pagefind.options({baseUrl: new URL('../', bundle).pathname});
    const found = await pagefind.search(query);
    const data = await Promise.all(found.results.map(r => r.data()));
    return data.map(d => d.url);
}"""


def test_each_language_has_its_own_index(site):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = entry["languages"]
    assert set(languages) == set(LANGS)
    assert all(languages[lang]["page_count"] > 10 for lang in LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_browse_lists_stay_out_of_the_index_and_items_are_in_it(lang, site):
    """A list of titles would come up for every word of the items it lists."""
    browse = sorted((site / PREFIX[lang] / "browse").rglob("index.html"))
    assert len(browse) > 20
    for path in browse:
        assert "data-pagefind-body" not in path.read_text(encoding="utf-8"), path
    for template in ("experience", "phase", "home"):
        assert "data-pagefind-body" in file_of(site, require_page(site, template, lang)).read_text(encoding="utf-8")


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "query", "expected"), QUERIES, ids=[f"{lang}-{q}" for lang, q, _ in QUERIES])
def test_search_finds_pages_of_the_reader_language_only(lang, query, expected, site, served, page):
    page.goto(served + require_page(site, "search", lang))
    box = page.get_by_label({"it": "Parole da cercare", "fr": "Mots à rechercher"}[lang])
    box.fill(query)
    status = page.locator(".kb-search__status")
    word = {"it": "risultat", "fr": "résultat"}[lang]
    page.wait_for_function("(w) => document.querySelector('.kb-search__status').textContent.includes(w)", arg=word)
    assert query in status.inner_text()
    page.locator(".kb-search__results a").first.wait_for()
    shown = page.locator(".kb-search__results a").evaluate_all("links => links.map(a => a.pathname)")

    urls = page.evaluate(ALL_RESULTS, query)
    assert "/" + expected in urls
    assert set(shown) <= set(urls)
    for url in urls:
        path = url.lstrip("/")
        in_french = path.startswith("fr/")
        assert in_french == (lang == "fr"), f"{url}: a result in the other language"
        assert facts(file_of(site, path)).lang == lang
        assert "/search/" not in url and "404" not in url and "/browse/" not in url
        with urllib.request.urlopen(served + path) as response:  # every result opens
            assert response.status == 200


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_accented_and_unaccented_queries_find_the_same_pages(lang, site, served, page):
    pairs = {"it": ("prossimità", "prossimita"), "fr": ("connaître", "connaitre")}[lang]
    page.goto(served + require_page(site, "search", lang))
    page.locator(".kb-search:not([hidden])").wait_for()
    with_accent, without = (sorted(page.evaluate(ALL_RESULTS, q)) for q in pairs)
    assert with_accent and with_accent == without


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_search_page_says_so_when_the_index_is_missing(lang, site, served, page):
    """As in a preview built without the index: the page points to the indexes instead."""
    page.route("**/pagefind/**", lambda route: route.fulfill(status=404, body=""))
    page.goto(served + require_page(site, "search", lang))
    message = page.locator(".kb-search__unavailable")
    message.wait_for()
    assert {"it": "non è disponibile", "fr": "n'est pas disponible"}[lang] in message.inner_text()
    assert not page.locator("#kb-search-input").is_visible()
    assert message.locator("a").get_attribute("href").startswith("/" + PREFIX[lang])


@pytest.mark.browser
def test_query_in_the_address_is_searched(site, served, page):
    page.goto(served + require_page(site, "search", "fr") + "?q=connaitre")
    page.locator(".kb-search__results a").first.wait_for()
    assert page.locator("#kb-search-input").input_value() == "connaitre"
