"""The web editor (/admin/, scripts/kb/editor): its generated configuration, its page, and a partner's
session driven in Chromium against the local backend.

The browser tests run decap-server (editor/node_modules) on a copy of the repository (a git
checkout of its own). The partner's session uses MODE=fs: that is `make edit`, and it writes the
files straight into the copy, where the checker and the translation report then run as on a real
checkout. A second session uses MODE=git with the editorial workflow, the deployed configuration's
publish mode: each save is a branch, the local stand-in for a pull request (GitHub itself cannot be
reached from the tests). The editor's screenshots in CONTRIBUTING.md are taken here
(`KB_SCREENSHOTS=1` writes them), so they never go stale.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import ROOT, copy_repo, free_port, run_kb
from kb.content import frontmatter
from kb.content.schema import load_schema
from kb.editor import admin, config, serve

SCREENSHOTS = ROOT / ".github" / "images"
NEEDS_EDITOR = pytest.mark.skipif(
    not (admin.DIST / "decap-cms.js").is_file() or not serve.SERVER.is_file(),
    reason="the editor is not installed: `make edit` or `make test` runs `npm ci` in editor/",
)


# -- the generated configuration ---------------------------------------------------------------


def test_config_follows_the_schema_and_the_vocabularies():
    schema = load_schema()
    for lang in ("it", "fr"):
        cms = config.cms_config(lang, "owner/name")
        assert cms["locale"] == lang
        assert cms["backend"]["name"] == "github" and cms["backend"]["open_authoring"] is True
        assert cms["backend"]["repo"] == "owner/name"
        assert cms["publish_mode"] == "editorial_workflow"
        assert {c["filter"]["value"] for c in cms["collections"]} == set(schema.vocabularies["types"])
        assert len({c["name"] for c in cms["collections"]}) == len(cms["collections"])
        assert {c["folder"] for c in cms["collections"] if c["filter"]["value"] == "page"} >= {"docs", "docs/context"}
        collections = {c["filter"]["value"]: c for c in cms["collections"]}
        assert collections["experience"]["create"] and collections["output"]["create"]
        assert [c["filter"]["value"] for c in cms["collections"]][:2] == ["experience", "output"]
        for page_type, coll in collections.items():
            assert coll["i18n"]["structure"] == "multiple_folders"
            fields = {f["name"]: f for f in coll["fields"]}
            names = [n for n in fields if n != "body"]
            assert names == [n for n in config.field_order(schema) if n in names], "the repository's order"
            assert names[-1] == "sources"
            assert set(schema.required_for(page_type)) <= set(names)
            for name in names:
                spec = schema.raw["properties"][name]
                field = fields[name]
                if name != "type":
                    assert field["label"] and field["hint"], name
                if spec.get("x-facts") and field["widget"] not in ("object", "list"):
                    assert field["i18n"] == "duplicate", name
                vocabulary = schema.vocabulary_of(name)
                if field.get("multiple") and field["required"]:
                    # a required list: at least one value, or «none: the source does not say» (written [])
                    assert field["options"][0] == {"label": config.message(lang, "none_given"), "value": config.NONE}
                    assert name in schema.required_for(page_type) and name != "themes"
                    field = {**field, "options": field["options"][1:]}
                if vocabulary and name != "type":
                    assert [o["value"] for o in field["options"]] == sorted(
                        schema.vocabularies[vocabulary], key=list(schema.vocabularies[vocabulary]).index
                    ) or {o["value"] for o in field["options"]} == set(schema.vocabularies[vocabulary])
                    assert all(o["label"] == schema.vocabularies[vocabulary][o["value"]][lang] for o in field["options"])
            for name in ("title", "description", "body"):
                assert fields[name]["i18n"] is True
            assert fields["id"]["pattern"][0] == schema.raw["properties"]["id"]["pattern"]
            assert fields["status"]["default"] == "draft"
            assert fields["type"] == {"name": "type", "label": "type", "widget": "hidden",
                                      "default": page_type, "i18n": "duplicate"}


def test_a_new_vocabulary_value_appears_in_the_generated_config(tmp_path):
    vocabularies = yaml.safe_load((ROOT / "data" / "vocabularies.yml").read_text(encoding="utf-8"))
    vocabularies["territories"]["ubaye"] = {"country": "FR", "it": "Valle dell'Ubaye", "fr": "Vallée de l'Ubaye"}
    path = tmp_path / "vocabularies.yml"
    path.write_text(yaml.safe_dump(vocabularies, allow_unicode=True), encoding="utf-8")
    schema = load_schema(config.ROOT / "data" / "schema" / "page.yml", path)
    for lang, label in (("it", "Valle dell'Ubaye"), ("fr", "Vallée de l'Ubaye")):
        cms = config.cms_config(lang, "owner/name", schema=schema)
        experience = next(c for c in cms["collections"] if c["filter"]["value"] == "experience")
        territories = next(f for f in experience["fields"] if f["name"] == "territories")
        assert {"label": label, "value": "ubaye"} in territories["options"]


def test_the_repository_comes_from_mkdocs_yml():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    repo = config.repo_of()
    assert repo and f"https://github.com/{repo}" in text
    for path in (ROOT / "scripts" / "kb" / "editor").iterdir():
        assert repo not in path.read_text(encoding="utf-8"), f"{path.name} names the repository"


def test_the_admin_pages_say_plainly_that_sign_in_is_not_set_up(tmp_path):
    assert not admin.active(), "data/editor.yml: auth.base_url is empty until the owner sets it up"
    pages = admin.write_admin(tmp_path, "https://example.org/site/", "https://github.com/owner/name")
    assert [p.relative_to(tmp_path).as_posix() for p in pages] == ["admin/index.html", "fr/admin/index.html"]
    for page, lang in zip(pages, ("it", "fr"), strict=True):
        text = page.read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in text and 'name="robots" content="noindex' in text
        assert "<script" not in text and "data-pagefind-body" not in text
        assert config.message(lang, "not_configured") in text.replace("&#x27;", "'")
        assert "make edit" in text and "CONTRIBUTING.md#editor-owner" in text
        cms = yaml.safe_load((page.parent / "config.yml").read_text(encoding="utf-8"))
        assert cms["locale"] == lang and cms["backend"]["repo"] == "owner/name"
    assert not (tmp_path / "admin" / "decap").exists(), "nothing to download while the editor cannot run"


def test_sign_in_is_refused_on_a_shared_github_io_origin_unless_the_owner_accepts_it(tmp_path, monkeypatch):
    """https://<name>.github.io/… is shared by every Pages site of <name>: no editor there, and the
    page says why; with its own domain, or the owner's explicit acceptance, the editor loads."""
    base = {**config.load_settings(), "auth": {"base_url": "https://auth.example.org", "auth_endpoint": "auth"}}
    for accepted, site_url, refused in ((False, "https://ats-reti-welfare.github.io/metodo-c4/", True),
                                        (True, "https://ats-reti-welfare.github.io/metodo-c4/", False),
                                        (False, "https://welfare.example.org/", False)):
        settings = {**base, "auth": {**base["auth"], "accept_shared_origin": accepted}}
        monkeypatch.setattr(config, "load_settings", lambda settings=settings: settings)
        monkeypatch.setattr(admin, "load_settings", lambda settings=settings: settings)
        assert admin.refused_origin(site_url) is refused
        if refused:
            pages = admin.write_admin(tmp_path / "refused", site_url, "https://github.com/owner/name")
            for page, lang in zip(pages, ("it", "fr"), strict=True):
                text = page.read_text(encoding="utf-8").replace("&#x27;", "'")
                assert "<script" not in text and config.message(lang, "shared_origin") in text
    script = (ROOT / "scripts" / "kb" / "editor" / "kb-editor.js").read_text(encoding="utf-8")
    assert "location.hostname.endsWith('.github.io')" in script and "accept_shared_origin" in script


