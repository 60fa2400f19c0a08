"""Open data: the catalogue of every page of both languages, as JSON and CSV, with its JSON Schema.

    <site>/api/catalogue.json          {"site", "languages", "count", "items": [...]}
    <site>/api/catalogue.csv           the same rows, one column per field (lists joined with '|')
    <site>/api/catalogue.schema.json   JSON Schema (draft 2020-12) of catalogue.json

Deterministic: items sorted by (id, language order), keys sorted, no build time inside, so two
builds of the same commit give the same bytes. No MkDocs here.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from kb.content.fields import Field, load_fields
from kb.content.pages import Corpus, Page
from kb.content.paths import LANGS
from kb.content.urls import absolute
from kb.content.vocab import ROLES_VOCABULARY, load_vocabularies, roles_of

SEPARATOR = "|"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"

# The columns come from the field registry (data/schema/page.yml, content/fields.py), plus those the
# catalogue adds: lang, url, twin_url, source_file, and translation_from (of the `translation`
# record, only the language: the fingerprint is a detail of the translators' work). A list field
# with a vocabulary gives <field> and <field>_labels, a single value with a vocabulary <field> and
# <field>_label, an object <field>_<entry> in the CSV.
# The CSV keeps the order in which its columns were first published; a new field's columns come
# after them, in the order of page.yml.
PUBLISHED_COLUMNS = (
    "id", "lang", "type", "status", "url", "twin_url", "title", "description", "updated",
    "code", "kind", "year", "period_start", "period_end", "weight",
    "phases", "territories", "organisations", "target_groups", "themes",
    "type_label", "status_label", "kind_label", "code_label",
    "phases_labels", "territories_labels", "organisations_labels", "target_groups_labels", "themes_labels",
    "translation_from", "source_file", "sources",
    "organisations_roles",
)
OWN_DESCRIPTIONS = {
    "id": "Stable identifier, the same in both languages.",
    "url": "Absolute URL of the page.",
    "twin_url": "The same page in the other language.",
}
RECORD_ONLY = {"translation": "from"}  # object field -> the one entry the catalogue keeps


def _fields(fields) -> list[Field]:
    return list((load_fields() if fields is None else fields).values())


def _is_vocabulary_list(f: Field) -> bool:
    return f.is_list and f.vocabulary is not None


def _is_object_list(f: Field) -> bool:
    return f.is_list and f.vocabulary is None


def _has_roles(f: Field) -> bool:
    """A list field whose vocabulary gives its values roles (the organisations)."""
    return _is_vocabulary_list(f) and any(roles_of(f.vocabulary or "", v) for v in f.values)


ROLES_DESCRIPTION = ("The roles of each value, in the same order (keys of organisation_roles in "
                     "data/vocabularies.yml: ats-member, pro-sol-partner, organiser…); in the CSV, "
                     "each value's roles joined with '+', the values with '|'.")


def _key(f: Field) -> str:
    """The item's key for a field."""
    return f"{f.name}_{RECORD_ONLY[f.name]}" if f.name in RECORD_ONLY else f.name


def value_of(page: Page, f: Field):
    """The catalogue's value of one field of a page: JSON-ready, None when the page lacks it."""
    view = page.view
    if f.name == "id":
        return page.id or page.rel
    if f.name == "title":
        return page.title
    if f.name in RECORD_ONLY:
        return (view.record(f.name) or {}).get(RECORD_ONLY[f.name])
    if _is_vocabulary_list(f):
        return list(view.values(f.name))
    entries = f.subfields()  # of an object, only the entries page.yml declares
    if _is_object_list(f):
        return [{k: v for k, v in r.items() if k in entries} for r in view.records(f.name)]
    if f.type == "integer":
        return view.integer(f.name)
    if f.type == "object":
        return {k: v for k, v in (view.record(f.name) or {}).items() if k in entries} or None
    return view.text(f.name)


