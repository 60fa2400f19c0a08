"""Translations: the report of `make translations`, the stamping of records (records.py), the
plain-language and equal-substance measures (substance.py). Which page translates which and
whether it is current is a fact about the pages that the checker and the build read too:
kb/content/translation.py.

Imports: kb.content only (the import-linter contract in pyproject.toml).
"""
