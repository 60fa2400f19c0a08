"""The one message API (scripts/kb/content/texts.py): every catalogue of texts fills placeholders,
falls back and reports a missing text the same way, on the real data files."""
from __future__ import annotations

import pytest
import yaml
from kb.content.paths import DATA
from kb.content.strings import t
from kb.content.texts import CHECKER_CODES, CHECKER_TERMS, INTERFACE, SCAFFOLD, TRANSLATIONS_REPORT, fill, labels
from kb.content.vocab import label


def test_placeholders_are_filled_and_missing_ones_stay_visible():
    assert fill("{n} schede in {place}", {"n": 3}) == "3 schede in {place}"
    assert fill("as {written}", {}) == "as {written}"
    assert INTERFACE.text("it", "count_items_other", n=3) == "3 schede"
    assert "{n}" in INTERFACE.text("it", "count_items_other", other=3)
    # a placeholder may be called like the call's own parameters
    assert fill("{key}/{lang}", {"key": "k", "lang": "l"}) == "k/l"


def test_each_catalogue_reads_its_file():
    strings = yaml.safe_load((DATA / "i18n" / "fr.yml").read_text(encoding="utf-8"))
    assert INTERFACE.text("fr", "browse_title") == strings["browse_title"]
    assert INTERFACE.strings("fr")["browse_title"] == strings["browse_title"]
    checker = yaml.safe_load((DATA / "i18n" / "checker.yml").read_text(encoding="utf-8"))
    assert CHECKER_TERMS.text("it", "missing") == checker["terms"]["missing"]["it"]
    assert CHECKER_CODES.text("en", "KB001", reason="gone").startswith("the file cannot be read (gone)")
    scaffold = yaml.safe_load((DATA / "i18n" / "scaffold.yml").read_text(encoding="utf-8"))
    assert SCAFFOLD.text("fr", "created") == scaffold["messages"]["created"]["fr"]
    assert TRANSLATIONS_REPORT.text("en", "lang_it") == "Italian"


def test_missing_texts_fall_back_or_fail_as_each_catalogue_says():
    with pytest.raises(KeyError):
        INTERFACE.text("it", "no-such-string")
    assert CHECKER_CODES.has("de", "KB001")
    assert CHECKER_CODES.text("de", "KB001", reason="x") == CHECKER_CODES.text("en", "KB001", reason="x")
    assert not CHECKER_TERMS.has("it", "no-such-term")
    assert labels("territories").text("fr", "no-such-place") == "no-such-place"
    assert labels("no-such-vocabulary").text("it", "x") == "x"


def test_vocabulary_labels_and_their_plurals():
    vocabularies = yaml.safe_load((DATA / "vocabularies.yml").read_text(encoding="utf-8"))
    assert labels("territories").text("fr", "torino") == vocabularies["territories"]["torino"]["fr"] == "Turin"
    experience = vocabularies["types"]["experience"]
    assert labels("types").text("it", "experience", plural=True) == experience.get("it_plural", experience["it"])
    assert labels("types").text("it", "experience") == experience["it"]


def test_former_names_give_the_same_texts():
    assert t("fr", "count_items_one", n=1) == INTERFACE.text("fr", "count_items_one", n=1)
    assert label("types", "output", "fr", plural=True) == labels("types").text("fr", "output", plural=True)
