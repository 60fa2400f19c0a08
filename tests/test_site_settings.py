"""What the site says about itself (data/site.yml): the about, privacy and accessibility pages show
the publisher, the contact, the privacy controller and the host in the reader's language; while
the owner has not named them, the pages say so plainly and `make check` warns once (KB141)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from kb.check.rules import site as site_rule
from kb.content import site
from kb.content.pages import load_pages
from kb.content.texts import INTERFACE
from kb.generate import listings
from kb.generate.blocks import LangBuild, load_listings

ROOT = Path(__file__).resolve().parents[1]
EMPTY = (ROOT / "data" / "site.yml").read_text(encoding="utf-8")
FILLED = {
    "publisher": {"name": "Editore di prova", "url": "https://example.org/"},
    "contact": {"email": "scrivici@example.org", "url": ""},
    "privacy_controller": {"name": "Titolare di prova", "email": "privacy@example.org"},
    "hosting": {"name": "GitHub Pages", "provider": "GitHub, Inc."},
}


@pytest.fixture
def settings(tmp_path, monkeypatch):
    """Point the pipeline at a data/site.yml of the test's own."""
    path = tmp_path / "site.yml"

    def use(text: str) -> Path:
        path.write_text(text, encoding="utf-8")
        monkeypatch.setattr(listings, "load_site", lambda: site.load_site(path))
        site._load.cache_clear()
        return path

    yield use
    site._load.cache_clear()


def _box(lang: str, show=("publisher", "privacy_controller", "contact", "hosting")) -> str:
    return listings.site_info_block(list(show), lang).blocks[0].html


@pytest.mark.parametrize("lang", ["it", "fr"])
def test_while_empty_the_pages_say_the_site_has_no_named_publisher(settings, lang):
    settings(EMPTY)
    html = _box(lang)
    assert INTERFACE.text(lang, "site_no_publisher") in html
    assert html.count(f"<em>{INTERFACE.text(lang, 'site_not_given')}</em>") == 3  # publisher, controller, contact
    assert "GitHub Pages (GitHub, Inc.)" in html


@pytest.mark.parametrize("lang", ["it", "fr"])
def test_once_filled_the_box_names_them_with_links(settings, lang):
    settings(yaml.safe_dump(FILLED, allow_unicode=True))
    html = _box(lang)
    assert INTERFACE.text(lang, "site_no_publisher") not in html
    assert INTERFACE.text(lang, "site_not_given") not in html
    assert '<a href="https://example.org/">Editore di prova</a>' in html
    assert '<a href="mailto:scrivici@example.org">scrivici@example.org</a>' in html
    assert "Titolare di prova" in html and "mailto:privacy@example.org" in html
    for key in ("site_publisher", "site_privacy_controller", "site_contact", "site_hosting"):
        assert f"<dt>{INTERFACE.text(lang, key)}</dt>" in html


def test_the_three_pages_show_the_box_after_their_summary():
    corpus = load_pages()
    for lang in ("it", "fr"):
        build = LangBuild(corpus, lang, load_listings(), terms=[])
        for page_id in ("chi-siamo", "privacy", "accessibilita"):
            page = corpus.by_id(lang, page_id)
            markdown = build.page_markdown(page.body, page)
            html = build.restore(markdown, page.rel)
            box = html.index('class="kb-site-info"')
            assert html.index("!!! abstract") < box < html.index("\n## "), (lang, page_id)


def test_make_check_warns_once_while_empty_and_not_once_filled(settings):
    path = settings(EMPTY)
    found = site_rule.site_findings(path)
    assert [(f.code, f.severity) for f in found] == [("KB141", "warning")]
    line = EMPTY.split("\n").index('  name: ""') + 1  # publisher.name, the first empty entry
    assert (found[0].line, found[0].path) == (line, "data/site.yml")
    for lang in ("it", "fr", "en"):
        message = found[0].message(lang)
        assert "data/site.yml" in message and "publisher.name" in message and "{" not in message
    path = settings(yaml.safe_dump(FILLED))
    assert site_rule.site_findings(path) == []


def test_the_host_named_is_the_one_the_deploy_workflow_publishes_to():
    data = yaml.safe_load(EMPTY)
    deploy = (ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert data["hosting"]["name"] == "GitHub Pages"
    assert re.search(r"uses: actions/deploy-pages@", deploy)
