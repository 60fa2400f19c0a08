"""Shared fixtures: the real site built once per test session, served on loopback, and Chromium.

Tiers (pytest.ini markers), set here from what a test uses, so that test files need not say it:
- browser: the test drives Chromium (fixtures `browser`, `page` and those made from them);
- build: the test needs a site built by the project's command (fixtures in BUILDING_FIXTURES), or
  builds one itself (`@pytest.mark.build` on the test);
- slow: long measurements and multi-build comparisons (`@pytest.mark.slow`).
`make test-fast` runs the tests with none of them: everything a content pull request needs.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import kb.adapter.syntax  # noqa: E402, F401  (the site's renderer, as `python -m kb` registers it)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_site(dest: Path, site_url: str, root: Path = ROOT, pdf: bool = False, drafts: bool = False) -> Path:
    """Build the site of the repository at `root` into `dest` with the project's own command
    (`drafts`: with the drafts, as a pull request's preview)."""
    env = dict(os.environ, SITE_URL=site_url, NO_MKDOCS_2_WARNING="1")
    env.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    cmd = [sys.executable, "-m", "kb", "build", "--site", str(dest)] + (["--pdf"] if pdf else []) + (["--drafts"] if drafts else [])
    result = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return dest


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def server_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def base_url(server_port) -> str:
    return f"http://127.0.0.1:{server_port}/"


@pytest.fixture(scope="session")
def site(tmp_path_factory, base_url) -> Path:
    """The real site (docs/ as committed), with the PDF guides, built once for the session."""
    return build_site(tmp_path_factory.mktemp("site") / "site", base_url, pdf=True)


@pytest.fixture(scope="session")
def served(site, server_port, base_url):
    """The built site served on 127.0.0.1, as a static host would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", server_port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base_url
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html"))


def copy_repo(dest: Path) -> Path:
    """A copy of the repository's sources (no site, no venv) for tests that change files."""
    ignore = shutil.ignore_patterns(".venv", "node_modules", "site", "site.pages", ".git", "__pycache__", ".pytest_cache")
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


@pytest.fixture(scope="session")
def generated_site(tmp_path_factory) -> Path:
    """A small known corpus (tests/kb_fixture.py) built with the repository's code, once."""
    from kb_fixture import build_fixture_site

    return build_fixture_site(tmp_path_factory.mktemp("generated"))


# Fixtures that build a site (directly or through another fixture): a test that uses one is `build`.
BUILDING_FIXTURES = frozenset({
    "site", "served", "generated_site", "sequential", "parallel", "one_language_site", "bench", "clone",
    "guides", "vnu_messages",
})
BROWSER_FIXTURES = frozenset({"browser", "page"})
# Test files whose every test builds or serves a site.
BUILDING_MODULES = frozenset({
    "test_drafts", "test_build_messages", "test_build_sanitizes", "test_serve", "test_page_cache",
    "test_render_cache", "test_parallel_build", "test_levers",
})
# Tests that build or serve a site in their own body.
BUILDING_TESTS = frozenset({
    "test_two_builds_of_the_same_commit_are_identical", "test_serve_renders_again_only_what_an_edit_changed",
    "test_the_build_fails_on_a_broken_page_with_the_checker_message",
    "test_rebuild_with_the_cache_shows_the_edit_and_warns_again",
})


def pytest_collection_modifyitems(config, items):
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if names & BUILDING_FIXTURES or item.get_closest_marker("browser") or item.originalname in BUILDING_TESTS \
                or item.module.__name__.rpartition(".")[2] in BUILDING_MODULES:
            item.add_marker(pytest.mark.build)
