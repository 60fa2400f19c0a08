"""The front-matter schema (data/schema/page.yml) as a compiled JSON Schema validator.

The schema is kept as YAML with a few project keywords:
- `x-vocabulary: NAME`  the value is one of the keys of NAME in data/vocabularies.yml: the loader
                        adds the matching `enum`, so values live in data/vocabularies.yml only;
- `x-date: true`        a real calendar date written YYYY-MM-DD (2026-02-30 is refused);
- `x-partial-date: true` a date only as precise as its source: YYYY, YYYY-MM or YYYY-MM-DD;
- `x-url: true`         an address that starts with https:// and names a host;
- `x-facts: true`       a fact about the item: equal in the Italian and the French page (the checker
                        compares twins; the validator ignores the keyword);
- `x-facet: SEGMENT`    a way of browsing the items (/browse/SEGMENT/…; see content/fields.py; the
                        validator ignores the keyword).
The validator is built once (`load_schema()` is cached) and reused for every page.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from kb.content import yamldata
from kb.content.caches import cached
from kb.content.paths import DATA

SCHEMA_PATH = DATA / "schema" / "page.yml"
VOCABULARIES_PATH = DATA / "vocabularies.yml"

_FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _error(code: str, message: str, **args):
    """A validation error that carries the checker's code and message arguments (`.kb`)."""
    from jsonschema import ValidationError  # imported only when a page has a problem

    err = ValidationError(message)
    vars(err)["kb"] = (code, args)  # an attribute of ours, read with getattr: jsonschema's class does not declare it
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
        day = instance
    else:
        text = str(instance)
        match = _FULL_DATE.match(text) if isinstance(instance, str) else None
        if not match:
            yield _error("KB022", "not YYYY-MM-DD", value=text)
            return
        if not _real_date(*map(int, match.groups())):
            yield _error("KB023", "no such day", value=text)
            return
        day = dt.date(*map(int, match.groups()))
    earliest = enabled.get("earliest") if isinstance(enabled, dict) else None
    if earliest is not None:
        earliest = earliest if isinstance(earliest, dt.date) else dt.date.fromisoformat(str(earliest))
        latest = dt.date.today() + dt.timedelta(days=1)  # a page saved just after midnight elsewhere
        if not earliest <= day <= latest:
            yield _error("KB027", "outside the programme's start and today", value=day.isoformat(),
                         earliest=earliest.isoformat(), today=dt.date.today().isoformat())


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
    if (month and not 1 <= int(month) <= 12) or (day and not _real_date(int(year), int(month), int(day))):
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


@cached
def validator_class():
    """Draft 2020-12 with the project's keywords. jsonschema is imported on first use only: most
    runs never need it (see compile_fast)."""
    from jsonschema import Draft202012Validator, validators

    return validators.extend(
        Draft202012Validator,
        {"x-date": _x_date, "x-partial-date": _x_partial_date, "x-url": _x_url},
    )


# --- a fast yes/no for the common case -----------------------------------------------------------
# jsonschema finds the errors and says where they are, but costs most of the checker's time on a
# large corpus. `compile_fast` turns the schema into plain Python closures that answer only "surely
# valid?" for the keywords page.yml uses; any doubt (an unknown keyword, an unusual value) answers
# no, and jsonschema then runs as usual. tests/test_check.py compares both on many variants.

_IGNORED = {"$schema", "$comment", "title", "description", "examples", "default", "x-facts", "x-vocabulary", "x-facet",
            "x-programme-start", "x-since-programme"}
_CUSTOM = {"x-date": _x_date, "x-partial-date": _x_partial_date, "x-url": _x_url}
_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


class _Unsupported(Exception):
    pass


def _never(_value) -> bool:
    return False


def compile_fast(schema) -> Callable[[object], bool]:
    """A function value -> True only if `schema` surely accepts value (False: ask jsonschema)."""
    try:
        return _compile(schema)
    except _Unsupported:
        return _never


Check = Callable[[object], bool]


# The checks `_compile` combines: each takes its schema argument(s) first (bound with functools.partial),
# then the value.
def _is_instance(kind: type, v: object) -> bool:
    return isinstance(v, kind)


def _any_of(tests: list[Check], v: object) -> bool:
    return any(t(v) for t in tests)


