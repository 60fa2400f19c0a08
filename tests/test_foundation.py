"""The bilingual foundation: both languages build, pair up, switch, stay local, and reproduce."""
from __future__ import annotations

import filecmp
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import build_site, html_pages

LANG_RE = re.compile(r'<html[^>]*\blang="([^"]+)"')


def lang_of(path: Path) -> str:
    match = LANG_RE.search(path.read_text(encoding="utf-8"))
    return match.group(1) if match else ""


def test_home_is_italian_at_root_and_french_under_fr(site):
    assert lang_of(site / "index.html") == "it"
    assert lang_of(site / "fr" / "index.html") == "fr"


def test_every_page_has_a_twin_in_the_other_language(site):
    italian = {p.relative_to(site).as_posix() for p in html_pages(site) if not p.relative_to(site).as_posix().startswith("fr/")}
    italian -= {"404.html"} | {p for p in italian if p.startswith(("assets/", "pagefind/", "api/"))}
    french = {p.relative_to(site / "fr").as_posix() for p in html_pages(site / "fr")}
    assert len(italian) > 5
    assert italian - french == set(), "Italian pages without a French twin"
    assert french - italian - {"404.html"} == set(), "French pages without an Italian twin"


def test_each_language_has_its_own_not_found_page(site):
    assert lang_of(site / "404.html") == "it"
    assert lang_of(site / "fr" / "404.html") == "fr"
    assert "Pagina non trovata" in (site / "404.html").read_text(encoding="utf-8")
    assert "Page introuvable" in (site / "fr" / "404.html").read_text(encoding="utf-8")


def test_pages_declare_hreflang_alternates(site):
    text = (site / "fr" / "method" / "conoscere" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="alternate" href="[^"]*method/conoscere/" hreflang="it">', text)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="fr"' in sitemap and "/fr/method/conoscere/" in sitemap


def test_no_font_or_script_from_another_host_in_the_html(site):
    for path in html_pages(site):
        text = path.read_text(encoding="utf-8")
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', text):
            if re.search(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="' + re.escape(url), text):
                host = urlsplit(url).hostname
                assert host in {"127.0.0.1", "localhost"}, f"{path}: loads {url}"


@pytest.mark.browser
def test_switcher_opens_the_same_page_in_the_other_language_and_back(served, page):
    page.goto(served + "method/conoscere/")
    assert page.locator("html").get_attribute("lang") == "it"
    page.locator(".md-header .md-select").first.hover()
    page.locator('.md-select__link[hreflang="fr"]').first.click()
    page.wait_for_url("**/fr/method/conoscere/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.locator(".md-header .md-select").first.hover()
    page.locator('.md-select__link[hreflang="it"]').first.click()
    page.wait_for_url(re.compile(r".*/method/conoscere/$"))
    assert "/fr/" not in page.url
    assert page.locator("html").get_attribute("lang") == "it"


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "fr/", "method/", "fr/method/conoscere/", "fr/does-not-exist/"])
def test_no_request_leaves_the_local_server(served, page, path):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    page.goto(served + path)
    page.wait_for_load_state("networkidle")
    assert hosts == {"127.0.0.1"}
    assert page.context.cookies() == []


@pytest.mark.build
def test_two_builds_of_the_same_commit_are_identical(tmp_path, base_url):
    first = build_site(tmp_path / "a", base_url)
    second = build_site(tmp_path / "b", base_url)
    differences = []

    def compare(cmp: filecmp.dircmp, prefix: str = "") -> None:
        differences.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        differences.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            compare(sub, prefix + name + "/")

    compare(filecmp.dircmp(first, second))
    assert differences == []


def test_theme_files_listed_without_walking_the_icons_are_the_ones_mkdocs_lists():
    """scripts/kb/adapter/assets.py skips the theme's dot folders (14,000 icons) while listing its files:
    the site must get exactly the files MkDocs's own listing gives."""
    from conftest import ROOT
    from kb.adapter import assets
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    config = load_config(str(ROOT / "mkdocs.yml"))
    env = config.theme.get_env()
    assert assets.install_theme_listing()
    patched = Files.add_files_from_theme
    original = patched._kb_original
    theirs, ours = Files([]), Files([])
    original(theirs, env, config)
    patched(ours, env, config)
    listed = [(f.src_uri, f.abs_src_path) for f in ours]
    assert listed == [(f.src_uri, f.abs_src_path) for f in theirs]
    assert any(uri == "assets/site.css" for uri, _ in listed) and len(listed) > 40
    assert not any("/." in "/" + uri for uri, _ in listed)
