"""The checker (`make check`, and the first step of every build): it reads every page once, runs
the rules (check/rules/, one module per theme) and reports each problem at PATH:LINE:COL with a
message in the reader's language (data/i18n/checker.yml). It reads; it never writes.

Imports: kb.content only (translation states: content/translation.py; the guide's spec:
content/guide_spec.py). Never kb.adapter (the import-linter contract in pyproject.toml).
"""
