"""Small generic fixes to the HTML the theme writes, applied to every page after rendering.

Each fix corrects markup that sits outside the theme's template blocks (so no template override can
reach it) and is checked by the tests on the built site (tests/test_html.py, test_accessibility.py).
"""
from __future__ import annotations

import html
import re

# Material writes `autocomplete="off"` on its checkbox toggles (drawer, search); the attribute is
# not allowed on checkboxes (HTML standard, Nu Html Checker error).
_CHECKBOX = re.compile(r'<input\b[^>]*\btype="checkbox"[^>]*>')
_AUTOCOMPLETE = re.compile(r'\s+autocomplete="[^"]*"')

# Material's skip link points at the first heading of the table of contents: it skips the page
# title and the summary, and is missing on pages without headings. Point it at the content.
_SKIP = re.compile(r'(<div data-md-component="skip">).*?(</div>)', re.S)
CONTENT_ID = "kb-content"
# The skip link's target: the article (title, summary, text), focusable so that focus moves there.
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">')


def fix_page(output: str, skip_text: str) -> str:
    output = _CHECKBOX.sub(lambda m: _AUTOCOMPLETE.sub("", m.group(0)), output)
    link = f'<a href="#{CONTENT_ID}" class="md-skip">{html.escape(skip_text)}</a>'
    output = _SKIP.sub(lambda m: m.group(1) + link + m.group(2), output, count=1)
    output = _ARTICLE.sub(
        f'<article class="md-content__inner md-typeset" id="{CONTENT_ID}" tabindex="-1">', output, count=1
    )
    return output
