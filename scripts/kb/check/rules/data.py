"""Checker rules: every YAML file under data/ is read, and what must exist in both languages does.

Codes (messages in data/i18n/checker.yml):
  KB100 a YAML syntax error (the parser's reason in the reader's words: tab, missing colon…)
  KB101 a data file that cannot be read (not UTF-8, unreadable)
  KB102 a key written twice in one mapping (YAML keeps the last one without a word)
  KB103 an entry without its text in one language (vocabulary label, glossary term, checker message)
  KB104 an interface string in one language file and not in the other (data/i18n/it.yml, fr.yml)
  KB105 data/guide.yml does not have the shape the guide needs
  KB107 data/schema/page.yml cannot be used as the page schema
A broken data file never stops `make check` with a traceback: if the schema or the vocabularies
cannot be loaded, the page rules do not run and these findings say why (see check_corpus).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from kb.check.context import Context
from kb.check.findings import Finding
from kb.check.messages import severity_of
from kb.check.runner import corpus_rule
from kb.content import yamldata
from kb.content.caches import by_content
from kb.content.guide_spec import GuideSpecError, parse_spec
from kb.content.pages import Corpus
from kb.content.paths import DATA, LANGS

DATA_DIR: Path = DATA  # tests point this at a copy
MESSAGE_LANGS = ("it", "fr", "en")

def _display(path: Path) -> str:
    try:
        return "data/" + path.relative_to(DATA_DIR).as_posix()
    except ValueError:
        return path.name


def yaml_reason(exc: yaml.YAMLError, text: str) -> tuple[str, int, int]:
    """(term key, line, col) for a YAML error: where it is, and what it is in plain words."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return yamldata.reason_term(exc, text), line, col


def _positions(node, path=(), twice=None) -> Iterator[tuple[tuple, tuple[int, int]]]:
    """(key path, (line, col)) for every key of a composed YAML node; keys written twice in one
    mapping are added to `twice` (YAML keeps the last one silently)."""
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            here = (*path, key.value)
            where = (key.start_mark.line + 1, key.start_mark.column + 1)
            if twice is not None and isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    twice.append((key.value, where))
                seen.add(key.value)
            yield here, where
            yield from _positions(value, here, twice)
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            yield (*path, i), (value.start_mark.line + 1, value.start_mark.column + 1)
            yield from _positions(value, (*path, i), twice)


def read_mapping(path: Path, out: list) -> tuple[dict, dict] | None:
    """As `read_yaml`, for a file whose top level is a mapping: None (and no finding) when it is not."""
    read = read_yaml(path, out)
    if read is None:
        return None
    data, positions = read
    return (data, positions) if isinstance(data, dict) else None