def _in_enum(allowed: frozenset[str], v: object) -> bool:
    return isinstance(v, str) and v in allowed


def _equals(const: str, v: object) -> bool:
    return isinstance(v, str) and v == const


def _matches(rx: re.Pattern[str], v: object) -> bool:
    return not isinstance(v, str) or rx.search(v) is not None


def _min_length(n: int, v: object) -> bool:
    return not isinstance(v, str) or len(v) >= n


def _max_length(n: int, v: object) -> bool:
    return not isinstance(v, str) or len(v) <= n


def _min_items(n: int, v: object) -> bool:
    return not isinstance(v, list) or len(v) >= n


def _unique_strings(v: object) -> bool:
    return not isinstance(v, list) or (all(isinstance(i, str) for i in v) and len(set(v)) == len(v))


def _at_least(n: float, v: object) -> bool:
    return not _TYPES["number"](v) or not isinstance(v, (int, float)) or v >= n


def _at_most(n: float, v: object) -> bool:
    return not _TYPES["number"](v) or not isinstance(v, (int, float)) or v <= n


def _has_keys(names: frozenset[str], v: object) -> bool:
    return not isinstance(v, dict) or names <= v.keys()


def _lacks_one_of(names: frozenset[str], v: object) -> bool:
    return isinstance(v, dict) and not names <= v.keys()


def _only_keys(known: frozenset[str], v: object) -> bool:
    return not isinstance(v, dict) or v.keys() <= known


def _properties(subs: dict[str, Check], v: object) -> bool:
    if isinstance(v, dict):
        for k, item in v.items():
            sub = subs.get(k) if isinstance(k, str) else None
            if sub is not None and not sub(item):
                return False
    return True


def _every_item(sub: Check, v: object) -> bool:
    return not isinstance(v, list) or all(sub(i) for i in v)


def _exactly_one(subs: list[Check], v: object) -> bool:
    return sum(1 for s in subs if s(v)) == 1


def _if_then_else(cond: Check, then: Check, other: Check, v: object) -> bool:
    return then(v) if cond(v) else other(v)


def _custom(fn: Callable, arg: object, schema: dict, v: object) -> bool:
    return next(iter(fn(None, arg, v, schema)), None) is None


def _always(_value: object) -> bool:
    return True


def _compile(schema) -> Check:
    if schema is True:
        return _always
    if not isinstance(schema, dict):
        raise _Unsupported(schema)
    checks: list[Check] = []
    for key, arg in schema.items():
        if key in _IGNORED or key in {"then", "else"}:
            continue
        if key == "type":
            names = arg if isinstance(arg, list) else [arg]
            if any(n not in _TYPES for n in names):
                raise _Unsupported(key)
            plain = {"string": str, "array": list, "object": dict}
            if len(names) == 1 and names[0] in plain:
                checks.append(partial(_is_instance, plain[names[0]]))
            elif len(names) == 1:
                checks.append(_TYPES[names[0]])
            else:
                checks.append(partial(_any_of, [_TYPES[n] for n in names]))
        elif key == "enum":
            if not all(isinstance(e, str) for e in arg):
                raise _Unsupported(key)
            checks.append(partial(_in_enum, frozenset(arg)))
        elif key == "const":
            if not isinstance(arg, str):
                raise _Unsupported(key)
            checks.append(partial(_equals, arg))
        elif key == "pattern":
            checks.append(partial(_matches, re.compile(arg)))
        elif key == "minLength":
            checks.append(partial(_min_length, arg))
        elif key == "maxLength":
            checks.append(partial(_max_length, arg))
        elif key == "minItems":
            checks.append(partial(_min_items, arg))
        elif key == "uniqueItems":
            if arg:  # sure only for lists of strings; anything else: ask jsonschema
                checks.append(_unique_strings)
        elif key in {"minimum", "maximum"}:
            checks.append(partial(_at_least if key == "minimum" else _at_most, arg))
        elif key == "required":
            checks.append(partial(_has_keys, frozenset(arg)))
        elif key == "properties":
            checks.append(partial(_properties, {name: _compile(sub) for name, sub in arg.items()}))
        elif key == "additionalProperties":
            if arg is not False:
                raise _Unsupported(key)
            checks.append(partial(_only_keys, frozenset(schema.get("properties", {}))))
        elif key == "items":
            checks.append(partial(_every_item, _compile(arg)))
        elif key == "not":
            # Only `not: {required: [...]}`: that check is exact (never unsure), so its negation is too.
            if not (isinstance(arg, dict) and set(arg) == {"required"}):
                raise _Unsupported(key)
            checks.append(partial(_lacks_one_of, frozenset(arg["required"])))
        elif key == "oneOf":
            checks.append(partial(_exactly_one, [_compile(s) for s in arg]))
        elif key == "allOf":
            checks.append(_all([_compile(s) for s in arg]))
        elif key == "if":
            then, other = _compile(schema.get("then", True)), _compile(schema.get("else", True))
            checks.append(partial(_if_then_else, _compile(arg), then, other))
        elif key in _CUSTOM:
            checks.append(partial(_custom, _CUSTOM[key], arg, schema))
        else:
            raise _Unsupported(key)
    return _all(checks)


