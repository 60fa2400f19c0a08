"""The page checker: `python -m scripts.kb check` (`make check`), and the same checks in `make site`.

It reads every page of docs/<lang>/ once (scripts/kb/pages.py), never writes anything, and reports
one line per problem: `PATH:LINE:COL: error[KB010]: message`, the message in Italian, French or
English from data/i18n/checker.yml (what is wrong and how to fix it). Exit status: 0 when no page
has an error (warnings are printed but do not fail), 1 when one has, 2 on a usage error.

Adding a check
--------------
1. Write a function and register it with a decorator, here or in any module:

       @page_rule
       def my_rule(page: Page, ctx: Context):        # once per page
           if ...:
               yield ctx.at(page, "KB070", line, col, name="...")

       @corpus_rule
       def my_pair_rule(corpus: Corpus, ctx: Context):  # once, with every page
           ...

   `ctx.at_key(page, "KB070", ("field",), ...)` points at a front-matter key instead of a line;
   `ctx.body_pos(page, offset)` turns an offset in `page.body` into (line, col).
2. Add KB070 to data/i18n/checker.yml: `severity` (error|warning) and `it`, `fr`, `en` messages
   (tests/test_check.py fails when one is missing).
3. If the rule lives in another module, add that module's name to RULE_MODULES below.
A rule that raises is reported as KB999 on the page it was checking; it never stops the others.
"""
from __future__ import annotations

import argparse
import difflib
import gc
import html
import importlib
import json
import os
import posixpath
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import unquote

import yaml

from . import frontmatter, yamldata
from .pages import Corpus, Page, load_pages
from .paths import DATA, DOCS, GENERATED_PREFIXES, LANGS, ROOT, TYPE_SECTIONS, other_lang
from .schema import Schema, load_schema

_YAML_LOADER = yamldata.LOADER
CATALOG_PATH = DATA / "i18n" / "checker.yml"
SCAFFOLD_TEXTS_PATH = DATA / "i18n" / "scaffold.yml"
MESSAGE_LANGS: tuple[str, ...] = ("it", "fr", "en")
FORMATS: tuple[str, ...] = ("text", "github", "json")

# Modules that register more rules with @page_rule / @corpus_rule (imported by check_corpus).
RULE_MODULES: tuple[str, ...] = (
    "scripts.kb.check_translations", "scripts.kb.check_safety", "scripts.kb.check_links_media",
    "scripts.kb.check_markdown", "scripts.kb.check_data",
)

PageRule = Callable[[Page, "Context"], Iterable["Finding"]]
CorpusRule = Callable[[Corpus, "Context"], Iterable["Finding"]]
PAGE_RULES: list[PageRule] = []
CORPUS_RULES: list[CorpusRule] = []


def page_rule(fn: PageRule) -> PageRule:
    """Register a check that runs once per page."""
    PAGE_RULES.append(fn)
    return fn


def corpus_rule(fn: CorpusRule) -> CorpusRule:
    """Register a check that runs once over all the pages."""
    CORPUS_RULES.append(fn)
    return fn


# --- messages -----------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def load_catalog(path: Path = CATALOG_PATH) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError):  # reported by check_data (KB100): codes and arguments only
        return {"codes": {}, "terms": {}}


class _Args(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def term(key: str, lang: str, **args) -> str:
    entry = load_catalog()["terms"].get(key) or {lang: key + " " + " ".join(f"{k}={v}" for k, v in args.items())}
    return entry[lang].format_map(_Args(args))


def user_lang(environ=None) -> str:
    """it, fr or en from LANGUAGE / LC_ALL / LC_MESSAGES / LANG (the first one set), else en."""
    environ = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var, "")
        if not value:
            continue
        for part in value.split(":"):
            code = part.split(".")[0].split("_")[0].split("-")[0].lower()
            if code in MESSAGE_LANGS:
                return code
        if var != "LANGUAGE":  # the variable that decides names no language we speak
            return "en"
    return "en"


# --- findings -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """One problem: where (path relative to the repository, 1-based line and column), what (code)."""

    path: str
    line: int
    col: int
    code: str
    severity: str = "error"
    args: dict = field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: str = "en") -> str:
        """The message in `lang` (it, fr, en); findings carry language-neutral arguments, and the
        language-dependent pieces (suggestions, examples, type names) are added here."""
        entry = load_catalog()["codes"].get(self.code)
        if entry is None:
            return f"{self.code} {self.args}"
        text = entry.get(lang) or entry["en"]
        return " ".join(text.format_map(_Args(_localize(self, lang))).split())

    def as_dict(self, lang: str = "en") -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity,
            "message": self.message(lang),
        }


