"""Reading the project's own YAML data files (data/*.yml): libyaml's C loader when PyYAML has it.

The pure-Python loader costs a few tenths of a second per build process for the glossary, the
vocabularies and the interface strings; the C one gives the same values for these files.
Front matter is read elsewhere (scripts/kb/frontmatter.py), with positions for error messages.
"""
from __future__ import annotations

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(stream):
    """Like yaml.safe_load (a str, bytes or an open file)."""
    return yaml.load(stream, Loader=LOADER)
