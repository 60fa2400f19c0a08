"""The printable method guide, one PDF per language (`make site`): what it contains (data/guide.yml,
read by content/guide_spec.py), the pages' contents the build keeps for it (contents.py), how a page becomes a
chapter (html.py), the whole document of one language (document.py), the PDF itself (pdf.py,
WeasyPrint) and the download link written into the built pages (stamp.py).

Where the contents come from: the HTML build keeps, outside the published site, each page's article
as Markdown made it, with its generated Blocks (generate/block.py) as data: `<site>.pages/<lang>.json`
next to the site folder (`site.pages/` for `site/`). `make site` is the HTML build, then
`python -m kb pdf --site site`, which reads `site.pages/`; a site copied elsewhere needs its
`.pages` folder copied beside it. The guide prints each Block with as many items as data/guide.yml
allows (`list_limit`, a chapter's `limit`): it cuts items, never the theme's HTML, and parses the
pages' front matter once per run.

Imports: kb.content, kb.generate. Never kb.check, kb.translations, kb.editor or kb.adapter (the
import-linter contract in pyproject.toml).
"""
