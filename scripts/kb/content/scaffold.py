"""`make new TYPE=experience ID=slug` (`python -m kb new TYPE ID`): a new page, both languages.

Writes docs/it/<section>/<ID>.md and docs/fr/<section>/<ID>.md (section by type, see
TYPE_SECTIONS in paths.py) with front matter built from data/schema/page.yml: the required fields
of the type, vocabulary fields as empty lists with the allowed values in a comment, `updated` =
today, `status: draft` and the seed source. Texts come from data/i18n/scaffold.yml, in each
file's language.

The pair passes `make check` as a draft: every required field holds a valid value, and whatever
still has to be written carries the marker DA COMPLETARE / À COMPLÉTER. The checker reports a
draft that still contains a marker as a warning (KB050) and any other status as an error (KB051),
so a page made here cannot be published half-written.

It never overwrites: an unknown type, an invalid or reserved id, an id or a path that exists in
either language are refused (exit status 2) with a message in the user's language.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import textwrap
from pathlib import Path

import yaml

from kb.content import yamldata
from kb.content.caches import cached
from kb.content.pages import load_pages
from kb.content.paths import DATA, DOCS, GENERATED_PREFIXES, LANGS, ROOT, TYPE_SECTIONS
from kb.content.schema import Schema, load_schema
from kb.content.strings import user_lang
from kb.content.texts import SCAFFOLD, fill

TEXTS_PATH = DATA / "i18n" / "scaffold.yml"
RESERVED_IDS = {"index"} | {p.split("/")[0].split(".")[0] for p in GENERATED_PREFIXES}
OPTIONAL_HINTS = {"experience": ("period", {"start": "2022"}), "output": ("year", 2022)}
WIDTH = 100


class Refused(Exception):
    """The page cannot be created; `args[0]` is the message key, `kwargs` its values."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


@cached
def load_texts(path: Path = TEXTS_PATH) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yamldata.load(fh)


def section_of(page_type: str) -> str:
    return TYPE_SECTIONS[page_type]


def rel_path(page_type: str, page_id: str) -> str:
    section = section_of(page_type)
    return f"{section}/{page_id}.md" if section else f"{page_id}.md"


def _q(value) -> str:
    """A YAML scalar: JSON strings are valid double-quoted YAML."""
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str, indent: str = "") -> list[str]:
    lines = []
    for paragraph in text.split("\n"):
        lines += textwrap.wrap(paragraph, WIDTH - len(indent) - 2, break_on_hyphens=False) or [""]
    return [f"{indent}# {line}".rstrip() for line in lines]


def _allowed(schema: Schema, vocabulary: str, lang: str) -> str:
    entries = schema.vocabularies[vocabulary]
    return ", ".join(
        f"{key} ({entry[lang]})" if isinstance(entry, dict) and entry.get(lang) and entry[lang] != key else key
        for key, entry in entries.items()
    )


def front_matter(schema: Schema, page_type: str, page_id: str, lang: str, today: dt.date) -> list[str]:
    texts = load_texts()[lang]
    lines = ["---", *_comment(fill(texts["header"], {"date": today.isoformat()}))]
    fixed = {
        "id": page_id,
        "type": page_type,
        "title": texts["title"],
        "description": texts["description"],
        "updated": today.isoformat(),
    }
    required = schema.required_for(page_type)
    for name in required:
        if name in fixed:
            value = fixed[name]
            lines.append(f"{name}: {value if name in ('id', 'type', 'updated') else _q(value)}")
        elif name == "status":
            lines += _comment(texts["status"])
            lines.append("status: draft")
        elif name == "sources":
            continue  # last, it is the longest
        else:
            field = schema.fields[name]
            vocabulary = field.vocabulary
            if field.is_list and vocabulary:
                lines += _comment(f"{name}: {texts['list']}. {texts['allowed']} {_allowed(schema, vocabulary, lang)}")
                lines.append(f"{name}: []")
            elif vocabulary:
                keys = list(field.values)
                if page_id in keys:  # a phase page named after its phase
                    lines.append(f"{name}: {page_id}")
                else:
                    lines += _comment(f"{texts['choose']}. {texts['allowed']} {_allowed(schema, vocabulary, lang)}")
                    lines.append(f"{name}: {keys[0]}")
            else:  # a required field of another shape: the schema's example, flagged
                lines += _comment(texts["choose"])
                lines.append(f"{name}: {_q(field.example)}")
    hint = OPTIONAL_HINTS.get(page_type)
    if hint and hint[0] not in required:
        name, example = hint
        lines += _comment(f"{name} — {texts['optional'][name]}")
        lines.append("# " + yaml.safe_dump({name: example}, default_flow_style=True, allow_unicode=True).strip()[1:-1])
    lines.append("sources:")
    lines += _comment(texts["sources"], "  ")
    lines += [f"  - title: {_q(texts['seed_title'])}", "    ref: seed", "---"]
    return lines


