"""Which pages' HTML the sanitizer must read (content/allowlist.py `sanitize`).

nh3 parses and writes out again a page's whole HTML: about 0.6 ms for an experience page, a tenth
of converting its Markdown. What Markdown makes of a page can only hold something the allowlist
does not keep in two ways: raw HTML written in the page (Python-Markdown keeps it apart, in its
htmlStash), or an element of its own tree with a tag, attribute, class or URL outside the
allowlist (an attribute list `{: onclick=… }`, an admonition of an unknown type, a link to
`javascript:`, an image from another host). This Markdown extension looks at both once the page is
converted: the tree after the last tree processor, the stash after the last postprocessor. A page
with neither is one the sanitizer would give back as it is (tests/test_build_sanitizes.py checks
that on every page of the fixture site), so the plugin skips nh3 for it; on any doubt (an element
not kept, raw HTML other than an entity or a block marker, HTML the plugin did not see converted
here) the page is sanitized as before.
"""
from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from kb.content import allowlist


class SanitizeGate(Extension):
    """Registered by the plugin in `on_config`; `needs_sanitizer(html, page)` in `on_page_content`."""

    def __init__(self, keep_comments: re.Pattern) -> None:
        super().__init__()
        self.keep_comments = keep_comments
        self._tree_kept = False
        self._last: tuple[str, bool] | None = None  # the HTML last converted, and whether it is kept
        self._kept: dict[str, str] = {}  # page -> its HTML last let through (`make serve` rebuilds)

    def __repr__(self) -> str:  # stable across rebuilds: the render cache keys on the extensions' repr
        return f"{type(self).__name__}()"

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_LookAtTree(md, self), "kb_sanitize_gate", -1000)
        md.postprocessors.register(_LookAtStash(md, self), "kb_sanitize_gate", -1000)

    def needs_sanitizer(self, html: str, page: str) -> bool:
        """False only for HTML in which everything is kept: the HTML this converter made last, or,
        when `make serve`'s render cache (adapter/render_cache.py) gives a page the HTML of an
        earlier conversion instead of converting it, the HTML this page had then."""
        last, self._last = self._last, None
        if last is not None and last[0] == html:
            if last[1]:
                self._kept[page] = html
            else:
                self._kept.pop(page, None)
            return not last[1]
        return self._kept.get(page) != html


class _LookAtTree(Treeprocessor):
    def __init__(self, md: Markdown, gate: SanitizeGate) -> None:
        super().__init__(md)
        self.gate = gate

    def run(self, root):
        kept = allowlist.element_kept
        self.gate._tree_kept = all(kept(el.tag, el.attrib) for el in root.iter() if el is not root)


class _LookAtStash(Postprocessor):
    def __init__(self, md: Markdown, gate: SanitizeGate) -> None:
        super().__init__(md)
        self.gate = gate

    def run(self, text: str) -> str:
        gate = self.gate
        keep = gate.keep_comments
        kept = gate._tree_kept and all(
            isinstance(raw, str) and allowlist.raw_kept(raw, keep) for raw in self.md.htmlStash.rawHtmlBlocks
        )
        gate._tree_kept = False
        gate._last = (text.strip(), kept)  # what Markdown.convert returns
        return text
