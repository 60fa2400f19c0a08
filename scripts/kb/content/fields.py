"""The field registry: what data/schema/page.yml says about each front-matter field, as objects.

Every other part of the pipeline asks the registry instead of naming fields again: the facets of
the /browse/ pages (generate/indexes.py), the catalogue's columns and its JSON Schema
(generate/catalogue.py), the JSON-LD, the typed view of a page's metadata (content/meta.py), the
web editor's configuration. Adding a field to page.yml, with `x-vocabulary`, `x-facts` or
`x-facet`, is enough for all of them to take it into account.

    fields = load_fields()              # {name: Field}, in the order of page.yml
    fields["phases"].vocabulary         # 'phases'
    fields["phases"].facet              # 'phase': the URL segment of its facet (/browse/phase/…)
    fields["kind"].required_for("output")   # True
    facet_fields(fields)                # the fields that are facets, in the order of the facets

A Field has:
    name          the front-matter key
    type          its JSON type: 'string', 'integer', 'number', 'boolean', 'array' or 'object'
                  (a vocabulary value and a date are strings); None if the schema does not say
    is_list       True for an array
    vocabulary    the vocabulary of the value, or of each item of a list (x-vocabulary), or None
    values        the keys of that vocabulary, in their order (() without a vocabulary)
    facts         True when the field states a fact about the item (x-facts): equal in both languages
    facet         the URL segment of its facet (x-facet), or None
    date          'full' (x-date: YYYY-MM-DD), 'partial' (x-partial-date) or None
    description   the schema's description, for people who edit pages
    example       the first of the schema's examples, or None
    required      the page types that must have it; ALL_TYPES when every page must
    spec          the field's schema as written (a read-only copy), for what the above does not say
    required_for(page_type)  whether a page of that type must have it
    label(value, lang, plural=False)  the label of one of its values (content/texts.py)

The order of the facets: the list fields first, then the single-valued ones, each group in the order
of page.yml (one facet per value for a list, the values partition the items for a scalar).
"""
from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from kb.content.caches import cached
from kb.content.schema import SCHEMA_PATH, VOCABULARIES_PATH, Schema, load_schema
from kb.content.texts import labels
from kb.content.vocab import ordered_keys

ALL_TYPES = "*"  # in Field.required: every page type


@dataclass(frozen=True)
class Field:
    """One top-level front-matter field (see the module docstring)."""

    name: str
    type: str | None
    is_list: bool = False
    vocabulary: str | None = None
    values: tuple[str, ...] = ()
    facts: bool = False
    facet: str | None = None
    date: str | None = None
    description: str = ""
    example: object = None
    required: frozenset = frozenset()
    spec: Mapping = field(default_factory=dict, compare=False, repr=False)

    def required_for(self, page_type: str | None) -> bool:
        """Whether a page of `page_type` must have this field."""
        return ALL_TYPES in self.required or (page_type is not None and page_type in self.required)

    def label(self, value: str, lang: str, plural: bool = False) -> str:
        """The label of one of its values in `lang` (the value itself without a vocabulary, or
        when the vocabulary does not know it)."""
        if not self.vocabulary:
            return value
        return labels(self.vocabulary).text(lang, value, plural=plural)

    @property
    def required_always(self) -> bool:
        return ALL_TYPES in self.required

    @property
    def facet_key(self) -> str | None:
        """The facet's name in interface strings (facet_<key>, facet_<key>_plural)."""
        return self.facet.replace("-", "_") if self.facet else None

    def subfields(self) -> dict[str, Mapping]:
        """The properties of an object field, or of the objects of a list ({} for other fields)."""
        spec = self.spec.get("items", {}) if self.is_list else self.spec
        return dict(spec.get("properties", {})) if isinstance(spec, Mapping) else {}


def _json_type(spec: dict) -> str | None:
    declared = spec.get("type")
    if isinstance(declared, str):
        return declared
    if spec.get("x-vocabulary") or spec.get("x-date") or spec.get("x-partial-date"):
        return "string"
    enum = spec.get("enum")
    if isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
        return "string"
    return None


