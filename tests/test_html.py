"""Valid, well-labelled HTML on every built page: Nu Html Checker, one h1, unique titles, meta
descriptions from the front matter, and `lang` wherever text is in the other language."""
from __future__ import annotations

import collections
import json
import shutil
import subprocess

import pytest
from built_html import facts
from conftest import ROOT
from site_pages import LANGS, PREFIX, built_pages, file_of, page_path

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def vnu_messages(site) -> list[dict]:
    """The Nu Html Checker run once on every page of the site (one JVM for all files)."""
    if not VNU.exists():
        pytest.fail("vnu-jar is missing: run `make test` (it installs the npm tools with `npm ci`)")
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is needed by the Nu Html Checker: install a JRE (Debian: default-jre-headless)")
    files = [str(p) for p in built_pages(site)]
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *files],
        capture_output=True, text=True, timeout=600,
    )
    assert result.stdout.strip(), f"the checker wrote nothing:\n{result.stderr}"
    return json.loads(result.stdout)["messages"]


def test_the_nu_html_checker_finds_no_error_on_any_page(site, vnu_messages):
    errors = [m for m in vnu_messages if m.get("type") in {"error", "non-document-error"}]
    lines = [
        f"{m.get('url', '').split(str(site), 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}\n"
        f"      {(m.get('extract') or '').strip()[:160]}"
        for m in errors[:40]
    ]
    assert errors == [], f"{len(errors)} errors, first ones:\n" + "\n".join(lines)


def test_every_page_has_exactly_one_h1(site):
    wrong = {str(p.relative_to(site)): facts(p).h1 for p in built_pages(site) if facts(p).h1 != 1}
    assert wrong == {}


def test_titles_are_unique_within_each_language(site):
    by_lang = collections.defaultdict(lambda: collections.defaultdict(list))
    for path in built_pages(site):
        page = facts(path)
        assert page.title, f"{path.relative_to(site)} has no <title>"
        by_lang[page.lang][page.title].append(str(path.relative_to(site)))
    assert set(by_lang) == set(LANGS)
    duplicates = {title: paths for lang in by_lang for title, paths in by_lang[lang].items() if len(paths) > 1}
    assert duplicates == {}


def test_html_lang_matches_the_language_of_the_address(site):
    wrong = {}
    for path in built_pages(site):
        rel = path.relative_to(site).as_posix()
        expected = "fr" if rel.startswith("fr/") else "it"
        if facts(path).lang != expected:
            wrong[rel] = facts(path).lang
    assert wrong == {}


def test_content_pages_describe_themselves_with_their_front_matter_description(site):
    from kb.content.pages import load_pages

    corpus = load_pages(ROOT / "docs")
    checked, wrong = 0, {}
    for page in corpus.pages:
        built = file_of(site, page.url)
        if not built.exists() or not page.meta.get("description"):
            continue
        checked += 1
        found = facts(built).description or ""
        if found.split() != str(page.meta["description"]).split():
            wrong[page.url] = found
    assert checked > 20
    assert wrong == {}


def test_generated_pages_have_a_description_of_their_own(site):
    """Search, /browse/ and the like: a description in the reader's language, not the site's."""
    for lang in LANGS:
        site_description = facts(file_of(site, PREFIX[lang])).description
        for template in ("search", "browse"):
            path = page_path(site, template, lang)
            if path is None:
                continue
            description = facts(file_of(site, path)).description
            assert description and description != site_description, path


def test_text_in_the_other_language_carries_its_lang(site):
    """Links to the twin page (switcher, notices) say which language they lead to, and are read in it."""
    wrong = []
    for path in built_pages(site):
        page_lang = facts(path).lang
        for el in facts(path).elements:
            target = el.attrs.get("hreflang")
            if el.tag == "a" and target and target != page_lang and el.attrs.get("lang") != target:
                wrong.append(f"{path.relative_to(site)}:{el.line}: <a hreflang={el.attrs['hreflang']}> without lang")
    assert wrong == []
    for lang in LANGS:
        home = facts(file_of(site, PREFIX[lang]))
        names = {el.attrs.get("lang") for el in home.elements
                 if el.tag == "a" and "md-select__link" in el.attrs.get("class", "")}
        assert names == set(LANGS), "the switcher names each language in its own language"



def test_every_page_has_a_skip_link_to_its_content(site):
    """The first link of every page skips the header and navigation to the article (WCAG 2.4.1)."""
    missing = []
    for path in built_pages(site):
        page = facts(path)
        first_link = next((value for tag, attr, value, _ in page.urls if tag == "a"), None)
        if first_link != "#kb-content" or "kb-content" not in page.ids:
            missing.append(str(path.relative_to(site)))
    assert missing == []
