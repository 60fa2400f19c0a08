"""The scaffolder (`make new TYPE=… ID=…`): a valid draft pair, refusals, never an overwrite."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from checker_fixtures import run_check, run_cli, tree_hash, write_tree
from kb.content import frontmatter
from kb.content.schema import load_schema

SECTIONS = {"experience": "experiences/", "output": "outputs/", "phase": "method/", "page": ""}


@pytest.fixture
def docs(tmp_path) -> Path:
    return write_tree(tmp_path)


def new(docs: Path, *args: str, lang: str = "en"):
    return run_cli("new", *args, "--docs", str(docs), "--lang", lang)


@pytest.mark.parametrize("page_type", list(SECTIONS))
def test_creates_a_valid_draft_in_both_languages(docs, page_type):
    result = new(docs, page_type, "nuova-pagina")
    assert result.code == 0, result.err
    schema = load_schema()
    for lang in ("it", "fr"):
        path = docs / lang / f"{SECTIONS[page_type]}nuova-pagina.md"
        assert path.is_file(), path
        assert str(path.relative_to(docs.parent)) in result.out or path.name in result.out
        parsed = frontmatter.parse(path.read_bytes())
        assert parsed.problems == [] and isinstance(parsed.meta, dict)
        meta = parsed.meta
        assert schema.validator.is_valid(meta), list(schema.validator.iter_errors(meta))
        assert meta["id"] == "nuova-pagina" and meta["type"] == page_type and meta["status"] == "draft"
        assert meta["updated"] == dt.date.today()
        assert set(schema.required_for(page_type)) <= set(meta)
        assert meta["sources"][0]["ref"] == "seed"
    checked = run_check(docs)
    assert checked.code == 0, checked.out
    assert checked.errors() == []
    drafts = {f["path"] for f in checked.find("KB050")}
    assert drafts == {f"docs/{lang}/{SECTIONS[page_type]}nuova-pagina.md" for lang in ("it", "fr")}


def test_an_experience_has_the_summary_box_and_sections_in_each_language(docs):
    assert new(docs, "experience", "orti-alti").code == 0
    italian = (docs / "it/experiences/orti-alti.md").read_text(encoding="utf-8")
    french = (docs / "fr/experiences/orti-alti.md").read_text(encoding="utf-8")
    assert '\n!!! abstract "In breve"\n' in italian and '\n!!! abstract "En bref"\n' in french
    assert re.findall(r"(?m)^## (.+)$", italian) == ["Dove", "Chi", "Che cosa", "Quando", "Per chi", "Legame con il metodo C4"]
    assert re.findall(r"(?m)^## (.+)$", french) == ["Où", "Qui", "Quoi", "Quand", "Pour qui", "Lien avec la méthode C4"]
    assert "DA COMPLETARE" in italian and "À COMPLÉTER" not in italian
    assert "À COMPLÉTER" in french and "DA COMPLETARE" not in french
    assert "Présentation de l'ATS" in french and "Presentazione dell'ATS" in italian


def test_vocabulary_fields_are_empty_lists_with_the_allowed_values_in_a_comment(docs):
    assert new(docs, "experience", "orti-alti").code == 0
    text = (docs / "it/experiences/orti-alti.md").read_text(encoding="utf-8")
    vocabularies = load_schema().vocabularies
    for field, vocabulary in [("phases", "phases"), ("territories", "territories"), ("organisations", "organisations"),
                              ("target_groups", "target_groups"), ("themes", "themes")]:
        assert re.search(rf"(?m)^{field}: \[\]$", text), field
        block = text.split(f"\n{field}: []")[0].rsplit(f"# {field}:", 1)[1]
        comment = " ".join(line.lstrip("# ") for line in block.splitlines())
        for key in vocabularies[vocabulary]:
            assert key in comment, (field, key)


def test_a_single_choice_is_flagged_until_chosen(docs):
    assert new(docs, "output", "nuova-ricerca").code == 0
    text = (docs / "it/outputs/nuova-ricerca.md").read_text(encoding="utf-8")
    assert re.search(r"# DA COMPLETARE[^\n]*\n(# [^\n]*\n)*kind: ", text)


def test_a_phase_named_after_its_phase_gets_its_code(tmp_path):
    docs = tmp_path / "docs"
    (docs / "it").mkdir(parents=True)
    (docs / "fr").mkdir()
    assert new(docs, "phase", "conoscere").code == 0
    meta = frontmatter.parse((docs / "fr/method/conoscere.md").read_bytes()).meta
    assert meta["code"] == "conoscere"


def test_publishing_before_filling_in_is_an_error(docs):
    assert new(docs, "experience", "orti-alti").code == 0
    for lang in ("it", "fr"):
        path = docs / lang / "experiences/orti-alti.md"
        path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: published"), encoding="utf-8")
    result = run_check(docs)
    assert result.code == 1
    assert {f["path"] for f in result.find("KB051")} == {
        "docs/it/experiences/orti-alti.md", "docs/fr/experiences/orti-alti.md"}


@pytest.mark.parametrize("args,words", [
    (["experience", "orti"], "already used"),            # the id exists, same path
    (["output", "home"], "already used"),                # the id exists, at another path
    (["page", "Pagina_Nuova"], "not valid"),
    (["page", "a--b"], "not valid"),
    (["page", "a-"], "not valid"),
    (["page", "index"], "reserved"),
    (["page", "browse"], "reserved"),
    (["esperienza", "nuova"], "no type"),
    (["", ""], "usage"),
    (["experience", ""], "usage"),
])
def test_refusals_exit_2_and_change_nothing(docs, args, words):
    before = tree_hash(docs)
    result = new(docs, *args)
    assert result.code == 2, (result.out, result.err)
    assert words in result.err, result.err
    assert "Traceback" not in result.err
    assert tree_hash(docs) == before


def test_a_file_of_the_other_language_is_never_overwritten(docs):
    lone = docs / "fr" / "experiences" / "solo.md"
    lone.write_text("contenu existant\n", encoding="utf-8")
    before = tree_hash(docs)
    result = new(docs, "experience", "solo")
    assert result.code == 2 and "already exists" in result.err
    assert tree_hash(docs) == before
    assert not (docs / "it" / "experiences" / "solo.md").exists()


def test_refusal_messages_in_the_users_language(docs):
    result = run_cli("new", "experience", "orti", "--docs", str(docs), env={"LANG": "fr_FR.UTF-8", "LANGUAGE": "", "LC_ALL": ""})
    assert result.code == 2 and "est déjà utilisé" in result.err
    result = run_cli("new", "tipo", "x", "--docs", str(docs), env={"LANG": "it_IT.UTF-8", "LANGUAGE": "", "LC_ALL": ""})
    assert result.code == 2 and "non esiste" in result.err


def test_argument_errors_exit_2(docs):
    assert run_cli("new").code == 2
    assert run_cli("new", "page", "x", "--docs", "/nonexistent/docs").code == 2


def test_the_created_front_matter_is_plain_yaml(docs):
    assert new(docs, "experience", "orti-alti").code == 0
    text = (docs / "fr/experiences/orti-alti.md").read_text(encoding="utf-8")
    head = text.split("---\n")[1]
    assert yaml.safe_load(head)["title"].startswith("À COMPLÉTER")
    assert "\r" not in text and text.endswith("\n")
