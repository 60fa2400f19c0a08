"""Every reader page carries a Content-Security-Policy (scripts/kb/generate/csp.py) that lets the
site work and stops what a page could smuggle in: checked on the built HTML and in Chromium, on
one page of each template in both languages."""
from __future__ import annotations

import re

import pytest
from kb.generate import csp
from site_pages import LANGS, TEMPLATE_IDS, TEMPLATE_LANGS, built_pages, require_page
from test_accessibility import wait_until

# The page has scrolled as far as the wheel asked (or to its end, for a short page) and nothing moves.
SCROLLED = ("window.scrollY >= Math.min(600, document.documentElement.scrollHeight - window.innerHeight) - 1"
            " && document.getAnimations().every(a => a.playState !== 'running')")

POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')

# Collect the violations the page reports, from before its first script runs.
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || ''));
});
"""


def open_watched(browser, url: str):
    """A page at `url` whose CSP violations (events and console errors) are recorded."""
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page, console


def violations(page, console) -> list[str]:
    return page.evaluate("() => window.__csp") + console


def test_only_scripts_that_run_need_a_hash():
    page = ('<html><head><meta charset="utf-8"><script>var a=1</script>'
            '<script type="application/ld+json">{"@id": "x"}</script>'
            '<script id="__config" type="application/json">{"base": "."}</script>'
            '<script src="a.js"></script><script>var a=1</script></head><body></body></html>')
    hashes = csp.inline_script_hashes(page)
    assert hashes == [csp.script_hash("var a=1")]
    protected = csp.protect(page)
    assert protected.index("Content-Security-Policy") < protected.index("<script")
    assert f"script-src 'self' {hashes[0]};" in protected
    assert csp.protect(protected) == protected  # once


def test_every_spelling_of_an_inline_script_gets_its_hash():
    page = ('<html><head><meta charset="utf-8"><SCRIPT>upper()</SCRIPT><scripts>not()</scripts>'
            '<script >spaced()</script ><script\n>newline()</script\n><script>a("</scriptx>")</script>'
            '<script type=module>mod()</script><script type="text/plain">no()</script></head></html>')
    assert csp.inline_script_hashes(page) == [
        csp.script_hash(text) for text in ("upper()", "spaced()", "newline()", 'a("</scriptx>")', "mod()")]
    assert csp.inline_script_hashes("<script>never closed") == []


def test_the_editor_policy_reaches_github_and_nothing_else_outside():
    policy = csp.admin_policy(auth_origin="https://auth.example.org/")
    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    assert directives["connect-src"] == "'self' blob: data: https://api.github.com https://auth.example.org"
    # Decap compiles its configuration's validator in the browser: 'unsafe-eval' on this page only
    assert directives["script-src"] == "'self' 'unsafe-eval'" and directives["object-src"] == "'none'"
    assert directives["form-action"] == "'self' https://auth.example.org"


def test_every_page_has_the_policy_before_any_script_and_no_inline_style(site):
    pages = built_pages(site)
    assert len(pages) > 40
    for path in pages:
        text = path.read_text(encoding="utf-8")
        match = POLICY.search(text)
        assert match, f"{path.relative_to(site)}: no Content-Security-Policy"
        head = text[: text.index("</head>")]
        if "<script" in head:
            assert match.start() < head.find("<script"), f"{path.relative_to(site)}: a script comes before the policy"
        policy = match.group(1)
        if path.parent.name == "admin":  # the web editor's page has its own policy (see above)
            assert "script-src 'self' 'unsafe-eval'" in policy and "frame-src 'none'" in policy
            continue
        assert "'unsafe-eval'" not in policy, path
        for directive in ("default-src 'self'", "style-src 'self';", "object-src 'none'", "base-uri 'self'",
                          "form-action 'self'", "frame-src 'none'", "connect-src 'self'", "font-src 'self'",
                          "worker-src 'self'"):
            assert directive in policy, (path, directive)
        assert "unsafe-inline" not in policy and "unsafe-eval;" not in policy
        assert '<meta name="referrer" content="same-origin">' in head
        # what the policy would block must not be needed: no style attribute, no <style> element
        body = text[text.index("<body"):]
        assert not re.search(r"<[a-z][^>]*\sstyle=", body), f"{path.relative_to(site)}: inline style attribute"
        assert "<style" not in text, f"{path.relative_to(site)}: <style> element"


@pytest.mark.parametrize(("template", "lang"), TEMPLATE_LANGS, ids=TEMPLATE_IDS)
def test_no_policy_violation_on_any_template(template, lang, site, served, browser):
    context, page, console = open_watched(browser, served + require_page(site, template, lang))
    try:
        page.mouse.wheel(0, 600)  # the back-to-top button, the table of contents
        wait_until(page, SCROLLED)
        assert violations(page, console) == []
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_search_works_under_the_policy(lang, site, served, browser):
    """Pagefind compiles WebAssembly: the search page's policy allows that, and only that."""
    context, page, console = open_watched(browser, served + require_page(site, "search", lang))
    try:
        page.locator(".kb-search:not([hidden]) input").first.fill("welfare")
        page.locator(".kb-search__results a").first.wait_for(timeout=15000)
        assert violations(page, console) == []
    finally:
        context.close()


