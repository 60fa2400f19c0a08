"""Controlled vocabularies and their Italian and French labels (data/vocabularies.yml)."""
from __future__ import annotations

from pathlib import Path

from kb.content import yamldata
from kb.content.caches import cached
from kb.content.paths import DATA


@cached
def load_vocabularies(path: Path = DATA / "vocabularies.yml") -> dict[str, dict[str, dict]]:
    with open(path, encoding="utf-8") as fh:
        return yamldata.load(fh)


def label(vocabulary: str, key: str, lang: str, plural: bool = False) -> str:
    """Former name of texts.labels(vocabulary).text(lang, key, plural=plural): the label of `key`
    in `vocabulary`, in `lang`; the key itself if unknown."""
    from kb.content.texts import labels

    return labels(vocabulary).text(lang, key, plural=plural)


def keys(vocabulary: str) -> list[str]:
    """The values of a vocabulary, in their declared order (phases by `order`)."""
    return ordered_keys(load_vocabularies()[vocabulary])


def ordered_keys(entries: dict) -> list[str]:
    """The keys of one vocabulary's entries, by `order` when every entry has one, else as written."""
    if all(isinstance(e, dict) and "order" in e for e in entries.values()):
        return sorted(entries, key=lambda k: entries[k]["order"])
    return list(entries)