@NEEDS_EDITOR
def test_an_active_editor_is_copied_once_without_source_maps(tmp_path):
    admin.write_admin(tmp_path, "", "https://github.com/owner/name", local_backend="http://127.0.0.1:9/api/v1")
    dist = tmp_path / "admin" / "decap"
    names = {p.name for p in dist.iterdir()}
    assert "decap-cms.js" in names and not any(n.endswith(".map") or n.startswith("cms.") for n in names)
    assert not (tmp_path / "fr" / "admin" / "decap").exists()
    size = sum(p.stat().st_size for p in dist.iterdir())
    assert size < 8_000_000, size
    for lang, prefix in (("it", ""), ("fr", "../")):
        text = (tmp_path / admin.lang_prefix(lang) / "admin" / "index.html").read_text(encoding="utf-8")
        assert f'src="../{prefix}admin/kb-editor.js"' in text


def test_reader_pages_never_load_the_editor(site):
    """Only /admin/ and /fr/admin/ mention it; they are out of the sitemap and of the search index."""
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        if rel in ("admin/index.html", "fr/admin/index.html"):
            continue
        text = page.read_text(encoding="utf-8")
        assert "decap" not in text and "kb-editor" not in text, rel
    for lang in ("it", "fr"):
        built = yaml.safe_load((site / admin.lang_prefix(lang) / "admin" / "config.yml").read_text(encoding="utf-8"))
        assert built["collections"] == config.cms_config(lang, config.repo_of())["collections"]
        assert built["backend"]["repo"] == config.repo_of()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/admin/" not in sitemap


# -- the pull request preview ------------------------------------------------------------------


