"""Shared fixtures: the real site built once per test session, served on loopback, and Chromium;
`run_kb` (and the fixture `kb_command`), the one way the tests run `python -m kb`.

Tiers (pytest.ini markers), declared where the tests are, never listed here by name:
- a module whose tests are all of one tier says so with `pytestmark` (`pytestmark = pytest.mark.build`);
- a test of another tier than its module's carries its own marker (`@pytest.mark.build`);
- a fixture that builds a site or drives Chromium says so where it is defined (`@tier("build")`
  under `@pytest.fixture`): every test that uses it, directly or through another fixture, gets it.
  A browser test is a build test too.
`make test-fast` runs the tests with none of build, browser and slow: everything a content pull
request needs. A test that runs `python -m kb build` (or bench, pdf) without being marked build or
slow fails at once with what to add, so a build never slips into the fast tier unseen.
Every test has a time limit (pytest-timeout, `timeout` in pytest.ini; longer ones say theirs with
`@pytest.mark.timeout(SECONDS)`): nothing can hang the suite.
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


# A bound for one command run by the tests; pytest-timeout bounds each test as a whole.
KB_TIMEOUT = 900
BUILDING_COMMANDS = frozenset({"build", "bench", "pdf"})  # `python -m kb COMMAND` that builds a site
_current: list[pytest.Item] = []  # the test being run (set around each test by the hook below)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _current.append(item)
    try:
        return (yield)
    finally:
        _current.pop()


def run_kb(*args: str, cwd: Path = ROOT, env: dict | None = None, timeout: float = KB_TIMEOUT,
           check: bool = False) -> subprocess.CompletedProcess[str]:
    """`python -m kb ARGS` in a subprocess, as a user runs it; output captured as text.

    `env` is the whole environment (default: this process's); NO_MKDOCS_2_WARNING and a fixed
    SOURCE_DATE_EPOCH are added when it has none. `check`: fail the test on a non-zero exit, with
    the output. A command that builds a site may run only in a test marked build or slow."""
    if args and args[0] in BUILDING_COMMANDS and _current:
        test = _current[-1]
        if not (test.get_closest_marker("build") or test.get_closest_marker("slow")):
            pytest.fail(f"{test.nodeid} runs `python -m kb {args[0]}`, which builds a site: mark it build "
                        "(`pytestmark = pytest.mark.build` in its module, `@pytest.mark.build` on the test, or "
                        "`@tier(\"build\")` on the fixture that builds)", pytrace=False)
    environment = dict(os.environ if env is None else env)
    environment.setdefault("NO_MKDOCS_2_WARNING", "1")
    environment.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    result = subprocess.run([sys.executable, "-m", "kb", *args], cwd=cwd, env=environment, capture_output=True,
                            text=True, timeout=timeout)
    if check:
        assert result.returncode == 0, f"python -m kb {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="session")
def kb_command():
    """`run_kb`, for tests and fixtures: `kb_command("check", "--lang", "fr", cwd=repo)`."""
    return run_kb


def build_site(dest: Path, site_url: str, root: Path = ROOT, pdf: bool = False, drafts: bool = False) -> Path:
    """Build the site of the repository at `root` into `dest` with the project's own command
    (`drafts`: with the drafts, as a pull request's preview)."""
    env = dict(os.environ, SITE_URL=site_url)
    run_kb("build", "--site", str(dest), *(["--pdf"] if pdf else []), *(["--drafts"] if drafts else []), cwd=root,
           env=env, check=True)
    return dest


_FIXTURE_TIERS: dict[str, frozenset[str]] = {}  # fixture -> the tiers of the tests that use it


def tier(*marks: str):
    """Under `@pytest.fixture`: the tests that use this fixture are in these tiers (build, browser)."""
    def declare(function):
        _FIXTURE_TIERS[function.__name__] = frozenset(marks)
        return function
    return declare


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
@tier("build")
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
@tier("browser")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
@tier("browser")
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
@tier("build")
def generated_site(tmp_path_factory) -> Path:
    """A small known corpus (tests/kb_fixture.py) built with the repository's code, once."""
    from kb_fixture import build_fixture_site

    return build_fixture_site(tmp_path_factory.mktemp("generated"))


def pytest_collection_modifyitems(config, items):
    """The tiers of the fixtures a test uses (see the module's docstring); browser implies build."""
    for item in items:
        for mark in sorted(set().union(*(_FIXTURE_TIERS.get(name, ()) for name in item.fixturenames))):
            item.add_marker(mark)
        if item.get_closest_marker("browser") and not item.get_closest_marker("build"):
            item.add_marker(pytest.mark.build)
