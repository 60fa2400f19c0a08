"""The pages' contents as the build leaves them for the printed guide, outside the published site.

The HTML build (the plugin, adapter/files.py) writes, for each language, one file
`<site>.pages/<lang>.json` next to the site folder (`site/` -> `site.pages/it.json`): the address
of the site and, for every hand-written page of that language, its article as Python-Markdown
made it, with the markers of its generated Blocks still in it, and those Blocks as data
(generate/block.py). The guide puts each Block back with as many items as it prints: it cuts
items, not HTML, and never reads the theme's pages again. The folder is not published (it is not
in the site), is rewritten by every build, and `python -m kb pdf --site DIR` reads DIR.pages.

`python -m kb build` runs one MkDocs process per language, some into temporary folders: it tells
them the folder through the environment (ENV).
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kb.generate.block import Block

ENV = "KB_PAGE_CONTENTS"  # the folder, when the build writes the site elsewhere first
VERSION = 1


class MissingContents(FileNotFoundError):
    """The site was not built by this project's build, or by an older one."""


def folder(site: Path) -> Path:
    """Where the build keeps the pages' contents of the site at `site`: a sibling folder."""
    site = Path(site)
    return site.parent / (site.name + ".pages")


def folder_for_build(site_dir: str | Path) -> Path:
    """The folder a build writes to: ENV if set, else next to the folder MkDocs writes."""
    given = os.environ.get(ENV)
    return Path(given) if given else folder(Path(site_dir))


@dataclass
class PageContent:
    """One page's article, with its Blocks behind their markers."""

    content: str
    blocks: list[tuple[str, Block]] = field(default_factory=list)  # (marker, block), in order

    def html(self, render: Callable[[Block], str] | None = None) -> str:
        """The article with each Block put back as `render(block)` returns it (by default whole)."""
        out = self.content
        for marker, block in self.blocks:
            out = out.replace(marker, render(block) if render is not None else block.html)
        return out


@dataclass
class Contents:
    """The contents of one language's pages, by path under docs/<lang>/ ('method/conoscere.md')."""

    lang: str
    site_url: str
    pages: dict[str, PageContent]


def page_data(content: str, blocks: list[dict]) -> dict:
    """One page's entry: `blocks` as PageBlocks.to_data() gives them (with their markers)."""
    return {"content": content, "blocks": blocks}


def write(target: Path, lang: str, site_url: str, pages: dict[str, dict]) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{lang}.json"
    data = {"version": VERSION, "lang": lang, "site_url": site_url, "pages": dict(sorted(pages.items()))}
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return path


def read(site: Path, lang: str) -> Contents:
    path = folder(site) / f"{lang}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MissingContents(f"{path}: no page contents for the guide; build the site with `python -m kb build`") from None
    if data.get("version") != VERSION or data.get("lang") != lang:
        raise MissingContents(f"{path}: written by another version of the build; build the site again")
    pages = {
        rel: PageContent(entry["content"], [(b["marker"], Block.from_data(b)) for b in entry["blocks"]])
        for rel, entry in data["pages"].items()
    }
    return Contents(lang=lang, site_url=data["site_url"], pages=pages)
