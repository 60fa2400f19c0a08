"""The front matter: against the schema, where a page lives for its type, unique ids, twins with
the same facts."""
from __future__ import annotations

import json

from kb.check.context import Context
from kb.check.messages import _hint, field_name, show, suggest
from kb.check.runner import corpus_rule, page_rule
from kb.content import frontmatter
from kb.content.pages import Corpus, Page
from kb.content.paths import LANGS, TYPE_SECTIONS, other_lang


@page_rule
def front_matter_schema(page: Page, ctx: Context):
    meta = page.parsed.meta
    if meta is None:
        return
    schema = ctx.schema
    if schema.is_valid(meta):  # the fast path, for the many pages that are right
        return
    errors = list(schema.validator.iter_errors(meta))
    if not errors:
        return
    type_known = page.type in schema.vocabularies.get("types", {})
    unknown_key_at = {tuple(e.absolute_path) for e in errors if e.validator == "additionalProperties"}
    for err in errors:
        path = tuple(err.absolute_path)
        kind = err.validator
        kb = getattr(err, "kb", None)
        if kb is not None:
            code, args = kb
            yield ctx.at_key(page, code, path, field=field_name(path), **args)
        elif kind == "required":
            if "allOf" in err.absolute_schema_path and not type_known:
                continue  # the type is missing or wrong: that is the problem to report
            instance = err.instance if isinstance(err.instance, dict) else {}
            for name in err.validator_value:
                if name in instance:
                    continue
                example = name if not path else None
                if path:
                    yield ctx.at_key(page, "KB010", path, field=field_name((*path, name)), example_of=None)
                else:
                    yield ctx.at(page, "KB010", ctx.closing_line(page), 1, field=name, example_of=example)
        elif kind == "additionalProperties":
            allowed = list(err.schema.get("properties", {}))
            for name in err.instance:
                if name in allowed:
                    continue
                where = page.parsed.key_lines.get(str(name)) if not path else None
                line, col = where or ctx.key_pos(page, (*path, str(name)))
                yield ctx.at(
                    page, "KB011", line, col, field=field_name((*path, str(name))),
                    **_hint(suggest(name, allowed)),
                )
        elif kind == "type":
            expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
            yield ctx.at_key(
                page, "KB012", path, field=field_name(path), expected_types=expected,
                example_of=path[0] if len(path) == 1 else None,
            )
        elif kind == "enum" and "x-vocabulary" in err.schema:
            vocabulary_name = err.schema["x-vocabulary"]
            vocabulary = schema.vocabularies.get(vocabulary_name, {})
            name = field_name(path[:1]) if path and isinstance(path[-1], int) else field_name(path)
            yield ctx.at_key(
                page, "KB021", path, field=name, value=show(err.instance),
                allowed=", ".join(err.validator_value),
                **_hint(suggest(err.instance, err.validator_value, vocabulary)),
            )
        elif kind in {"enum", "const"}:
            allowed = err.validator_value if kind == "enum" else [err.validator_value]
            yield ctx.at_key(
                page, "KB013", path, field=field_name(path), value=show(err.instance),
                allowed=", ".join(str(a) for a in allowed),
            )
        elif kind == "pattern":
            code = "KB014" if path == ("id",) else "KB015"
            yield ctx.at_key(
                page, code, path, field=field_name(path), value=show(err.instance),
                example_of=path[0] if path else None,
            )
        elif kind in {"minLength", "maxLength"}:
            code = "KB016" if kind == "minLength" else "KB017"
            bound = "min" if kind == "minLength" else "max"
            yield ctx.at_key(
                page, code, path, field=field_name(path), length=len(err.instance), **{bound: err.validator_value}
            )
        elif kind == "minItems":
            yield ctx.at_key(page, "KB018", path, field=field_name(path), example_of=path[0] if len(path) == 1 else None)
        elif kind == "uniqueItems":
            seen, dup = set(), None
            for item in err.instance:
                marker = json.dumps(frontmatter.to_jsonable(item), sort_keys=True, ensure_ascii=False, default=str)
                if marker in seen:
                    dup = item
                    break
                seen.add(marker)
            yield ctx.at_key(page, "KB019", path, field=field_name(path), value=show(dup))
        elif kind in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
            low, high = err.schema.get("minimum"), err.schema.get("maximum")
            bounds = f"{low}–{high}" if low is not None and high is not None else (f"≥ {low}" if low is not None else f"≤ {high}")
            yield ctx.at_key(page, "KB020", path, field=field_name(path), value=show(err.instance), range=bounds)
        elif kind == "oneOf":
            if not isinstance(err.instance, dict) or path in unknown_key_at:
                continue  # already reported as a wrong type or an unknown key
            yield ctx.at_key(page, "KB026", path, field=field_name(path))
        else:
            yield ctx.at_key(page, "KB029", path, field=field_name(path) or "—", detail=err.message)



