"""Privacy (no request to another host, no cookie, nothing stored on load) and links that work
(every internal href and src of the built site, anchors included)."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from built_html import facts, target_file
from site_pages import TEMPLATE_IDS, TEMPLATE_LANGS, built_pages, require_page

# -- privacy, in the browser ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def visitor(browser):
    """One reader's browser profile for all the pages: cookies or storage would pile up in it."""
    context = browser.new_context()
    yield context
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize(("template", "lang"), TEMPLATE_LANGS, ids=TEMPLATE_IDS)
def test_pages_load_only_from_the_site_without_errors_and_store_nothing(template, lang, site, served, visitor):
    path = require_page(site, template, lang)
    page = visitor.new_page()
    requests, failed, errors = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    try:
        page.goto(served + path)
        page.wait_for_load_state("networkidle")
        if template == "search":  # a query loads the index of the language
            page.fill("#kb-search-input", {"it": "welfare", "fr": "proximité"}[lang])
            page.wait_for_selector(".kb-search__results li")
            page.wait_for_load_state("networkidle")
        elsewhere = sorted({url for url in requests if urlsplit(url).hostname != "127.0.0.1"})
        assert elsewhere == [], f"/{path} asks another host"
        assert failed == [] and errors == [], f"/{path}: failed requests or errors in the console"
        assert visitor.cookies() == []
        stored = page.evaluate("() => [Object.keys(localStorage), Object.keys(sessionStorage)]")
        assert stored == [[], []], f"/{path} stores {stored} on load"
    finally:
        page.close()


# -- links, on the built files --------------------------------------------------------------------

def test_every_internal_link_and_resource_resolves_with_its_anchor(site, base_url):
    own = urlsplit(base_url)
    base_path = own.path or "/"
    broken = []
    checked = 0
    for page in built_pages(site):
        for tag, attr, value, line in facts(page).urls:
            url = value.strip()
            if not url:
                broken.append(f"{page.relative_to(site)}:{line}: empty {attr} on <{tag}>")
                continue
            parts = urlsplit(url)
            if parts.scheme in {"http", "https"} and parts.netloc == own.netloc:
                url = parts._replace(scheme="", netloc="").geturl()  # the site's own address
            target, fragment = target_file(site, base_path, page, url)
            if target is None:
                continue
            checked += 1
            where = f"{page.relative_to(site)}:{line}: <{tag} {attr}={value!r}>"
            if not target.is_file():
                broken.append(f"{where}: no file {target.relative_to(site) if target.is_relative_to(site) else target}")
            elif fragment and target.suffix == ".html" and fragment not in facts(target).ids:
                broken.append(f"{where}: no id {fragment!r} in {target.relative_to(site)}")
    assert checked > 1000
    assert broken == [], f"{len(broken)} broken links:\n" + "\n".join(broken[:50])
