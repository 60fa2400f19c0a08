"""The site's terminology (data/terminology.yml) in `make check`: a variant gets a warning (KB140)
at PATH:LINE:COL naming the preferred term, in the contributor's language; never an error; the
source's own words in a «quotation» or a blockquote, code and addresses are left alone."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from checker_fixtures import ROOT, run_check, write_tree
from kb.check.rules import terminology as rule
from kb.content import terminology


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """A copy of data/ that the terminology rule reads for data strings instead of the real one."""
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    for path in [*(copy / "glossary").glob("*.yml"), copy / "vocabularies.yml", copy / "quotations.yml",
                 copy / "i18n" / "it.yml", copy / "i18n" / "fr.yml"]:
        path.write_text(_clean(path.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setattr(rule, "DATA_DIR", copy)
    return copy


def _clean(text: str) -> str:
    """The real data with today's variants replaced, so that a test sees only what it adds."""
    for lang in ("it", "fr"):
        for term in terminology.load_terms(lang):
            for variant in term.avoid:
                text = text.replace(variant, "x").replace(variant.capitalize(), "X")
    return text


@pytest.fixture
def docs(tmp_path, data) -> Path:
    return write_tree(tmp_path)


def add_paragraph(docs: Path, rel: str, text: str) -> int:
    """Append `text` as the page's last paragraph; return its line number in the file."""
    path = docs / rel
    content = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    line = content.count("\n") + 1
    path.write_text(content + text + "\n", encoding="utf-8")
    return line


def kb140(result, path: str | None = None) -> list[dict]:
    return [f for f in result.find("KB140") if path is None or f["path"] == path]


def test_a_variant_on_a_french_page_is_warned_where_it_is_with_the_preferred_term(docs):
    text = "Le plan compte quatre projets individuels et des livrables."
    line = add_paragraph(docs, "fr/index.md", text)
    result = run_check(docs)
    assert result.code == 0, result.out  # a warning never fails the check
    found = kb140(result, "docs/fr/index.md")
    assert [(f["line"], f["col"], f["severity"]) for f in found] == [
        (line, text.index("projets") + 1, "warning"), (line, text.index("livrables") + 1, "warning")]
    assert "“projets simples”" in found[0]["message"]
    french = kb140(run_check(docs, "--lang", "fr"), "docs/fr/index.md")
    assert "« projets simples »" in french[0]["message"] and "programme ALCOTRA" in french[0]["message"]
    italian = kb140(run_check(docs, "--lang", "it"), "docs/fr/index.md")
    assert "«projets simples»" in italian[0]["message"] and "programma ALCOTRA" in italian[0]["message"]


def test_an_italian_page_is_checked_with_the_italian_terms_only(docs):
    line = add_paragraph(docs, "it/index.md", "La coprogrammazione e la coprogettazione. Projets individuels.")
    found = kb140(run_check(docs, "--lang", "it"), "docs/it/index.md")
    assert [(f["line"], f["col"]) for f in found] == [(line, 4), (line, 26)]
    assert "«co-programmazione»" in found[0]["message"] and "«co-progettazione»" in found[1]["message"]


def test_the_sources_words_code_and_addresses_are_not_warned(docs):
    add_paragraph(docs, "it/index.md", "\n\n".join([
        "L'ATS crede «nella coprogrammazione e coprogettazione», dice la fonte.",
        "> Credere, e investire istituzionalmente, nella coprogrammazione",
        "Il file `coprogrammazione.md` e il [glossario](https://example.org/coprogrammazione).",
        "```\ncoprogrammazione\n```",
    ]))
    assert kb140(run_check(docs), "docs/it/index.md") == []


def test_a_variant_split_by_a_line_break_and_the_case_rules(docs):
    line = add_paragraph(docs, "fr/index.md", "Les projets\nindividuels, à Nizza, à Nice et la Città Metropolitana di Nizza.")
    found = kb140(run_check(docs), "docs/fr/index.md")
    assert [(f["line"], f["col"]) for f in found] == [(line, 5), (line + 1, 16)]  # the allowed name is not warned
    line = add_paragraph(docs, "it/index.md", "Nel Torinese va bene, nel torinese no.")
    assert [(f["line"], f["col"]) for f in kb140(run_check(docs), "docs/it/index.md")] == [(line, 23)]


def test_the_title_and_description_are_checked(docs):
    path = docs / "fr/index.md"
    text = path.read_text(encoding="utf-8").replace(
        "description: La page d'accueil du site d'essai pour le contrôle.",
        "description: La page d'accueil, avec les livrables du projet.")
    path.write_text(text, encoding="utf-8")
    line = text.split("\n").index("description: La page d'accueil, avec les livrables du projet.") + 1
    found = kb140(run_check(docs), "docs/fr/index.md")
    assert [(f["line"], f["col"]) for f in found] == [(line, text.split("\n")[line - 1].index("livrables") + 1)]


def test_a_data_string_is_warned_in_its_language_and_a_quotation_entry_keeps_the_sources_words(docs, data):
    glossary = data / "glossary" / "terzo-settore.yml"
    text = glossary.read_text(encoding="utf-8")
    head, fr_block = text.split("\nfr:\n", 1)
    glossary.write_text(head + "\nfr:\n  note: Un secteur privé à but social.\n" + fr_block, encoding="utf-8")
    line = (head + "\nfr:\n").count("\n") + 1
    result = run_check(docs)
    assert result.code == 0
    found = kb140(result, "data/glossary/terzo-settore.yml")
    assert [(f["line"], f["col"]) for f in found] == [(line, 12)], found
    assert "l'économie sociale et solidaire" in found[0]["message"]
    # a quotation entry: the source's words (it) are not warned, its French translation is
    quotations = data / "quotations.yml"
    quotations.write_text(quotations.read_text(encoding="utf-8") + (
        "\n- id: prova\n  source: seed\n  it: \"nella coprogrammazione\"\n  fr: \"les livrables\"\n"), encoding="utf-8")
    lines = quotations.read_text(encoding="utf-8").split("\n")
    found = kb140(run_check(docs), "data/quotations.yml")
    assert [(f["line"], f["col"]) for f in found] == [(lines.index('  fr: "les livrables"') + 1, 12)]


def test_the_real_site_gets_warnings_only_never_an_error():
    from checker_fixtures import run_cli

    result = run_cli("check", "--format", "json")
    assert not [f for f in result.find("KB140") if f["severity"] != "warning"]
    assert not result.find("KB999"), result.out


def test_rsa_is_explained_where_a_french_page_first_uses_it():
    """In France «RSA» is the revenu de solidarité active: the paragraph where a French page first
    writes it says what the Italian RSA is."""
    import re

    pages = []
    for path in sorted((ROOT / "docs" / "fr").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        first = next((p for p in re.split(r"\n\s*\n", body) if re.search(r"\bRSA\b", p)), None)
        if first is not None:
            pages.append(path.relative_to(ROOT).as_posix())
            assert "résidence sanitaire assistancielle" in first, f"{pages[-1]}: {first[:200]}"
    assert "docs/fr/outputs/metodo-analisi-rsa-aperta.md" in pages
