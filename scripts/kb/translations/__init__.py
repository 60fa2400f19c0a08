"""Translations: which page translates which, the fingerprint a translation records of its
original, whether it is current, the report of `make translations` and the stamping of records.

Imports: kb.content only.
"""
