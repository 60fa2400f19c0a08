"""What the site says about itself (data/site.yml): publisher, contact, privacy controller, host.

    load_site()          the settings, read once per process
    settings.missing     the entries the owner has not filled yet ('publisher.name', …)

The about, privacy and accessibility pages show them (generate/listings.py site_info_block); the
checker warns while the owner's entries are empty (check/rules/site.py, KB141).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.content import yamldata
from kb.content.caches import cached
from kb.content.paths import DATA

SITE = DATA / "site.yml"
# The entries the owner fills: (section, key). A section counts as filled when one of its keys is.
OWNER_ENTRIES = {"publisher": ("name",), "contact": ("email", "url"), "privacy_controller": ("name",)}


@dataclass(frozen=True)
class SiteSettings:
    data: dict

    def text(self, section: str, key: str) -> str:
        value = (self.data.get(section) or {}).get(key) if isinstance(self.data.get(section), dict) else None
        return str(value).strip() if value not in (None, "") else ""

    @property
    def missing(self) -> list[str]:
        """'section.key' of each owner's entry left empty (the first key of a section)."""
        return [f"{section}.{keys[0]}" for section, keys in OWNER_ENTRIES.items()
                if not any(self.text(section, key) for key in keys)]


@cached
def _load(path: str) -> SiteSettings:
    file = Path(path)
    if not file.exists():
        return SiteSettings({})
    with open(file, encoding="utf-8") as fh:
        data = yamldata.load(fh)
    return SiteSettings(data if isinstance(data, dict) else {})


def load_site(path: Path = SITE) -> SiteSettings:
    return _load(str(path))