def severity_of(code: str) -> str:
    entry = load_catalog()["codes"].get(code, {})
    return entry.get("severity", "error")


# --- the tree under docs/ -----------------------------------------------------------------------

@dataclass
class Tree:
    """Every file and folder under docs/ (paths relative to docs/, '/' separators), from one walk.

    Symbolic links are never followed: a link that leaves docs/ is only recorded in `escaping`.
    """

    files: set[str] = field(default_factory=set)
    dirs: set[str] = field(default_factory=set)
    escaping: dict[str, str] = field(default_factory=dict)  # link -> its target as written


def scan_tree(docs: Path) -> Tree:
    tree = Tree()
    root = os.path.realpath(docs)
    stack: list[tuple[str, str]] = [("", str(docs))]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            rel = prefix + entry.name
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if os.path.commonpath([target, root]) != root:
                        tree.escaping[rel] = os.readlink(entry.path)
                    elif os.path.isdir(target):
                        tree.dirs.add(rel)  # not walked: a link inside docs/ may loop
                    else:
                        tree.files.add(rel)
                elif entry.is_dir(follow_symlinks=False):
                    tree.dirs.add(rel)
                    stack.append((rel + "/", entry.path))
                else:
                    tree.files.add(rel)
            except (OSError, ValueError):
                tree.files.add(rel)
    return tree


# --- context given to the rules -----------------------------------------------------------------

class Context:
    """What every rule may need: the corpus, the schema, the tree, and how to make a Finding."""

    def __init__(self, corpus: Corpus, schema: Schema | None = None, tree: Tree | None = None):
        self.corpus = corpus
        self.docs = Path(corpus.docs)
        self.schema = schema or load_schema()
        self.tree = tree if tree is not None else scan_tree(self.docs)
        self.display_docs = _display_docs(self.docs)
        self._positions: dict[int, dict] = {}
        self._anchors: dict[tuple[str, str], set[str]] = {}
        self._masked: dict[int, str] = {}
        self.link_cache: dict[tuple, tuple | None] = {}  # see resolve_link

    # where
    def display(self, page: Page) -> str:
        return f"{self.display_docs}/{page.lang}/{page.rel}"

    def display_rel(self, docs_rel: str) -> str:
        return f"{self.display_docs}/{docs_rel}"

    def positions(self, page: Page) -> dict:
        key = id(page)
        if key not in self._positions:
            self._positions[key] = frontmatter.positions(page.parsed)
        return self._positions[key]

    def key_pos(self, page: Page, path: tuple) -> tuple[int, int]:
        """(line, col) of a front-matter path, or of its closest parent that is written."""
        positions = self.positions(page)
        path = tuple(path)
        while path:
            if path in positions:
                return positions[path]
            path = path[:-1]
        return self.closing_line(page), 1

    @staticmethod
    def closing_line(page: Page) -> int:
        """The line of the closing --- of the front matter (where a missing field goes)."""
        return max(page.parsed.body_line - 1, 1)

    @staticmethod
    def body_pos(page: Page, offset: int) -> tuple[int, int]:
        body = page.body
        line = page.parsed.body_line + body.count("\n", 0, offset)
        col = offset - (body.rfind("\n", 0, offset) + 1) + 1
        return line, col

    # what
    def at(self, page: Page, code: str, line: int = 1, col: int = 1, **args) -> Finding:
        return Finding(self.display(page), line, col, code, severity_of(code), args)

    def at_key(self, page: Page, code: str, path: tuple, **args) -> Finding:
        line, col = self.key_pos(page, path)
        return self.at(page, code, line, col, **args)

    def at_file(self, display_path: str, code: str, line: int = 1, col: int = 1, **args) -> Finding:
        return Finding(display_path, line, col, code, severity_of(code), args)

    def anchors(self, page: Page) -> set[str]:
        key = (page.lang, page.rel)
        if key not in self._anchors:
            self._anchors[key] = anchors_of(page.body, self.masked(page))
        return self._anchors[key]

    def masked(self, page: Page) -> str:
        """The page's body with code blocks and inline code blanked out (offsets kept)."""
        key = id(page)
        if key not in self._masked:
            self._masked[key] = mask_code(page.body)
        return self._masked[key]


