"""One Markdown converter per build, reset between pages, instead of a new one per page.

MkDocs 1.6 creates a `markdown.Markdown` for every page: loading the extensions (and building
their processors and patterns) costs about as much as converting a short page. Python-Markdown
supports reusing an instance after `reset()`, which clears the state of the core and of every
extension (toc, abbr, footnotes, superfences' stash...); MkDocs then registers its own per-page
processors on it under the same names, which replaces the previous page's ones.

`install()` patches the name MkDocs' page module uses for the `markdown` module. The converter is
kept per (extensions, their configuration), so a configuration change (`make serve` reloads)
gets a new one. The plugin option `markdown_reuse: false` keeps MkDocs' behaviour (the tests
compare both builds). No MkDocs import at module level: the plugin calls `install()`.
"""
from __future__ import annotations

import types

import markdown


class _MarkdownModule(types.ModuleType):
    """Stands for the `markdown` module inside mkdocs.structure.pages; only `Markdown` differs."""

    def __init__(self) -> None:
        super().__init__("markdown")
        self._converters: dict = {}

    def __getattr__(self, name):
        return getattr(markdown, name)

    def Markdown(self, extensions=(), extension_configs=None, **kwargs):
        configs = extension_configs or {}
        if kwargs:
            return markdown.Markdown(extensions=extensions, extension_configs=configs, **kwargs)
        key = (tuple(e if isinstance(e, str) else id(e) for e in extensions), repr(configs))
        md = self._converters.get(key)
        if md is None:
            md = markdown.Markdown(extensions=extensions, extension_configs=configs)
            self._converters = {key: md}  # the current configuration's converter only
        else:
            md.reset()
        return md


def guard() -> str | None:
    """MkDocs's page module names the markdown module `markdown` and makes each page's converter
    with `markdown.Markdown(extensions=..., extension_configs=...)`; a converter can be reset."""
    from mkdocs.structure import pages

    from kb.adapter.levers import parameters, source

    if not (pages.__dict__.get("markdown") is markdown or isinstance(pages.__dict__.get("markdown"), _MarkdownModule)):
        return "mkdocs.structure.pages no longer uses the markdown module by that name"
    render = getattr(pages.Page.render, "_kb_original", pages.Page.render)
    text = source(render)
    at = text.find("markdown.Markdown(")
    if at < 0:
        return "Page.render no longer makes its converter with markdown.Markdown(...)"
    call = text[at:text.find(")", at)]
    if "extensions=" not in call or "extension_configs=" not in call:
        return "Page.render no longer passes extensions and extension_configs by name"
    if "reset" not in vars(markdown.Markdown) or parameters(markdown.Markdown.reset) != ["self"]:
        return "markdown.Markdown has no reset(self)"
    return None


def install() -> bool:
    """Make MkDocs reuse one converter per configuration; False if not possible."""
    from mkdocs.structure import pages

    if isinstance(pages.markdown, _MarkdownModule):
        return True
    if pages.markdown is not markdown:
        return False  # someone else patched it: leave it alone
    pages.markdown = _MarkdownModule()
    return True


