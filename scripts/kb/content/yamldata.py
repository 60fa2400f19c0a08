"""Reading the project's own YAML data files (data/*.yml): libyaml's C loader when PyYAML has it.

The pure-Python loader costs a few tenths of a second per build process for the glossary, the
vocabularies and the interface strings; the C one gives the same values for these files.
Front matter is read elsewhere (scripts/kb/content/frontmatter.py), with positions for error messages.
"""
from __future__ import annotations

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(stream):
    """Like yaml.safe_load (a str, bytes or an open file)."""
    return yaml.load(stream, Loader=LOADER)


# The parser's own words -> a term of data/i18n/checker.yml that says the same to a partner, in
# the reader's language (first match wins). Used for data files and for page headers.
REASONS: tuple[tuple[str, str], ...] = (
    ("cannot start any token", "yaml_token"),
    ("could not find expected ':'", "yaml_colon"),
    ("mapping values are not allowed", "yaml_mapping_value"),
    ("did not find expected key", "yaml_indent"),
    ("expected <block end>", "yaml_indent"),
    ("did not find expected '-' indicator", "yaml_indent"),
    ("quoted scalar", "yaml_quote"),
    ("expected ',' or '}'", "yaml_flow"),
    ("expected ',' or ']'", "yaml_flow"),
    ("found duplicate anchor", "yaml_alias"),
    ("found undefined alias", "yaml_alias"),
    ("found unknown escape character", "yaml_escape"),
)


def reason_term(exc: yaml.YAMLError, text: str) -> str:
    """The term key (yaml_tab, yaml_colon…) for a YAML error in `text`."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = f"{getattr(exc, 'problem', '') or ''} {getattr(exc, 'context', '') or ''}"
    if "cannot start any token" in problem:
        lines = text.split("\n")
        char = lines[mark.line][mark.column:mark.column + 1] if mark is not None and mark.line < len(lines) else ""
        if char == "\t" or "'\\t'" in problem:
            return "yaml_tab"
    for needle, key in REASONS:
        if needle in problem:
            return key
    return "yaml_other"
