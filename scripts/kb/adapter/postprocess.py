"""Small generic fixes to the HTML the theme writes, applied to every page after rendering.

Each fix corrects markup that sits outside the theme's template blocks (so no template override can
reach it) and is checked by the tests on the built site (tests/test_html.py, test_accessibility.py).
"""
from __future__ import annotations

import html
import re
from urllib.parse import urljoin

# Material writes `autocomplete="off"` on its checkbox toggles (drawer, search); the attribute is
# not allowed on checkboxes (HTML standard, Nu Html Checker error).
_CHECKBOX = re.compile(r'<input\b[^>]*\btype="checkbox"[^>]*>')
_AUTOCOMPLETE = re.compile(r'\s+autocomplete="[^"]*"')

# Material writes `tabindex=""` on the section labels of the navigation: an empty value is
# invalid, and means the same as no attribute.
_EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?)\s+tabindex=""')

# The title of the table of contents is a label for the `__toc` toggle, which Material writes only
# when the current page has an entry in the navigation; a label for a missing control is invalid.
_TOC_LABEL = re.compile(r'(<label class="md-nav__title") for="__toc"')

# Material's skip link points at the first heading of the table of contents: it skips the page
# title and the summary, and is missing on pages without headings. Point it at the article (title,
# summary, text), made focusable so that focus moves there.
_SKIP = re.compile(r'(<div data-md-component="skip">).*?(</div>)', re.S)
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">')
CONTENT_ID = "kb-content"

# The alternate addresses of a page in the other language must be absolute URLs (search engines
# ignore relative ones in hreflang annotations; Lighthouse reports them).
_ALTERNATE = re.compile(r'(<link rel="alternate" href=")([^"]*)(" hreflang=")')


def fix_page(output: str, skip_text: str, page_url: str | None = None) -> str:
    """`page_url`: the absolute address of the page (site_url + the page's path)."""
    output = _CHECKBOX.sub(lambda m: _AUTOCOMPLETE.sub("", m.group(0)), output)
    output = _EMPTY_TABINDEX.sub(r"\1", output)
    if 'id="__toc"' not in output:
        output = _TOC_LABEL.sub(r"\1", output)
    link = f'<a href="#{CONTENT_ID}" class="md-skip">{html.escape(skip_text)}</a>'
    output = _SKIP.sub(lambda m: m.group(1) + link + m.group(2), output, count=1)
    output = _ARTICLE.sub(
        f'<article class="md-content__inner md-typeset" id="{CONTENT_ID}" tabindex="-1">', output, count=1
    )
    if page_url:
        output = _ALTERNATE.sub(
            lambda m: m.group(1) + html.escape(urljoin(page_url, html.unescape(m.group(2)))) + m.group(3), output
        )
    return output