def item_of(page: Page, corpus: Corpus, site_url: str, fields=None) -> dict:
    lang = page.lang
    twin = corpus.twin(page)
    item: dict[str, Any] = {
        "lang": lang,
        "url": absolute(site_url, page.url),
        "twin_url": absolute(site_url, twin.url) if twin is not None else None,
        "source_file": f"docs/{lang}/{page.rel}",
    }
    labels: dict = {}
    for f in _fields(fields):
        value = item[_key(f)] = value_of(page, f)
        if _has_roles(f):
            item[f"{f.name}_roles"] = [list(roles_of(f.vocabulary or "", v)) for v in value]
        if _is_vocabulary_list(f):
            labels[f.name] = [f.label(v, lang) for v in value]
        elif f.vocabulary:
            labels[f.name] = f.label(value, lang) if value else None
    item["labels"] = labels
    return item


def catalogue(corpus: Corpus, site_url: str, fields=None) -> dict:
    order = {lang: i for i, lang in enumerate(LANGS)}
    pages = sorted(corpus.pages, key=lambda p: (p.id or p.rel, order.get(p.lang, 99), p.rel))
    items = [item_of(p, corpus, site_url, fields) for p in pages if p.meta]
    return {
        "$schema": absolute(site_url, "api/catalogue.schema.json"),
        "site": absolute(site_url, ""),
        "languages": list(LANGS),
        "count": len(items),
        "items": items,
    }


def to_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def _cells(f: Field, item: dict) -> dict:
    """The CSV cells of one field of an item."""
    key, value, labels = _key(f), item.get(_key(f)), item["labels"]
    if _is_vocabulary_list(f):
        cells = {key: SEPARATOR.join(value or ()), f"{key}_labels": SEPARATOR.join(labels.get(f.name) or ())}
        if _has_roles(f):
            cells[f"{key}_roles"] = SEPARATOR.join("+".join(r) for r in item.get(f"{key}_roles") or ())
        return cells
    if _is_object_list(f):
        return {key: json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))}
    if f.type == "object" and f.name not in RECORD_ONLY:
        return {f"{key}_{entry}": (value or {}).get(entry) for entry in f.subfields()}
    if f.vocabulary:
        return {key: value, f"{key}_label": labels.get(f.name)}
    return {key: value}


def csv_columns(fields=None) -> list[str]:
    """The CSV's columns: the published ones first, in their order, then any new field's."""
    empty: dict[str, Any] = {"labels": {}}
    generic = ["lang", "url", "twin_url", "source_file"]
    for f in _fields(fields):
        generic += [c for c in _cells(f, empty) if c not in generic]
    return [c for c in PUBLISHED_COLUMNS if c in generic] + [c for c in generic if c not in PUBLISHED_COLUMNS]


def csv_row(item: dict, fields=None, columns: list[str] | None = None) -> dict:
    row = {k: item.get(k) for k in ("lang", "url", "twin_url", "source_file")}
    for f in _fields(fields):
        row.update(_cells(f, item))
    return {k: "" if row.get(k) is None else row[k] for k in (columns or csv_columns(fields))}


def to_csv(data: dict, fields=None) -> str:
    out = io.StringIO()
    columns = csv_columns(fields)
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for item in data["items"]:
        writer.writerow(csv_row(item, fields, columns))
    return out.getvalue()


# --- the JSON Schema of catalogue.json -------------------------------------------------------------

def _nullable(schema: dict) -> dict:
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    return {**schema, "type": [schema["type"], "null"]}


def _value_schema(spec) -> dict:
    """The catalogue's schema of one value as page.yml describes it (the catalogue writes text)."""
    if spec.get("x-date") or spec.get("x-partial-date"):
        return {"type": "string", "pattern": DATE_PATTERN}
    if "enum" in spec and "x-vocabulary" not in spec:
        return {"enum": list(spec["enum"])}
    if spec.get("type") == "integer":
        return {"type": "integer"}
    return {"type": "string"}