def _required(schema: Schema) -> dict[str, set[str]]:
    """field -> the page types that require it (ALL_TYPES for the top-level `required`, and for the
    translatable texts that every page has unless it is still to translate)."""
    out: dict[str, set[str]] = {}
    for name in schema.raw.get("required", []):
        out.setdefault(name, set()).add(ALL_TYPES)
    for rule in schema.raw.get("allOf", []):
        condition = rule.get("if", {})
        if "translation" in condition.get("required", []):
            # required on every page but one still to translate (`translation: {from: …}` only)
            for name in rule.get("else", {}).get("required", []):
                out.setdefault(name, set()).add(ALL_TYPES)
            continue
        const = condition.get("properties", {}).get("type", {}).get("const")
        if const is None:
            continue
        for name in rule.get("then", {}).get("required", []):
            out.setdefault(name, set()).add(const)
    return out


def _freeze(value):
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def fields_of(schema: Schema) -> Mapping[str, Field]:
    """The registry of a loaded schema: {name: Field} in the order of its `properties` (read-only;
    `Schema.fields` keeps it)."""
    required = _required(schema)
    out: dict[str, Field] = {}
    for name, spec in schema.raw.get("properties", {}).items():
        spec = spec if isinstance(spec, dict) else {}
        listed = spec.get("items")
        items = listed if isinstance(listed, dict) else {}
        examples = spec.get("examples") or []
        vocabulary = spec.get("x-vocabulary") or items.get("x-vocabulary")
        entries = schema.vocabularies.get(vocabulary) if vocabulary else None
        date = "full" if spec.get("x-date") else "partial" if spec.get("x-partial-date") else None
        out[name] = Field(
            name=name,
            type=_json_type(spec),
            is_list=spec.get("type") == "array",
            vocabulary=vocabulary,
            values=tuple(ordered_keys(entries)) if isinstance(entries, dict) else (),
            facts=bool(spec.get("x-facts")),
            facet=spec.get("x-facet"),
            date=date,
            description=str(spec.get("description") or ""),
            example=copy.deepcopy(examples[0]) if examples else None,
            required=frozenset(required.get(name, ())),
            spec=_freeze(spec),
        )
    return MappingProxyType(out)


@cached(maxsize=8)
def _load(schema_path: str, vocabularies_path: str) -> Mapping[str, Field]:
    return load_schema(Path(schema_path), Path(vocabularies_path)).fields


def load_fields(schema_path: Path = SCHEMA_PATH, vocabularies_path: Path = VOCABULARIES_PATH) -> Mapping[str, Field]:
    """The registry of data/schema/page.yml (or of another schema file): a read-only ordered
    mapping {name: Field}, loaded once per file."""
    # keyed by the paths' text: called for every field of every page, a Path made and hashed each
    # time cost more than the lookup
    return _load(os.fspath(schema_path), os.fspath(vocabularies_path))


def facet_fields(fields: Mapping[str, Field] | None = None) -> list[Field]:
    """The fields marked `x-facet`, in the order of the facets (see the module docstring)."""
    fields = load_fields() if fields is None else fields
    marked = [f for f in fields.values() if f.facet]
    return [f for f in marked if f.is_list] + [f for f in marked if not f.is_list]


def vocabulary_fields(fields: Mapping[str, Field] | None = None, lists: bool | None = None) -> list[Field]:
    """The fields whose values come from a vocabulary, in schema order; `lists` True or False keeps
    only the list fields or only the single-valued ones."""
    fields = load_fields() if fields is None else fields
    return [f for f in fields.values() if f.vocabulary and (lists is None or f.is_list == lists)]


def facts_fields(fields: Mapping[str, Field] | None = None) -> list[str]:
    """The names of the fields marked `x-facts`, in schema order."""
    fields = load_fields() if fields is None else fields
    return [f.name for f in fields.values() if f.facts]
