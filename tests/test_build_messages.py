"""`make html` / `make site` stop on a page the checker refuses, with the checker's message in the
language of the person building: LANGUAGE / LANG, or `python -m kb build --lang`."""
from __future__ import annotations

import os

import pytest
from conftest import copy_repo, run_kb
from kb_fixture import write_corpus

pytestmark = pytest.mark.build  # every test runs `python -m kb build`

# The start of KB006 (a front-matter syntax error) in each language (data/i18n/checker.yml).
KB006 = {"it": "errore di scrittura nell'intestazione", "fr": "erreur d'écriture dans l'en-tête",
         "en": "the header is not written correctly"}


@pytest.fixture(scope="module")
def broken_repo(tmp_path_factory):
    repo = copy_repo(tmp_path_factory.mktemp("messages") / "repo")
    write_corpus(repo)
    page = repo / "docs" / "it" / "about.md"
    page.write_text(page.read_text(encoding="utf-8").replace("\ntype: page\n", "\ntype: [page\n", 1), encoding="utf-8")
    return repo


@pytest.mark.parametrize(("variables", "args", "expected"), [
    ({"LANGUAGE": "fr"}, [], "fr"),
    ({"LANG": "it_IT.UTF-8"}, [], "it"),
    ({"LANG": "en_GB.UTF-8"}, [], "en"),
    ({"LANGUAGE": "fr"}, ["--lang", "it"], "it"),
], ids=["LANGUAGE=fr", "LANG=it", "LANG=en", "--lang-wins"])
def test_build_reports_the_checker_errors_in_the_builder_language(broken_repo, tmp_path, variables, args, expected):
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LANG", "LC_ALL", "LC_MESSAGES")}
    env.update(variables, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")
    result = run_kb("build", "--site", str(tmp_path / "site"), *args, cwd=broken_repo, env=env)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "docs/it/about.md:4:7: error[KB006]" in output
    assert KB006[expected] in output, output[-2000:]
    assert [lang for lang, text in KB006.items() if text in output] == [expected]
