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


# --- roles of the values of a vocabulary (the organisations' roles) ----------------------------------

ROLES_VOCABULARY = "organisation_roles"


def roles_of(vocabulary: str, key: str) -> tuple[str, ...]:
    """The roles (keys of organisation_roles) a value has in data/vocabularies.yml, in order."""
    entry = (load_vocabularies().get(vocabulary) or {}).get(key)
    roles = entry.get("roles") if isinstance(entry, dict) else None
    return tuple(str(r) for r in roles) if isinstance(roles, list) else ()


def role_label(role: str, lang: str, short: bool = False) -> str:
    """A role's label in `lang`; `short` asks for its `<lang>_short` form (next to a name)."""
    entry = (load_vocabularies().get(ROLES_VOCABULARY) or {}).get(role)
    if not isinstance(entry, dict):
        return role
    return str(entry.get(f"{lang}_short") if short and entry.get(f"{lang}_short") else entry.get(lang) or role)


def roles_text(vocabulary: str, key: str, lang: str, short: bool = False) -> str:
    """The roles of a value as one text ('membro dell'ATS, capofila dell'ATS'); '' without roles."""
    return ", ".join(role_label(r, lang, short) for r in roles_of(vocabulary, key))
