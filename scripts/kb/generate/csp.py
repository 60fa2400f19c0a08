"""The Content-Security-Policy of the site's pages, written into each page as a <meta> element
(static hosts often cannot send headers), and the policy of the web editor (/admin/).

A reader page may run only the site's own script files and the few inline scripts the theme and
our templates write, each allowed by its SHA-256 hash. The hashes are computed from each page's
final HTML, so they never go stale when Material or a template changes. Script elements that hold
data (`application/ld+json`, Material's `__config` JSON) are never executed and need no hash.
Everything else comes from the site itself; nothing is framed, no plugin runs, forms post to the
site only. Inline style attributes and <style> elements are not allowed: pages carry none (the
site's CSS is in overrides/assets/site.css), so an injected one does nothing.

Pure string functions: no MkDocs (the plugin calls `protect` on every page it writes).
"""
from __future__ import annotations

import base64
import hashlib
import re

# Sent with no address of ours to other sites: the links to sources, partners and GitHub do not
# tell them which page the reader came from; within the site the full address (nothing reads it).
REFERRER = "same-origin"

# The directives of every reader page, in order; script-src gets the page's inline script hashes.
READER_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    # data: for the theme's icons: Material's stylesheet draws them as data: SVG images (mask-image)
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),  # the search fetches its index from the site
    # the site's service worker (reading offline, generate/offline.py) and Pagefind's web worker;
    # the manifest is covered by default-src
    "worker-src": ("'self'",),
    "object-src": ("'none'",),
    "frame-src": ("'none'",),
    "form-action": ("'self'",),
    "base-uri": ("'self'",),
}

# Pagefind (the search page) compiles its WebAssembly module in a web worker, which has no policy
# of its own on a static host; when the worker cannot start, it compiles it in the page, which a
# policy whose script-src lacks 'wasm-unsafe-eval' refuses. That keyword allows WebAssembly only,
# not eval() of JavaScript; it is given to the pages that load Pagefind, no other.
WASM = "'wasm-unsafe-eval'"
_PAGEFIND = re.compile(r'<script\b[^>]*\bsrc="[^"]*pagefind[^"]*"')