def test_search_works_under_the_policy_without_its_worker(site, served, browser):
    """Pagefind compiles its WebAssembly in a web worker (which has no policy of its own on a static
    host); when the worker cannot start it falls back to the page, whose policy must allow that
    ('wasm-unsafe-eval', on the search page only)."""
    path = require_page(site, "search", "it")
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    try:
        page.route("**/pagefind-worker.js", lambda route: route.fulfill(status=404, body=""))
        page.goto(served + path)
        page.locator(".kb-search:not([hidden]) input").first.fill("welfare")
        page.locator(".kb-search__results a").first.wait_for(timeout=15000)
        assert page.evaluate("() => window.__csp") == []
    finally:
        context.close()
    others = [p for p in built_pages(site) if "'wasm-unsafe-eval'" in p.read_text(encoding="utf-8")]
    assert sorted(p.relative_to(site).as_posix() for p in others) == ["fr/search/index.html", "search/index.html"]


def test_list_filter_works_under_the_policy(site, served, browser):
    context, page, console = open_watched(browser, served + "experiences/")
    try:
        form = page.locator("form.kb-filter").first
        form.wait_for(state="visible")  # shown by filter.js
        items = f"#{form.get_attribute('data-list')} li"
        total = page.locator(items).count()
        select = form.locator("select").first
        select.select_option(select.locator("option").nth(1).get_attribute("value"))
        shown = f"{items}:not([hidden])"
        page.wait_for_function("([css, n]) => document.querySelectorAll(css).length < n", arg=[shown, total])
        assert 0 < page.locator(shown).count() < total
        assert violations(page, console) == []
    finally:
        context.close()


def test_palette_switch_works_under_the_policy(site, served, browser):
    context, page, console = open_watched(browser, served + "method/conoscere/")
    try:
        page.locator('form[data-md-component="palette"] label:visible').first.click()
        page.wait_for_selector('body[data-md-color-scheme="slate"]')
        assert violations(page, console) == []
    finally:
        context.close()


def test_an_injected_inline_script_is_blocked(site, served, browser):
    """A page whose HTML carries a script no template wrote (as a raw-HTML page would): the browser
    refuses to run it and reports the violation."""
    path = require_page(site, "about", "it")
    original = (site / path / "index.html").read_text(encoding="utf-8")
    injected = original.replace("</article>", "<script>document.title='pwned'</script>"
                                "<p id='styled' style='color: rgb(255, 0, 0)'>x</p></article>", 1)
    assert injected != original
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    try:
        page.route(served + path, lambda route: route.fulfill(status=200, content_type="text/html", body=injected))
        page.goto(served + path)
        page.wait_for_load_state("networkidle")
        assert page.title() != "pwned"
        assert "rgb(255, 0, 0)" not in page.evaluate("() => getComputedStyle(document.getElementById('styled')).color")
        reported = page.evaluate("() => window.__csp")
        assert any(v.startswith("script-src") for v in reported), reported
        assert any(v.startswith("style-src") for v in reported), reported
    finally:
        context.close()
