"""The languages build in parallel processes (scripts/kb/adapter/parallel.py) into the same site
the sequential build writes: same files, same bytes; the sitemap lists every page of both languages.
Both builds run with every speed lever on; tests/test_levers.py turns each lever off alone."""
from __future__ import annotations

import filecmp
import os
import re
from pathlib import Path

import pytest
from conftest import run_kb

pytestmark = pytest.mark.build  # builds the site both ways

ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]+)" hreflang="(\w+)">')
SWITCHER = re.compile(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+" class="md-select__link"')


def _build(dest: Path, base_url: str, *extra: str) -> Path:
    """Build the real site with the project's command."""
    run_kb("build", "--site", str(dest), *extra, env=dict(os.environ, SITE_URL=base_url), check=True)
    return dest


@pytest.fixture(scope="module")
def sequential(tmp_path_factory, base_url) -> Path:
    return _build(tmp_path_factory.mktemp("sequential") / "site", base_url, "--sequential")


@pytest.fixture(scope="module")
def parallel(tmp_path_factory, base_url) -> Path:
    return _build(tmp_path_factory.mktemp("parallel") / "site", base_url)


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_parallel_build_writes_the_files_of_the_sequential_build(parallel, sequential):
    assert _files(sequential) - _files(parallel) == set()
    assert _files(parallel) - _files(sequential) == set()
    assert not list(parallel.parent.glob(f".{parallel.name}-*")), "temporary folders left next to the site"


def test_parallel_pages_equal_the_sequential_ones(parallel, sequential):
    differing = [rel for rel in sorted(_files(sequential))
                 if not filecmp.cmp(parallel / rel, sequential / rel, shallow=False)]
    # The search index too: each language is indexed on its own as soon as it is built, and the
    # bundles merged, which gives the files Pagefind writes for the whole site. The French 404
    # page links the language homes in both (the plugin resets the links static-i18n's loop would
    # leave from the last Italian page).
    assert differing == []


def test_switcher_and_hreflang_of_a_deep_french_page_lead_to_its_italian_twin(site):
    text = (site / "fr" / "method" / "conoscere" / "index.html").read_text(encoding="utf-8")
    alternates = {lang: href for href, lang in ALTERNATE.findall(text)}
    assert alternates["it"].endswith("/method/conoscere/") and "/fr/" not in alternates["it"]
    assert alternates["fr"] in {"./", "/fr/method/conoscere/"} or alternates["fr"].endswith("/fr/method/conoscere/")
    switcher = {lang: href for href, lang in SWITCHER.findall(text)}
    assert switcher["it"].endswith("/method/conoscere/") and "/fr/" not in switcher["it"]


def test_not_found_pages_link_the_language_homes(site):
    for rel, lang in (("404.html", "it"), ("fr/404.html", "fr")):
        text = (site / rel).read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in text
        links = {code: href for href, code in ALTERNATE.findall(text)}
        assert links["fr"].rstrip("/").endswith("/fr")


def test_sitemap_lists_every_page_of_both_languages_once_with_alternates(site):
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", text)
    assert len(locations) == len(set(locations))
    french = [loc for loc in locations if "/fr/" in loc]
    italian = [loc for loc in locations if "/fr/" not in loc]
    assert len(french) > 10 and len(italian) > 10
    assert any(loc.endswith("/fr/method/conoscere/") for loc in french)
    block = re.search(r"<url>\s*<loc>[^<]*/fr/method/conoscere/</loc>.*?</url>", text, re.S).group(0)
    assert 'hreflang="it"' in block and 'hreflang="fr"' in block
    import gzip

    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == text
