"""The front-matter schema (data/schema/page.yml) as a compiled JSON Schema validator.

The schema is kept as YAML with a few project keywords:
- `x-vocabulary: NAME`  the value is one of the keys of NAME in data/vocabularies.yml: the loader
                        adds the matching `enum`, so values live in data/vocabularies.yml only;
- `x-date: true`        a real calendar date written YYYY-MM-DD (2026-02-30 is refused);
- `x-partial-date: true` a date only as precise as its source: YYYY, YYYY-MM or YYYY-MM-DD;
- `x-url: true`         an address that starts with https:// and names a host;
- `x-facts: true`       a fact about the item: equal in the Italian and the French page (the checker
                        compares twins; the validator ignores the keyword).
The validator is built once (`load_schema()` is cached) and reused for every page.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from jsonschema import Draft202012Validator, ValidationError, validators

from .paths import DATA

SCHEMA_PATH = DATA / "schema" / "page.yml"
VOCABULARIES_PATH = DATA / "vocabularies.yml"

_FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _error(code: str, message: str, **args) -> ValidationError:
    """A validation error that carries the checker's code and message arguments (`.kb`)."""
    err = ValidationError(message)
    err.kb = (code, args)
    return err


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _x_date(validator, enabled, instance, schema):
    if not enabled:
        return
    if isinstance(instance, dt.datetime):
        yield _error("KB022", "date with a time", value=instance.isoformat(sep=" "))
        return
    if isinstance(instance, dt.date):
        return
    text = str(instance)
    match = _FULL_DATE.match(text) if isinstance(instance, str) else None
    if not match:
        yield _error("KB022", "not YYYY-MM-DD", value=text)
    elif not _real_date(*map(int, match.groups())):
        yield _error("KB023", "no such day", value=text)


def _x_partial_date(validator, enabled, instance, schema):
    if not enabled:
        return
    if isinstance(instance, dt.datetime):
        yield _error("KB024", "date with a time", value=instance.isoformat(sep=" "))
        return
    if isinstance(instance, dt.date):
        return
    if isinstance(instance, int) and not isinstance(instance, bool) and 1000 <= instance <= 9999:
        return  # `start: 2022` unquoted is a year
    match = _PARTIAL_DATE.match(instance) if isinstance(instance, str) else None
    if not match:
        yield _error("KB024", "not YYYY, YYYY-MM or YYYY-MM-DD", value=str(instance))
        return
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12 or day and not _real_date(int(year), int(month), int(day)):
        yield _error("KB023", "no such day", value=instance)


def _x_url(validator, enabled, instance, schema):
    if not enabled or not isinstance(instance, str):
        return
    try:
        parts = urlsplit(instance)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if parts is None or parts.scheme != "https" or not host or re.search(r"\s", instance):
        yield _error("KB025", "not an https:// address with a host", value=instance)


PageValidator = validators.extend(
    Draft202012Validator,
    {"x-date": _x_date, "x-partial-date": _x_partial_date, "x-url": _x_url},
)


@dataclass
class Schema:
    """The loaded schema, its compiled validator and what the checker and scaffolder ask of it."""

    raw: dict  # the schema as written, without the vocabulary enums
    compiled: dict  # with `enum` added for every `x-vocabulary`
    vocabularies: dict
    validator: Draft202012Validator

    @property
    def properties(self) -> dict:
        return self.compiled.get("properties", {})

    def facts_fields(self) -> list[str]:
        """Top-level fields marked `x-facts: true`, in schema order."""
        return [name for name, spec in self.properties.items() if spec.get("x-facts")]

    def required_for(self, page_type: str | None) -> list[str]:
        """Required fields of a page of `page_type` (the `allOf` if/then rules included), in order."""
        required = list(self.compiled.get("required", []))
        for rule in self.compiled.get("allOf", []):
            const = rule.get("if", {}).get("properties", {}).get("type", {}).get("const")
            if const is not None and const == page_type:
                required += [r for r in rule.get("then", {}).get("required", []) if r not in required]
        order = list(self.properties)
        return sorted(required, key=lambda name: order.index(name) if name in order else len(order))

    def vocabulary_of(self, field: str) -> str | None:
        """The vocabulary of a top-level field, or of its items for a list."""
        spec = self.properties.get(field, {})
        return spec.get("x-vocabulary") or spec.get("items", {}).get("x-vocabulary")

    def example(self, field: str):
        examples = self.raw.get("properties", {}).get(field, {}).get("examples")
        return examples[0] if examples else None


def _add_enums(node, vocabularies: dict):
    """Turn every `x-vocabulary: NAME` into `enum: [keys of NAME]` (in place)."""
    if isinstance(node, dict):
        name = node.get("x-vocabulary")
        if name is not None:
            if name not in vocabularies:
                raise KeyError(f"data/schema/page.yml names an unknown vocabulary: {name}")
            node["enum"] = list(vocabularies[name])
        for value in node.values():
            _add_enums(value, vocabularies)
    elif isinstance(node, list):
        for value in node:
            _add_enums(value, vocabularies)


@lru_cache(maxsize=4)
def load_schema(schema_path: Path = SCHEMA_PATH, vocabularies_path: Path = VOCABULARIES_PATH) -> Schema:
    with open(schema_path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    with open(vocabularies_path, encoding="utf-8") as fh:
        vocabularies = yaml.safe_load(fh)
    compiled = copy.deepcopy(raw)
    _add_enums(compiled, vocabularies)
    return Schema(raw=raw, compiled=compiled, vocabularies=vocabularies, validator=PageValidator(compiled))
