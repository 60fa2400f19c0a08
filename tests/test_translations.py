"""Translations do not drift silently: a changed original marks its translation outdated in the
report, in the checker and on the translated page, until the translation's record is stamped."""
from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, build_site, copy_repo, run_kb, tier
from kb.check.runner import check_corpus
from kb.content import frontmatter
from kb.content.history import last_changes
from kb.content.pages import Page, load_pages
from kb.content.translation import MISSING, OK, OUTDATED, UNPINNED, fingerprint, translation_status
from kb.content.urls import relative_url
from kb.translations.records import StampError, stamp_text

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
PAIR = "method/conoscere.md"


def git(repo: Path, *args: str, date: str = "2026-03-05T12:00:00+01:00") -> str:
    env = dict(os.environ, **GIT_ENV, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    result = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def kb(repo: Path, *args: str) -> subprocess.CompletedProcess:
    # English messages whatever the tester's locale (the report follows LANG, like `make check`)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", LANGUAGE="", LC_ALL="", LC_MESSAGES="", LANG="C.UTF-8")
    return run_kb(*args, cwd=repo, env=env)


def page_of(text: str, lang: str = "it", rel: str = "x.md") -> Page:
    return Page(lang=lang, rel=rel, path=Path(f"/nonexistent/{lang}/{rel}"), parsed=frontmatter.parse(text.encode("utf-8")))


ORIGINAL = """---
id: x
title: Titolo
description: "Una descrizione della pagina, abbastanza lunga."
updated: 2026-11-26
status: published
sources:
  - {title: Fonte, ref: seed}
---

!!! abstract "In breve"
    Una frase.

Un paragrafo.
"""


# --- the fingerprint ---------------------------------------------------------------------------


def test_fingerprint_ignores_invisible_changes_and_untranslated_fields():
    base = fingerprint(page_of(ORIGINAL))
    same = [
        ORIGINAL.replace("\n", "\r\n"),  # saved with Windows line endings
        ORIGINAL.replace("Un paragrafo.", "Un paragrafo.   "),  # trailing spaces
        ORIGINAL.replace("\nUn paragrafo.", "\n\n\nUn paragrafo.") + "\n\n",  # extra blank lines
        ORIGINAL.replace("updated: 2026-11-26", "updated: 2027-01-15"),  # review date
        ORIGINAL.replace("status: published", "status: draft"),
        ORIGINAL.replace("{title: Fonte, ref: seed}", "{title: Fonte, url: https://example.org/}"),
        ORIGINAL.replace("sources:", "translation: {from: fr, hash: 000000000000}\nsources:"),
    ]
    for text in same:
        assert fingerprint(page_of(text)) == base
    assert re.fullmatch(r"[0-9a-f]{12}", base)


def test_fingerprint_changes_with_the_translatable_text():
    base = fingerprint(page_of(ORIGINAL))
    for old, new in [("Un paragrafo.", "Un paragrafo nuovo."), ("title: Titolo", "title: Titolo nuovo"),
                     ("della pagina", "di questa pagina"), ("Una frase.", "Una frase.\n    Un'altra.")]:
        assert fingerprint(page_of(ORIGINAL.replace(old, new))) != base


# --- the status of each pair -------------------------------------------------------------------


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_status_of_each_pair(tmp_path):
    docs = tmp_path / "docs"
    translated = ORIGINAL.replace("Titolo", "Titre")
    write(docs / "it" / "ok.md", ORIGINAL)
    write(docs / "it" / "changed.md", ORIGINAL)
    write(docs / "it" / "alone.md", ORIGINAL)
    write(docs / "it" / "none.md", ORIGINAL)
    write(docs / "fr" / "none.md", translated)
    write(docs / "it" / "both.md", ORIGINAL.replace("status:", "translation: {from: fr, hash: 000000000000}\nstatus:"))
    write(docs / "fr" / "both.md", translated.replace("status:", "translation: {from: it, hash: 000000000000}\nstatus:"))
    current = fingerprint(page_of(ORIGINAL))
    write(docs / "fr" / "ok.md", translated.replace("status:", f"translation: {{from: it, hash: {current}}}\nstatus:"))
    write(docs / "fr" / "changed.md", translated.replace("status:", "translation: {from: it, hash: 0123456789ab}\nstatus:"))
    # An original written in French, translated into Italian.
    write(docs / "fr" / "french.md", translated)
    write(docs / "it" / "french.md", ORIGINAL.replace(
        "status:", f"translation: {{from: fr, hash: {fingerprint(page_of(translated, 'fr'))}}}\nstatus:"))

    states = {s.rel: s for s in translation_status(load_pages(docs))}
    assert {rel: s.state for rel, s in states.items()} == {
        "alone.md": MISSING, "both.md": UNPINNED, "changed.md": OUTDATED, "french.md": OK,
        "none.md": UNPINNED, "ok.md": OK,
    }
    assert states["alone.md"].missing_lang == "fr"
    assert (states["changed.md"].translation.lang, states["changed.md"].original.lang) == ("fr", "it")
    assert states["changed.md"].recorded == "0123456789ab" and states["changed.md"].current == current
    assert (states["french.md"].original.lang, states["french.md"].translation.lang) == ("fr", "it")
    assert (states["both.md"].reason, states["none.md"].reason) == ("both", "none")

    # The checker reports the same states, on the page to fix, with the command that fixes it.
    write(docs / "it" / "from.md", ORIGINAL)
    write(docs / "fr" / "from.md", translated.replace("status:", "translation: {from: fr, hash: 000000000000}\nstatus:"))
    findings = [f for f in check_corpus(load_pages(docs)) if f.code in {"KB070", "KB071", "KB072", "KB073"}]
    assert {(f.code, f.severity, Path(f.path).name, Path(f.path).parent.name) for f in findings} == {
        ("KB070", "warning", "changed.md", "fr"),
        ("KB071", "warning", "none.md", "fr"),
        ("KB072", "error", "both.md", "it"),
        ("KB073", "error", "from.md", "fr"),
    }
    by_code = {f.code: f for f in findings}
    assert current in by_code["KB070"].message("it") and "make translations STAMP=" in by_code["KB070"].message("fr")
    assert f"translation: {{from: it, hash: {current}}}" in by_code["KB071"].message("en")


def test_link_to_the_original_is_relative_to_the_page():
    # relative_url(from, to): from the page that shows the notice to the original
    assert relative_url("fr/method/conoscere/", "method/conoscere/") == "../../../method/conoscere/"
    assert relative_url("fr/", "") == "../"
    assert relative_url("about/", "fr/about/") == "../fr/about/"


# --- stamping ----------------------------------------------------------------------------------


def test_stamp_inserts_one_line_before_the_closing_fence_and_keeps_every_other_byte():
    text = "\ufeff---\r\nid: x   # the key\r\ntitle: 'Titre'\r\n---\r\n\r\nCorps.  \r\n"
    stamped = stamp_text(text, "it", "abcdef012345")
    assert stamped == text.replace("---\r\n\r\n", "translation: {from: it, hash: abcdef012345}\r\n---\r\n\r\n")


@pytest.mark.parametrize(
    "record, expected",
    [
        ("translation: {from: it, hash: 0123456789ab}", "translation: {from: it, hash: abcdef012345}"),
        ('translation: {hash: "0123456789ab", from: it}', 'translation: {hash: "abcdef012345", from: it}'),
        ("translation:\n  from: it  # original\n  hash: '0123456789ab'",
         "translation:\n  from: it  # original\n  hash: 'abcdef012345'"),
        ("translation:\n  from: fr\n  hash: 0123456789ab", "translation:\n  from: it\n  hash: abcdef012345"),
        ("translation: {from: it}", "translation: {from: it, hash: abcdef012345}"),
        ("translation:\n  from: it", "translation:\n  from: it\n  hash: abcdef012345"),
    ],
)
def test_stamp_changes_only_the_recorded_values(record, expected):
    text = f"---\nid: x\n{record}\nstatus: published\n---\nBody\n"
    assert stamp_text(text, "it", "abcdef012345") == f"---\nid: x\n{expected}\nstatus: published\n---\nBody\n"


def test_stamp_quotes_a_hash_that_yaml_would_read_as_a_number():
    stamped = stamp_text("---\nid: x\n---\n", "it", "012345678901")
    assert 'hash: "012345678901"' in stamped
    assert frontmatter.parse_text(stamped).meta["translation"] == {"from": "it", "hash": "012345678901"}


def test_stamp_refuses_a_file_without_front_matter():
    with pytest.raises(StampError):
        stamp_text("Just text\n", "it", "abcdef012345")


def test_stamp_all_records_every_outdated_translation_and_check_fails_until_then(tmp_path):
    docs = tmp_path / "docs"
    for name in ("a.md", "b.md"):
        write(docs / "it" / name, ORIGINAL)
        write(docs / "fr" / name, ORIGINAL.replace("status:", "translation: {from: it, hash: 0123456789ab}\nstatus:"))
    out = tmp_path / "report.json"
    assert kb(ROOT, "translations", "--docs", str(docs), "--json", str(out), "--check").returncode == 1
    assert json.loads(out.read_text(encoding="utf-8"))["languages"]["fr"]["outdated"] == ["a.md", "b.md"]
    result = kb(ROOT, "translations", "--docs", str(docs), "--json", str(out), "--stamp-all")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("recorded the original's fingerprint") == 2
    assert kb(ROOT, "translations", "--docs", str(docs), "--json", str(out), "--check").returncode == 0


# --- dates from git ----------------------------------------------------------------------------


def test_last_change_dates_come_from_one_git_log_and_not_from_a_shallow_clone(tmp_path):
    repo = tmp_path / "repo"
    write(repo / "docs" / "it" / "a.md", "a\n")
    write(repo / "docs" / "it" / "b.md", "b\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first", date="2026-01-10T10:00:00+01:00")
    write(repo / "docs" / "it" / "b.md", "b2\n")
    git(repo, "commit", "-qam", "second", date="2026-02-20T10:00:00+01:00")
    assert last_changes(repo / "docs") == {"it/a.md": "2026-01-10", "it/b.md": "2026-02-20"}

    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(shallow))
    assert last_changes(shallow / "docs") == {}  # unknown, not "everything changed in the last commit"
    assert last_changes(tmp_path / "not-a-repository") == {}


