"""Accessibility in a real browser, on every kind of page in both languages (WCAG 2.1 AA, RGAA, AgID).

axe-core (pinned in package.json) runs with the WCAG 2.0/2.1 A and AA rules in the light and the dark
palette; keyboard use, reflow at 360 px and at 200 % zoom, and reading without JavaScript are
checked the way a reader would meet them.
"""
from __future__ import annotations

import pytest
from conftest import ROOT
from site_pages import LANGS, PREFIX, TEMPLATE_IDS, TEMPLATE_LANGS, page_path, require_page

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_context(browser, **options):
    """A browser context whose pages all carry axe-core (loaded before the page's own scripts)."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test` (it installs the npm tools with `npm ci`)")
    context = browser.new_context(**options)
    context.add_init_script(path=str(AXE))
    return context


def axe_violations(page) -> list[str]:
    found = page.evaluate(
        """async (tags) => {
          const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                  resultTypes: ['violations']});
          return result.violations.map(v => `${v.id} (${v.impact}): ${v.help}\\n      ` +
            v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' -> ' +
              (n.failureSummary || '').replace(/\\s+/g, ' ')).join('\\n      '));
        }""",
        AXE_TAGS,
    )
    return found


@pytest.fixture(scope="module")
def light(browser):
    context = axe_context(browser, color_scheme="light", reduced_motion="reduce")
    yield context
    context.close()


@pytest.fixture(scope="module")
def dark(browser):
    context = axe_context(browser, color_scheme="dark", reduced_motion="reduce")
    yield context
    context.close()


# The palette's colours are final: no CSS transition or animation of the page is still running.
COLOURS_SETTLED = "document.getAnimations().every(a => a.playState !== 'running')"


def wait_until(page, predicate: str, timeout_ms: int = 3000) -> None:
    """Poll a JavaScript predicate (wait_for_function needs the page's own scripts enabled)."""
    for _ in range(timeout_ms // 100):
        if page.evaluate(predicate):
            return
        page.wait_for_timeout(100)
    assert page.evaluate(predicate), f"still false after {timeout_ms} ms: {predicate}"


def open_page(context, url: str):
    page = context.new_page()
    page.goto(url)
    return page


@pytest.mark.parametrize(("template", "lang"), TEMPLATE_LANGS, ids=TEMPLATE_IDS)
def test_no_axe_violation_in_light_and_dark_palettes(template, lang, site, served, light, dark):
    path = require_page(site, template, lang)
    report = []
    for name, context, scheme in (("light", light, "default"), ("dark", dark, "slate")):
        page = open_page(context, served + path)
        try:
            page.wait_for_selector(f'body[data-md-color-scheme="{scheme}"]', timeout=5000)
            wait_until(page, COLOURS_SETTLED)  # colours settle after the palette switch
            report += [f"[{name}] {v}" for v in axe_violations(page)]
        finally:
            page.close()
    assert report == [], f"/{path}:\n  " + "\n  ".join(report)


def test_palette_toggle_switches_to_dark_and_stays_accessible(site, served, browser):
    context = axe_context(browser, color_scheme="light")
    try:
        page = context.new_page()
        page.goto(served + "method/conoscere/")
        assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
        page.locator('form[data-md-component="palette"] label:visible').first.click()
        page.wait_for_selector('body[data-md-color-scheme="slate"]')
        page.reload()  # the reader's choice is kept (Material stores it when the reader acts)
        page.wait_for_selector('body[data-md-color-scheme="slate"]')
        wait_until(page, COLOURS_SETTLED)
        assert axe_violations(page) == []
    finally:
        context.close()


# -- keyboard -------------------------------------------------------------------------------------

def focused(page) -> dict:
    return page.evaluate(
        """() => { const el = document.activeElement;
                   // Material's palette radios are invisible: their label shows the focus.
                   const shown = el.matches('input.md-option') ? el.nextElementSibling : el;
                   const style = getComputedStyle(shown);
                   return {tag: el.tagName, id: el.id, cls: el.className && el.className.baseVal === undefined ? el.className : '',
                           text: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40),
                           href: el.getAttribute('href'), lang: el.getAttribute('lang'),
                           outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
                           visible: !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)}; }"""
    )


@pytest.mark.parametrize("lang", LANGS)
def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(lang, site, served, page):
    path = require_page(site, "phase", lang)
    page.goto(served + path)
    page.keyboard.press("Tab")
    first = focused(page)
    assert "md-skip" in first["cls"] and first["href"] == "#kb-content", first
    assert first["text"] == {"it": "Vai al contenuto", "fr": "Aller au contenu"}[lang]
    assert page.locator(".md-skip").is_visible(), "the skip link shows when it has focus"
    page.keyboard.press("Enter")
    after = focused(page)
    assert after["id"] == "kb-content", after
    assert page.locator("#kb-content h1").count() == 1, "the skip target starts with the page title"
    page.keyboard.press("Tab")
    inside = page.evaluate("() => document.getElementById('kb-content').contains(document.activeElement)")
    assert inside, "the next Tab stays in the content"


@pytest.mark.parametrize("lang", LANGS)
def test_focus_is_visible_on_every_stop_of_the_header_and_navigation(lang, site, served, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(served + require_page(site, "phase", lang))
        missing = []
        for _ in range(30):
            page.keyboard.press("Tab")
            state = focused(page)
            if not state["outline"]:
                missing.append(state)
        assert missing == [], "focused elements without a visible outline"
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_language_switcher_works_by_keyboard(lang, site, served, page):
    other = "fr" if lang == "it" else "it"
    path = require_page(site, "phase", lang)
    page.goto(served + path)
    for _ in range(15):  # Tab to the switcher
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.md-select')"):
            break
    else:
        pytest.fail("the language switcher cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_function(LIST_OPEN)
    for _ in range(3):  # Tab to the other language's link
        page.keyboard.press("Tab")
        if focused(page)["lang"] == other:
            break
    else:
        pytest.fail(f"no link to the {other} page after the switcher button")
    assert page.locator(".md-select__link:focus").is_visible()
    page.keyboard.press("Enter")
    twin = require_page(site, "phase", other)
    page.wait_for_url(served + twin)
    assert page.locator("html").get_attribute("lang") == other


@pytest.mark.parametrize("lang", LANGS)
def test_header_search_link_works_by_keyboard(lang, site, served, page):
    page.goto(served + require_page(site, "home", lang))
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('kb-search-link')"):
            break
    else:
        pytest.fail("the search link cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(served + require_page(site, "search", lang))
    assert page.get_by_label({"it": "Parole da cercare", "fr": "Mots à rechercher"}[lang]).is_visible()


# -- reflow ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    yield context
    context.close()


@pytest.fixture(scope="module")
def zoomed(browser):
    # A 1280 px wide window at 200 % zoom lays pages out in 640 CSS pixels.
    context = browser.new_context(viewport={"width": 640, "height": 450}, device_scale_factor=2)
    yield context
    context.close()


@pytest.mark.parametrize(("template", "lang"), TEMPLATE_LANGS, ids=TEMPLATE_IDS)
def test_no_horizontal_scrolling_at_360px_and_at_200_percent_zoom(template, lang, site, served, phone, zoomed):
    path = require_page(site, template, lang)
    for name, context in (("360 px", phone), ("200 %", zoomed)):
        page = open_page(context, served + path)
        try:
            widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], f"/{path} at {name}: page is {widths[0]} px wide for {widths[1]} px"
        finally:
            page.close()


# -- without JavaScript ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def no_js_phone(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    yield context
    context.close()


@pytest.fixture(scope="module")
def no_js_desktop(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    yield context
    context.close()


DRAWER_ON_SCREEN = """() => { const r = document.querySelector('.md-sidebar--primary').getBoundingClientRect();
                              return r.left >= 0 && r.right > 10; }"""


def drawer_on_screen(page) -> bool:
    return page.evaluate(DRAWER_ON_SCREEN)


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_content_and_navigation_work_on_a_phone(lang, site, served, no_js_phone):
    page = open_page(no_js_phone, served + require_page(site, "phase", lang))
    try:
        assert page.locator("#kb-content h1").is_visible()
        assert page.locator("#kb-content p").first.is_visible()
        assert not drawer_on_screen(page), "the navigation drawer starts closed on a phone"
        page.locator('label.md-header__button[for="__drawer"]').click()  # CSS-only drawer (checkbox)
        wait_until(page, DRAWER_ON_SCREEN)
        # The first navigation link a finger could tap: on screen and not covered by anything.
        index = page.evaluate("""() => [...document.querySelectorAll('.md-nav--primary a.md-nav__link')]
            .findIndex(a => { const r = a.getBoundingClientRect();
                if (r.width === 0 || r.left < 0 || r.right > innerWidth || r.top < 0 || r.bottom > innerHeight) return false;
                const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                return hit && a.contains(hit) && a.href !== location.href; })""")
        assert index >= 0, "no navigation link can be tapped in the open drawer"
        link = page.locator(".md-nav--primary a.md-nav__link").nth(index)
        href = link.evaluate("a => a.href")
        link.click()
        page.wait_for_url(href)
        assert page.locator("#kb-content h1").is_visible(), f"following {href} without JavaScript"
    finally:
        page.close()


LIST_OPEN = """() => { const inner = document.querySelector('.md-header .md-select__inner');
                       const style = getComputedStyle(inner);
                       return parseFloat(style.opacity) > 0.9 && inner.getBoundingClientRect().height > 20; }"""


def list_open(page) -> bool:
    return page.evaluate(LIST_OPEN)


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_language_switcher_opens_on_focus(lang, site, served, no_js_desktop):
    other = "fr" if lang == "it" else "it"
    page = open_page(no_js_desktop, served + require_page(site, "phase", lang))
    try:
        link = page.locator(f'.md-select__link[hreflang="{other}"]')
        assert not list_open(page)
        page.locator(".md-select button").focus()
        wait_until(page, LIST_OPEN)  # keyboard focus opens the list (CSS :focus-within)
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(served + require_page(site, "phase", other))
    finally:
        page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_search_page_points_to_the_indexes(lang, site, served, no_js_desktop):
    page = open_page(no_js_desktop, served + require_page(site, "search", lang))
    try:
        text = page.locator("#kb-content").inner_text()
        from kb.content.texts import INTERFACE

        assert "JavaScript" in text and INTERFACE.text(lang, "search_needs_js").split(":")[0].strip() in text
        assert not page.locator("#kb-search-input").is_visible(), "no search box that cannot work"
        link = page.locator("#kb-content a").filter(has_text={"it": "Sfoglia", "fr": "Parcourir"}[lang])
        browse = page_path(site, "browse", lang)
        expected = "/" + (PREFIX[lang] + "browse/" if browse else PREFIX[lang])
        assert link.first.get_attribute("href") == expected
    finally:
        page.close()
