"""The printable method guide, one PDF per language (`make site`): what it contains (spec.py,
data/guide.yml), how a built page becomes a chapter (html.py), the whole document of one language
(document.py), the PDF itself (pdf.py, WeasyPrint) and the download link written into the built
pages (stamp.py).

Imports: kb.content, kb.generate. Never kb.adapter.
"""