def _display_docs(docs: Path) -> str:
    """docs/ as shown in messages: relative to the repository, or 'docs' for a tree elsewhere."""
    docs = docs.resolve()
    try:
        return docs.relative_to(ROOT).as_posix()
    except ValueError:
        return docs.name


# --- rules: reading -----------------------------------------------------------------------------

@page_rule
def read_problems(page: Page, ctx: Context):
    """What the reader found: encoding, missing or unclosed front matter, YAML syntax, size…"""
    for problem in page.parsed.problems:
        yield ctx.at(page, problem.code, problem.line, problem.col, **problem.args)


# --- rules: front matter against the schema -----------------------------------------------------

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
    return term("example", lang, text=inline_yaml(name, value)) if value is not None else ""


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
    type_known = meta.get("type") in schema.vocabularies.get("types", {})
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
                    yield ctx.at_key(page, "KB010", path, field=field_name(path + (name,)), example_of=None)
                else:
                    yield ctx.at(page, "KB010", ctx.closing_line(page), 1, field=name, example_of=example)
        elif kind == "additionalProperties":
            allowed = list(err.schema.get("properties", {}))
            for name in err.instance:
                if name in allowed:
                    continue
                where = page.parsed.key_lines.get(str(name)) if not path else None
                line, col = where or ctx.key_pos(page, path + (str(name),))
                yield ctx.at(
                    page, "KB011", line, col, field=field_name(path + (str(name),)),
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


def _localize(finding: Finding, lang: str) -> dict:
    """Language-dependent pieces of a finding's arguments (suggestions, examples, type names)."""
    args = dict(finding.args)
    args["hint"] = term("did_you_mean", lang, suggestion=args["suggestion"]) if args.get("suggestion") else ""
    if "example_of" in args:
        args["example"] = example_text(load_schema(), args.pop("example_of"), lang)
    args.setdefault("example", "")
    if "expected_types" in args:
        names = [term(f"type_{t}", lang) if f"type_{t}" in load_catalog()["terms"] else t for t in args.pop("expected_types")]
        args["expected"] = " / ".join(names)
    for key in [k for k in args if k.endswith("_term")]:  # a word or phrase of the catalog's terms
        args[key[: -len("_term")]] = term(args.pop(key), lang)
    if "other_lang" in args:
        args["lang_name"] = term(f"lang_name_{args['other_lang']}", lang)
    for key in ("value", "other_value"):
        if key in args and args[key] is None:  # a field that one page does not have
            args[key] = term("missing", lang)
    if "folder_index" in args:
        index = args["folder_index"]
        args["suggestion"] = term("link_suggestion_file", lang, suggestion=index) if index else term("link_suggestion_none", lang)
    return args


_MISSING = object()


# --- rules: where a page lives, its twin, its id -----------------------------------------------

@page_rule
def placement(page: Page, ctx: Context):
    meta = page.parsed.meta
    if not meta or not page.id or meta.get("type") not in TYPE_SECTIONS:
        return
    section = TYPE_SECTIONS[meta["type"]]
    if not section:
        return
    expected = f"{section}/{page.id}.md"
    if page.rel != expected:
        yield ctx.at_key(
            page, "KB034", ("type",), type=meta["type"], value=page.id,
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
        record = p.meta.get("translation")
        return record.get("from") if isinstance(record, dict) else None

    if translated_from(page) == twin.lang:
        return True
    if translated_from(twin) == page.lang:
        return False
    return page.lang != LANGS[0]


@corpus_rule
def escaping_links(corpus: Corpus, ctx: Context):
    """Symbolic links under docs/ that point outside it (pages among them are reported as read)."""
    pages = {f"{p.lang}/{p.rel}" for p in corpus.pages}
    for rel, target in sorted(ctx.tree.escaping.items()):
        if rel not in pages:
            yield ctx.at_file(ctx.display_rel(rel), "KB060", 1, 1, target=target)


# --- rules: the text ----------------------------------------------------------------------------

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def mask_code(text: str) -> str:
    """The text with fenced code blocks and inline code replaced by spaces (offsets kept)."""
    if "`" not in text and "~~~" not in text:
        return text
    out = []
    fence: str | None = None
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
                out.append(" " * len(line))
                continue
            out.append(_CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line) if "`" in line else line)
        else:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) and not line.strip()[len(match.group(1)):].strip():
                fence = None
            out.append(" " * len(line))
    return "\n".join(out)


