"""`make serve` keeps answering when a page breaks, says what is wrong and where (in the log, in the
contributor's language, and atop every page), comes back by itself on the next save, previews the
drafts with their banner, and takes every edit into account without a restart: a page edited
again and again, data/ (interface strings, checker messages: every cache is emptied,
kb/content/caches.py)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from conftest import ROOT, copy_repo, free_port, run_kb
from kb_fixture import DRAFT_ID, add_draft, write_corpus
from test_accessibility import COLOURS_SETTLED, axe_context, axe_violations, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.build, pytest.mark.browser]

BROKEN = "docs/it/experiences/orti-torino.md"


class Serve:
    """`mkdocs serve` as `make serve` starts it, in a copy of the repository, with its log kept."""

    def __init__(self, repo, env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"], cwd=repo,
            env=dict(env, SITE_URL=self.url), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, ""

    def wait_for(self, path: str, predicate, what: str, timeout: float = 90) -> str:
        """The page at `path` once `predicate(status, html)` holds (the server rebuilds meanwhile)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            assert self.proc.poll() is None, f"mkdocs serve stopped:\n{self.log[-3000:]}"
            status, html = self.get(path)
            if status and predicate(status, html):
                return html
            time.sleep(0.5)
        pytest.fail(f"{what}: not within {timeout} s\n{self.log[-3000:]}")

    def wait_idle(self, timeout: float = 120) -> None:
        """Until the first build and every rebuild the watcher started have ended: the server logs
        "Serving on" after the first build, and each "Detected file changes" is followed by
        "Reloading browsers" (or, if the rebuild raised, "An error happened during the rebuild")."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            assert self.proc.poll() is None, f"mkdocs serve stopped:\n{self.log[-3000:]}"
            lines = list(self.lines)
            started = sum("Detected file changes" in line for line in lines)
            ended = sum("Reloading browsers" in line or "An error happened during the rebuild" in line for line in lines)
            if any("Serving on" in line for line in lines) and started == ended:
                return
            time.sleep(0.2)
        pytest.fail(f"mkdocs serve still building after {timeout} s\n{self.log[-3000:]}")

    def edit(self, path, old: str, new: str) -> None:
        """Replace `old` by `new` in `path` once the server is idle (each edit is its own rebuild)."""
        self.wait_idle()
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def axe_report(browser, url: str, selector: str) -> list[str]:
    """axe-core's WCAG A/AA violations of the page at `url`, in the light and the dark palette,
    once `selector` is on the page."""
    report = []
    for scheme, name in (("light", "default"), ("dark", "slate")):
        context = axe_context(browser, color_scheme=scheme, reduced_motion="reduce")
        try:
            page = context.new_page()
            page.goto(url)
            page.wait_for_selector(f'body[data-md-color-scheme="{name}"] {selector}')
            wait_until(page, COLOURS_SETTLED)
            report += [f"[{scheme}] {v}" for v in axe_violations(page)]
        finally:
            context.close()
    return report


def test_serve_survives_a_broken_page_and_follows_data_edits(tmp_path, browser):
    repo = copy_repo(tmp_path / "repo")
    write_corpus(repo)
    add_draft(repo)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", NO_MKDOCS_2_WARNING="1", LANG="fr_FR.UTF-8")
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    server = Serve(repo, env)
    try:
        # drafts are previewed, with a banner in the page's language
        draft = server.wait_for(f"experiences/{DRAFT_ID}/", lambda s, h: s == 200, "the draft previewed")
        assert 'class="kb-draft"' in draft and "Bozza: non pubblicata" in draft
        draft_fr = server.wait_for(f"fr/experiences/{DRAFT_ID}/", lambda s, h: s == 200, "the French draft")
        assert 'class="kb-draft"' in draft_fr and "Brouillon" in draft_fr
        assert axe_report(browser, server.url + f"fr/experiences/{DRAFT_ID}/", ".kb-draft h2") == []

        # a page breaks: the server answers, the log and every page say where and what, in French
        server.edit(repo / BROKEN, "\ntype: experience\n", "\ntype: [experience\n")
        home = server.wait_for("", lambda s, h: "kb-problems" in h, "the problem shown on the home page")
        expected = run_kb("check", "--lang", "fr", cwd=repo, env=env).stdout
        first = next(line for line in expected.splitlines() if line.startswith(BROKEN + ":"))
        where, message = re.match(r"(\S+:\d+:\d+): error\[\w+\]: (.*)", first).groups()
        assert where in server.log and message in server.log  # the contributor's language (LANG=fr)
        assert where in home
        status, page = server.get("experiences/orti-torino/")
        assert status == 404 and "kb-problems" in page and where in page
        assert server.get("about/")[0] == 200  # the other pages are still served
        assert axe_report(browser, server.url + "about/", ".kb-problems") == []

        # the fix is saved: the page is back, the message gone, without a restart
        server.edit(repo / BROKEN, "\ntype: [experience\n", "\ntype: experience\n")
        server.wait_for("experiences/orti-torino/", lambda s, h: s == 200, "the page served again")
        assert "kb-problems" not in server.get("")[1]

        # an interface string changes in data/i18n: the preview shows it
        server.edit(repo / "data" / "i18n" / "it.yml", "skip_to_content: Vai al contenuto", "skip_to_content: Salta al testo")
        server.wait_for("about/", lambda s, h: "Salta al testo" in h, "the new interface string")
        assert server.proc.poll() is None
    finally:
        server.stop()


def test_serve_shows_every_edit_of_a_page_and_of_a_checker_message(tmp_path):
    """Three successive edits of one page each reach the preview; an edited checker message
    (data/i18n/checker.yml, kept by a cache inside a function) reaches it too."""
    repo = copy_repo(tmp_path / "repo")
    write_corpus(repo)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", NO_MKDOCS_2_WARNING="1")
    server = Serve(repo, env)
    try:
        about = repo / "docs" / "it" / "about.md"
        server.wait_for("about/", lambda s, h: s == 200, "the first build")
        previous = None
        for n in (1, 2, 3):
            text = f"Frase della modifica numero {n}."
            if previous is None:  # a new last paragraph, then the same one rewritten twice
                body = about.read_text(encoding="utf-8")
                server.edit(about, body, body.rstrip("\n") + f"\n\n{text}\n")
            else:
                server.edit(about, previous, text)
            html = server.wait_for("about/", lambda s, h, text=text: text in h, f"edit {n} of the page")
            assert previous is None or previous not in html
            previous = text

        # a broken page: its message atop every page; then the message itself is reworded
        server.edit(repo / BROKEN, "\ntype: experience\n", "\ntype: [experience\n")
        home = server.wait_for("", lambda s, h: "kb-problems" in h, "the checker's message on the home page")
        assert "errore di scrittura" in home
        checker = repo / "data" / "i18n" / "checker.yml"
        server.edit(checker, 'it: "errore di scrittura nell\'intestazione: {reason}', 'it: "intestazione scritta male: {reason}')
        home = server.wait_for("", lambda s, h: "intestazione scritta male" in h, "the reworded checker message")
        assert "errore di scrittura nell" not in home
        assert server.proc.poll() is None
    finally:
        server.stop()


PAGE = "docs/it/experiences/work-cafe-sanremo.md"


def _start(cmd: list[str], cwd, env) -> subprocess.Popen:
    return subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _wait_until(condition, what: str, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.3)
    pytest.fail(f"{what}: not within {timeout} s")


def _stop(proc: subprocess.Popen) -> None:
    import signal

    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_serve_and_edit_run_together_and_a_broken_page_comes_back_by_itself(tmp_path, browser):
    """`make serve` and `make edit` on their own ports at once (a taken port: one sentence, no
    traceback); the editor's preview pane shows `make serve`'s live page; a page open in the
    browser that breaks shows the checker's messages, as text (a message quoting <iframe> stays
    text), and comes back by itself when it is fixed."""
    from kb.editor import serve as edit_serve

    if not edit_serve.SERVER.is_file():
        pytest.fail("decap-server is missing: `make test` installs it (npm ci in editor/)")
    repo = copy_repo(tmp_path / "repo")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", NO_MKDOCS_2_WARNING="1", LANG="it_IT.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    serve_port, edit_port = free_port(), free_port()
    serve_url, edit_url = f"http://127.0.0.1:{serve_port}/", f"http://127.0.0.1:{edit_port}/"
    server = _start([sys.executable, "-m", "kb", "serve", "--port", str(serve_port)], repo, env)
    # the editor of the same checkout (its npm project is this repository's)
    editor = _start([sys.executable, "-m", "kb.editor.serve", "--port", str(edit_port), "--serve-port",
                     str(serve_port), "--repo", str(repo)], ROOT, env)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT")
    page = context.new_page()
    try:
        _wait_until(lambda: _answers(serve_url + "experiences/work-cafe-sanremo/"), "make serve answers")
        _wait_until(lambda: _answers(edit_url + "admin/"), "make edit answers")

        # a second `make serve`, or `make edit` on make serve's port: one sentence, no traceback
        for cmd in ([sys.executable, "-m", "kb", "serve", "--port", str(serve_port)],
                    [sys.executable, "-m", "kb.editor.serve", "--port", str(serve_port)]):
            busy = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
            said = (busy.stdout + busy.stderr).strip()
            assert busy.returncode == 1 and "Traceback" not in said and len(said.splitlines()) == 1, said
            assert f"porta {serve_port} è già usata" in said and "PORT=" in said, said

        # the editor's preview pane: the page as make serve shows it, live
        page.goto(edit_url + "admin/")
        page.get_by_role("button", name="Accedi").or_(page.locator('a[href*="#/collections/"]')).first.click()
        page.goto(edit_url + "admin/#/collections/experiences/entries/work-cafe-sanremo")
        page.get_by_title("Mostra l'anteprima").click()
        frame = page.frame_locator("iframe").frame_locator("iframe.kb-preview__frame")
        frame.locator("h1").first.wait_for()
        assert page.frame_locator("iframe").locator("iframe.kb-preview__frame").get_attribute("src") == \
            serve_url + "experiences/work-cafe-sanremo/"

        # a page open in the browser breaks: its address shows the problem, then the page again by itself
        page.goto(serve_url + "experiences/work-cafe-sanremo/")
        title = page.locator("h1").first.inner_text()
        path = repo / PAGE
        good = path.read_text(encoding="utf-8")
        path.write_text(good.replace("\ntype: experience\n", "\ntype: [experience\n", 1), encoding="utf-8")
        page.locator(".kb-problems").wait_for(timeout=120_000)
        assert "work-cafe-sanremo.md" in page.locator(".kb-problems").inner_text()
        path.write_text(good, encoding="utf-8")
        page.locator(".kb-problems").wait_for(state="detached", timeout=120_000)
        page.get_by_role("heading", name=title, level=1).wait_for()

        # a message that quotes <iframe>: text in the banner, never an element
        path.write_text(good.rstrip("\n") + '\n\n<iframe src="https://www.example.org/"></iframe>\n', encoding="utf-8")
        page.locator(".kb-problems").wait_for(timeout=120_000)
        banner = page.locator(".kb-problems")
        assert "<iframe>" in banner.inner_text() and banner.locator("iframe").count() == 0
        assert page.locator("iframe").count() == 0, "no element of a message reaches the page"
        path.write_text(good, encoding="utf-8")
        page.locator(".kb-problems").wait_for(state="detached", timeout=120_000)
    finally:
        context.close()
        _stop(editor)
        _stop(server)