_MISSING = object()


# --- rules: where a page lives, its twin, its id -----------------------------------------------

@page_rule
def placement(page: Page, ctx: Context):
    if not page.parsed.meta or not page.id or page.type not in TYPE_SECTIONS:
        return
    section = TYPE_SECTIONS[page.type]
    if not section:
        return
    expected = f"{section}/{page.id}.md"
    if page.rel != expected:
        yield ctx.at_key(
            page, "KB034", ("type",), type=page.type, value=page.id,
            expected_path=ctx.display_rel(f"{page.lang}/{expected}"),
        )


@corpus_rule
def unique_ids(corpus: Corpus, ctx: Context):
    """An id names one page per language: every page that shares one is told about another."""
    groups: dict[tuple[str, str], list[Page]] = {}
    for page in sorted(corpus.pages, key=lambda p: (p.lang, p.rel)):
        if page.id is not None:
            groups.setdefault((page.lang, page.id), []).append(page)
    for (_lang, page_id), same in groups.items():
        if len(same) > 1:
            for i, page in enumerate(same):
                other = same[1] if i == 0 else same[0]
                yield ctx.at_key(page, "KB030", ("id",), value=page_id, other_path=ctx.display(other))


def _comparable(value):
    value = frontmatter.to_jsonable(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return sorted(map(str, value))  # the order of a set of values is not a fact
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    return value


@corpus_rule
def twins(corpus: Corpus, ctx: Context):
    """Every page exists in the other language, with the same facts (fields marked x-facts)."""
    facts = ctx.schema.facts_fields()
    for page in corpus.pages:
        if page.lang not in LANGS:
            continue
        twin = corpus.twin(page)
        if twin is None:
            other = other_lang(page.lang)
            yield ctx.at(
                page, "KB031", 1, 1, other_lang=other, expected_path=ctx.display_rel(f"{other}/{page.rel}")
            )
            continue
        if page.parsed.meta is None or twin.parsed.meta is None or not _reports_facts(page, twin):
            continue
        for name in facts:
            mine, theirs = page.meta.get(name, _MISSING), twin.meta.get(name, _MISSING)
            if mine is _MISSING and theirs is _MISSING:
                continue
            if mine is not _MISSING and theirs is not _MISSING and _comparable(mine) == _comparable(theirs):
                continue
            yield ctx.at_key(
                page, "KB032", (name,), field=name,
                value=None if mine is _MISSING else show(mine),
                other_value=None if theirs is _MISSING else show(theirs),
                other_path=ctx.display(twin),
            )


def _reports_facts(page: Page, twin: Page) -> bool:
    """A difference of facts is reported once: on the translation (the page with `translation:`
    naming the other language), else on the page in the non-default language."""
    def translated_from(p: Page):
        return p.view.translation.from_lang if p.view.translation else None

    if translated_from(page) == twin.lang:
        return True
    if translated_from(twin) == page.lang:
        return False
    return page.lang != LANGS[0]
