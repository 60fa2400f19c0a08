"""The checker's messages: the catalogue data/i18n/checker.yml (a severity and it/fr/en texts per
code), its shared terms, and a finding's arguments made into words in the reader's language.
The texts are read through content/texts.py (CHECKER_CODES, CHECKER_TERMS)."""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import yaml

from kb.content import frontmatter, yamldata
from kb.content.caches import cached
from kb.content.paths import DATA
from kb.content.schema import Schema, load_schema
from kb.content.texts import CHECKER_TERMS as terms

_YAML_LOADER = yamldata.LOADER
CATALOG_PATH = DATA / "i18n" / "checker.yml"
MESSAGE_LANGS: tuple[str, ...] = ("it", "fr", "en")


@cached
def load_catalog(path: Path = CATALOG_PATH) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError):  # reported by rules/data.py (KB100): codes and arguments only
        return {"codes": {}, "terms": {}}




def severity_of(code: str) -> str:
    entry = load_catalog()["codes"].get(code, {})
    return entry.get("severity", "error")



def field_name(path) -> str:
    """('sources', 0, 'url') -> 'sources[1].url' (list positions counted from 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def show(value) -> str:
    """A value as the page writes it, shortened."""
    value = frontmatter.to_jsonable(value)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "…"


def inline_yaml(name: str, value) -> str:
    text = yaml.safe_dump({name: value}, default_flow_style=True, allow_unicode=True, width=10**6, sort_keys=False)
    return "`" + text.strip()[1:-1] + "`"


def example_text(schema: Schema, name: str | None, lang: str) -> str:
    value = schema.example(name) if name else None
    return terms.text(lang, "example", text=inline_yaml(name, value)) if name and value is not None else ""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[\s_]+", "-", text.strip().casefold())


def suggest(value, choices: Iterable[str], vocabulary: dict | None = None) -> str | None:
    """The closest choice: same slug after folding case/accents/spaces, a label, or a near spelling."""
    choices = [str(c) for c in choices]
    folded = _fold(value)
    for choice in choices:
        if _fold(choice) == folded:
            return choice
    if vocabulary:
        for key, entry in vocabulary.items():
            labels = [v for k, v in entry.items() if isinstance(v, str)] if isinstance(entry, dict) else []
            if any(_fold(label) == folded for label in labels):
                return key
    close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(folded, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def _hint(suggestion: str | None) -> dict:
    return {"suggestion": suggestion} if suggestion else {}



def _localize(finding, lang: str) -> dict:
    """Language-dependent pieces of a finding's arguments (suggestions, examples, type names)."""
    args = dict(finding.args)
    args["hint"] = terms.text(lang, "did_you_mean", suggestion=args["suggestion"]) if args.get("suggestion") else ""
    if "example_of" in args:
        args["example"] = example_text(load_schema(), args.pop("example_of"), lang)
    args.setdefault("example", "")
    for key in [k for k in args if k.endswith("_term")]:  # a word or phrase of the catalogue's terms
        name = args.pop(key)
        # filled with the arguments so far, so a term may hold placeholders (KB071's situations)
        args[key[: -len("_term")]] = terms.text(lang, name, **args) if terms.has(lang, name) else name
    if "expected_types" in args:
        names = [terms.text(lang, f"type_{t}") if terms.has(lang, f"type_{t}") else t for t in args.pop("expected_types")]
        args["expected"] = " / ".join(names)
    if "other_lang" in args:
        args["lang_name"] = terms.text(lang, f"lang_name_{args['other_lang']}")
    for key in ("value", "other_value"):
        if key in args and args[key] is None:  # a field that one page does not have
            args[key] = terms.text(lang, "missing")
    if "term_prefer" in args:  # a terminology entry (data/terminology.yml): its reason in `lang`
        from kb.content.terminology import load_terms

        prefer, term_lang = args.pop("term_prefer"), args.pop("term_lang", "")
        term = next((t for t in load_terms(term_lang) if t.prefer == prefer), None)
        args["reason"] = term.reason(lang) if term is not None else ""
    if "folder_index" in args:
        index = args["folder_index"]
        args["suggestion"] = (terms.text(lang, "link_suggestion_file", suggestion=index) if index
                              else terms.text(lang, "link_suggestion_none"))
    return args
