"""Content: the pages of docs/<lang>/ as typed objects, their front matter (parsed once, with
positions) and its typed view (metadata.py), the front-matter schema and its field registry
(schema.py, fields.py), the vocabularies, every text shown to people (texts.py; strings.py and
vocab.py keep former names), paths, URLs (urls.py), dates, git's last-change dates, which page
translates which and whether it is current (translation.py), what the printed guide contains
(guide_spec.py, data/guide.yml), file sizes as readers read them (sizes.py); plus `make new`, which writes new pages from the schema.

Imports: the standard library, PyYAML, jsonschema, Babel, nh3. Nothing else of kb (the bottom
layer of the import-linter contract in pyproject.toml).
"""
