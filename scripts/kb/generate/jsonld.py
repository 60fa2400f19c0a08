"""schema.org JSON-LD for every page, from the same metadata as everything else. No MkDocs.

Types are kept honest: a hand-written page is a WebPage; an experience page is an Article (a
write-up of something that happened, not an Event); an output page describes a CreativeWork of the
project; a list (section index, /browse/ page) is a CollectionPage; the glossary is a
DefinedTermSet. Translation links only where a page declares it is a translation.
"""
from __future__ import annotations

import json

from kb.content.fields import load_fields
from kb.content.pages import Corpus, Page
from kb.content.paths import lang_prefix
from kb.content.texts import labels
from kb.content.urls import absolute
from kb.content.vocab import load_vocabularies, roles_text
from kb.generate.indexes import GeneratedPage

SCHEMA_TYPES = {"page": "WebPage", "phase": "WebPage", "experience": "Article", "output": "CreativeWork"}

# schema.org property -> the front-matter fields it is made of (their vocabularies and the values a
# page has come from the field registry, content/fields.py).
ABOUT = ("phases", "themes")  # Thing; a phase page: its `code`
MENTIONS = ("organisations",)  # Organization
SPATIAL = "territories"  # Place, in its Country
AUDIENCE = "target_groups"  # Audience
GENRE = "kind"  # of an output


def _names(page: Page, name: str, lang: str) -> list[str]:
    """The labels of the known values a page has for a vocabulary field, in vocabulary order."""
    f = load_fields()[name]
    given = set(page.view.values(name))
    return [f.label(v, lang) for v in f.values if v in given]


def _things(page: Page, names: tuple[str, ...], lang: str, schema_type: str = "Thing") -> list[dict]:
    return [{"@type": schema_type, "name": n} for name in names for n in _names(page, name, lang)]


def _organisations(page: Page, names: tuple[str, ...], lang: str) -> list[dict]:
    """Organization objects, each with its roles (data/vocabularies.yml) as its description."""
    out = []
    for name in names:
        f = load_fields()[name]
        given = set(page.view.values(name))
        for value in (v for v in f.values if v in given):
            thing = {"@type": "Organization", "name": f.label(value, lang)}
            roles = roles_text(f.vocabulary or "", value, lang)
            if roles:
                thing["description"] = roles
            out.append(thing)
    return out


def website(site_url: str, site_name: str, lang: str) -> dict:
    return {"@type": "WebSite", "name": site_name, "url": absolute(site_url, lang_prefix(lang))}


def page_jsonld(
    page: Page,
    corpus: Corpus,
    site_url: str,
    site_name: str,
    collection: bool = False,
    terms: list | None = None,
) -> dict:
    lang = page.lang
    url = absolute(site_url, page.url)
    view, fields = page.view, load_fields()
    schema_type = "CollectionPage" if collection else SCHEMA_TYPES.get(page.type or "", "WebPage")
    data: dict = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "@id": url,
        "url": url,
        "name": page.title,
        "inLanguage": page.shown_lang,  # a page still to translate shows its original's text
        "isPartOf": website(site_url, site_name, lang),
    }
    if view.description:
        data["description"] = view.description
    if view.updated:
        data["dateModified"] = view.updated.isoformat()
    about = _things(page, ABOUT, lang)
    if page.type == "phase" and view.code:
        about = [{"@type": "Thing", "name": fields["code"].label(view.code, lang)}]
    if about:
        data["about"] = about
    organisations = _organisations(page, MENTIONS, lang)
    if organisations:
        data["mentions"] = organisations
    if page.type == "experience":
        territories = fields[SPATIAL]
        entries = load_vocabularies().get(territories.vocabulary, {}) if territories.vocabulary else {}
        places = []
        given = set(view.values(SPATIAL))
        for key in (v for v in territories.values if v in given):
            country = entries.get(key, {}).get("country")
            place: dict[str, object] = {"@type": "Place", "name": territories.label(key, lang)}
            if country:
                place["containedInPlace"] = {"@type": "Country", "name": labels("countries").text(lang, country)}
            places.append(place)
        if places:
            data["spatialCoverage"] = places
        if view.period is not None:
            data["temporalCoverage"] = view.period.interval()
        audience = [{"@type": "Audience", "audienceType": n} for n in _names(page, AUDIENCE, lang)]
        if audience:
            data["audience"] = audience
    if page.type == "output":
        if view.kind:
            data["genre"] = fields[GENRE].label(view.kind, lang)
        if view.year is not None:
            data["datePublished"] = str(view.year)
    twin = corpus.twin(page)
    if twin is not None:
        own = view.translation.from_lang if view.translation else None
        theirs = twin.view.translation.from_lang if twin.view.translation else None
        ref = {"@id": absolute(site_url, twin.url), "inLanguage": twin.lang}
        if own == twin.lang:
            data["translationOfWork"] = ref
        elif theirs == lang:
            data["workTranslation"] = ref
    if terms:
        data["@type"] = "DefinedTermSet"
        data["hasDefinedTerm"] = [
            {k: v for k, v in {
                "@type": "DefinedTerm",
                "@id": f"{url}#{term.id}",
                "name": term.text(lang, "term"),
                "description": term.text(lang, "definition"),
                "termCode": term.abbr.get(lang),
            }.items() if v}
            for term in terms
        ]
    return data


def generated_jsonld(page: GeneratedPage, site_url: str, site_name: str) -> dict:
    url = absolute(site_url, page.url)
    return {
        "@context": "https://schema.org",
        "@type": page.schema_type,
        "@id": url,
        "url": url,
        "name": page.title,
        "description": page.description,
        "inLanguage": page.lang,
        "isPartOf": website(site_url, site_name, page.lang),
    }


def script_text(data: dict) -> str:
    """JSON safe inside <script type="application/ld+json">: no '<', '>' or '&' left as such, so
    neither '</script>' nor '<!--' can end or change the script element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
