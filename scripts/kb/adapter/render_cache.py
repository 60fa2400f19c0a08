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
The plugin option `render_cache: false` turns it off.
"""
from __future__ import annotations

import hashlib
import logging

_cache: dict = {}
_state: dict = {"files": None, "signature": None}


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _files_signature(files) -> str:
    """Changes when a file is added, removed or moves (what link resolution depends on)."""
    if _state["files"] is not files:
        digest = hashlib.sha1()
        for file in files:
            digest.update(f"{file.src_uri}\0{file.url}\0".encode("utf-8", "surrogateescape"))
        _state.update(files=files, signature=digest.hexdigest())
    return _state["signature"]


def _key(page, config, files) -> tuple:
    language = config.theme.get("language")
    markdown_config = (repr(config["markdown_extensions"]), repr(config["mdx_configs"]),
                       config.use_directory_urls, repr(config.validation))
    return (page.file.src_uri, page.url, language, _files_signature(files), markdown_config,
            hashlib.sha1(page.markdown.encode("utf-8", "surrogateescape")).hexdigest())


ATTRIBUTES = ("content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")


def install() -> bool:
    """Wrap MkDocs' `Page.render` with the cache (idempotent); False if turned off."""
    from mkdocs.structure.pages import Page

    original = Page.render
    if getattr(original, "_kb_cached", False):
        return True
    logger = logging.getLogger("mkdocs")

    def render(self, config, files):
        key = _key(self, config, files)
        hit = _cache.get(key)
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
        if len(_cache) > 50000:  # a long preview session: start afresh rather than grow
            _cache.clear()
        _cache[key] = (tuple(getattr(self, name, None) for name in ATTRIBUTES), recorder.records)
        return None

    vars(render)["_kb_cached"] = True
    Page.render = render  # type: ignore[method-assign]  # the lever: MkDocs's own method, wrapped
    return True
