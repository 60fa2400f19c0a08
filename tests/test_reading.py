"""Reading with a finger, a keyboard and on paper, in Chromium, both languages.

- Glossary terms (the abbreviations the build marks from data/glossary/): the definition shows on a
  tap and on keyboard focus, not only under a mouse, a screen reader hears it as the term's
  description, Escape hides it, and axe finds nothing with it open (overrides/assets/kb.js).
- A page printed on A4 (print media, and a PDF from Chromium's print): the content only, no
  navigation, header, search or footer; the addresses of its links written out, the site's own as
  published addresses; the page's own address at its end, in its language; an experience on one or
  two sides, to hand out at a meeting.
"""
from __future__ import annotations

import html
import io
import re
from urllib.parse import urljoin

import pytest
from built_html import facts
from kb.content.strings import t
from site_pages import LANGS, TEMPLATE_IDS, TEMPLATE_LANGS, file_of, require_page
from test_accessibility import axe_context, axe_violations

pytestmark = pytest.mark.browser


def definitions(site, path: str) -> list[tuple[str, str]]:
    """(abbreviation, definition) of each <abbr title> of a built page, in order."""
    text = file_of(site, path).read_text(encoding="utf-8")
    return [(html.unescape(m.group(2)), html.unescape(m.group(1)))
            for m in re.finditer(r'<abbr title="([^"]*)">([^<]*)</abbr>', text)]


def description(page, abbr) -> str:
    """What a screen reader hears after the term: the text of the element it is described by."""
    ident = abbr.get_attribute("aria-describedby")
    assert ident, "no aria-describedby on the term"
    return page.locator(f"#{ident}").text_content()


@pytest.mark.parametrize("lang", LANGS)
def test_a_glossary_term_shows_its_definition_on_a_tap(lang, site, served, browser):
    path = require_page(site, "glossary", lang)
    expected = definitions(site, path)
    assert expected, "the glossary page marks no term"
    context = axe_context(browser, has_touch=True, is_mobile=True, viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(served + path)
        terms = page.locator(".md-content abbr[aria-describedby]")
        terms.first.wait_for()
        assert terms.count() == len(expected)
        # the third occurrence (not the first of its term: out of the tab order, still tappable)
        abbr = terms.nth(2)
        assert description(page, abbr) == expected[2][1]
        tip = page.locator(".kb-tip")
        assert not tip.is_visible()
        abbr.tap()
        tip.wait_for(state="visible")
        assert (abbr.inner_text(), tip.inner_text()) == expected[2]
        assert abbr.get_attribute("title") is None  # no second tooltip from the browser meanwhile
        box, screen = tip.bounding_box(), page.viewport_size
        assert box["x"] >= 0 and box["x"] + box["width"] <= screen["width"], "the definition leaves the screen"
        term = abbr.bounding_box()
        assert term["y"] + term["height"] <= box["y"] + 1, "the definition covers its term"
        assert axe_violations(page) == []
        page.locator("h1").first.tap()  # a tap elsewhere closes it
        tip.wait_for(state="hidden")
        assert abbr.get_attribute("title") == expected[2][1]
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_a_glossary_term_shows_its_definition_on_keyboard_focus(lang, site, served, browser):
    path = require_page(site, "glossary", lang)
    expected = definitions(site, path)
    context = axe_context(browser)
    try:
        page = context.new_page()
        page.goto(served + path)
        terms = page.locator(".md-content abbr[aria-describedby]")
        terms.first.wait_for()
        # one stop per term for the keyboard
        stops = terms.evaluate_all("all => all.filter(a => a.tabIndex === 0).map(a => a.textContent)")
        assert sorted(stops) == sorted({abbr for abbr, _ in expected})
        first = terms.first
        # Tab from the element just before the term lands on it
        first.evaluate("""abbr => { const before = document.createElement('a'); before.href = '#'; before.id = 'kb-before';
                                     before.textContent = '.'; abbr.before(before); }""")
        page.focus("#kb-before")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.tagName") == "ABBR"
        tip = page.locator(".kb-tip")
        tip.wait_for(state="visible")
        assert tip.inner_text() == expected[0][1]
        # a screen reader hears it: the definition is the focused term's description
        assert description(page, page.locator(":focus")) == expected[0][1]
        assert axe_violations(page) == []
        page.keyboard.press("Escape")
        tip.wait_for(state="hidden")
        assert page.evaluate("() => document.activeElement.tagName") == "ABBR"  # focus stays
        # the mouse: the browser's own tooltip, as without JavaScript
        assert terms.nth(1).get_attribute("title") == expected[1][1]
    finally:
        context.close()


CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
          ".kb-search-link", ".md-search", ".md-skip", ".md-top"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_printed_page_is_its_content_with_the_addresses_of_its_links(lang, site, served, browser):
    path = require_page(site, "experience", lang)
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(served + path)
        page.emulate_media(media="print")
        for selector in CHROME:
            for element in page.locator(selector).all():
                assert not element.is_visible(), f"{selector} is printed"
        assert page.locator("article h1").is_visible()
        after = """a => getComputedStyle(a, '::after').content"""
        # a link to another site: its address after it
        outside = page.locator('.md-content a[href^="http"]').first
        assert outside.get_attribute("href") in outside.evaluate(after)
        # a link inside the site: its published address, absolute
        canonical_url = page.locator('link[rel="canonical"]').get_attribute("href")
        inside = page.locator('.kb-body a[href]:not([href^="http"]):not([href^="#"])').first
        shown = inside.evaluate(after)
        assert urljoin(canonical_url, inside.get_attribute("href")) in shown, shown
        # the page's own address at its end, in its language
        own = page.locator(".kb-print-only")
        assert own.is_visible()
        assert own.inner_text() == t(lang, "print_address", url=canonical_url)
        assert page.locator("html").get_attribute("lang") == lang
        # on screen, none of it
        page.emulate_media(media="screen")
        assert not own.is_visible()
        assert inside.evaluate(after) in ("none", "normal")
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_an_experience_prints_on_one_or_two_sides_of_a4(lang, site, served, browser):
    from pypdf import PdfReader

    path = require_page(site, "experience", lang)
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(served + path)
        page.emulate_media(media="print")
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
        text = "\n".join(p.extract_text() for p in pdf.pages)
    finally:
        context.close()
    assert 1 <= len(pdf.pages) <= 2, f"/{path}: {len(pdf.pages)} sides of A4"
    title = facts(file_of(site, path)).title.split(" - ")[0]
    assert " ".join(title.split()[:3]) in " ".join(text.split())
    for word in (t(lang, "search_link"), t(lang, "skip_to_content"), t(lang, "offline_link")):
        assert word not in text, f"{word!r} printed"


# What moved on the screen while the page loaded (layout shifts, as Lighthouse's CLS counts them;
# every one: the test gives no input, though the emulated phone marks shifts as after an input).
SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries())
  window.__shifts.push([e.value, (e.sources || []).map(s => s.node ? s.node.nodeName + '.' + s.node.className : '?')]); })
  .observe({type: 'layout-shift', buffered: true});
