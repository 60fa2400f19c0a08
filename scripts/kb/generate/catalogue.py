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

from kb.content.frontmatter import to_jsonable
from kb.content.urls import absolute
from kb.content.pages import Corpus, Page
from kb.content.paths import LANGS
from kb.content.vocab import keys, label

LIST_FIELDS = {  # front matter list field -> vocabulary
    "phases": "phases",
    "territories": "territories",
    "partners": "partners",
    "target_groups": "target_groups",
    "themes": "themes",
}
SCALAR_VOCAB_FIELDS = {"type": "types", "status": "statuses", "kind": "output_kinds", "code": "phases"}
CSV_COLUMNS = [
    "id", "lang", "type", "status", "url", "twin_url", "title", "description", "updated",
    "code", "kind", "year", "period_start", "period_end", "weight",
    "phases", "territories", "partners", "target_groups", "themes",
    "type_label", "status_label", "kind_label", "code_label",
    "phases_labels", "territories_labels", "partners_labels", "target_groups_labels", "themes_labels",
    "translation_from", "source_file", "sources",
]
SEPARATOR = "|"


def _str_or_none(value):
    return None if value is None else str(value)


def item_of(page: Page, corpus: Corpus, site_url: str) -> dict:
    meta = to_jsonable(page.meta)
    lang = page.lang
    twin = corpus.twin(page)
    period = meta.get("period") if isinstance(meta.get("period"), dict) else {}
    item = {
        "id": page.id or page.rel,
        "lang": lang,
        "type": _str_or_none(meta.get("type")),
        "status": _str_or_none(meta.get("status")),
        "url": absolute(site_url, page.url),
        "twin_url": absolute(site_url, twin.url) if twin is not None else None,
        "title": page.title,
        "description": _str_or_none(meta.get("description")),
        "updated": _str_or_none(meta.get("updated")),
        "code": _str_or_none(meta.get("code")),
        "kind": _str_or_none(meta.get("kind")),
        "year": meta.get("year") if isinstance(meta.get("year"), int) else None,
        "period": {k: str(period[k]) for k in ("start", "end") if period.get(k)} or None,
        "weight": meta.get("weight") if isinstance(meta.get("weight"), int) else None,
        "translation_from": (meta.get("translation") or {}).get("from") if isinstance(meta.get("translation"), dict) else None,
        "source_file": f"docs/{lang}/{page.rel}",
        "sources": [
            {k: str(s[k]) for k in ("title", "url", "ref") if s.get(k)}
            for s in meta.get("sources") or []
            if isinstance(s, dict)
        ],
    }
    labels: dict = {}
    for field, vocabulary in LIST_FIELDS.items():
        raw = meta.get(field)
        values = [str(v) for v in raw] if isinstance(raw, list) else []
        item[field] = values
        labels[field] = [label(vocabulary, v, lang) for v in values]
    for field, vocabulary in SCALAR_VOCAB_FIELDS.items():
        value = item.get(field)
        labels[field] = label(vocabulary, value, lang) if value else None
    item["labels"] = labels
    return item


def catalogue(corpus: Corpus, site_url: str) -> dict:
    order = {lang: i for i, lang in enumerate(LANGS)}
    pages = sorted(corpus.pages, key=lambda p: (p.id or p.rel, order.get(p.lang, 99), p.rel))
    items = [item_of(p, corpus, site_url) for p in pages if p.meta]
    return {
        "$schema": absolute(site_url, "api/catalogue.schema.json"),
        "site": absolute(site_url, ""),
        "languages": list(LANGS),
        "count": len(items),
        "items": items,
    }


def to_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def csv_row(item: dict) -> dict:
    labels = item["labels"]
    row = {k: item.get(k) for k in CSV_COLUMNS if k in item and not isinstance(item.get(k), (list, dict))}
    period = item.get("period") or {}
    row["period_start"] = period.get("start")
    row["period_end"] = period.get("end")
    for field in LIST_FIELDS:
        row[field] = SEPARATOR.join(item[field])
        row[f"{field}_labels"] = SEPARATOR.join(labels[field])
    for field in SCALAR_VOCAB_FIELDS:
        row[f"{field}_label"] = labels[field]
    row["sources"] = json.dumps(item["sources"], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return {k: "" if row.get(k) is None else row[k] for k in CSV_COLUMNS}


def to_csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in data["items"]:
        writer.writerow(csv_row(item))
    return out.getvalue()


def schema(site_url: str) -> dict:
    """JSON Schema of catalogue.json; vocabulary enums come from data/vocabularies.yml."""
    def enum_of(vocabulary: str, nullable: bool = False) -> dict:
        values = keys(vocabulary)
        return {"enum": values + [None]} if nullable else {"enum": values}

    nullable_str = {"type": ["string", "null"]}
    date = {"type": ["string", "null"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
    list_of = lambda vocabulary: {"type": "array", "items": enum_of(vocabulary), "uniqueItems": True}  # noqa: E731
    label_list = {"type": "array", "items": {"type": "string"}}
    item = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "id", "lang", "type", "status", "url", "twin_url", "title", "description", "updated", "code",
            "kind", "year", "period", "weight", "translation_from", "source_file", "sources", "labels",
            *LIST_FIELDS,
        ],
        "properties": {
            "id": {"type": "string", "description": "Stable identifier, the same in both languages."},
            "lang": {"enum": list(LANGS)},
            "type": enum_of("types"),
            "status": enum_of("statuses"),
            "url": {"type": "string", "format": "uri", "description": "Absolute URL of the page."},
            "twin_url": {"type": ["string", "null"], "format": "uri", "description": "The same page in the other language."},
            "title": {"type": "string"},
            "description": nullable_str,
            "updated": date,
            "code": enum_of("phases", nullable=True),
            "kind": enum_of("output_kinds", nullable=True),
            "year": {"type": ["integer", "null"]},
            "period": {
                "type": ["object", "null"],
                "additionalProperties": False,
                "properties": {"start": date, "end": date},
            },
            "weight": {"type": ["integer", "null"]},
            "translation_from": {"enum": list(LANGS) + [None]},
            "source_file": {"type": "string"},
            "sources": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["title"],
                    "properties": {"title": {"type": "string"}, "url": {"type": "string"}, "ref": {"type": "string"}},
                },
            },
            **{field: list_of(vocabulary) for field, vocabulary in LIST_FIELDS.items()},
            "labels": {
                "type": "object",
                "description": "Labels of the vocabulary values, in the page's language.",
                "additionalProperties": False,
                "required": list(LIST_FIELDS) + list(SCALAR_VOCAB_FIELDS),
                "properties": {
                    **{field: label_list for field in LIST_FIELDS},
                    **{field: nullable_str for field in SCALAR_VOCAB_FIELDS},
                },
            },
        },
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


def write(corpus: Corpus, site_dir: Path, site_url: str) -> list[Path]:
    """Write the three files into <site_dir>/api/ and return their paths."""
    data = catalogue(corpus, site_url)
    folder = Path(site_dir) / "api"
    folder.mkdir(parents=True, exist_ok=True)
    outputs = {
        "catalogue.json": to_json(data),
        "catalogue.csv": to_csv(data),
        "catalogue.schema.json": to_json(schema(site_url)),
    }
    written = []
    for name, text in outputs.items():
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