def read_yaml(path: Path, out: list) -> tuple[object, dict] | None:
    """(data, key positions) of a YAML file, or None after adding a finding to `out`."""
    display = _display(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        out.append(_finding(display, "KB101", 1, 1, reason=exc.strerror or str(exc)))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", errors="replace")
        line = before.count("\n") + 1
        out.append(_finding(display, "KB101", line, len(before) - before.rfind("\n"), reason="UTF-8"))
        return None
    try:
        node = yaml.compose(text, Loader=yamldata.LOADER)
        data = yaml.load(text, Loader=yamldata.LOADER)
    except yaml.YAMLError as exc:
        key, line, col = yaml_reason(exc, text)
        out.append(_finding(display, "KB100", line, col, reason_term=key))
        return None
    twice: list = []
    positions = dict(_positions(node, (), twice)) if node is not None else {}
    for key, (line, col) in twice:
        out.append(_finding(display, "KB102", line, col, key=key))
    return data, positions


def _finding(display: str, code: str, line: int, col: int, **args) -> Finding:
    return Finding(display, line, col, code, severity_of(code), args)


def _where(positions: dict, path: tuple) -> tuple[int, int]:
    while path:
        if path in positions:
            return positions[path]
        path = path[:-1]
    return 1, 1


# --- what each file must hold ----------------------------------------------------------------------

def _labels(display: str, data, positions: dict, out: list, prefix: tuple, langs=LANGS, field: str | None = None) -> None:
    """Each entry of a {key: {it: …, fr: …}} mapping has a non-empty text in every language."""
    if not isinstance(data, dict):
        return
    for key, entry in data.items():
        if not isinstance(entry, dict):
            continue
        for lang in langs:
            value = entry.get(lang)
            if field is not None and isinstance(value, dict):
                value = value.get(field)
            if not isinstance(value, str) or not value.strip():
                line, col = _where(positions, (*prefix, key))
                name = ".".join(str(p) for p in (*prefix[1:], key)) if len(prefix) > 1 else str(key)
                out.append(_finding(display, "KB103", line, col, key=name, missing=lang if field is None else f"{lang}.{field}"))


def check_vocabularies(path: Path, out: list) -> None:
    read = read_mapping(path, out)
    if read is None:
        return
    data, positions = read
    for name, vocabulary in data.items():
        _labels(_display(path), vocabulary, positions, out, (name,))


def check_glossary(path: Path, out: list) -> None:
    read = read_mapping(path, out)
    if read is None:
        return
    data, positions = read
    for lang in LANGS:
        for field in ("term", "definition"):
            block = data.get(lang)
            value = block.get(field) if isinstance(block, dict) else None
            if not isinstance(value, str) or not value.strip():
                line, col = _where(positions, (lang, field))
                out.append(_finding(_display(path), "KB103", line, col, key=path.stem, missing=f"{lang}.{field}"))


def check_checker_messages(path: Path, out: list) -> None:
    read = read_mapping(path, out)
    if read is None:
        return
    data, positions = read
    for section in ("codes", "terms"):
        _labels(_display(path), data.get(section), positions, out, (section,), langs=MESSAGE_LANGS)


def check_command_messages(path: Path, out: list) -> None:
    """data/i18n/commands.yml: every message in every message language."""
    read = read_mapping(path, out)
    if read is not None:
        data, positions = read
        _labels(_display(path), data.get("messages"), positions, out, ("messages",), langs=MESSAGE_LANGS)


def check_interface_strings(folder: Path, out: list) -> None:
    """data/i18n/<lang>.yml: the same keys in every language."""
    files = {lang: folder / f"{lang}.yml" for lang in LANGS}
    loaded = {}
    for lang, path in files.items():
        if path.is_file():
            read = read_mapping(path, out)
            if read is not None:
                loaded[lang] = read
    for lang, (data, positions) in loaded.items():
        for other, (other_data, _) in loaded.items():
            if other == lang:
                continue
            for key in data:
                if key not in other_data:
                    line, col = _where(positions, (key,))
                    out.append(_finding(_display(files[lang]), "KB104", line, col, key=key,
                                        other_path=_display(files[other])))


def check_scaffold(path: Path, out: list, langs=LANGS) -> None:
    """A file with one block per language (scaffold.yml, translations-report.yml): every block
    has the same keys; scaffold.yml's `messages` have every message language."""
    read = read_mapping(path, out)
    if read is None:
        return
    data, positions = read
    if "messages" in data:
        _labels(_display(path), data.get("messages"), positions, out, ("messages",), langs=MESSAGE_LANGS)
    blocks = {lang: data.get(lang) for lang in langs}
    for lang, block in blocks.items():
        if not isinstance(block, dict):
            out.append(_finding(_display(path), "KB103", 1, 1, key=path.name, missing=lang))
            continue
        for other, other_block in blocks.items():
            if other != lang and isinstance(other_block, dict):
                for key in block:
                    if key not in other_block:
                        line, col = _where(positions, (lang, key))
                        out.append(_finding(_display(path), "KB103", line, col, key=key, missing=other))


def check_guide(path: Path, out: list) -> None:
    read = read_yaml(path, out)
    if read is None:
        return
    data, positions = read
    try:
        parse_spec(data, source=_display(path))
    except GuideSpecError as exc:
        detail = str(exc)
        where = re.search(r": (\w+)\.chapters\[(\d+)\]", detail)
        line, col = _where(positions, (where.group(1), "chapters", int(where.group(2)))) if where else (1, 1)
        if not where:
            lang = re.search(r"'(\w+)' needs", detail)
            line, col = _where(positions, (lang.group(1),)) if lang else (1, 1)
        out.append(_finding(_display(path), "KB105", line, col, detail=detail.split(": ", 1)[-1]))


def check_schema(path: Path, vocabularies: Path, out: list) -> None:
    read = read_yaml(path, out)
    if read is None:
        return
    from kb.content.schema import load_schema

    try:
        load_schema(path, vocabularies)
    except yaml.YAMLError:
        pass  # the vocabularies: reported as their own file
    except Exception as exc:  # any shape error of the schema is reported, not raised
        out.append(_finding(_display(path), "KB107", 1, 1, detail=f"{type(exc).__name__}: {exc}".splitlines()[0][:200]))


def data_findings(data_dir: Path | None = None) -> list[Finding]:
    """Every problem of every YAML file under data/, in file order."""
    return _data_findings(DATA_DIR if data_dir is None else data_dir)


def _every_file(data_dir: Path) -> list[Path]:
    return [path for path in data_dir.rglob("*") if path.is_file()]


@by_content(_every_file)
def _data_findings(data_dir: Path) -> list[Finding]:
    out: list[Finding] = []
    special = {
        "vocabularies.yml": check_vocabularies,
        "guide.yml": check_guide,
        "i18n/checker.yml": check_checker_messages,
        "i18n/scaffold.yml": check_scaffold,
        "i18n/translations-report.yml": lambda path, out: check_scaffold(path, out, MESSAGE_LANGS),
        "i18n/commands.yml": check_command_messages,
    }
    interface = {f"i18n/{lang}.yml" for lang in LANGS}
    for path in sorted(data_dir.rglob("*.y*ml")):
        rel = path.relative_to(data_dir).as_posix()
        if rel in special:
            special[rel](path, out)
        elif rel in interface:
            continue  # read together below
        elif rel.startswith("glossary/"):
            check_glossary(path, out)
        elif rel == "schema/page.yml":
            check_schema(path, data_dir / "vocabularies.yml", out)
        else:
            read_yaml(path, out)
    check_interface_strings(data_dir / "i18n", out)
    return out


@corpus_rule
def data_files(corpus: Corpus, ctx: Context):
    """The data files the site is built from: readable, and complete in both languages."""
    yield from data_findings()
