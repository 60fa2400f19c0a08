"""How the checker and `make translations` speak: GitHub annotations in both languages of the
site (CI cannot know who reads them), reports in the reader's language."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from checker_fixtures import run_check, run_cli, write_tree
from test_check import IT_HOME, edit


@pytest.fixture
def docs(tmp_path) -> Path:
    return write_tree(tmp_path)


def test_github_annotations_carry_the_italian_and_the_french_message(docs):
    edit(docs, IT_HOME, "## Sezione", '<div style="position:fixed">x</div>')
    lines = run_check(docs, "--format", "github").out.splitlines()
    line = next(line for line in lines if "title=KB083" in line)
    assert re.fullmatch(r"::error file=docs/it/index\.md,line=16,col=6,title=KB083::"
                        r"IT: l'attributo «style» .+ / FR: l'attribut « style » .+", line), line


CLEAN = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}


@pytest.mark.parametrize("env,args,expected", [
    ({"LANG": "it_IT.UTF-8"}, [], "Traduzioni"),
    ({"LANG": "fr_FR.UTF-8"}, [], "Traductions"),
    ({"LANG": "C.UTF-8"}, [], "Translations"),
    ({"LANG": "fr_FR.UTF-8"}, ["--lang", "it"], "Traduzioni"),
])
def test_make_translations_follows_lang_and_the_lang_option(docs, tmp_path, env, args, expected):
    result = run_cli("translations", "--docs", str(docs), "--json", str(tmp_path / "t.json"), *args, env={**CLEAN, **env})
    assert result.code == 0, result.err
    assert expected.casefold() in result.out.casefold(), result.out
