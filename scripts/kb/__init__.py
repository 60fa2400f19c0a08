"""The site's pipeline: pages, metadata, checks, generated indexes, catalogue, PDF guide.

Plain Python, importable without MkDocs. MkDocs reaches it through scripts/mkdocs_hook.py.
"""
