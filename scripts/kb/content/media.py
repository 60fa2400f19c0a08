"""Where pictures go: one folder for both languages, docs/assets/images/ (data/editor.yml
`media_folder`), served at /assets/images/ and reached from a page by a relative path
(`../../assets/images/orto.jpg` from docs/it/experiences/x.md). The web editor uploads there, the
checker's advice names it, CONTRIBUTING tells it."""
from __future__ import annotations

import posixpath

from kb.content import yamldata
from kb.content.caches import cached
from kb.content.paths import DATA


@cached
def images_folder() -> str:
    """The picture folder relative to docs/ ('assets/images')."""
    with open(DATA / "editor.yml", encoding="utf-8") as fh:
        folder = str(yamldata.load(fh)["media_folder"]).strip("/")
    if not folder.startswith("docs/"):
        raise ValueError("data/editor.yml media_folder must be inside docs/")
    return folder[len("docs/"):]


def image_ref(page_docs_rel: str, name: str) -> str:
    """What a page at `page_docs_rel` (relative to docs/: 'it/experiences/x.md') writes to show the
    picture `name` of the picture folder."""
    return posixpath.relpath(f"{images_folder()}/{name}", posixpath.dirname(page_docs_rel))
