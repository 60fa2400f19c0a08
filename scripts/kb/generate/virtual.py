"""Pages the build adds without a Markdown file under docs/: front matter only, a template draws
the page (the search page, search.py; the offline page, offline.py)."""
from __future__ import annotations

from kb.content.paths import LANGS
from kb.content.texts import INTERFACE as ui


def template_page_markdown(lang: str, template: str, title_key: str, description_key: str) -> str:
    """Source of such a page in `lang`: its title and description from the interface strings."""
    import yaml

    meta = {
        "title": ui.text(lang, title_key),
        "description": ui.text(lang, description_key),
        "template": template,
        "search": {"exclude": True},
        "hide": ["toc"],
    }
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n"


def template_pages(rel: str, template: str, title_key: str, description_key: str) -> dict[str, str]:
    """The page in every language, by source path under docs/ ('it/search.md'), with its Markdown."""
    return {f"{lang}/{rel}": template_page_markdown(lang, template, title_key, description_key) for lang in LANGS}
