"""Content: the pages of docs/<lang>/ as typed objects, their front matter (parsed once, with
positions) and its typed view (metadata.py), the front-matter schema and its field registry
(schema.py, fields.py), the vocabularies, every text shown to people (texts.py; strings.py and
vocab.py keep former names), paths, URLs (urls.py), dates, and git's last-change dates; plus
`make new`, which writes new pages from the schema.

Imports: the standard library, PyYAML, jsonschema, Babel. Nothing else of kb.
"""
