"""The site's pipeline, as an installable package (`pip install -e .`, see pyproject.toml).

Folders, from the bottom up; each may import the folders of the layers below it, never those
above, nor the folder beside it in the same layer (the import-linter contract in pyproject.toml,
checked by `make test-fast`; notes/ARCHITECTURE.md has the same as a table):

    content/       pages and their front matter, the schema, vocabularies, interface strings,
                   paths and URLs, dates, git history, translation states, the guide's spec:
                   what every other folder reads
    check/         the checker (`make check`): runner, formatter, rules by theme
    translations/  `make translations`: the report, the stamping of records  (beside check/)
    generate/      everything made from the metadata: indexes, lists, glossary, JSON-LD, catalogue;
                   never check/ nor translations/
    guide/         the printable PDF guide, from the built pages
    editor/        the web editor's configuration, generated from the schema  (beside guide/);
                   guide/ and editor/ never import check/ nor translations/ either
    tools/         benchmark and audit
    adapter/       the only door to MkDocs, mkdocs-static-i18n, Python-Markdown and Material: the
                   plugin `kb` and the build command; it may import every folder above, and no
                   folder above imports it or any of those four libraries

`__main__.py` is the command line (`python -m kb COMMAND`), the one place that wires them together.
"""
