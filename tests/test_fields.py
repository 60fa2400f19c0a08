"""The field registry (scripts/kb/content/fields.py) and the typed view of a page's front matter
(scripts/kb/content/metadata.py): a field declared once in the schema reaches the facets, the
catalogue and its JSON Schema; a page with wrong values still gives a view, never an exception."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import yaml
from kb.content import frontmatter
from kb.content.fields import facet_fields, load_fields
from kb.content.metadata import ItemMeta, Period
from kb.content.pages import Corpus, Page
from kb.content.paths import DATA
from kb.generate import catalogue, indexes, jsonld

SITE_URL = "https://example.org/kb/"


def fixture_schema(tmp_path: Path) -> tuple[Path, Path]:
    """The real schema and vocabularies, plus a list field `languages` marked as a facet."""
    schema = yaml.safe_load((DATA / "schema" / "page.yml").read_text(encoding="utf-8"))
    schema["properties"]["languages"] = {
        "description": "Languages the item was carried out in.",
        "examples": [["occitano"]],
        "type": "array",
        "uniqueItems": True,
        "items": {"x-vocabulary": "spoken_languages"},
        "x-facet": "language",
        "x-facts": True,
    }
    vocabularies = yaml.safe_load((DATA / "vocabularies.yml").read_text(encoding="utf-8"))
    vocabularies["spoken_languages"] = {
        "occitano": {"it": "Occitano", "fr": "Occitan"},
        "francoprovenzale": {"it": "Francoprovenzale", "fr": "Francoprovençal"},
    }
    schema_path, vocabularies_path = tmp_path / "page.yml", tmp_path / "vocabularies.yml"
    schema_path.write_text(yaml.safe_dump(schema, allow_unicode=True, sort_keys=False), encoding="utf-8")
    vocabularies_path.write_text(yaml.safe_dump(vocabularies, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return schema_path, vocabularies_path


def make_page(text: str, lang: str = "it", rel: str = "experiences/prova.md") -> Page:
    return Page(lang=lang, rel=rel, path=Path("/nonexistent") / lang / rel,
                parsed=frontmatter.parse_text(text))


def corpus_of(*pages: Page) -> Corpus:
    corpus = Corpus(docs=Path("/nonexistent"), pages=list(pages))
    corpus.index()
    return corpus


EXPERIENCE = """---
id: prova
type: experience
title: Una prova
description: Una esperienza inventata per provare il registro dei campi.
updated: 2026-03-01
status: published
sources:
  - {title: "Fonte di prova", ref: seed}
phases: [conoscere]
territories: [torino]
organisations: [uecoop]
target_groups: [comunita]
themes: [agricoltura-sociale]
languages: [occitano, francoprovenzale]
---

Testo.
"""


def test_the_real_registry_describes_the_schema():
    fields = load_fields()
    assert list(fields)[:3] == ["id", "type", "title"]
    assert fields["phases"].is_list and fields["phases"].vocabulary == "phases" and fields["phases"].facet == "phase"
    assert fields["kind"].required_for("output") and not fields["kind"].required_for("experience")
    assert fields["title"].required_for("page") and not fields["title"].facts
    assert fields["year"].type == "integer" and fields["updated"].date == "full"
    assert [f.facet for f in facet_fields()] == [f.name for f in indexes.FACETS]


def test_a_facet_field_added_to_the_schema_reaches_facets_and_catalogue(tmp_path):
    fields = load_fields(*fixture_schema(tmp_path))
    field = fields["languages"]
    assert (field.is_list, field.vocabulary, field.facet, field.facts) == (True, "spoken_languages", "language", True)
    assert field.values == ("occitano", "francoprovenzale")

    facets = {f.name: f for f in indexes.facets_of(fields)}
    assert "language" in facets and facets["language"].field == "languages"
    assert facets["language"].values() == ["occitano", "francoprovenzale"]
    page = make_page(EXPERIENCE)
    assert indexes.values_of(page, facets["language"]) == ["occitano", "francoprovenzale"]

    columns = catalogue.csv_columns(fields)
    assert columns[: len(catalogue.PUBLISHED_COLUMNS)] == list(catalogue.PUBLISHED_COLUMNS)
    assert columns[len(catalogue.PUBLISHED_COLUMNS):] == ["languages", "languages_labels"]

    data = catalogue.catalogue(corpus_of(page), SITE_URL, fields)
    assert data["items"][0]["languages"] == ["occitano", "francoprovenzale"]
    schema = catalogue.schema(SITE_URL, fields)
    item_schema = schema["$defs"]["item"]
    assert item_schema["properties"]["languages"]["items"] == {"enum": ["occitano", "francoprovenzale"]}
    assert "languages" in item_schema["required"] and "languages" in item_schema["properties"]["labels"]["required"]
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert errors == [], [e.message for e in errors]
    rows = list(csv.DictReader(io.StringIO(catalogue.to_csv(data, fields))))
    assert rows[0]["languages"] == "occitano|francoprovenzale"

    # a value outside the vocabulary is refused by the catalogue's schema
    wrong = make_page(EXPERIENCE.replace("languages: [occitano, francoprovenzale]", "languages: [latino]"))
    data = catalogue.catalogue(corpus_of(wrong), SITE_URL, fields)
    assert not jsonschema.Draft202012Validator(schema).is_valid(data)


WRONG = """---
id: [not, a, string]
type: {experience: yes}
title: [1, 2]
description: 42
updated: "26 novembre"
status: published
sources: just a string
weight: ten
phases: conoscere
territories: {torino: 1}
organisations: [uecoop, 7]
kind: [ricerca]
year: "2022"
period: [2022, 2023]
translation: it
---

Testo.
"""


def test_a_page_with_wrong_types_still_gives_a_view():
    page = make_page(WRONG)
    view = page.view
    assert view.id is None and view.type is None and view.title is None
    assert page.title == page.rel and page.id is None
    assert view.description == "42" and view.updated is None and view.weight is None
    assert view.sources == () and view.period is None and view.kind is None and view.year is None
    assert view.phases == ("conoscere",) and view.territories == () and view.organisations == ("uecoop", "7")
    assert view.translation is not None and view.translation.from_lang is None
    assert page.meta["weight"] == "ten"  # the checker still sees what was written

    # everything built from the view copes with it
    corpus = corpus_of(page)
    item = catalogue.item_of(page, corpus, SITE_URL)
    assert item["id"] == page.rel and item["weight"] is None and item["phases"] == ["conoscere"]
    catalogue.to_csv(catalogue.catalogue(corpus, SITE_URL))
    jsonld.page_jsonld(page, corpus, SITE_URL, "Prova")
    assert indexes.values_of(page, indexes.FACET_BY_NAME["phase"]) == ["conoscere"]
    assert corpus.of_type("it", "experience") == []


def test_a_front_matter_that_is_not_a_mapping_gives_an_empty_view():
    for meta in (None, [], "text", 3):
        view = ItemMeta.of(meta)
        assert view.id is None and view.phases == () and view.translation is None and view.values("themes") == ()


def test_the_view_reads_valid_values():
    view = make_page(EXPERIENCE.replace("status: published", "status: published\nperiod: {start: 2022-07, end: 2023}")).view
    assert view.phases == ("conoscere",) and view.updated.isoformat() == "2026-03-01"
    assert view.period == Period("2022-07", "2023") and view.period.interval() == "2022-07/2023"
    assert view.sources[0].title == "Fonte di prova" and view.sources[0].ref == "seed"
    assert view.translation is None
    assert json.dumps(view.values("languages")) == '["occitano", "francoprovenzale"]'