def _all(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    frozen = tuple(checks)

    def run(v: object) -> bool:
        return all(check(v) for check in frozen)

    return run


@dataclass
class Schema:
    """The loaded schema, its compiled validator and what the checker and scaffolder ask of it."""

    raw: dict  # the schema as written, without the vocabulary enums
    compiled: dict  # with `enum` added for every `x-vocabulary`
    vocabularies: dict
    fast: Callable[[object], bool] = _never
    _validator: object = None
    _fields: object = None

    @property
    def validator(self):
        """The jsonschema validator (Draft 2020-12 + x- keywords), built once, on first use."""
        if self._validator is None:
            self._validator = validator_class()(self.compiled)
        return self._validator

    def is_valid(self, instance) -> bool:
        """True when the front matter is valid: a fast check first, jsonschema if it is unsure."""
        return self.fast(instance) or self.validator.is_valid(instance)

    @property
    def properties(self) -> dict:
        return self.compiled.get("properties", {})

    @property
    def fields(self):
        """The field registry of this schema ({name: Field}, content/fields.py), built once: the
        questions below are answered from it."""
        if self._fields is None:
            from kb.content.fields import fields_of

            self._fields = fields_of(self)
        return self._fields

    def facts_fields(self) -> list[str]:
        """Top-level fields marked `x-facts: true`, in schema order."""
        return [f.name for f in self.fields.values() if f.facts]

    def required_for(self, page_type: str | None) -> list[str]:
        """Required fields of a page of `page_type` (the `allOf` if/then rules included), in order."""
        return [f.name for f in self.fields.values() if f.required_for(page_type)]

    def vocabulary_of(self, field: str) -> str | None:
        """The vocabulary of a top-level field, or of its items for a list."""
        f = self.fields.get(field)
        return f.vocabulary if f else None

    def example(self, field: str):
        f = self.fields.get(field)
        return f.example if f else None


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


def programme_start(raw: dict) -> dt.date | None:
    """data/schema/page.yml `x-programme-start`: the earliest date a page can carry."""
    value = raw.get("x-programme-start") if isinstance(raw, dict) else None
    if value is None:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _add_programme_start(compiled: dict) -> None:
    """Date fields between the programme's start and today; years not before its year (in place)."""
    start = programme_start(compiled)
    if start is None:
        return
    for spec in compiled.get("properties", {}).values():
        if not isinstance(spec, dict):
            continue
        if spec.get("x-date") is True:
            spec["x-date"] = {"earliest": start.isoformat()}
        if spec.get("x-since-programme"):
            spec.setdefault("minimum", start.year)


@cached(maxsize=4)
def load_schema(schema_path: Path = SCHEMA_PATH, vocabularies_path: Path = VOCABULARIES_PATH) -> Schema:
    loader = yamldata.LOADER
    with open(schema_path, encoding="utf-8") as fh:
        raw = yaml.load(fh, Loader=loader)
    with open(vocabularies_path, encoding="utf-8") as fh:
        vocabularies = yaml.load(fh, Loader=loader)
    compiled = copy.deepcopy(raw)
    _add_enums(compiled, vocabularies)
    _add_programme_start(compiled)
    return Schema(
        raw=raw, compiled=compiled, vocabularies=vocabularies, fast=compile_fast(compiled),
    )
