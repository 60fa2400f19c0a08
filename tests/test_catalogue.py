"""The open data catalogue (site/api/catalogue.{json,csv} and its JSON Schema), on the small corpus of
tests/kb_fixture.py and on the real site."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from kb.content.pages import load_pages
from kb.content.vocab import label
from kb.generate import catalogue
from kb_fixture import ITEMS, PAGES, SITE_URL
from kb_html import content, load, resolve


def read_json(site: Path, name: str) -> dict:
    return json.loads((site / "api" / name).read_text(encoding="utf-8"))


def read_csv(site: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO((site / "api" / "catalogue.csv").read_text(encoding="utf-8"))))


def test_catalogue_validates_against_its_schema(generated_site):
    data = read_json(generated_site, "catalogue.json")
    schema = read_json(generated_site, "catalogue.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]
    assert data["$schema"] == SITE_URL + "api/catalogue.schema.json" == schema["$id"]


def test_catalogue_has_every_page_in_both_languages_with_twin_urls(generated_site):
    data = read_json(generated_site, "catalogue.json")
    items = {(i["id"], i["lang"]): i for i in data["items"]}
    ids = {meta.split("\n")[0].removeprefix("id: ") for meta, *_ in PAGES.values()}
    assert set(items) == {(i, lang) for i in ids for lang in ("it", "fr")}
    assert data["count"] == len(data["items"]) == 2 * len(PAGES)
    for (page_id, lang), item in items.items():
        twin = items[(page_id, "fr" if lang == "it" else "it")]
        assert item["twin_url"] == twin["url"]
        assert item["url"].startswith(SITE_URL)
        path = item["url"].removeprefix(SITE_URL)
        assert (generated_site / path / "index.html").is_file(), path
    experience = items[("orti-torino", "fr")]
    assert experience["type"] == "experience" and experience["title"] == "Jardins partagés d'essai"
    assert experience["territories"] == ["torino"]
    assert experience["labels"]["territories"] == [label("territories", "torino", "fr")] == ["Turin"]
    assert experience["period"] == {"start": "2022-07", "end": "2023"}
    assert experience["translation_from"] == "it" and experience["updated"] == "2026-03-01"
    assert items[("ricerca-prova", "it")]["kind"] == "ricerca" and items[("ricerca-prova", "it")]["year"] == 2021
    assert items[("aiuto-familiari", "it")]["status"] == "example"


def test_csv_has_the_same_rows_as_the_json(generated_site):
    data = read_json(generated_site, "catalogue.json")
    rows = read_csv(generated_site)
    assert [(r["id"], r["lang"], r["url"], r["twin_url"], r["title"]) for r in rows] == [
        (i["id"], i["lang"], i["url"], i["twin_url"] or "", i["title"]) for i in data["items"]
    ]
    row = next(r for r in rows if r["id"] == "orti-torino" and r["lang"] == "it")
    assert row["phases"] == "conoscere|creare-relazioni"
    assert row["phases_labels"] == "Conoscere|Creare relazioni"
    assert row["period_start"] == "2022-07" and row["period_end"] == "2023"
    assert json.loads(row["sources"])[0]["ref"] == "seed"


def test_catalogue_output_is_deterministic(tmp_path):
    corpus = load_pages()
    first = catalogue.write(corpus, tmp_path / "a", SITE_URL)
    second = catalogue.write(load_pages(), tmp_path / "b", SITE_URL)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    data = json.loads(first[0].read_text(encoding="utf-8"))
    order = {"it": 0, "fr": 1}
    keys = [(i["id"], order[i["lang"]]) for i in data["items"]]
    assert keys == sorted(keys)


# --- the real site ---------------------------------------------------------------------------------

def test_each_experience_appears_in_its_phase_pages_and_the_catalogue(site):
    corpus = load_pages(include_drafts=False)  # drafts are in no page and no catalogue
    data = read_json(site, "catalogue.json")
    in_catalogue = {(i["id"], i["lang"]): i for i in data["items"]}
    experiences = [p for p in corpus.pages if p.type == "experience"]
    assert experiences, "the real site has no experience yet"
    phase_pages = {(p.lang, p.meta.get("code")): p for p in corpus.pages if p.type == "phase"}
    for page in experiences:
        item = in_catalogue[(page.id, page.lang)]
        assert item["url"].endswith("/" + page.url)
        assert item["phases"] == list(page.meta["phases"])
        for code in page.meta["phases"]:
            phase = phase_pages.get((page.lang, code))
            assert phase is not None, f"no phase page for {code} in {page.lang}"
            links = {resolve(phase.url, href) for href, _ in content(load(site, phase.url)).links()}
            assert page.url in links, f"{page.url} is missing from {phase.url}"
            browse = f"{'fr/' if page.lang == 'fr' else ''}browse/phase/{code}/"
            links = {resolve(browse, href) for href, _ in content(load(site, browse)).links()}
            assert page.url in links, f"{page.url} is missing from {browse}"


@pytest.mark.parametrize("item", ITEMS)
def test_fixture_items_are_in_the_catalogue_of_both_languages(generated_site, item):
    data = read_json(generated_site, "catalogue.json")
    assert {i["lang"] for i in data["items"] if i["id"] == item} == {"it", "fr"}
