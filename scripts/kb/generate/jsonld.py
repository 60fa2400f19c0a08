"""schema.org JSON-LD for every page, from the same metadata as everything else. No MkDocs.

Types are kept honest: a hand-written page is a WebPage; an experience page is an Article (a
write-up of something that happened, not an Event); an output page describes a CreativeWork of the
project; a list (section index, /browse/ page) is a CollectionPage; the glossary is a
DefinedTermSet. Translation links only where a page declares it is a translation.
"""
from __future__ import annotations

import json

from kb.generate.indexes import FACET_BY_NAME, GeneratedPage, values_of
from kb.content.pages import Corpus, Page
from kb.content.paths import lang_prefix
from kb.content.urls import absolute
from kb.content.vocab import label, load_vocabularies

SCHEMA_TYPES = {"page": "WebPage", "phase": "WebPage", "experience": "Article", "output": "CreativeWork"}


def _things(page: Page, facet: str, lang: str, schema_type: str = "Thing") -> list[dict]:
    f = FACET_BY_NAME[facet]
    return [{"@type": schema_type, "name": label(f.vocabulary, v, lang)} for v in values_of(page, f)]


def _period(period) -> str | None:
    """ISO 8601 interval as schema.org's temporalCoverage wants it: '2022-07/2023', '2022/..'."""
    if not isinstance(period, dict) or not (period.get("start") or period.get("end")):
        return None
    start = str(period.get("start") or "..")
    end = str(period.get("end") or "..")
    return f"{start}/{end}"


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
    meta = page.meta
    schema_type = "CollectionPage" if collection else SCHEMA_TYPES.get(page.type or "", "WebPage")
    data: dict = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "@id": url,
        "url": url,
        "name": page.title,
        "inLanguage": lang,
        "isPartOf": website(site_url, site_name, lang),
    }
    if meta.get("description"):
        data["description"] = str(meta["description"])
    if meta.get("updated"):
        data["dateModified"] = str(meta["updated"])
    about = _things(page, "phase", lang) + _things(page, "theme", lang)
    if page.type == "phase" and meta.get("code"):
        about = [{"@type": "Thing", "name": label("phases", str(meta["code"]), lang)}]
    if about:
        data["about"] = about
    partners = _things(page, "partner", lang, "Organization")
    if partners:
        data["mentions"] = partners
    if page.type == "experience":
        countries = load_vocabularies().get("territories", {})
        places = []
        for key in values_of(page, FACET_BY_NAME["territory"]):
            country = countries.get(key, {}).get("country")
            place = {"@type": "Place", "name": label("territories", key, lang)}
            if country:
                place["containedInPlace"] = {"@type": "Country", "name": label("countries", country, lang)}
            places.append(place)
        if places:
            data["spatialCoverage"] = places
        period = _period(meta.get("period"))
        if period:
            data["temporalCoverage"] = period
        audience = [{"@type": "Audience", "audienceType": a["name"]} for a in _things(page, "target-group", lang)]
        if audience:
            data["audience"] = audience
    if page.type == "output":
        if meta.get("kind"):
            data["genre"] = label("output_kinds", str(meta["kind"]), lang)
        if meta.get("year") is not None:
            data["datePublished"] = str(meta["year"])
    twin = corpus.twin(page)
    if twin is not None:
        own = (meta.get("translation") or {}).get("from") if isinstance(meta.get("translation"), dict) else None
        theirs = twin.meta.get("translation") if isinstance(twin.meta.get("translation"), dict) else {}
        ref = {"@id": absolute(site_url, twin.url), "inLanguage": twin.lang}
        if own == twin.lang:
            data["translationOfWork"] = ref
        elif theirs.get("from") == lang:
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
