"""The adapter: the only folder that imports MkDocs, mkdocs-static-i18n, Python-Markdown or
Material, or relies on how they work inside. The plugin `kb` (plugin.py, registered in
pyproject.toml), the virtual files and navigation handed to MkDocs (files.py), the build command
that runs one MkDocs process per language (build.py, parallel.py), fixes to the theme's HTML
(postprocess.py, minify.py) and the build's speed levers (inline_triggers.py, fragments.py,
assets.py, render_cache.py, page_cache.py), each switched by a plugin option in mkdocs.yml, and
the Markdown floor `make bench` compares the build with (markdown_floor.py).
tests/test_adapter_contract.py pins the versions and the internals these modules rely on.

A change of generator touches this folder and the templates (overrides/) only.
Imports: every other folder of kb; no folder imports it (only kb/__main__.py, the composition
root). The import-linter contract in pyproject.toml.
"""