"""


@pytest.mark.parametrize(("template", "lang"), TEMPLATE_LANGS, ids=TEMPLATE_IDS)
def test_nothing_moves_while_a_page_loads_on_a_phone(template, lang, site, served, browser):
    """On a phone's screen: what the site's script shows late (the footer's offline link) and what
    is laid out only near the screen (content-visibility) keep their place."""
    path = require_page(site, template, lang)
    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=1.75,
                                  is_mobile=True, has_touch=True)
    context.add_init_script(SHIFTS)
    try:
        page = context.new_page()
        # a slow phone's processor, as Lighthouse's mobile profile: the first frames come later
        session = context.new_cdp_session(page)  # kept: the emulation lasts while the session does
        session.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.goto(served + path)
        page.locator(".kb-offline-link:not([data-kb-off])").wait_for(state="attached")  # the script has run
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        shifts = page.evaluate("() => window.__shifts")
        assert sum(value for value, _ in shifts) < 0.01, shifts
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_only_a_long_page_leaves_its_later_blocks_unlaid_out(lang, site, served, browser):
    """The glossary, a long page, lays out its blocks after the first screen only as they come near
    (content-visibility: the cost Lighthouse counted on a slow phone); a short page lays out all of
    its own, so that none of its sizes is a guess the first screen could see corrected."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        states = {}
        for template in ("glossary", "browse", "home"):
            page.goto(served + require_page(site, template, lang))
            states[template] = page.evaluate(
                "() => [...document.querySelector('.kb-body').children].map(e => getComputedStyle(e).contentVisibility)")
        glossary = states.pop("glossary")
        assert len(glossary) >= 40 and set(glossary[:15]) == {"visible"} and glossary.count("auto") > len(glossary) // 2
        assert all(set(blocks) == {"visible"} for blocks in states.values()), states
    finally:
        context.close()