def _field_schema(f: Field) -> dict:
    """The schema of a field's value in an item. Values are null when the page lacks them, except
    the id and the title (they fall back to the path) and the vocabulary values every page must
    have (a page without them is not published)."""
    if f.name in RECORD_ONLY:
        return _nullable(_value_schema(f.spec.get("properties", {}).get(RECORD_ONLY[f.name], {})))
    if _is_vocabulary_list(f):
        return {"type": "array", "items": {"enum": list(f.values)}, "uniqueItems": True}
    if _is_object_list(f):
        entries = f.subfields()
        return {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": sorted(f.spec.get("items", {}).get("required", [])),
                "properties": {name: {"type": "string"} for name in entries},
            },
        }
    if f.type == "object":
        return {
            "type": ["object", "null"],
            "additionalProperties": False,
            "properties": {name: _nullable(_value_schema(spec)) for name, spec in f.subfields().items()},
        }
    if f.vocabulary:
        schema: dict[str, Any] = {"enum": list(f.values)}
        return schema if f.required_always else _nullable(schema)
    schema = {"type": "string"} if f.name in ("id", "title") else _nullable(_value_schema(f.spec))
    if f.name in OWN_DESCRIPTIONS:
        schema["description"] = OWN_DESCRIPTIONS[f.name]
    return schema


def schema(site_url: str, fields=None) -> dict:
    """JSON Schema of catalogue.json, from the field registry; vocabulary enums come from
    data/vocabularies.yml. `required` lists are sorted: they are sets."""
    label_fields = [f for f in _fields(fields) if f.vocabulary]
    properties = {_key(f): _field_schema(f) for f in _fields(fields)}
    roles = list(load_vocabularies().get(ROLES_VOCABULARY) or {})
    for f in _fields(fields):
        if _has_roles(f):
            properties[f"{f.name}_roles"] = {"type": "array", "items": {"type": "array", "items": {"enum": roles}},
                                            "description": ROLES_DESCRIPTION}
    properties.update({
        "lang": {"enum": list(LANGS)},
        "url": {"type": "string", "format": "uri", "description": OWN_DESCRIPTIONS["url"]},
        "twin_url": {"type": ["string", "null"], "format": "uri", "description": OWN_DESCRIPTIONS["twin_url"]},
        "source_file": {"type": "string"},
        "labels": {
            "type": "object",
            "description": "Labels of the vocabulary values, in the page's language.",
            "additionalProperties": False,
            "required": sorted(f.name for f in label_fields),
            "properties": {
                f.name: {"type": "array", "items": {"type": "string"}} if f.is_list else {"type": ["string", "null"]}
                for f in label_fields
            },
        },
    })
    item = {
        "type": "object",
        "additionalProperties": False,
        "required": sorted(properties),
        "properties": properties,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": absolute(site_url, "api/catalogue.schema.json"),
        "title": "Catalogue of the pages of the site",
        "type": "object",
        "additionalProperties": False,
        "required": ["site", "languages", "count", "items"],
        "properties": {
            "$schema": {"type": "string"},
            "site": {"type": "string", "format": "uri"},
            "languages": {"type": "array", "items": {"enum": list(LANGS)}},
            "count": {"type": "integer", "minimum": 0},
            "items": {"type": "array", "items": {"$ref": "#/$defs/item"}},
        },
        "$defs": {"item": item},
    }


def write(corpus: Corpus, site_dir: Path, site_url: str, fields=None) -> list[Path]:
    """Write the three files into <site_dir>/api/ and return their paths."""
    data = catalogue(corpus, site_url, fields)
    folder = Path(site_dir) / "api"
    folder.mkdir(parents=True, exist_ok=True)
    outputs = {
        "catalogue.json": to_json(data),
        "catalogue.csv": to_csv(data, fields),
        "catalogue.schema.json": to_json(schema(site_url, fields)),
    }
    written = []
    for name, text in outputs.items():
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
