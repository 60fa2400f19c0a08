"""Content: the pages of docs/<lang>/ as typed objects, their front matter (parsed once, with
positions), the front-matter schema, the vocabularies, the interface strings, paths and URLs,
dates, and git's last-change dates; plus `make new`, which writes new pages from the schema.

Imports: the standard library, PyYAML, jsonschema, Babel. Nothing else of kb.
"""