def body(page_type: str, lang: str) -> list[str]:
    texts = load_texts()[lang]
    lines = [f'!!! abstract "{texts["abstract_label"]}"', f"    {texts['abstract']}", ""]
    sections = texts.get("sections", {}).get(page_type)
    if sections:
        for heading, guidance in sections:
            lines += [f"## {heading}", "", guidance, ""]
    else:
        lines += [texts["body"], ""]
    return lines


def page_text(schema: Schema, page_type: str, page_id: str, lang: str, today: dt.date) -> str:
    return "\n".join(front_matter(schema, page_type, page_id, lang, today) + body(page_type, lang))


def validate_request(docs: Path, page_type: str, page_id: str, schema: Schema) -> dict[str, Path]:
    """The paths to create, or Refused."""
    types = list(schema.vocabularies["types"])
    if not page_type or not page_id:
        raise Refused("usage", types=", ".join(types))
    if page_type not in types:
        raise Refused("unknown_type", type=page_type, types=", ".join(types))
    if not re.fullmatch(schema.properties["id"]["pattern"], page_id):
        raise Refused("bad_id", id=page_id)
    if page_id in RESERVED_IDS:
        raise Refused("reserved_id", id=page_id)
    corpus = load_pages(docs)
    for lang in LANGS:
        existing = corpus.by_id(lang, page_id)
        if existing is not None:
            raise Refused("id_exists", id=page_id, path=_display(existing.path))
    rel = rel_path(page_type, page_id)
    targets = {lang: docs / lang / rel for lang in LANGS}
    for path in targets.values():
        if os.path.lexists(path):
            raise Refused("path_exists", path=_display(path))
    return targets


def _display(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def create(docs: Path, page_type: str, page_id: str, today: dt.date | None = None) -> list[Path]:
    """Write the pair; Refused if it cannot. Never overwrites (files are opened with 'x')."""
    schema = load_schema()
    today = today or dt.date.today()
    targets = validate_request(docs, page_type, page_id, schema)
    written: list[Path] = []
    try:
        for lang, path in targets.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8", newline="\n") as fh:
                fh.write(page_text(schema, page_type, page_id, lang, today))
            written.append(path)
    except FileExistsError as exc:  # appeared meanwhile: undo our half, touch nothing else
        for path in written:
            path.unlink()
        raise Refused("path_exists", path=_display(Path(exc.filename))) from None
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb new", description="Create a new page in both languages.")
    parser.add_argument("type", help="experience, output, phase or page")
    parser.add_argument("id", help="identifier (lower case, digits, hyphens), also the file name")
    parser.add_argument("--docs", type=Path, default=DOCS, help="folder holding it/ and fr/ (default: docs/)")
    parser.add_argument("--lang", choices=("it", "fr", "en"), default=None, help="language of the messages")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="value of `updated` (default: today)")
    args = parser.parse_args(argv)
    lang = args.lang or user_lang()
    if not args.docs.is_dir():
        print(f"{parser.prog}: " + SCAFFOLD.text(lang, "no_docs", path=args.docs), file=sys.stderr)
        return 2
    try:
        written = create(args.docs, args.type.strip(), args.id.strip(), args.date)
    except Refused as refused:
        print(f"{parser.prog}: " + SCAFFOLD.text(lang, refused.key, **refused.values), file=sys.stderr)
        return 2
    print(SCAFFOLD.text(lang, "created"))
    for path in written:
        print(f"  {_display(path)}")
    print(SCAFFOLD.text(lang, "next"))
    return 0
