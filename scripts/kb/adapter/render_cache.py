"""`make serve`: convert a page's Markdown again only when it changed.

`mkdocs serve` rebuilds the whole site after every edit, both languages, in the same process.
Converting Markdown is most of a page's cost, and after editing one page every other page's
Markdown is the same as in the previous build. So, in `serve` only, the result of
`Page.render` is kept in memory, keyed by everything it depends on:
- the page's Markdown after the hooks (so generated blocks and abbreviations are part of it),
- the page's source and address, the language being built,
- the set of files and their addresses (links are resolved and checked against it),
- the Markdown configuration;
and the messages MkDocs logged while rendering (a link to a missing page...) are logged again
when the result is reused, so a preview warns exactly as a full rebuild does.

Never used by `make html` / `make site` (each build is a new process anyway).
The plugin option `render_cache: false` turns it off. What is kept lives in a `RenderCache` that the
plugin owns (MkDocs keeps the plugin between the rebuilds of `mkdocs serve`) and hands to `install`.
"""
from __future__ import annotations

import hashlib
import logging

MAX_ENTRIES = 50000  # a long preview session: start afresh rather than grow


class RenderCache:
    """The results of `Page.render` kept between rebuilds, with the signature of the files they
    were made with."""

    def __init__(self) -> None:
        self.entries: dict[tuple, tuple] = {}
        self._files = None
        self._signature: str | None = None

    def files_signature(self, files) -> str:
        """Changes when a file is added, removed or moves (what link resolution depends on)."""
        if self._files is not files:
            digest = hashlib.sha1()
            for file in files:
                digest.update(f"{file.src_uri}\0{file.url}\0".encode("utf-8", "surrogateescape"))
            self._files, self._signature = files, digest.hexdigest()
        assert self._signature is not None
        return self._signature


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _key(cache: RenderCache, page, config, files) -> tuple:
    language = config.theme.get("language")
    markdown_config = (repr(config["markdown_extensions"]), repr(config["mdx_configs"]),
                       config.use_directory_urls, repr(config.validation))
    return (page.file.src_uri, page.url, language, cache.files_signature(files), markdown_config,
            hashlib.sha1(page.markdown.encode("utf-8", "surrogateescape")).hexdigest())


ATTRIBUTES = ("content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")


def guard() -> str | None:
    """MkDocs's build calls Page.render(self, config, files), which sets the attributes this lever
    keeps and restores (ATTRIBUTES); the linked files are found again through Files.src_uris."""
    import inspect

    from mkdocs.commands import build
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from kb.adapter.levers import parameters, source

    render = getattr(Page.render, "_kb_original", Page.render)
    if parameters(render) != ["self", "config", "files"]:
        return "Page.render(self, config, files) changed"
    text = source(render)
    for name in ATTRIBUTES:
        if f"self.{name} =" not in text:
            return f"Page.render no longer sets {name}"
    if ".render(config, files)" not in source(build):
        return "MkDocs's build no longer calls page.render(config, files)"
    if not isinstance(inspect.getattr_static(Files, "src_uris", None), property):
        return "Files.src_uris is gone"
    return None


def install(cache: RenderCache) -> bool:
    """Wrap MkDocs' `Page.render` with `cache` (installed again, the wrapper uses the new cache)."""
    from mkdocs.structure.pages import Page

    original = getattr(Page.render, "_kb_original", Page.render)
    logger = logging.getLogger("mkdocs")
    entries = cache.entries

    def render(self, config, files):
        key = _key(cache, self, config, files)
        hit = entries.get(key)
        if hit is not None:
            values, records = hit
            for name, value in zip(ATTRIBUTES, values, strict=True):
                setattr(self, name, value)
            if self.links_to_anchors:  # the linked files of this build (their pages' anchors)
                current = files.src_uris
                self.links_to_anchors = {current.get(f.src_uri, f): v for f, v in self.links_to_anchors.items()}
            for record in records:
                logging.getLogger(record.name).handle(record)
            return None
        recorder = _Recorder()
        logger.addHandler(recorder)
        try:
            original(self, config, files)
        finally:
            logger.removeHandler(recorder)
        if len(entries) > MAX_ENTRIES:
            entries.clear()
        entries[key] = (tuple(getattr(self, name, None) for name in ATTRIBUTES), recorder.records)
        return None

    vars(render)["_kb_original"] = original
    Page.render = render  # type: ignore[method-assign]  # the lever: MkDocs's own method, wrapped
    return True


def uninstall() -> None:
    """MkDocs' own `Page.render` again (a build with `render_cache: false` in the same process)."""
    from mkdocs.structure.pages import Page

    original = getattr(Page.render, "_kb_original", None)
    if original is not None:
        Page.render = original  # type: ignore[method-assign]
