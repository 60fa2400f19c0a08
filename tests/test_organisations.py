"""Organisations and their roles (data/vocabularies.yml `organisations`, `organisation_roles`): the
field, the facet, the item pages' box, the catalogue and the JSON-LD say «organizzazioni /
organisations», and each organisation carries the roles the sources give it; «partner /
partenaire» is the word of the formal partners of PRO-SOL or We-Pro only."""
from __future__ import annotations

import re

import pytest
from kb.content.pages import load_pages
from kb.content.texts import INTERFACE
from kb.content.vocab import ROLES_VOCABULARY, load_vocabularies, roles_of, roles_text
from kb.generate import catalogue, jsonld, listings
from kb.generate.indexes import FACET_BY_NAME, build_index, facet_value_page

VOCABULARIES = load_vocabularies()
ORGANISATIONS = VOCABULARIES["organisations"]
ROLES = VOCABULARIES[ROLES_VOCABULARY]
FORMAL = {"pro-sol-partner", "we-pro-partner"}
PARTNER_WORD = re.compile(r"\bpartner|\bpartenaire", re.IGNORECASE)
CORPUS = load_pages()


def test_every_organisation_has_at_least_one_known_role():
    for key in ORGANISATIONS:
        roles = roles_of("organisations", key)
        assert roles, f"{key}: no role (data/vocabularies.yml organisations.{key}.roles)"
        assert set(roles) <= set(ROLES), f"{key}: unknown role {set(roles) - set(ROLES)}"


def test_partner_is_the_word_of_the_formal_partners_only():
    for role, entry in ROLES.items():
        for lang in ("it", "fr"):
            for text in (entry[lang], entry[f"{lang}_short"]):
                assert bool(PARTNER_WORD.search(text)) == (role in FORMAL), (role, text)
    for lang in ("it", "fr"):
        for key in ("facet_organisation", "facet_organisation_plural", "browse_description"):
            assert not PARTNER_WORD.search(INTERFACE.text(lang, key)), (lang, key)


def test_the_front_matter_says_organisations():
    for page in CORPUS.pages:
        assert "partners" not in page.meta, f"docs/{page.lang}/{page.rel}: `partners` is now `organisations`"


def _page(page_id: str, lang: str):
    page = CORPUS.by_id(lang, page_id)
    assert page is not None and page.view.organisations, page_id
    return page


@pytest.mark.parametrize("lang", ["it", "fr"])
def test_the_item_box_names_each_organisation_with_its_roles(lang):
    page = _page("work-cafe-sanremo", lang)
    html = listings.item_meta_block(page, CORPUS, lang).blocks[0].html
    label = INTERFACE.text(lang, "facet_organisation_plural")
    assert f"<dt>{label}</dt>" in html
    role = ROLES["organiser"][f"{lang}_short"]
    assert re.search(r"ASL1 Imperiese</a> <span class=\"kb-role\">\(" + re.escape(role) + r"\)</span>", html), html


@pytest.mark.parametrize("lang", ["it", "fr"])
def test_the_organisation_page_says_its_roles(lang):
    index = build_index(CORPUS, lang)
    generated = facet_value_page(index, FACET_BY_NAME["organisation"], "confcooperative", lang, CORPUS)
    assert generated.rel.startswith("browse/organisation/")
    text = generated.body.markdown(lambda block: block.html)
    assert roles_text("organisations", "confcooperative", lang) in text
    assert ROLES["ats-lead"][lang] in text


def test_the_catalogue_gives_each_organisation_its_roles():
    data = catalogue.catalogue(CORPUS, "https://example.org/")
    item = next(i for i in data["items"] if i["id"] == "seminario-rete-servizi-pnrr" and i["lang"] == "it")
    assert len(item["organisations_roles"]) == len(item["organisations"])
    for key, roles in zip(item["organisations"], item["organisations_roles"], strict=True):
        assert tuple(roles) == roles_of("organisations", key)
    row = catalogue.csv_row(item)
    assert row["organisations_roles"].split("|")[0] == "+".join(item["organisations_roles"][0])
    import jsonschema

    jsonschema.validate(data, catalogue.schema("https://example.org/"))


def test_the_json_ld_describes_each_organisation_by_its_roles():
    page = _page("seminario-rete-servizi-pnrr", "fr")
    data = jsonld.page_jsonld(page, CORPUS, "https://example.org/", "Site")
    mentions = {m["name"]: m.get("description") for m in data["mentions"]}
    assert mentions["Confcooperative Cuneo"] == ROLES["organiser"]["fr"]
    assert all(m["@type"] == "Organization" for m in data["mentions"])