_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
_CHARSET = re.compile(r"<meta\s+charset=[\"']?[\w-]+[\"']?\s*/?>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_HAS_POLICY = re.compile(r'<meta\s+http-equiv="Content-Security-Policy"', re.I)


def script_hash(source: str) -> str:
    """The CSP source expression of one inline script (its text exactly as in the page)."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _scripts(html: str, lower: str):
    """(attributes, text) of each <script> element: `<script` not followed by a word character, up
    to the first `</script` followed by optional white space and `>`; `lower` is
    `html.lower()`. Found with str.find: a case-insensitive regular expression over a whole page
    was most of the cost of `protect`."""
    start = lower.find("<script")
    while start != -1:
        after = start + 7
        if after < len(lower) and (lower[after].isalnum() or lower[after] == "_"):  # <scripts…>: not \b
            start = lower.find("<script", after)
            continue
        tag_end = lower.find(">", after)
        if tag_end == -1:
            return
        close = lower.find("</script", tag_end)
        while close != -1:
            end = close + 8
            while end < len(lower) and lower[end].isspace():
                end += 1
            if end < len(lower) and lower[end] == ">":
                break
            close = lower.find("</script", close + 8)
        if close == -1:
            return
        yield html[after:tag_end], html[tag_end + 1:close]
        start = lower.find("<script", end + 1)


def inline_script_hashes(html: str, lower: str | None = None) -> list[str]:
    """The hashes of the page's inline scripts that a browser executes, in order, without repeats."""
    out: list[str] = []
    for attrs, body in _scripts(html, html.lower() if lower is None else lower):
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = _TYPE.search(attrs)
        if (kind.group(1).lower() if kind else "") not in _EXECUTABLE_TYPES:
            continue  # data blocks (JSON-LD, Material's configuration) never run
        value = script_hash(body)
        if value not in out:
            out.append(value)
    return out


def policy_text(directives: dict[str, tuple[str, ...]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def reader_policy(html: str, preview: bool = False, lower: str | None = None) -> str:
    """The policy of one reader page: READER_POLICY with the page's inline scripts allowed.

    `preview` (`make serve` only): MkDocs's server adds to every page it serves an inline script
    that reloads it after a rebuild, different at each request: no hash can allow it, so the
    preview allows inline scripts ('unsafe-inline'); everything else is as in the built site."""
    directives = dict(READER_POLICY)
    lower = html.lower() if lower is None else lower
    extra = ("'unsafe-inline'",) if preview else tuple(inline_script_hashes(html, lower))
    if "pagefind" in lower and _PAGEFIND.search(html):
        extra += (WASM,)
    directives["script-src"] = READER_POLICY["script-src"] + extra
    return policy_text(directives)


def meta_elements(policy: str, referrer: str = REFERRER) -> str:
    policy = policy.replace("&", "&amp;").replace('"', "&quot;")
    return (f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
            f'<meta name="referrer" content="{referrer}">')


def protect(html: str, policy: str | None = None, preview: bool = False) -> str:
    """The page with its policy as the first elements of <head> after the character set (before
    any script, so that it covers all of them). `policy`: the reader policy when None (`preview`:
    see reader_policy). A page
    that has a policy already, or no <head>, is returned as it is."""
    lower = html.lower()
    if "content-security-policy" in lower and _HAS_POLICY.search(html):
        return html
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return html
    meta = meta_elements(policy if policy is not None else reader_policy(html, preview, lower))
    return html[: anchor.end()] + meta + html[anchor.end() :]


def admin_policy(
    script_hashes: tuple[str, ...] = (),
    connect: tuple[str, ...] = ("https://api.github.com",),
    images: tuple[str, ...] = ("https://avatars.githubusercontent.com", "https://raw.githubusercontent.com"),
    auth_origin: str | None = None,
    frames: tuple[str, ...] = (),
) -> str:
    """The policy of the web editor's page (/admin/, Decap CMS), for its template or its build step:
    `protect(html, admin_policy(...))`, or the text as an HTTP header where the host allows it.

    - script-src: the site only (Decap's script served from the site, not from a CDN), plus the
      hashes of the page's inline scripts: `inline_script_hashes(html)` gives them; and
      'unsafe-eval', which Decap needs to compile the validator of its configuration (ajv) in the
      browser: it runs on this page only, whose scripts are all the site's own files.
    - connect-src: the site (its config.yml, the schema) and the GitHub API, where Decap reads and
      commits the pages; blob: and data: (Decap reads an image being uploaded through them);
      `connect` adds others (e.g. a Git Gateway, the local backend of `make edit`).
    - img-src: the site, data: and blob: (previews of images being uploaded), GitHub's avatars and
      raw files (the images already in the repository).
    - style-src 'unsafe-inline': Decap's interface writes its styles at run time (CSS-in-JS);
      the editor page holds no reader content, so this weakens nothing the readers see.
    - `auth_origin`: the OAuth server of the GitHub login (its popup posts the token back): allowed
      in connect-src and form-action.
    - frame-src: none, except `frames`: the live preview of `make serve` that `make edit` shows in
      its preview pane.
    """
    auth = (auth_origin.rstrip("/"),) if auth_origin else ()
    return policy_text({
        "default-src": ("'self'",),
        "script-src": ("'self'", "'unsafe-eval'", *script_hashes),
        "style-src": ("'self'", "'unsafe-inline'"),
        "img-src": ("'self'", "data:", "blob:", *images),
        "font-src": ("'self'",),
        "connect-src": ("'self'", "blob:", "data:", *connect, *auth),
        "object-src": ("'none'",),
        "frame-src": frames or ("'none'",),
        "form-action": ("'self'", *auth),
        "base-uri": ("'self'",),
    })