def test_pull_requests_get_a_preview_and_the_workflow_passes_actionlint():
    path = ROOT / ".github" / "workflows" / "preview.yml"
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]
    runs = [s.get("run", "") for job in workflow["jobs"].values() for s in job["steps"]]
    assert "make site DRAFTS=1" in runs, "a pull request's preview shows its drafts"
    result = subprocess.run([str(Path(sys.executable).parent / "actionlint"), str(path)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    template = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert "preview" in template.lower() or "anteprima" in template.lower()


# -- a partner's session in the browser --------------------------------------------------------


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    yield from _workspace(tmp_path_factory, "fs")


@pytest.fixture(scope="module")
def workspace_git(tmp_path_factory):
    yield from _workspace(tmp_path_factory, "git")


def _workspace(tmp_path_factory, mode: str):
    """A copy of the repository (a git checkout of its own), decap-server on it, the editor's pages
    for that backend served on 127.0.0.1. MODE=git: each save is a branch (editorial workflow)."""
    tmp = tmp_path_factory.mktemp("editor-" + mode)
    repo = copy_repo(tmp / "repo")
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    for key, value in (("user.name", "Test"), ("user.email", "test@example.org"), ("commit.gpgsign", "false")):
        subprocess.run(["git", "config", key, value], cwd=repo, check=True)  # decap-server commits (MODE=git)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "copy"], cwd=repo, check=True)
    backend_port, web_port = free_port(), free_port()
    log = open(tmp / "decap-server.log", "w")  # noqa: SIM115 - the server writes to it until the finally: below closes it
    backend = serve.start_backend(repo, backend_port, mode=mode, log=log)
    site = serve.write_local_site(tmp / "site", backend_port, workflow=mode == "git")
    httpd = serve.serve_folder(site, web_port)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield {"repo": repo, "url": f"http://127.0.0.1:{web_port}/"}
    finally:
        httpd.shutdown()
        httpd.server_close()
        serve.stop(backend)
        log.close()


def kb(repo: Path, *args: str) -> subprocess.CompletedProcess:
    """The pipeline of the copy, on the copy."""
    return run_kb(*args, cwd=repo)


def pane(page, index: int):
    """The left (0, Italian) or right (1, French) column of the entry editor."""
    outer = ('xpath=//*[contains(@class, "ControlPaneContainer")]'
             '[not(ancestor::*[contains(@class, "ControlPaneContainer")])]')
    return page.locator(outer).nth(index)


def field(page, name: str, index: int):
    """A top-level field's input in one column."""
    return pane(page, index).locator(f'[id^="{name}-field-"]').first


def choose(page, name: str, labels: list[str]):
    """Pick options of a select (Italian column; the French one follows: i18n duplicate)."""
    for label in labels:
        field(page, name, 0).click()
        page.locator('[class*="-option"]', has_text=label).first.click()


def body(page, index: int):
    """The text area of the page's text in one column (kb-body)."""
    return pane(page, index).locator("textarea.kb-body__text")


def type_body(page, index: int, text: str):
    body(page, index).fill(text)


def add_source(page, index: int, title: str, url: str):
    column = pane(page, index)
    label = config.load_texts()["fields"]["sources"][page.evaluate("document.documentElement.lang")]["label"]
    column.get_by_role("button", name=re.compile(label, re.I)).first.click()
    column.locator('[id^="title-field-"]').nth(1).fill(title)  # after the page's title
    column.locator('[id^="url-field-"]').first.fill(url)


def trial_facts(page, organisation: str, url: str):
    """The facts a trial page needs before it saves: one phase, territory, organisation and target
    group, and one source in each language's column."""
    choose(page, "phases", ["Conoscere"])
    choose(page, "territories", ["Torino"])
    choose(page, "organisations", [organisation])
    choose(page, "target_groups", ["Comunità locale"])
    add_source(page, 0, "Fonte di prova", url)
    add_source(page, 1, "Source d'essai", url)


def expect_value(locator, value: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while locator.input_value() != value:
        assert time.monotonic() < deadline, f"{locator} is {locator.input_value()!r}, not {value!r}"
        time.sleep(0.1)


def sign_in(page, url: str, lang: str):
    """Open the editor in `lang`; the local backend signs in without an account."""
    page.goto(url + admin.lang_prefix(lang) + "admin/")
    login = page.get_by_role("button", name={"it": "Accedi", "fr": "Se connecter"}[lang])
    login.or_(page.locator('a[href*="#/collections/"]')).first.wait_for()
    if login.count():
        login.click()
    page.wait_for_selector('a[href*="#/collections/"]')
    assert page.evaluate("document.documentElement.lang") == lang


SAVE_DRAFT = {"it": "Salva bozza", "fr": "Enregistrer le brouillon"}


def save(page, lang: str):
    """Save the draft (the local backend writes the files; on GitHub, the same words open a pull
    request: nothing is published before a maintainer merges it)."""
    page.get_by_role("button", name={"it": "Salva", "fr": "Enregistrer"}[lang], exact=True).click()
    page.get_by_text(SAVE_DRAFT[lang], exact=True).click()


def wait_for_change(path: Path, before: str | None, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_bytes() != (before.encode() if isinstance(before, str) else before):
            time.sleep(0.2)  # the other language's file is written in the same request
            return
        time.sleep(0.1)
    raise AssertionError(f"{path.name} was not written")


def screenshot(page, name: str):
    """The screenshot of CONTRIBUTING.md, written into .github/images/ only when asked for
    (`KB_SCREENSHOTS=1 make test`, after a change to the editor's look): two runs never draw the same
    pixels, and a test run must leave the checkout as it found it."""
    png = page.screenshot()
    if os.environ.get("KB_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / name).write_bytes(png)


SMALL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

BODY = {
    "it": '!!! abstract "In breve"\n    Orti condivisi in una valle alpina: una prova dell\'editor.\n\n## Dove\n\nIn Valle Stura.\n',
    "fr": ('!!! abstract "En bref"\n    Des jardins partagés dans une vallée alpine : un essai de l\'éditeur.\n\n'
           "## Où\n\nDans la Valle Stura.\n"),
}


@NEEDS_EDITOR
@pytest.mark.browser
def test_a_partner_creates_a_pair_then_edits_a_page(workspace, browser):
    repo, url = workspace["repo"], workspace["url"]
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="it-IT")
    page = context.new_page()
    errors: list[str] = []
    hosts: set[str] = set()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda request: request.url.startswith(("data:", "blob:")) or hosts.add(urlsplit(request.url).hostname))
    try:
        # The Italian interface: an existing page, side by side (the screenshot of CONTRIBUTING.md)
        sign_in(page, url, "it")
        page.goto(url + "admin/#/collections/experiences/entries/work-cafe-sanremo")
        field(page, "title", 1).wait_for()
        page.wait_for_load_state("networkidle")  # the preview and the media of the entry are loaded
        screenshot(page, "editor-it.png")

        # Every page of the repository read and written again by the editor's format keeps its
        # front matter (values, order) and its body; only the quoting of some texts may differ
        pages = {p.relative_to(repo).as_posix(): p.read_text(encoding="utf-8")
                 for p in sorted((repo / "docs").rglob("*.md"))}
        written = page.evaluate("""async pages => {
            const kb = await import(new URL('kb-editor.js', document.baseURI).href);
            return Object.fromEntries(Object.entries(pages).map(([p, text]) => [p, kb.toFile(kb.fromFile(text))]));
        }""", pages)
        assert len(pages) > 50
        for path, text in pages.items():
            old, new = frontmatter.parse(text.encode()), frontmatter.parse(written[path].encode())
            assert new.problems == [] and list(new.meta.items()) == list(old.meta.items()), path
            assert new.body.strip("\n") == old.body.strip("\n"), path

        # Pictures: one over the checker's limit is refused before upload, a small one goes to the
        # shared picture folder
        images = repo / "docs" / "assets" / "images"
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
        page.goto(url + "admin/#/collections/experiences")
        page.get_by_role("button", name="Immagini").click()
        upload = page.locator('input[type="file"]').first
        with page.expect_event("dialog"):  # the refusal, in the interface's language
            upload.set_input_files(files=[{"name": "grande.png", "mimeType": "image/png", "buffer": b"\x89PNG" + b"0" * 600_000}])
        assert dialogs and "grande.png" in dialogs[0] and "500" in dialogs[0], dialogs
        assert not (images / "grande.png").exists()
        upload.set_input_files(files=[{"name": "piccola.png", "mimeType": "image/png", "buffer": SMALL_PNG}])
        wait_for_change(images / "piccola.png", None)
        assert (images / "piccola.png").read_bytes() == SMALL_PNG
        page.reload()  # closes the media library

        # A new experience in both languages
        page.goto(url + "admin/#/collections/experiences/new")
        expect_value(field(page, "title", 0), "")  # the new form, not the page still on screen
        field(page, "id", 0).fill("orti-condivisi-prova")
        field(page, "title", 0).fill("Orti condivisi in Valle Stura")
        field(page, "title", 1).fill("Jardins partagés dans la Valle Stura")
        field(page, "description", 0).fill("Una prova dell'editor: orti condivisi tra abitanti e cooperative in una valle alpina.")
        field(page, "description", 1).fill(
            "Un essai de l'éditeur : des jardins partagés entre habitants et coopératives dans une vallée alpine.")
        choose(page, "phases", ["Conoscere", "Creare relazioni"])
        choose(page, "territories", ["Cuneo"])
        choose(page, "organisations", ["Coldiretti Piemonte", "Confcooperative Cuneo"])
        choose(page, "target_groups", ["Comunità locale"])
        add_source(page, 0, "Orti condivisi – notizia di prova", "https://example.org/orti")
        add_source(page, 1, "Jardins partagés – article d'essai", "https://example.org/orti")
        type_body(page, 0, BODY["it"])
        type_body(page, 1, BODY["fr"])
        save(page, "it")
        pair = {lang: repo / "docs" / lang / "experiences" / "orti-condivisi-prova.md" for lang in ("it", "fr")}
        for path in pair.values():
            wait_for_change(path, None)
        check_new_pair(repo, pair)

        # A partner who writes Italian only: the French page is still to translate, with no Italian text
        page.goto(url + "admin/#/collections/outputs/new")
        field(page, "kind", 0).wait_for()  # the new form, not the one still on screen
        expect_value(field(page, "title", 0), "")
        field(page, "id", 0).fill("scheda-solo-italiano")
        field(page, "title", 0).fill("Una scheda scritta in italiano")
        field(page, "description", 0).fill("Una scheda di prova scritta solo in italiano, da tradurre dopo.")
        choose(page, "phases", ["Conoscere"])
        choose(page, "organisations", ["IreCoop Piemonte"])
        choose(page, "kind", ["Ricerca"])
        add_source(page, 0, "Fonte di prova", "https://example.org/scheda")
        type_body(page, 0, BODY["it"])
        save(page, "it")
        one = {lang: repo / "docs" / lang / "outputs" / "scheda-solo-italiano.md" for lang in ("it", "fr")}
        for path in one.values():
            wait_for_change(path, None)
        parsed = {lang: frontmatter.parse(path.read_bytes()) for lang, path in one.items()}
        metas = {lang: p.meta for lang, p in parsed.items()}
        assert metas["fr"]["translation"] == {"from": "it"} and "translation" not in metas["it"]
        assert not {"title", "description", "sources"} & set(metas["fr"]) and parsed["fr"].body.strip() == ""
        assert metas["fr"]["kind"] == metas["it"]["kind"] == "ricerca", "the facts are shared"
        french = one["fr"].read_text(encoding="utf-8")
        assert "scritta in italiano" not in french and "Fonte di prova" not in french and "In breve" not in french, french
        result = kb(repo, "check")
        assert result.returncode == 0, result.stdout + result.stderr
        mine = [line for line in result.stdout.splitlines() if "scheda-solo-italiano" in line]
        assert len(mine) == 1 and mine[0].startswith("docs/fr/outputs/scheda-solo-italiano.md:") and "KB071" in mine[0], mine

        # The other pages are editable too, wherever they are, and the lists show each page once
        for collection, slug in (("pages", "about"), ("pages-context", "alcotra"), ("method", "conoscere")):
            page.goto(url + f"admin/#/collections/{collection}")
            links = page.locator(f'a[href*="#/collections/{collection}/entries/"]')
            links.first.wait_for()
            hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
            assert len(hrefs) == len(set(hrefs)) and all("/fr/" not in h for h in hrefs), hrefs
            page.goto(url + f"admin/#/collections/{collection}/entries/{slug}")
            for column in (0, 1):
                expect_value(field(page, "id", column), slug if collection != "pages" else "chi-siamo")

        # The French interface: an existing page's Italian text changes, the French twin is outdated
        sign_in(page, url, "fr")
        page.goto(url + "fr/admin/#/collections/experiences/entries/work-cafe-sanremo")
        field(page, "title", 1).wait_for()
        page.wait_for_load_state("networkidle")  # the preview and the media of the entry are loaded
        screenshot(page, "editor-fr.png")
        italian = repo / "docs" / "it" / "experiences" / "work-cafe-sanremo.md"
        french = repo / "docs" / "fr" / "experiences" / "work-cafe-sanremo.md"
        before = {p: p.read_text(encoding="utf-8") for p in (italian, french)}
        # the French interface writes French first: French on the left, Italian on the right
        for column, lang in ((0, "fr"), (1, "it")):
            title = frontmatter.parse((repo / "docs" / lang / "experiences" / "work-cafe-sanremo.md").read_bytes()).meta["title"]
            expect_value(field(page, "title", column), title)
        description = field(page, "description", 1)
        description.fill(description.input_value() + " Una frase aggiunta nell'editor.")
        save(page, "fr")
        wait_for_change(italian, before[italian])
        check_edit(repo, italian, french, before)
    except Exception:
        page.screenshot(path=str(repo.parent / "failure.png"))  # to look at
        raise
    finally:
        context.close()
    assert errors == []
    assert hosts == {"127.0.0.1"}, "the local editor asks no other host"


def check_new_pair(repo: Path, pair: dict[str, Path]) -> None:
    """The two files written by the editor: same facts, a draft, the French one recorded as the
    up-to-date translation of the Italian one, and `make check` finds nothing to say about them."""
    from kb.content.pages import load_pages
    from kb.content.translation import OK, pair_status

    metas = {}
    for lang, path in pair.items():
        parsed = frontmatter.parse(path.read_bytes())
        assert parsed.problems == [], (lang, parsed.problems)
        metas[lang] = parsed.meta
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\nid: orti-condivisi-prova\ntype: experience\ntitle: \""), text
    schema = load_schema()
    facts = {lang: {k: meta.get(k) for k in schema.facts_fields()} for lang, meta in metas.items()}
    assert facts["it"] == facts["fr"]
    assert facts["it"]["phases"] == ["conoscere", "creare-relazioni"]
    assert facts["it"]["territories"] == ["cuneo"]
    assert facts["it"]["organisations"] == ["coldiretti", "confcooperative-cuneo"]
    assert facts["it"]["status"] == "draft" and facts["it"]["themes"] == []
    assert metas["it"]["title"] == "Orti condivisi in Valle Stura"
    assert metas["fr"]["title"] == "Jardins partagés dans la Valle Stura"
    assert "translation" not in metas["it"]
    assert metas["fr"]["translation"]["from"] == "it"
    corpus = load_pages(repo / "docs")
    status = pair_status(corpus.by_rel("it", "experiences/orti-condivisi-prova.md"),
                         corpus.by_rel("fr", "experiences/orti-condivisi-prova.md"))
    assert status.state == OK, status
    assert pair["it"].read_text(encoding="utf-8").split("---\n", 2)[2] == "\n" + BODY["it"]
    result = kb(repo, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    mine = [line for line in result.stdout.splitlines() if "orti-condivisi-prova" in line]
    assert mine == [], mine


def check_edit(repo: Path, italian: Path, french: Path, before: dict[Path, str]) -> None:
    """Only the Italian description changed; the French record is untouched, so the report lists
    the French page as outdated."""
    after = {p: p.read_text(encoding="utf-8") for p in (italian, french)}
    changed = [line for line in after[italian].splitlines() if line not in before[italian].splitlines()]
    assert len(changed) == 1 and changed[0].startswith("description: ") and "aggiunta nell'editor" in changed[0]
    assert after[french] == before[french], "the French page is written again unchanged"
    report = repo / "reports" / "editor-translations.json"
    result = kb(repo, "translations", "--json", str(report))
    assert "work-cafe-sanremo" in result.stdout
    data = json.loads(report.read_text(encoding="utf-8"))
    assert "experiences/work-cafe-sanremo.md" in data["languages"]["fr"]["outdated"]
    rows = {row["page"]: row for row in data["pairs"]}
    assert rows["experiences/work-cafe-sanremo.md"]["status"] == "outdated"
    assert rows["experiences/work-cafe-sanremo.md"]["translation"] == "docs/fr/experiences/work-cafe-sanremo.md"
    assert rows["experiences/orti-condivisi-prova.md"]["status"] == "ok"
    result = kb(repo, "check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_contributing_puts_the_editor_first_with_the_screenshots_the_tests_take():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for lang, heading, shot in (("italiano", "### Il modo più semplice: l'editor del sito", "editor-it.png"),
                                ("francais", "### Le plus simple : l'éditeur du site", "editor-fr.png")):
        section = text.split(f'<a id="{lang}"></a>', 1)[1]
        assert section.lstrip().split("\n### ", 1)[1].startswith(heading[4:]), "the editor comes first"
        assert f"(.github/images/{shot})" in section.split("\n### ", 2)[1]
        assert (SCREENSHOTS / shot).is_file()
    assert '<a id="editor-owner"></a>' in text and "data/editor.yml" in text


def git_show(repo: Path, ref: str, path: str) -> str:
    return subprocess.run(["git", "show", f"{ref}:{path}"], cwd=repo, capture_output=True, text=True, check=True).stdout


@NEEDS_EDITOR
@pytest.mark.browser
def test_with_the_editorial_workflow_a_new_pair_is_a_branch_and_stays_stamped(workspace_git, browser):
    """The deployed configuration's workflow, on decap-server's git mode: a save is a branch (on
    GitHub, a pull request); the entry reopens with both languages; saved again with a new Italian
    text while unpublished, the French record follows it."""
    from kb.content.pages import load_page
    from kb.content.translation import fingerprint

    repo, url = workspace_git["repo"], workspace_git["url"]
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    branch = "cms/experiences/banca-semi-prova"
    rel = {lang: f"docs/{lang}/experiences/banca-semi-prova.md" for lang in ("it", "fr")}

    def saved_pair() -> dict[str, str]:
        return {lang: git_show(repo, branch, path) for lang, path in rel.items()}

    def wait_for_branch(previous: dict | None) -> dict[str, str]:
        deadline = time.monotonic() + 60  # decap-server commits in the background
        while time.monotonic() < deadline:
            try:
                pair = saved_pair()
                if pair != previous:
                    return pair
            except subprocess.CalledProcessError:
                pass
            time.sleep(0.2)
        raise AssertionError("the branch was not written")

    def check_stamp(pair: dict[str, str], tmp: Path) -> None:
        for lang, text in pair.items():
            (tmp / lang).mkdir(parents=True, exist_ok=True)
            (tmp / lang / "x.md").write_text(text, encoding="utf-8")
        italian, french = (load_page(tmp / lang / "x.md", lang, tmp / lang) for lang in ("it", "fr"))
        assert french.meta["translation"] == {"from": "it", "hash": fingerprint(italian)}

    try:
        sign_in(page, url, "it")
        page.goto(url + "admin/#/collections/experiences/new")
        field(page, "id", 0).fill("banca-semi-prova")
        field(page, "title", 0).fill("Banca dei semi di prova")
        field(page, "title", 1).fill("Grainothèque d'essai")
        field(page, "description", 0).fill("Una prova del flusso editoriale: una banca dei semi condivisa in valle.")
        field(page, "description", 1).fill("Un essai du flux éditorial : une grainothèque partagée dans la vallée.")
        trial_facts(page, "Nessuno: la fonte non lo dice", "https://example.org/semi")
        type_body(page, 0, BODY["it"])
        type_body(page, 1, BODY["fr"])
        page.get_by_role("button", name=SAVE_DRAFT["it"], exact=True).click()
        first = wait_for_branch(None)
        # decap-server checks the branch out to commit, then main again (and again to read the
        # branch while the editor lists it): what counts is the branch main, whatever is checked out
        on_main = subprocess.run(["git", "ls-tree", "-r", "--name-only", "main", "--", "docs"], cwd=repo,
                                 capture_output=True, text=True, check=True).stdout.split()
        assert on_main and rel["it"] not in on_main and rel["fr"] not in on_main, "nothing reaches main before publication"
        check_stamp(first, repo.parent / "first")

        # Loaded again from the branch (the page reloaded): both languages are there; a new Italian
        # title, saved again before publication, moves the French record with it
        page.goto(url + "admin/#/collections/experiences/entries/banca-semi-prova")
        page.reload()
        expect_value(field(page, "title", 0), "Banca dei semi di prova")
        expect_value(field(page, "title", 1), "Grainothèque d'essai")
        field(page, "title", 0).fill("Banca dei semi condivisa")
        page.get_by_role("button", name=SAVE_DRAFT["it"], exact=True).click()
        second = wait_for_branch(first)
        assert 'title: "Banca dei semi condivisa"' in second["it"]
        check_stamp(second, repo.parent / "second")
    except Exception:
        page.screenshot(path=str(repo.parent / "failure.png"))  # to look at
        raise
    finally:
        context.close()
    assert errors == []


@NEEDS_EDITOR
@pytest.mark.browser
def test_the_deployed_configuration_starts_the_github_sign_in(tmp_path, browser, monkeypatch):
    """With an authentication endpoint set (data/editor.yml), /admin/ loads the editor with the
    GitHub backend, open authoring and the editorial workflow: Decap accepts the generated
    configuration and offers GitHub sign-in; nothing is asked of another host before it."""
    settings = {**config.load_settings(), "auth": {"base_url": "https://auth.example.org", "auth_endpoint": "auth"}}
    monkeypatch.setattr(config, "load_settings", lambda: settings)
    monkeypatch.setattr(admin, "load_settings", lambda: settings)
    admin.write_admin(tmp_path, "", "https://github.com/owner/name")
    cms = yaml.safe_load((tmp_path / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert cms["backend"]["base_url"] == "https://auth.example.org" and cms["publish_mode"] == "editorial_workflow"
    port = free_port()
    httpd = serve.serve_folder(tmp_path, port)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    context = browser.new_context()
    page = context.new_page()
    hosts: set[str] = set()
    errors: list[str] = []
    page.on("request", lambda request: request.url.startswith(("data:", "blob:")) or hosts.add(urlsplit(request.url).hostname))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        for lang, label in (("it", "Accedi con GitHub"), ("fr", "Se connecter avec GitHub")):
            page.goto(f"http://127.0.0.1:{port}/{admin.lang_prefix(lang)}admin/")
            page.get_by_role("button", name=label).wait_for()
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()
    assert errors == [] and hosts == {"127.0.0.1"}


FRENCH_BODY = ('!!! abstract "En bref"\n    Une grainothèque partagée entre les habitants d\'une vallée alpine.\n\n'
               "## Où\n\nDans une vallée de montagne, où les habitants échangent leurs semences chaque printemps.\n")


@NEEDS_EDITOR
@pytest.mark.browser
def test_a_french_partner_writes_french_first(workspace, browser, tmp_path):
    """The French interface: everything in French, the French column first; a page written in French
    only is the original, the Italian page is still to translate and holds no French; the checker
    warns on the Italian side only (KB071) and the built Italian page shows the original, with the
    not-yet-translated notice."""
    from conftest import build_site

    repo, url = workspace["repo"], workspace["url"]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{exc} {exc.stack}"))
    try:
        sign_in(page, url, "fr")
        # the lists give each page's French title, the buttons and labels are French
        page.goto(url + "fr/admin/#/collections/experiences")
        french_title = frontmatter.parse((repo / "docs/fr/experiences/work-cafe-sanremo.md").read_bytes()).meta["title"]
        italian_title = frontmatter.parse((repo / "docs/it/experiences/work-cafe-sanremo.md").read_bytes()).meta["title"]
        page.get_by_text(french_title, exact=True).first.wait_for()
        assert french_title != italian_title and page.get_by_text(italian_title, exact=True).count() == 0
        page.get_by_role("button", name="Images").wait_for()

        page.goto(url + "fr/admin/#/collections/experiences/new")
        field(page, "id", 0).wait_for()
        expect_value(field(page, "title", 0), "")
        assert body(page, 0).input_value().startswith('!!! abstract "En bref"'), "the sections of make new, in French"
        assert "## Où" in body(page, 0).input_value() and "## Dove" in body(page, 1).input_value()
        assert page.get_by_text("Copier le texte d'une autre langue").count() == 2  # one per column
        assert page.get_by_text("Fill in", exact=False).count() == 0
        # a required list without a value: the form says so in plain words, and offers «none»
        field(page, "id", 0).fill("grainotheque-essai")
        field(page, "title", 0).fill("Grainothèque partagée d'essai")
        field(page, "description", 0).fill("Une grainothèque partagée dans une vallée alpine, écrite d'abord en français.")
        vocabularies = load_schema().vocabularies
        label = lambda vocabulary, key: vocabularies[vocabulary][key]["fr"]  # noqa: E731
        choose(page, "phases", [label("phases", "conoscere")])
        choose(page, "territories", [label("territories", "cuneo")])
        choose(page, "organisations", [config.message("fr", "none_given")])
        add_source(page, 0, "Présentation de l'ATS – essai", "https://example.org/semences")
        type_body(page, 0, FRENCH_BODY)
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        page.get_by_text(SAVE_DRAFT["fr"], exact=True).click()
        required = config.load_texts()["decap"]["fr"]["editor.editorControlPane.widget.required"]
        missing = page.get_by_text(required.replace("%{fieldLabel}", "Publics"), exact=True)
        missing.wait_for()
        assert missing.evaluate("e => getComputedStyle(e).textTransform") == "none"
        assert not (repo / "docs/fr/experiences/grainotheque-essai.md").exists()
        choose(page, "target_groups", [label("target_groups", "comunita")])
        save(page, "fr")
        pair = {lang: repo / "docs" / lang / "experiences" / "grainotheque-essai.md" for lang in ("it", "fr")}
        for path in pair.values():
            wait_for_change(path, None)
    except Exception:
        page.screenshot(path=str(repo.parent / "failure-fr.png"))
        raise
    finally:
        context.close()
    # Decap rejects the refused save with no reason (an unhandled `Promise.reject()` of its own)
    assert [e for e in errors if e.strip() != "undefined"] == []

    french, italian = (frontmatter.parse(pair[lang].read_bytes()) for lang in ("fr", "it"))
    assert french.problems == [] and italian.problems == []
    assert "translation" not in french.meta, "the French page is the original"
    assert french.meta["title"] == "Grainothèque partagée d'essai" and french.body.strip() == FRENCH_BODY.strip()
    assert french.meta["organisations"] == [] and french.meta["target_groups"] == ["comunita"]
    assert italian.meta["translation"] == {"from": "fr"}, "the Italian page is still to translate"
    italian_text = pair["it"].read_text(encoding="utf-8")
    for words in ("Grainothèque", "grainothèque", "En bref", "vallée", "Présentation"):
        assert words not in italian_text, (words, italian_text)
    facts = load_schema().facts_fields()
    assert {k: italian.meta.get(k) for k in facts} == {k: french.meta.get(k) for k in facts}

    result = kb(repo, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    mine = [line for line in result.stdout.splitlines() if "grainotheque-essai" in line]
    assert len(mine) == 1 and mine[0].startswith("docs/it/experiences/grainotheque-essai.md:") and "KB071" in mine[0], mine
    report = kb(repo, "translations", "--json", str(tmp_path / "t.json"))
    assert report.returncode == 0
    assert "experiences/grainotheque-essai.md" in json.loads((tmp_path / "t.json").read_text())["languages"]["it"]["untranslated"]

    # the draft, as a pull request's preview builds it: the Italian address shows the French original
    site = build_site(tmp_path / "site", "http://127.0.0.1:8000/", root=repo, drafts=True)
    html = (site / "experiences" / "grainotheque-essai" / "index.html").read_text(encoding="utf-8")
    assert "Questa pagina non è ancora tradotta in italiano" in html.replace("&#39;", "'")
    assert '<div class="kb-body" lang="fr">' in html and "Dans une vallée de montagne" in html
    assert "Bozza: non pubblicata" in html
    french_html = (site / "fr" / "experiences" / "grainotheque-essai" / "index.html").read_text(encoding="utf-8")
    assert "pas encore traduite" not in french_html and '<div class="kb-body" lang=' not in french_html


@NEEDS_EDITOR
@pytest.mark.browser
def test_a_picture_is_inserted_with_its_description_and_the_page_passes_the_checker(workspace, browser):
    """The picture button opens the media library, then asks for the description (required) and
    writes a path that works from the page, into the folder pictures go in; the library's «copy
    path» gives the same path; pasted Word bullets become a Markdown list; the page passes the
    checker."""
    repo, url = workspace["repo"], workspace["url"]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    images = repo / "docs" / "assets" / "images"
    try:
        sign_in(page, url, "it")
        page.goto(url + "admin/#/collections/experiences/new")
        field(page, "id", 0).wait_for()
        for column, (title, description) in enumerate((
            ("Orto con immagine", "Una prova dell'editor: un orto condiviso con la sua immagine e la descrizione."),
            ("Jardin avec image", "Un essai de l'éditeur : un jardin partagé avec son image et sa description."),
        )):
            field(page, "title", column).fill(title)
            field(page, "description", column).fill(description)
        field(page, "id", 0).fill("orto-con-immagine")
        trial_facts(page, "Coldiretti Piemonte", "https://example.org/orto")
        type_body(page, 1, BODY["fr"])
        type_body(page, 0, BODY["it"])
        # Word bullets pasted at the end of the text: a Markdown list, with a blank line before it
        box = body(page, 0)
        box.focus()
        box.evaluate("e => e.setSelectionRange(e.value.length, e.value.length)")
        page.evaluate("text => navigator.clipboard.writeText(text)", "Che cosa si coltiva:\n•\tpomodori\n•\tzucchine")
        page.keyboard.press("Control+V")
        page.get_by_text("L'elenco incollato è stato trasformato").wait_for()
        assert box.input_value().endswith("Che cosa si coltiva:\n\n- pomodori\n- zucchine"), box.input_value()

        # the picture: upload it in the library, choose it, describe it
        box.evaluate("e => e.setSelectionRange(e.value.indexOf('## Dove'), e.value.indexOf('## Dove'))")
        pane(page, 0).get_by_role("button", name="Inserisci un'immagine").click()
        page.locator('input[type="file"]').first.set_input_files(
            files=[{"name": "orto-rialzato.png", "mimeType": "image/png", "buffer": SMALL_PNG}])
        page.locator(".ReactModalPortal").get_by_text("orto-rialzato.png", exact=True).wait_for()  # saved with the page
        page.get_by_role("button", name="Usa l'immagine scelta").click()
        dialog = page.get_by_role("dialog", name="Descrizione dell'immagine")
        dialog.get_by_role("button", name="Inserisci", exact=True).click()
        dialog.get_by_role("alert").wait_for()
        assert "Scrivi la descrizione" in dialog.get_by_role("alert").inner_text()
        dialog.get_by_role("textbox").fill("Orto rialzato nel cortile della cooperativa")
        dialog.get_by_role("button", name="Inserisci", exact=True).click()
        dialog.wait_for(state="detached")
        written = "![Orto rialzato nel cortile della cooperativa](../../assets/images/orto-rialzato.png)"
        assert written + "## Dove" in box.input_value(), box.input_value()

        save(page, "it")
        pair = {lang: repo / "docs" / lang / "experiences" / "orto-con-immagine.md" for lang in ("it", "fr")}
        for path in [*pair.values(), images / "orto-rialzato.png"]:
            wait_for_change(path, None)
        assert (images / "orto-rialzato.png").read_bytes() == SMALL_PNG

        # the media library, opened from the page, copies the same path
        page.goto(url + "admin/#/collections/experiences/entries/orto-con-immagine")
        page.reload()
        expect_value(field(page, "title", 0), "Orto con immagine")
        pane(page, 0).get_by_role("button", name="Inserisci un'immagine").click()
        page.locator(".ReactModalPortal").get_by_text("orto-rialzato.png", exact=True).click()
        page.get_by_role("button", name="Copia percorso").click()
        page.get_by_role("button", name="Copiato").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == "../../assets/images/orto-rialzato.png"
    except Exception:
        page.screenshot(path=str(repo.parent / "failure-image.png"))
        raise
    finally:
        context.close()
    assert errors == []
    assert written in pair["it"].read_text(encoding="utf-8")
    result = kb(repo, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert [line for line in result.stdout.splitlines() if "orto-con-immagine" in line] == [], result.stdout


@NEEDS_EDITOR
@pytest.mark.browser
def test_text_copied_from_the_other_language_is_never_saved_as_a_translation(workspace, browser):
    """Decap's «copy from another locale» on an existing pair: the translation's file is written as
    still to translate, without the copied text; the original's file is never emptied."""
    repo, url = workspace["repo"], workspace["url"]
    italian = (repo / "docs/it/experiences/work-cafe-sanremo.md").read_text(encoding="utf-8")
    french = (repo / "docs/fr/experiences/work-cafe-sanremo.md").read_text(encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    try:
        sign_in(page, url, "it")
        written = page.evaluate("""async ([italian, french]) => {
            const kb = await import(new URL('kb-editor.js', document.baseURI).href);
            const it = kb.fromFile(italian), fr = kb.fromFile(french);
            const copy = {...fr, body: it.body};
            const out = {};
            // the Italian interface saves the pair: the original first (with the editor's marker), then the other
            out.it = kb.toFile({...it, __kb_translation_stamp: {mode: 'check', original: 'it'}});
            out.fr = kb.toFile(copy);
            // an untouched translation is written as it was
            kb.toFile({...it, __kb_translation_stamp: {mode: 'check', original: 'it'}});
            out.frKept = kb.toFile(fr);
            return out;
        }""", [italian, french])
    finally:
        context.close()
    fr_meta = frontmatter.parse(written["fr"].encode())
    assert fr_meta.meta["translation"] == {"from": "it"} and fr_meta.body.strip() == ""
    assert fr_meta.meta["title"] == frontmatter.parse(french.encode()).meta["title"], "its own title stays"
    assert fr_meta.meta["description"] == frontmatter.parse(french.encode()).meta["description"], "its own text stays"
    assert frontmatter.parse(written["it"].encode()).meta == frontmatter.parse(italian.encode()).meta
    assert frontmatter.parse(written["frKept"].encode()).meta == frontmatter.parse(french.encode()).meta
