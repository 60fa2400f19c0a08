"""Split a Markdown file into its YAML front matter and body, keeping line numbers.

The parser never raises on bad input: it returns a `Parsed` with `problems` instead, so that
checks can report a file:line message rather than a traceback.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import yaml

from . import yamldata

try:  # the C loader is several times faster; fall back to the pure-Python one
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

BOM = "\ufeff"
MAX_DEPTH = 100  # nesting deeper than this is refused before composing (the C composer recurses)


class _Loader(_BaseLoader):
    """Safe loader whose impossible dates (2026-02-30) stay strings, so checks can name them."""


def _lenient_timestamp(loader, node):
    try:
        return _BaseLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)


@dataclass
class Problem:
    """A defect found while reading a file (code, 1-based line and column, message args)."""

    code: str
    line: int
    col: int = 1
    args: dict = field(default_factory=dict)


@dataclass
class Parsed:
    meta: dict | None
    body: str
    body_line: int  # 1-based line where the body starts
    key_lines: dict[str, tuple[int, int]]  # top-level key -> (line, col), 1-based
    problems: list[Problem]
    has_front_matter: bool
    # kept for precise value positions, on demand: the YAML node tree; the front matter as written
    _node: yaml.Node | None = field(default=None, init=False, repr=False, compare=False)
    _text: str | None = field(default=None, init=False, repr=False, compare=False)


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """Bytes to text: UTF-8 with an optional BOM; CRLF and CR become LF."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Problem("KB002", line, col)
    if text.startswith(BOM):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, None


def _key_positions(node: yaml.Node) -> dict[str, tuple[int, int]]:
    positions: dict[str, tuple[int, int]] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                positions.setdefault(
                    str(key_node.value), (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                )
    return positions


def value_positions(node: yaml.Node, offset: int) -> dict[tuple, tuple[int, int]]:
    """Map each path (tuple of keys / indexes) in a composed YAML tree to its (line, col)."""
    out: dict[tuple, tuple[int, int]] = {}

    def walk(n: yaml.Node, path: tuple) -> None:
        out[path] = (n.start_mark.line + 1 + offset, n.start_mark.column + 1)
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else str(k)
                out[(*path, key)] = (k.start_mark.line + 1 + offset, k.start_mark.column + 1)
                walk_value(v, (*path, key))
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                walk(item, (*path, i))

    def walk_value(v: yaml.Node, path: tuple) -> None:
        key_pos = out[path]
        walk(v, path)
        if not isinstance(v, yaml.ScalarNode):
            out[path] = key_pos  # point at the key for containers, it reads better

    walk(node, ())
    return out


def split(text: str) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body, body start line)."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return None, text, 1
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            return "", "", -1  # opened and never closed
    fm = text[4 : end + 1]
    body = text[end + 5 :]
    return fm, body, fm.count("\n") + 3


def parse(raw: bytes) -> Parsed:
    text, problem = decode(raw)
    if text is None:
        return Parsed(None, "", 1, {}, [problem] if problem is not None else [], False)
    return parse_text(text)


def parse_text(text: str) -> Parsed:
    problems: list[Problem] = []
    if not text.strip():
        return Parsed(None, "", 1, {}, [Problem("KB003", 1)], False)
    fm, body, body_line = split(text)
    if fm is None:
        return Parsed(None, body, 1, {}, [Problem("KB004", 1)], False)
    if body_line == -1:
        return Parsed(None, "", 1, {}, [Problem("KB005", 1)], True)
    try:
        too_deep = _too_deep(fm)
        if too_deep is not None:
            return Parsed(None, body, body_line, {}, [too_deep], True)
        loader = _Loader(fm)
        try:
            node = loader.get_single_node()  # parsed once: the node tree keeps line numbers
            shape = _shape_problems(node, fm) if node is not None else []
            if any(p.code == "KB009" for p in shape):  # aliases can expand without bound: stop here
                return Parsed(None, body, body_line, {}, shape, True)
            problems.extend(shape)
            meta = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark else 2
        col = mark.column + 1 if mark else 1
        # the parser's words, said in the reader's language by the checker (data/i18n/checker.yml)
        reason = yamldata.reason_term(exc, fm)
        return Parsed(None, body, body_line, {}, [Problem("KB006", line, col, {"reason_term": reason})], True)
    except (ValueError, TypeError, OverflowError, RecursionError):  # e.g. `!!int abc`
        return Parsed(None, body, body_line, {}, [Problem("KB006", 2, 1, {"reason_term": "yaml_value"})], True)
    if not isinstance(meta, dict) or node is None:
        return Parsed(None, body, body_line, {}, [Problem("KB007", 2)], True)
    keys = {k: (line + 1, col) for k, (line, col) in _key_positions(node).items()}
    parsed = Parsed(meta, body, body_line, keys, problems, True)
    parsed._node = node  # kept for precise value positions, on demand
    parsed._text = fm  # the front matter as written, comments included (placeholder checks)
    return parsed


def _too_deep(fm: str) -> Problem | None:
    """KB062 when the YAML nests deeper than MAX_DEPTH (checked on the event stream, no recursion).

    The cheap upper bound below skips the extra pass for every ordinary front matter: a level
    opens with a new line, a flow bracket, or a block entry ("- ", "? ") followed by a mapping.
    """
    entries = fm.count("- ") + fm.count("-\t") + fm.count("? ") + fm.count("?\t")
    bound = fm.count("\n") + fm.count("[") + fm.count("{") + 2 * entries + 1
    if bound <= MAX_DEPTH:
        return None
    depth = 0
    start = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    for event in yaml.parse(fm, Loader=_BaseLoader):
        if isinstance(event, start):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line, col = (mark.line + 2, mark.column + 1) if mark is not None else (2, 1)
                return Problem("KB062", line, col, {"limit": MAX_DEPTH})
        elif isinstance(event, end):
            depth -= 1
    return None


def _shape_problems(root: yaml.Node, fm: str = "&*") -> list[Problem]:
    """Duplicate keys (KB008) and anchors/aliases (KB009): an alias is a node met twice.

    Aliases need '&' and '*' in the text: without them, only the mappings are walked.
    """
    problems: list[Problem] = []
    aliases_possible = "&" in fm and "*" in fm
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if aliases_possible:
            if id(node) in seen:
                mark = node.start_mark
                problems.append(Problem("KB009", mark.line + 2, mark.column + 1))
                return problems
            seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set = set()
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        mark = key_node.start_mark
                        problems.append(Problem("KB009", mark.line + 2, mark.column + 1))
                        return problems
                    if key_node.value in keys:
                        mark = key_node.start_mark
                        problems.append(Problem("KB008", mark.line + 2, mark.column + 1, {"key": key_node.value}))
                    keys.add(key_node.value)
                elif aliases_possible:
                    stack.append(key_node)
                if aliases_possible or not isinstance(value_node, yaml.ScalarNode):
                    stack.append(value_node)
        elif isinstance(node, yaml.SequenceNode):
            if aliases_possible:
                stack.extend(node.value)
            else:
                stack.extend(n for n in node.value if not isinstance(n, yaml.ScalarNode))
    return problems


def positions(parsed: Parsed) -> dict[tuple, tuple[int, int]]:
    """(line, col) of every value path in the front matter, computed only when a check needs it."""
    node = getattr(parsed, "_node", None)
    return value_positions(node, 1) if node is not None else {}


def to_jsonable(value):
    """YAML dates become ISO strings, so metadata can be compared and dumped as JSON."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_jsonable(v) for v in value]
    return value
