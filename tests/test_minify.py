"""The HTML of every page is written without indentation, and reads the same."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from kb.adapter.minify import collapse_indentation


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(attrs)))

    def handle_data(self, data):
        self.parts.append(data)


def _read(html: str) -> tuple[str, list]:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip(), parser.tags


def test_indentation_goes_whitespace_stays_and_raw_elements_are_untouched():
    html = ("<div>\n    <p>Uno\n      due</p>\n\n    <pre><code>a\n    b</code></pre>\n"
            "  <script>if (a)\n      b();</script>\n  <textarea>x\n  y</textarea> <code>p\n   q</code>\n</div>")
    out = collapse_indentation(html)
    assert out == ("<div>\n<p>Uno\ndue</p>\n<pre><code>a\n    b</code></pre>\n"
                   "<script>if (a)\n      b();</script>\n<textarea>x\n  y</textarea> <code>p\n   q</code>\n</div>")
    assert collapse_indentation(out) == out


def test_built_pages_have_no_indentation(site):
    page = (site / "method" / "conoscere" / "index.html").read_text(encoding="utf-8")
    outside = re.sub(r"<(pre|code|textarea|script|style)\b.*?</\1\s*>", "", page, flags=re.S | re.I)
    assert not re.search(r"\n[ \t]+<", outside), "indented markup left in the page"
    # tests/test_parallel_build.py compares every page with a build that keeps the indentation


def read_alike(first: str, second: str) -> bool:
    """Same text (whitespace runs count as one space) and same elements and attributes."""
    return _read(first) == _read(second)
