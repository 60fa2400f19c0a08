"""The language of each page (scripts/kb/check/rules/language.py): a body in the other language is an
error at its file, a paragraph in the other language a warning at its line, quotations are left
alone, and the site's own pages (short pages, French text full of Italian names, the glossary)
raise nothing. Bullets pasted from a word processor are reported with the list to write."""
from __future__ import annotations

from pathlib import Path

import pytest
from checker_fixtures import EXPERIENCE, ROOT, write_tree
from kb.check import language
from test_check import IT_EXP, checked, edit, put

pytestmark = pytest.mark.skipif(language.identifier() is None, reason="py3langid is not installed (requirements/site.txt)")

FRENCH_BODY = """!!! abstract "En bref"
    Des jardins partagés entre les habitants et les coopératives d'une vallée alpine.

## Où

Dans une vallée de montagne, où les services sont loin et où les habitants se connaissent.

## Ce qui est fait

Les habitants cultivent ensemble des parcelles prêtées par une exploitation agricole ; les
coopératives sociales accompagnent les personnes qui ont besoin d'aide, et chacun apporte ce qu'il
sait faire. Les légumes sont partagés entre les familles qui participent.
"""

FRENCH_PARAGRAPH = ("Les habitants de la vallée se retrouvent chaque semaine pour parler des services qui "
                    "manquent et de ce qu'ils peuvent faire ensemble.")


@pytest.fixture
def docs(tmp_path) -> Path:
    return write_tree(tmp_path)


def test_the_sites_own_pages_raise_nothing():
    result = checked(ROOT / "docs")
    assert not {"KB074", "KB075", "KB117"} & result.codes(), [f for f in result.findings if f["code"] in {"KB074", "KB075"}]


def test_a_french_body_in_the_italian_folder_is_an_error_at_the_file(docs):
    head = EXPERIENCE["it"].split("---\n", 2)[1]
    put(docs, IT_EXP, "---\n" + head + "---\n" + FRENCH_BODY)
    result = checked(docs)
    hits = result.find("KB074")
    assert [(f["path"].split("docs/", 1)[-1], f["line"], f["severity"]) for f in hits] == [(IT_EXP, 1, "error")], result.out
    assert result.code == 1
    assert not result.find("KB075"), "the page is one error, not one warning per paragraph"
    it = checked(docs, "--lang", "it").find("KB074")[0]["message"]
    assert "in francese" in it and "docs/fr/experiences/orti.md" in it and "translation: {from: fr}" in it
    fr = checked(docs, "--lang", "fr").find("KB074")[0]["message"]
    assert "en français" in fr and "version italienne" in fr


def test_a_french_paragraph_in_an_italian_page_is_a_warning_at_its_line(docs):
    edit(docs, IT_EXP, "A Torino.", "A Torino.\n\n" + FRENCH_PARAGRAPH)
    result = checked(docs)
    hits = result.find("KB075")
    line = EXPERIENCE["it"].count("\n", 0, EXPERIENCE["it"].index("A Torino.")) + 3
    assert [(f["line"], f["col"], f["severity"]) for f in hits] == [(line, 1, "warning")], result.out
    assert result.code == 0 and not result.find("KB074")
    for lang, words in (("it", "in francese"), ("fr", "en français")):
        message = checked(docs, "--lang", lang).find("KB075")[0]["message"]
        assert words in message and "> " in message and 'lang="fr"' in message


@pytest.mark.parametrize("quoted", [
    "> " + FRENCH_PARAGRAPH,
    '!!! quote "Dalla fonte"\n    ' + FRENCH_PARAGRAPH,
    "```\n" + FRENCH_PARAGRAPH + "\n```",
    FRENCH_PARAGRAPH + '\n{: lang="fr" }',
], ids=["blockquote", "quote-box", "code", "marked-language"])
def test_a_quotation_in_the_other_language_is_left_alone(docs, quoted):
    edit(docs, IT_EXP, "A Torino.", "A Torino.\n\n" + quoted)
    result = checked(docs)
    assert not result.find("KB075") and not result.find("KB074"), result.out


def test_french_text_full_of_italian_names_is_french(docs):
    edit(docs, "fr/experiences/orti.md", "À Turin.", (
        "À Turin. Partenaires : Azienda Agricola Il Palaset, Bricherasio, chef de file de l'initiative ; "
        "Cooperativa Sociale La Testarda, Provincia di Cuneo, Diaconia Valdese, Consorzio Monviso Solidale, "
        "Comunità Montana Valli Chisone e Germanasca, Unione Montana del Pinerolese."))
    result = checked(docs)
    assert not result.find("KB075") and not result.find("KB074"), result.out


def test_bullets_pasted_from_a_word_processor_are_reported_with_the_list_to_write(docs):
    edit(docs, IT_EXP, "A Torino.", "A Torino.\n\n•\tprima voce\n◦ seconda voce\n– terza voce")
    result = checked(docs, "--lang", "it")
    hits = result.find("KB117")
    assert [f["severity"] for f in hits] == ["warning"] * 3, result.out
    assert "«- prima voce»" in hits[0]["message"] and "«•»" in hits[0]["message"]


def test_the_model_is_read_from_the_cache_the_second_time(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    language.identifier.cache_clear()
    try:
        first = language.identifier()
        cached = [p for p in (tmp_path / "kb-langid").glob("model-*") if (p / "nextmove.npy").is_file()]
        assert len(cached) == 1
        language.identifier.cache_clear()
        second = language.identifier()
        for text in (FRENCH_PARAGRAPH, "Gli abitanti della valle si incontrano ogni settimana per parlare dei servizi."):
            assert first.classify(text) == second.classify(text)
        assert second.classify(FRENCH_PARAGRAPH)[0] == "fr"
    finally:
        language.identifier.cache_clear()