# Starts with a literal '[' so that the regex engine can skip ahead quickly; an image's '!' is
# looked up just before the match.
_INLINE_LINK = re.compile(
    r"\[(?:[^\[\]\\]++|\\.|\[[^\[\]]*+\])*+\]"
    r"\(\s*(<[^<>\n]*>|(?:[^\s()\\]++|\\.|\([^\s()]*\))*+)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
)
# Any link destination, for the safety scan (whatever follows "](", up to a space or ")").
_LINK_TARGET = re.compile(r"\]\(\s*(<[^>\n]*>|[^\s)]*)")
_REF_DEF = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*(<[^<>\n]*>|\S+)", re.M)
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^\s<>]*)>")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_IMAGE_EXT = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"}


def iter_links(text: str) -> Iterator[tuple[int, str, bool]]:
    """(offset of the URL, URL, is an image) for Markdown links, images and reference definitions."""
    if "](" in text:
        for m in _INLINE_LINK.finditer(text):
            url = m.group(1)
            image = m.start() > 0 and text[m.start() - 1] == "!"
            yield m.start(1), url[1:-1] if url.startswith("<") else url, image
    if "]:" in text:
        for m in _REF_DEF.finditer(text):
            url = m.group(1)
            yield m.start(1), url[1:-1] if url.startswith("<") else url, False


def _slug(text: str) -> str:
    text = re.sub(r"\{[^{}]*\}\s*$", "", text)  # attribute list
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their text
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text.replace("`", "").replace("*", "").replace("_", " "))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


