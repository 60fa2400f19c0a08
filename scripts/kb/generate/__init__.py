"""Everything generated from the pages' metadata for a build: the /browse/ facet pages, the lists
and boxes added to hand-written pages (data/listings.yml), the glossary, the territory diagram,
schema.org JSON-LD, the open-data catalogue, the lean navigation, the search pages (virtual.py:
pages drawn by a template alone), the site read offline (offline.py: manifests, saved-copy lists,
the offline pages, the service worker written with Workbox from sw.js through workbox.cjs), and
the template context of a page. Plain
functions over a Corpus: no MkDocs. What is added to a page is a Fragment of Markdown and Blocks
(block.py): typed pieces of raw HTML with the items they list, kept per page (blocks.py) so that
the printed guide can print them with fewer items.

Imports: kb.content only. Never kb.check, kb.translations, kb.guide or kb.adapter (the import-linter
contract in pyproject.toml).
"""
