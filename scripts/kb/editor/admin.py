"""Write the editor's pages into a built site: /admin/ (Italian interface) and /fr/admin/ (French).

Each folder holds an index.html and the generated config.yml (scripts/kb/editor/config.py); the
editor itself (Decap CMS, from editor/node_modules, installed by `npm ci` in editor/) is copied
once, into /admin/decap/, with hard links when the file system allows. Only these two pages load
it: reader pages are untouched, and the pages are out of the sitemap and the search index
(no data-pagefind-body) and marked noindex.

Until the owner has set up GitHub sign-in (data/editor.yml `auth.base_url`), the pages load no
script: they say plainly that the editor is not active yet, and point to the documentation and to
`make edit`, which runs the same editor on a local checkout.
"""
from __future__ import annotations

import html
import json
import os
import shutil
from pathlib import Path

from kb.content.paths import LANGS, ROOT, lang_prefix
from kb.content.schema import load_schema
from kb.editor.config import (
    _shared_origin,
    cms_config,
    dump,
    load_settings,
    message,
    repo_of,
    repo_of_url,
    schema_settings,
)
from kb.generate import csp

HERE = Path(__file__).resolve().parent
EDITOR_NODE = ROOT / "editor" / "node_modules"
DIST = EDITOR_NODE / "decap-cms" / "dist"
YAML_DIST = EDITOR_NODE / "yaml" / "browser" / "dist"
ADMIN = "admin"
SITE_NAMES = {"it": "Welfare di prossimità – Metodo C4", "fr": "Welfare de proximité – Méthode C4"}


class EditorMissing(RuntimeError):
    pass


def admin_dir(site: Path, lang: str) -> Path:
    return site / lang_prefix(lang) / ADMIN


def _dist_files(folder: str, names: list[str]) -> list[str]:
    """What the editor loads: its main bundle, its lazy chunks, the WebAssembly they fetch and the
    licence; not the source maps (60 MB) nor the second copy of the bundle (cms.js)."""
    keep = ("decap-cms.js", ".decap-cms.js", ".wasm", "decap-cms.js.LICENSE.txt")
    return [n for n in names if not n.endswith(keep)]


def _copy_tree(src: Path, dest: Path, ignore=None) -> None:
    """A copy made of hard links (instant, no space) when src and dest share a file system."""
    def link_or_copy(a, b):
        try:
            os.link(a, b)
        except OSError:
            shutil.copy2(a, b)

    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest, ignore=ignore, copy_function=link_or_copy)


def active(local_backend: str | None = None) -> bool:
    """The editor can run: a local backend, or GitHub sign-in set up in data/editor.yml."""
    return bool(local_backend or load_settings()["auth"].get("base_url"))


def refused_origin(site_url: str, local_backend: str | None = None) -> bool:
    """GitHub sign-in on a shared *.github.io origin that the owner has not accepted (data/editor.yml
    `auth.accept_shared_origin`): the page explains, and loads nothing (kb-editor.js checks the
    address it is opened at too)."""
    return not local_backend and _shared_origin(site_url) and not load_settings()["auth"].get("accept_shared_origin")


def page_html(lang: str, repo_url: str, running: bool, shared_origin: bool = False) -> str:
    """The admin page of `lang`: a skip link, a language switch, a heading and either the editor's
    script or the explanation that it is not active yet."""
    m = lambda key: html.escape(message(lang, key))  # noqa: E731
    root = "../" * (1 + (1 if lang_prefix(lang) else 0))  # from /admin/ or /fr/admin/ to the site root
    docs = f"{repo_url.rstrip('/')}/blob/main/CONTRIBUTING.md" if repo_url else ""
    names = {"it": "Italiano", "fr": "Français"}
    current = ' aria-current="page"'
    switch = " ".join(
        f'<a class="md-select__link" hreflang="{other}" lang="{other}" href="{root}{lang_prefix(other)}{ADMIN}/"'
        f'{current if other == lang else ""}>{names[other]}</a>'
        for other in LANGS
    )
    parts = [
        "<!doctype html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex, nofollow">',
        f"<title>{m('page_title')} · {html.escape(SITE_NAMES[lang])}</title>",
        f'<link rel="icon" href="{root}assets/favicon.svg">',
        f'<link rel="stylesheet" href="{root}{ADMIN}/kb-admin.css">',
        "</head>",
        "<body>",
        f'<a class="kb-admin__skip" href="#kb-content">{m("page_title")}</a>',
        f'<nav class="kb-admin__bar"><a href="{root}{lang_prefix(lang)}">{m("back_to_site")}</a> {switch}</nav>',
        '<main id="kb-content" class="kb-admin">',
        f"<h1>{m('heading')}</h1>",
        f"<p>{m('intro')}</p>",
    ]
    if running:
        parts += [
            f'<noscript><p class="kb-admin__notice">{m("needs_js")}</p></noscript>',
            f'<script type="module" src="{root}{ADMIN}/kb-editor.js"></script>',
        ]
    else:
        notice = m("shared_origin") if shared_origin else m("not_configured")
        parts += [
            f'<p class="kb-admin__notice" role="status">{notice}</p>',
            f"<p>{m('local')} <code>make edit</code></p>",
        ]
        if docs:
            anchor = "#editor-owner"
            parts.append(f'<p><a href="{html.escape(docs + anchor)}">{m("how_to_enable")}</a></p>')
    if docs:
        parts.append(f'<p><a href="{html.escape(docs)}">{m("guide")}</a></p>')
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def admin_protected(text: str, local_backend: str | None = None, preview_url: str | None = None) -> str:
    """The admin page with its own Content-Security-Policy (generate/csp.py admin_policy): the
    site's scripts only, the GitHub API (or its stand-in) and the sign-in endpoint of
    data/editor.yml, or the local backend of `make edit`; the live pages of `make serve` in the
    preview pane."""
    auth = load_settings()["auth"]
    api = auth.get("api_root") or "https://api.github.com"
    connect = (_origin(api),) + ((local_backend.rstrip("/"),) if local_backend else ())
    frames = (_origin(preview_url),) if preview_url else ()
    connect += frames  # the preview pane asks whether `make serve` runs before showing its page
    return csp.protect(text, csp.admin_policy(tuple(csp.inline_script_hashes(text)), connect=connect,
                                              auth_origin=auth.get("base_url") or None, frames=frames))