_HEADING = re.compile(r"^[ \t]{0,8}(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_HEADING_ID = re.compile(r"\{[^{}\n]*?#([\w-]+)[^{}\n]*\}\s*$")
_ATTR_ID = re.compile(r"\{[^{}\n]*?#([\w-]+)[^{}\n]*\}")
_HTML_ID = re.compile(r"\b(?:id|name)\s*=\s*[\"']([^\"']+)[\"']")


def anchors_of(body: str, masked: str | None = None) -> set[str]:
    """The ids a link may point at with #…: heading slugs (as the toc extension makes them),
    attribute lists `{#id}`, and HTML id/name attributes."""
    masked = mask_code(body) if masked is None else masked
    ids: set[str] = set()
    for m in _HEADING.finditer(masked):
        custom = _HEADING_ID.search(m.group(2))
        slug = custom.group(1) if custom else _slug(m.group(2))
        base, n = slug, 0
        while slug in ids or not slug:
            n += 1
            slug = f"{base}_{n}"
        ids.add(slug)
    ids.update(m.group(1) for m in _ATTR_ID.finditer(masked))
    ids.update(m.group(1) for m in _HTML_ID.finditer(body))
    return ids


def _generated(docs_rel: str, lang: str) -> bool:
    in_lang = docs_rel[len(lang) + 1:] if docs_rel.startswith(lang + "/") else None
    return docs_rel.startswith(GENERATED_PREFIXES) or bool(in_lang and in_lang.startswith(GENERATED_PREFIXES))


def resolve_link(ctx: Context, lang: str, base: str, raw: str, image: bool) -> tuple | None:
    """What is wrong with one link written in a page of `lang` whose folder is `base` (relative to
    docs/): None when nothing, (code, args) for a problem, ("#", page rel, anchor) when only the
    anchor remains to be checked. Pure, so that the many identical links are resolved once."""
    url = html.unescape(raw.strip())
    if not url or _SCHEME.match(url) or url.startswith("//"):
        return None  # external (or unsafe: the safety rule reports those)
    path, _, anchor = url.partition("#")
    path = unquote(path.split("?", 1)[0])
    if not path:
        return ("#", None, anchor) if anchor else None
    if path.startswith("/"):
        return "KB045", {"target": raw}
    target = posixpath.normpath(posixpath.join(base, path))
    lang_dir = ctx.display_rel(lang + "/")
    if target == ".." or target.startswith("../"):
        return "KB043", {"target": raw, "lang_dir": lang_dir}
    if _generated(target, lang):
        return None
    if path.endswith("/") or target in ctx.tree.dirs:
        index = target + "/index.md"
        folder_index = (path.rstrip("/") + "/index.md") if index in ctx.tree.files else None
        return "KB044", {"target": raw, "folder_index": folder_index}
    if target.endswith(".md") and not target.startswith(lang + "/"):
        return "KB043", {"target": raw, "lang_dir": lang_dir}
    if target not in ctx.tree.files:
        is_image = image or posixpath.splitext(target)[1].lower() in _IMAGE_EXT
        return ("KB041" if is_image else "KB040"), {"target": raw}
    if anchor and target.endswith(".md"):
        return "#", target[len(lang) + 1:], anchor
    return None


@page_rule
def links(page: Page, ctx: Context):
    """Relative links and images lead to files that exist; .md links stay in the same language."""
    if page.parsed.meta is None and not page.parsed.has_front_matter:
        return
    masked = ctx.masked(page)
    if "](" not in masked and "]:" not in masked:
        return
    base = posixpath.dirname(f"{page.lang}/{page.rel}")
    cache = ctx.link_cache
    for offset, raw, image in iter_links(masked):
        key = (page.lang, base, raw, image)
        if key not in cache:
            cache[key] = resolve_link(ctx, page.lang, base, raw, image)
        result = cache[key]
        if result is None:
            continue
        if result[0] == "#":
            _, rel, anchor = result
            linked = page if rel is None else ctx.corpus.by_rel(page.lang, rel)
            if linked is None or anchor in ctx.anchors(linked):
                continue
            result = "KB042", {"target": raw, "anchor": anchor, "page_path": ctx.display(linked)}
        code, args = result
        yield ctx.at(page, code, *ctx.body_pos(page, offset), **args)


_H1 = re.compile(r"^#[ \t]+\S", re.M)


@page_rule
def body_shape(page: Page, ctx: Context):
    """No level-one heading (the title comes from front matter); the summary box comes first."""
    if page.parsed.meta is None:
        return
    masked = ctx.masked(page)
    if masked.startswith(("# ", "#\t")) or "\n# " in masked or "\n#\t" in masked:
        for m in _H1.finditer(masked):
            yield ctx.at(page, "KB046", *ctx.body_pos(page, m.start()))
    stripped = page.body.lstrip()
    if not stripped.startswith(("!!! abstract", '!!! "abstract"')):
        offset = len(page.body) - len(stripped)
        line, col = ctx.body_pos(page, offset) if stripped else (ctx.closing_line(page), 1)
        yield ctx.at(page, "KB047", line, col)


# --- rules: pages made by `make new` ------------------------------------------------------------

@lru_cache(maxsize=None)
def scaffold_markers(path: Path = SCAFFOLD_TEXTS_PATH) -> tuple[str, ...]:
    """The words `make new` puts where something must be filled in (DA COMPLETARE, À COMPLÉTER)."""
    try:
        with open(path, encoding="utf-8") as fh:
            texts = yaml.load(fh, Loader=_YAML_LOADER) or {}
        return tuple(texts[lang]["marker"] for lang in LANGS if lang in texts)
    except (OSError, yaml.YAMLError, KeyError, TypeError):  # reported by check_data
        return ()


@page_rule
def placeholders(page: Page, ctx: Context):
    """Guidance left by `make new`: a warning on a draft, an error on a page marked ready."""
    meta = page.parsed.meta
    markers = scaffold_markers()
    if meta is None or not markers:
        return
    head = getattr(page.parsed, "_text", "") or ""
    if not any(marker in head or marker in page.body for marker in markers):
        return
    hits: list[tuple[int, int, str]] = []
    for marker in markers:
        for m in re.finditer(re.escape(marker), head):
            line = 2 + head.count("\n", 0, m.start())
            hits.append((line, m.start() - (head.rfind("\n", 0, m.start()) + 1) + 1, marker))
        for m in re.finditer(re.escape(marker), page.body):
            hits.append((*ctx.body_pos(page, m.start()), marker))
    if not hits:
        return
    line, col, marker = min(hits)
    status = meta.get("status")
    if status == "draft":
        yield ctx.at(page, "KB050", line, col, count=len(hits), marker=marker)
    else:
        yield ctx.at(page, "KB051", line, col, count=len(hits), marker=marker, status=status)


# --- running the rules --------------------------------------------------------------------------

def _load_rule_modules() -> None:
    for name in RULE_MODULES:
        importlib.import_module(name)


def _internal(ctx: Context, display_path: str, rule, exc: BaseException) -> Finding:
    text = f"{rule.__name__}: {type(exc).__name__}: {exc}".splitlines()[0][:200]
    return ctx.at_file(display_path, "KB999", 1, 1, error=text)


def check_corpus(corpus: Corpus, schema: Schema | None = None) -> list[Finding]:
    """Every finding about every page of `corpus`, sorted by file, line and column."""
    _load_rule_modules()
    try:
        ctx = Context(corpus, schema)
    except Exception as exc:  # a data file the rules need does not load: say which, and where
        from .check_data import data_findings

        found = data_findings() or [Finding("data", 1, 1, "KB999", "error", {"error": f"{type(exc).__name__}: {exc}"[:200]})]
        return sorted(found, key=lambda f: (f.path, f.line, f.col, f.code))
    findings: list[Finding] = []
    for page in corpus.pages:
        for rule in PAGE_RULES:
            try:
                findings.extend(rule(page, ctx))
            except Exception as exc:  # a bug in a rule must not hide the other problems
                findings.append(_internal(ctx, ctx.display(page), rule, exc))
    for rule in CORPUS_RULES:
        try:
            findings.extend(rule(corpus, ctx))
        except Exception as exc:
            findings.append(_internal(ctx, ctx.display_docs, rule, exc))
    unique: dict[tuple, Finding] = {}
    for f in findings:
        unique.setdefault((f.path, f.line, f.col, f.code, json.dumps(f.args, sort_keys=True, default=str)), f)
    return sorted(unique.values(), key=lambda f: (f.path, f.line, f.col, f.code))


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def summary(findings: list[Finding], lang: str, pages: int | None = None) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    files = len({f.path for f in findings})
    if pages is None:
        return term("summary_short", lang, errors=errors, warnings=warnings, files=files)
    if not findings:
        return term("summary_clean", lang, pages=pages)
    return term("summary", lang, errors=errors, warnings=warnings, files=files, pages=pages)


def format_findings(findings: list[Finding], lang: str = "en", fmt: str = "text", pages: int | None = None) -> str:
    """The findings as text lines (PATH:LINE:COL: severity[CODE]: message), GitHub annotations
    or JSON, followed (text, github) by a summary line."""
    lang = lang if lang in MESSAGE_LANGS else "en"
    if fmt == "json":
        items = [f.as_dict(lang) for f in findings]
        errors = sum(f.severity == "error" for f in findings)
        return json.dumps(
            {"findings": items, "errors": errors, "warnings": len(findings) - errors, "pages": pages},
            ensure_ascii=False, indent=1,
        )
    lines = []
    for f in findings:
        text = f.message(lang)
        if fmt == "github":  # CI cannot know who reads the annotation: both languages of the site
            text = f"IT: {f.message('it')} / FR: {f.message('fr')}"
            kind = "error" if f.severity == "error" else "warning"
            lines.append(
                f"::{kind} file={_gh_escape(f.path, True)},line={f.line},col={f.col},"
                f"title={_gh_escape(f.code, True)}::{_gh_escape(text)}"
            )
        else:
            lines.append(f"{f.path}:{f.line}:{f.col}: {f.severity}[{f.code}]: {text}")
    lines.append(summary(findings, lang, pages))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.kb check",
        description="Check every page of docs/<lang>/: front matter, links, safety. Reads, never writes.",
    )
    parser.add_argument("--docs", type=Path, default=DOCS, help="folder holding it/ and fr/ (default: docs/)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="text (default), github annotations or json")
    parser.add_argument("--lang", choices=MESSAGE_LANGS, default=None, help="language of the messages (default: from LANG)")
    args = parser.parse_args(argv)
    lang = args.lang or user_lang()
    if not args.docs.is_dir() or not any((args.docs / code).is_dir() for code in LANGS):
        print(f"{parser.prog}: " + term("usage_no_docs", lang, path=args.docs), file=sys.stderr)
        return 2
    gc.disable()  # a short run over many small objects: no cyclic garbage worth collecting
    corpus = load_pages(args.docs.resolve())
    findings = check_corpus(corpus)
    try:
        print(format_findings(findings, lang=lang, fmt=args.format, pages=len(corpus.pages)))
        sys.stdout.flush()
    except BrokenPipeError:  # `make check | head`: the reader left, the verdict stands
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 1 if any(f.severity == "error" for f in findings) else 0