# --- the whole flow in a clone of the repository -----------------------------------------------


@pytest.fixture(scope="module")
@tier("build")
def clone(tmp_path_factory):
    """A copy of the repository as a git repository with one commit, its French page stamped."""
    repo = copy_repo(tmp_path_factory.mktemp("translations") / "repo")
    result = kb(repo, "translations", "--stamp", f"docs/fr/{PAIR}")
    assert result.returncode == 0, result.stderr
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Start")
    return repo


def report(repo: Path) -> dict:
    out = repo / "reports" / "translations.json"
    result = kb(repo, "translations", "--json", str(out))
    assert result.returncode == 0, result.stderr
    return {"text": result.stdout, **json.loads(out.read_text(encoding="utf-8"))}


def french_page(site: Path) -> str:
    return (site / "fr" / Path(PAIR).with_suffix("") / "index.html").read_text(encoding="utf-8")


def test_changed_original_is_reported_shown_and_cleared_by_stamping(clone, tmp_path):
    french = clone / "docs" / "fr" / PAIR
    italian = clone / "docs" / "it" / PAIR
    # Other translations may be behind already (a pull request that changes one language): only
    # the change made here is looked at.
    already = set(report(clone)["languages"]["fr"]["outdated"])
    assert PAIR not in already

    # A partner changes the Italian original and commits.
    italian.write_text(italian.read_text(encoding="utf-8").rstrip("\n") + "\n\nUna frase aggiunta all'originale.\n",
                       encoding="utf-8")
    git(clone, "commit", "-qam", "Change the Italian original", date="2026-04-07T09:30:00+02:00")

    before = report(clone)
    assert set(before["languages"]["fr"]["outdated"]) - already == {PAIR}
    assert re.search(rf"outdated\s+{re.escape(PAIR)}\s+docs/it/{re.escape(PAIR)} changed", before["text"])
    assert PAIR not in before["languages"]["it"]["outdated"]
    checked = kb(clone, "check", "--format", "json", "--lang", "fr")
    warnings = [f for f in json.loads(checked.stdout)["findings"] if f["code"] == "KB070"]
    mine = [f for f in warnings if f["path"] == f"docs/fr/{PAIR}"]
    assert [f["severity"] for f in mine] == ["warning"]
    assert {f["path"] for f in warnings} - {f"docs/fr/{rel}" for rel in already} == {f"docs/fr/{PAIR}"}
    assert f"make translations STAMP=docs/fr/{PAIR}" in mine[0]["message"]

    site = build_site(tmp_path / "outdated", "http://127.0.0.1:8000/", root=clone)
    html = french_page(site)
    notice = re.search(r'<div class="admonition info kb-notice"[^>]*>\s*<p>(.*?)</p>', html, re.S)
    assert notice, "no notice on the outdated French page"
    from kb.content.texts import INTERFACE

    # the notice as data/i18n/fr.yml words it (its first sentence)
    said = INTERFACE.text("fr", "outdated_translation", origin_lang=INTERFACE.text("fr", "lang_name_it")).split(".")[0]
    assert said in notice.group(1)
    link = re.search(r'<a href="([^"]+)" hreflang="it" lang="it">', notice.group(1))
    target = (site / "fr" / Path(PAIR).with_suffix("") / link.group(1) / "index.html").resolve()
    assert target == (site / Path(PAIR).with_suffix("") / "index.html").resolve()
    assert said not in (site / Path(PAIR).with_suffix("") / "index.html").read_text(encoding="utf-8")
    # The page's last change comes from git, in the reader's language.
    assert "Ultima modifica: 7 aprile 2026" in (site / Path(PAIR).with_suffix("") / "index.html").read_text(encoding="utf-8")
    assert re.search(r"Dernière modification\s:\s5 mars 2026", html)  # (a no-break space before the colon)

    # The translator updates the French page and records it: only the hash changes.
    old_bytes = french.read_bytes()
    old_hash = before["pairs"][[p["page"] for p in before["pairs"]].index(PAIR)]["recorded_hash"]
    new_hash = before["pairs"][[p["page"] for p in before["pairs"]].index(PAIR)]["current_hash"]
    result = kb(clone, "translations", "--stamp", f"docs/fr/{PAIR}")
    assert result.returncode == 0, result.stderr
    assert french.read_bytes() == old_bytes.replace(old_hash.encode(), new_hash.encode())
    assert old_bytes.count(old_hash.encode()) == 1

    after = report(clone)
    assert set(after["languages"]["fr"]["outdated"]) == already
    checked = kb(clone, "check", "--format", "json")
    left = [f for f in json.loads(checked.stdout)["findings"] if f["code"].startswith("KB07")]
    assert f"docs/fr/{PAIR}" not in {f["path"] for f in left}
    site = build_site(tmp_path / "stamped", "http://127.0.0.1:8000/", root=clone)
    assert said not in french_page(site)
