"""`make serve`: live reload on the error pages too.

MkDocs's live-reload server adds its reload script to the HTML files it serves, but not to the
page it answers a missing address with (`error_handler`, the site's 404 page). The address of a
page the checker refuses is such an address while the page is broken (plugin.py leaves the page
out and shows the errors atop every page): without the script, the browser showing it never
learns that the page was fixed. `keep_on_error_pages` wraps the server's error handler so that its
page carries the same script, with the epoch of the build it shows.

It relies on two internals of mkdocs.livereload.LiveReloadServer (tests/test_adapter_contract.py):
the `error_handler` attribute and `_inject_js_into_html(content, epoch)`, with `_visible_epoch`.
When either is missing after an upgrade, nothing is wrapped: the error page is served as before,
without live reload (a manual reload shows the fixed page).
"""
from __future__ import annotations

import logging

log = logging.getLogger("mkdocs.plugins.kb")


def keep_on_error_pages(server) -> bool:
    """Wrap `server`'s error handler; False (and nothing changed) if MkDocs no longer has the parts."""
    handler = getattr(server, "error_handler", None)
    inject = getattr(server, "_inject_js_into_html", None)
    if handler is None or inject is None or not hasattr(server, "_visible_epoch") or getattr(handler, "_kb", False):
        if handler is not None and not getattr(handler, "_kb", False):
            log.debug("live reload on error pages: MkDocs's server has changed, left as it is")
        return False

    def error_page(code):
        content = handler(code)
        if content is None:
            return None
        try:
            return inject(content, server._visible_epoch)
        except Exception:  # an internal that changed shape: the page without live reload
            return content

    error_page._kb = True  # type: ignore[attr-defined]
    server.error_handler = error_page
    return True