def _origin(url: str) -> str:
    parts = url.split("/")
    return "/".join(parts[:3])


def preview_styles(site: Path) -> tuple[str, ...]:
    """The style sheets of the built site (the theme's, hashed names, and the site's own), as paths
    from the site's root: the preview pane shows a page with them."""
    styles = sorted(p.relative_to(site).as_posix() for p in (site / "assets" / "stylesheets").glob("main.*.min.css"))
    styles += sorted(p.relative_to(site).as_posix() for p in (site / "assets" / "stylesheets").glob("palette.*.min.css"))
    if (site / "assets" / "site.css").is_file():
        styles.append("assets/site.css")
    return tuple(styles)


def write_admin(site: Path, site_url: str | None = None, repo_url: str | None = None,
                local_backend: str | None = None, workflow: bool = False, preview_url: str | None = None) -> list[Path]:
    """Write /admin/ and /fr/admin/ into `site`; return the pages written.

    `local_backend`: the address of a decap-server (`make edit` and the tests), instead of GitHub;
    `preview_url`: the address of `make serve`, whose live pages the preview pane shows.
    """
    site = Path(site)
    if repo_url is None:
        repo = repo_of()
        repo_url = f"https://github.com/{repo}" if repo else ""
    else:
        repo = repo_of_url(repo_url)
    if site_url is None:
        site_url = os.environ.get("SITE_URL", "")
    refused = refused_origin(site_url, local_backend)
    running = active(local_backend) and not refused
    schema = load_schema()
    base = site / ADMIN
    if running:
        if not (DIST / "decap-cms.js").is_file() or not (YAML_DIST / "index.js").is_file():
            raise EditorMissing("the web editor is not installed: run `make site` (it runs `npm ci` in editor/)")
        _copy_tree(DIST, base / "decap", ignore=_dist_files)
        _copy_tree(YAML_DIST, base / "yaml")
    written = []
    for lang in LANGS:
        folder = admin_dir(site, lang)
        folder.mkdir(parents=True, exist_ok=True)
        config = cms_config(lang, repo, site_url + lang_prefix(lang) if site_url else "", local_backend, schema,
                            workflow=workflow)
        (folder / "config.yml").write_text(_config_header() + dump(config), encoding="utf-8")
        page = folder / "index.html"
        page.write_text(admin_protected(page_html(lang, repo_url, running, shared_origin=refused and active()),
                                        local_backend, preview_url), encoding="utf-8")
        written.append(page)
    shutil.copyfile(HERE / "kb-admin.css", base / "kb-admin.css")
    if running:
        shutil.copyfile(HERE / "kb-editor.js", base / "kb-editor.js")
        settings = schema_settings(schema, preview_url=preview_url, site_url=site_url, preview_styles=preview_styles(site),
                                   local=bool(local_backend))
        (base / "kb-schema.json").write_text(json.dumps(settings, ensure_ascii=False) + "\n", encoding="utf-8")
    return written


def _config_header() -> str:
    return ("# Generated at build time by scripts/kb/editor/config.py from data/schema/page.yml,\n"
            "# data/vocabularies.yml, data/i18n/editor.yml and data/editor.yml: never edit it by hand.\n")


