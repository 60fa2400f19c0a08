"""One module makes every URL (scripts/kb/content/urls.py): site URLs of pages, relative links
between them, and absolute addresses joined to the configured site address."""
from __future__ import annotations

import pytest
from kb.content.urls import absolute, base_path, page_url, rel_to_url, relative_url


@pytest.mark.parametrize("rel, url", [("index.md", ""), ("method/index.md", "method/"),
                                      ("method/conoscere.md", "method/conoscere/")])
def test_rel_to_url(rel, url):
    assert rel_to_url(rel) == url


def test_page_url_has_the_language_prefix_except_for_the_default_language():
    assert page_url("it", "method/conoscere.md") == "method/conoscere/"
    assert page_url("fr", "method/conoscere.md") == "fr/method/conoscere/"
    assert page_url("fr", "index.md") == "fr/"


@pytest.mark.parametrize("site_url, expected", [
    ("https://example.org/kb/", "https://example.org/kb/fr/"),
    ("https://example.org/kb", "https://example.org/kb/fr/"),
    ("", "/fr/"),
    (None, "/fr/"),
])
def test_absolute_joins_the_site_address_once(site_url, expected):
    assert absolute(site_url, "fr/") == expected
    assert absolute(site_url) == expected.removesuffix("fr/")


@pytest.mark.parametrize("site_url, expected", [("https://example.org/kb", "/kb/"), ("https://example.org/", "/"),
                                                (None, "/"), ("http://127.0.0.1:8000/", "/")])
def test_base_path(site_url, expected):
    assert base_path(site_url) == expected


def test_relative_url_goes_from_the_first_to_the_second():
    assert relative_url("fr/browse/", "fr/method/") == "../method/"
    assert relative_url("fr/method/conoscere/", "method/conoscere/") == "../../../method/conoscere/"
    assert relative_url("", "fr/") == "fr/"
    assert relative_url("fr/", "") == "../"
    assert relative_url("about/", "about/") == "./"
