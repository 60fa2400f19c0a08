"""What is generated from the metadata: facet pages, lists, phase pages, metadata box, territory
diagram, glossary and tooltips, JSON-LD, lean navigation. Built from the small corpus of
tests/kb_fixture.py (fixture `generated_site`), plus pure-function tests."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from kb.content.vocab import keys, label
from kb.generate import glossary, indexes, listings, navigation
from kb.generate.indexes import FACETS
from kb.generate.jsonld import script_text
from kb_fixture import SITE_URL
from kb_html import content, jsonld, load, page_file, resolve

PREFIX = {"it": "", "fr": "fr/"}
TITLES = {
    "it": {"orti-torino": "Orti condivisi di prova", "aiuto-familiari": "Aiuto ai familiari, di prova",
           "ricerca-prova": "Ricerca di prova"},
    "fr": {"orti-torino": "Jardins partagés d'essai", "aiuto-familiari": "Aide aux proches, d'essai", "ricerca-prova": "Recherche d'essai"},
}
ITEM_URL = {"orti-torino": "experiences/orti-torino/", "aiuto-familiari": "experiences/aiuto-familiari/",
            "ricerca-prova": "outputs/ricerca-prova/"}


def norm(text: str) -> str:
    """Text as Node.text() gives it: runs of white space (no-break spaces too) as one space."""
    return " ".join(text.split())


def item_links(site, url: str) -> set[str]:
    """The items linked from the content of the page at `url` (by id)."""
    article = content(load(site, url))
    targets = {resolve(url, href) for href, _text in article.links()}
    return {item for item, item_url in ITEM_URL.items() for lang in PREFIX if PREFIX[lang] + item_url in targets}


# --- facet pages ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["it", "fr"])
@pytest.mark.parametrize(
    "facet, value, expected",
    [
        ("territory", "torino", {"orti-torino", "aiuto-familiari"}),
        ("territory", "haute-savoie", {"aiuto-familiari"}),
        ("territory", "imperia", set()),
        ("phase", "conoscere", {"orti-torino", "ricerca-prova"}),
        ("phase", "creare-relazioni", {"orti-torino", "aiuto-familiari"}),
        ("organisation", "coldiretti", {"orti-torino", "ricerca-prova"}),
        ("target-group", "caregiver", {"aiuto-familiari"}),
        ("theme", "domiciliarita", {"aiuto-familiari", "ricerca-prova"}),
        ("type", "output", {"ricerca-prova"}),
        ("kind", "ricerca", {"ricerca-prova"}),
    ],
)
def test_facet_page_lists_exactly_its_items_with_their_count(generated_site, lang, facet, value, expected):
    url = f"{PREFIX[lang]}browse/{facet}/{value}/"
    assert item_links(generated_site, url) == expected
    text = content(load(generated_site, url)).text()
    assert indexes.count_text(lang, len(expected)) in text
    for item in expected:
        assert TITLES[lang][item] in text


@pytest.mark.parametrize("lang", ["it", "fr"])
def test_every_vocabulary_value_has_a_page_with_the_vocabulary_label(generated_site, lang):
    for facet in FACETS:
        for value in facet.values():
            root = load(generated_site, f"{PREFIX[lang]}browse/{facet.name}/{value}/")
            h1 = root.find("h1").text()
            assert label(facet.vocabulary, value, lang, plural=facet.name == "type") in h1
            assert root.find("html").attrs["lang"] == lang


@pytest.mark.parametrize("lang", ["it", "fr"])
def test_browse_overview_lists_every_facet_value_with_its_count(generated_site, lang):
    url = f"{PREFIX[lang]}browse/"
    article = content(load(generated_site, url))
    items = {resolve(url, href): text for href, text in article.links()}
    for facet in FACETS:
        assert f"{PREFIX[lang]}browse/{facet.name}/" in items
        for value in facet.values():
            assert items[f"{PREFIX[lang]}browse/{facet.name}/{value}/"] == label(
                facet.vocabulary, value, lang, plural=facet.name == "type"
            )
    torino = next(li for li in article.find_all("li")
                  if resolve(url, li.links()[0][0]) == f"{PREFIX[lang]}browse/territory/torino/")
    assert indexes.count_text(lang, 2) in torino.text()


def test_generated_pages_exist_in_both_languages_and_the_switcher_leads_to_the_twin(generated_site):
    italian = sorted(p.relative_to(generated_site).as_posix() for p in (generated_site / "browse").rglob("index.html"))
    french = sorted(p.relative_to(generated_site / "fr").as_posix() for p in (generated_site / "fr" / "browse").rglob("index.html"))
    assert italian == french and len(italian) == 1 + len(FACETS) + sum(len(f.values()) for f in FACETS)
    for lang, other in (("it", "fr"), ("fr", "it")):
        url = f"{PREFIX[lang]}browse/phase/conoscere/"
        root = load(generated_site, url)
        switch = root.find("a", cls="md-select__link", hreflang=other)
        assert resolve(url, switch.attrs["href"]) == f"{PREFIX[other]}browse/phase/conoscere/"
        alternate = root.find("link", rel="alternate", hreflang=other)
        # hreflang alternates are absolute addresses (search engines ignore relative ones)
        assert alternate.attrs["href"] == f"{SITE_URL}{PREFIX[other]}browse/phase/conoscere/"
    sitemap = (generated_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{SITE_URL}fr/browse/territory/torino/" in sitemap


# --- lists on hand-written pages -------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["it", "fr"])
def test_phase_page_lists_its_items(generated_site, lang):
    assert item_links(generated_site, f"{PREFIX[lang]}method/conoscere/") == {"orti-torino", "ricerca-prova"}
    assert item_links(generated_site, f"{PREFIX[lang]}method/creare-relazioni/") == {"orti-torino", "aiuto-familiari"}


@pytest.mark.parametrize("lang", ["it", "fr"])
def test_section_pages_list_their_items_with_a_filter_that_needs_javascript(generated_site, lang):
    assert item_links(generated_site, f"{PREFIX[lang]}outputs/") == {"ricerca-prova"}
    url = f"{PREFIX[lang]}experiences/"
    assert item_links(generated_site, url) == {"orti-torino", "aiuto-familiari"}
    root = load(generated_site, url)
    form = root.find("form", cls="kb-filter")
    assert form is not None and "hidden" in form.attrs  # shown by filter.js only
    territory = form.find("select", name="territory")
    options = {o.attrs["value"]: o.text() for o in territory.find_all("option") if o.attrs["value"]}
    assert options == {"torino": f"{label('territories', 'torino', lang)} (2)",
                       "haute-savoie": f"{label('territories', 'haute-savoie', lang)} (1)"}
    items = root.find(id=form.attrs["data-list"]).find_all("li")
    by_item = {resolve(url, li.links()[0][0]): set(li.attrs["data-territory"].split()) for li in items}
    assert by_item == {PREFIX[lang] + ITEM_URL["orti-torino"]: {"torino"},
                       PREFIX[lang] + ITEM_URL["aiuto-familiari"]: {"torino", "haute-savoie"}}
    scripts = [resolve(url, s.attrs["src"]) for s in root.find_all("script") if s.attrs.get("src")]
    assert "assets/filter.js" in scripts
    links = {resolve(url, href) for href, _ in content(root).links()}
    assert f"{PREFIX[lang]}browse/territory/" in links  # the way in without JavaScript
    assert "assets/filter.js" not in [
        resolve("", s.attrs["src"]) for s in load(generated_site, PREFIX[lang]).find_all("script") if s.attrs.get("src")
    ]
    js = (generated_site / "assets" / "filter.js").read_bytes()
    assert len(js) < 3072 and b"http" not in js


@pytest.mark.parametrize("lang", ["it", "fr"])
def test_item_page_shows_its_metadata_with_links_and_localized_period(generated_site, lang):
    url = f"{PREFIX[lang]}experiences/orti-torino/"
    box = content(load(generated_site, url)).find("aside", cls="kb-meta")
    targets = {resolve(url, href): text for href, text in box.links()}
    assert targets[f"{PREFIX[lang]}method/conoscere/"] == label("phases", "conoscere", lang)
    assert targets[f"{PREFIX[lang]}browse/territory/torino/"] == label("territories", "torino", lang)
    assert targets[f"{PREFIX[lang]}browse/organisation/uecoop/"] == label("organisations", "uecoop", lang)
    assert targets[f"{PREFIX[lang]}browse/theme/agricoltura-sociale/"] == label("themes", "agricoltura-sociale", lang)
    assert {"it": "luglio 2022 – 2023", "fr": "juillet 2022 – 2023"}[lang] in box.text()
    for target in targets:
        assert page_file(generated_site, target).is_file(), target
    # the box comes after the summary box, before the rest of the body
    article = content(load(generated_site, url))
    blocks = [n for n in article.iter() if n.tag in {"aside", "div"} and ("abstract" in n.attrs.get("class", "") or n.tag == "aside")]
    assert blocks[0].tag == "div" and blocks[1].tag == "aside"


@pytest.mark.parametrize("lang", ["it", "fr"])
def test_home_lists_latest_updated_items_by_date_then_title(generated_site, lang):
    url = PREFIX[lang]
    article = content(load(generated_site, url))
    heading = next(h for h in article.find_all("h2") if h.text() == indexes.t(lang, "latest_title"))
    latest_list = heading.parent.children[heading.parent.children.index(heading) + 2]
    order = [resolve(url, href) for href, _ in latest_list.links()]
    # both experiences were updated on 2026-03-01 (then by title), the output on 2026-02-01
    expected = sorted(["orti-torino", "aiuto-familiari"], key=lambda i: indexes.sort_key(TITLES[lang][i]))
    assert order == [PREFIX[lang] + ITEM_URL[i] for i in [*expected, "ricerca-prova"]]


# --- the territory diagram -------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["it", "fr"])
@pytest.mark.parametrize("where", ["", "browse/territory/"])
def test_territory_map_links_every_territory_to_its_page(generated_site, lang, where):
    url = PREFIX[lang] + where
    figure = content(load(generated_site, url)).find("figure", cls="kb-map")
    svg = figure.find("svg")
    assert svg.find("title").text() == norm(indexes.t(lang, "map_title"))
    assert svg.find("desc").text() == norm(indexes.t(lang, "map_desc"))
    assert figure.find("figcaption").text() == norm(indexes.t(lang, "map_caption"))
    areas = svg.find_all("a")
    assert [a.attrs["data-territory"] for a in areas] == keys("territories")
    for area in areas:
        key = area.attrs["data-territory"]
        target = resolve(url, area.attrs["href"])
        assert target == f"{PREFIX[lang]}browse/territory/{key}/"
        assert page_file(generated_site, target).is_file()
        expected = {"torino": 2, "haute-savoie": 1}.get(key, 0)
        assert area.text() == norm(f"{label('territories', key, lang)} {indexes.count_text(lang, expected)}")
    markup = str(page_file(generated_site, url).read_text(encoding="utf-8"))
    drawing = markup[markup.index("<svg class=\"kb-map-svg\""):markup.index("</svg>")]
    assert not re.search(r'(fill|stroke)="#', drawing), "colours must come from currentColor"
    # the text alternative: the same territories as a plain list of links
    listed = {resolve(url, href) for href, _ in content(load(generated_site, url)).links()}
    assert all(f"{PREFIX[lang]}browse/territory/{key}/" in listed for key in keys("territories"))


# --- glossary and tooltips -------------------------------------------------------------------------

def test_glossary_is_sorted_in_each_language_with_anchors(generated_site):
    order = {}
    for lang in ("it", "fr"):
        article = content(load(generated_site, PREFIX[lang] + "glossary/"))
        order[lang] = [h.attrs["id"] for h in article.find_all("h2") if h.attrs.get("id") in {"ats", "eta", "zona"}]
    assert order["it"] == ["ats", "eta", "zona"]  # ATS, Età anziana, Zona montana
    assert order["fr"] == ["eta", "ats", "zona"]  # Âge avancé, ATS, Zone de montagne
    french = content(load(generated_site, "fr/glossary/")).text()
    assert "Groupement temporaire" in french and "Sigle italien." in french and "Fonte di prova" in french


@pytest.mark.parametrize("lang, expansion", [("it", "Associazione temporanea di scopo"), ("fr", "Groupement temporaire")])
def test_abbreviations_get_a_tooltip_in_the_page_language(generated_site, lang, expansion):
    for url in (PREFIX[lang] + "experiences/orti-torino/", PREFIX[lang]):
        abbrs = content(load(generated_site, url)).find_all("abbr")
        assert abbrs and all(a.text() == "ATS" and a.attrs["title"] == expansion for a in abbrs)


@pytest.mark.parametrize("lang, expansion", [("it", "Associazione temporanea di scopo"), ("fr", "Groupement temporaire")])
def test_generated_lists_keep_the_tooltips(generated_site, lang, expansion):
    """The lists are raw HTML that Markdown does not touch: the build adds the tooltips itself."""
    for url in (PREFIX[lang] + "experiences/", PREFIX[lang] + "browse/territory/torino/"):
        item = next(li for li in content(load(generated_site, url)).find_all("li")
                    if any(resolve(url, href) == PREFIX[lang] + ITEM_URL["orti-torino"] for href, _ in li.links()))
        assert [(a.text(), a.attrs["title"]) for a in item.find_all("abbr")] == [("ATS", expansion)]


def test_abbreviator_wraps_text_only_once_and_never_inside_tags():
    abbr = glossary.Abbreviator({"ATS": 'Associazione "temporanea"', "C4": "Metodo"})
    out = abbr.html('<li data-x="ATS"><a href="ats/">La ATS e C4</a> <abbr title="t">ATS</abbr> CATS</li>')
    assert out == ('<li data-x="ATS"><a href="ats/">La <abbr title="Associazione &quot;temporanea&quot;">ATS</abbr> e '
                   '<abbr title="Metodo">C4</abbr></a> <abbr title="t">ATS</abbr> CATS</li>')
    select = '<select name="x"><option value="a">ATS (2)</option></select>'
    assert abbr.html(select) == select  # an option holds text only


def test_every_link_in_the_content_of_every_built_page_lands_on_a_file(generated_site):
    """The generated lists and boxes carry URLs computed by the build, not checked by MkDocs."""
    checked = 0
    base = urlsplit(SITE_URL).path  # '/kb/'
    for path in sorted(generated_site.rglob("index.html")):
        url = path.parent.relative_to(generated_site).as_posix()
        url = "" if url == "." else url + "/"
        root = load(generated_site, url)
        if root.find("article") is None:
            continue
        for href, _text in content(root).links():
            if re.match(r"^[a-z]+:|^#|^//", href):
                continue
            origin = url
            if href.startswith("/"):  # the search page's way in without JavaScript: under site_url
                assert href.startswith(base), f"{url}: {href} is outside {base}"
                href, origin = href[len(base):], ""
            target = resolve(origin, href)
            assert page_file(generated_site, target).is_file(), f"{url}: {href} -> {target}"
            checked += 1
    assert checked > 200  # lists, boxes, breadcrumbs of both languages


# --- JSON-LD -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["it", "fr"])
def test_json_ld_describes_each_kind_of_page(generated_site, lang):
    p = PREFIX[lang]
    expected_types = {
        p: "WebPage", p + "method/conoscere/": "WebPage", p + "experiences/orti-torino/": "Article",
        p + "outputs/ricerca-prova/": "CreativeWork", p + "experiences/": "CollectionPage",
        p + "browse/territory/torino/": "CollectionPage", p + "glossary/": "DefinedTermSet",
    }
    for url, schema_type in expected_types.items():
        (data,) = jsonld(load(generated_site, url))
        assert data["@type"] == schema_type and data["inLanguage"] == lang
        assert data["url"] == SITE_URL + url and data["name"]
        assert data["isPartOf"]["url"] == SITE_URL + p
    (experience,) = jsonld(load(generated_site, p + "experiences/orti-torino/"))
    assert experience["dateModified"] == "2026-03-01"
    assert [place["name"] for place in experience["spatialCoverage"]] == [label("territories", "torino", lang)]
    assert experience["temporalCoverage"] == "2022-07/2023"
    assert {a["name"] for a in experience["about"]} >= {label("phases", "conoscere", lang)}
    if lang == "fr":
        assert experience["translationOfWork"]["@id"] == SITE_URL + "experiences/orti-torino/"
    else:
        assert experience["workTranslation"]["@id"] == SITE_URL + "fr/experiences/orti-torino/"
    (terms,) = jsonld(load(generated_site, p + "glossary/"))
    assert {t["@id"].rsplit("#", 1)[1] for t in terms["hasDefinedTerm"]} == {"ats", "eta", "zona"}


def test_json_ld_cannot_close_its_script_element():
    text = script_text({"name": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    import json

    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <!--"


# --- navigation --------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["it", "fr"])
def test_navigation_lists_sections_not_items(generated_site, lang):
    url = PREFIX[lang] + "experiences/orti-torino/"
    root = load(generated_site, url)
    nav = root.find("nav", cls="md-nav--primary")
    targets = {resolve(url, href) for href, _ in nav.links()}
    p = PREFIX[lang]
    assert {p + "experiences/", p + "outputs/", p + "method/conoscere/", p + "about/", p + "browse/"} <= targets
    assert not targets & {p + u for u in ITEM_URL.values()}
    assert not any("browse/territory/" in t for t in targets)


# --- pure functions ------------------------------------------------------------------------------------

def test_sort_key_orders_accents_with_their_letter():
    words = ["Zone", "école", "Ecole", "eclair", "Âge", "ATS", "abaco"]
    assert sorted(words, key=indexes.sort_key) == ["abaco", "Âge", "ATS", "eclair", "Ecole", "école", "Zone"]


def test_counts_follow_each_language_plural_rules():
    assert [indexes.count_text("it", n) for n in (0, 1, 2)] == ["0 schede", "1 scheda", "2 schede"]
    assert [indexes.count_text("fr", n) for n in (0, 1, 2)] == ["0 fiche", "1 fiche", "2 fiches"]


@pytest.mark.parametrize(
    "start, target, expected",
    [("", "browse/territory/torino/", "browse/territory/torino/"),
     ("fr/browse/territory/", "fr/browse/territory/cuneo/", "cuneo/"),
     ("fr/", "fr/browse/", "browse/"),
     ("browse/territory/", "browse/territory/", "./"),
     ("fr/browse/phase/conoscere/", "browse/phase/conoscere/", "../../../../browse/phase/conoscere/")],
)
def test_relative_url(start, target, expected):
    assert indexes.relative_url(start, target) == expected


def test_md_link_and_md_text():
    assert indexes.md_link("browse/phase/conoscere.md", "method/conoscere.md") == "../../method/conoscere.md"
    assert indexes.md_link("index.md", "outputs/x.md") == "outputs/x.md"
    assert indexes.md_text("a [b] *c* <d>") == "a \\[b\\] \\*c\\* &lt;d>"


def test_metadata_box_goes_after_the_summary():
    body = '!!! abstract "In breve"\n    Riga uno.\n\n    Riga due.\n\n## Dove\n\nTesto.\n'
    out = listings.insert_after_summary(body, "BOX")
    assert out.index("Riga due.") < out.index("BOX") < out.index("## Dove")
    assert listings.insert_after_summary("## Dove\n", "BOX").startswith("BOX\n\n## Dove")


def test_period_text():
    assert listings.period_text({"start": "2022-07", "end": "2023"}, "fr") == "juillet 2022 – 2023"
    assert listings.period_text({"start": "2021"}, "it") == "inizio: 2021"
    assert listings.period_text(None, "it") == ""


def test_abbreviation_expansion_comes_from_the_term_or_the_definition():
    term = glossary.Term("ats", {"it": {"term": "ATS", "definition": "Associazione temporanea di scopo: più enti."}},
                         {"it": "ATS"})
    assert glossary.abbreviations([term], "it") == "*[ATS]: Associazione temporanea di scopo"
    term.texts["it"]["term"] = "Residenza sanitaria assistenziale (RSA)"
    term.abbr = {"it": "RSA"}
    assert glossary.abbreviations([term], "it") == "*[RSA]: Residenza sanitaria assistenziale"


def test_prune_keeps_sections_index_pages_and_non_items():
    N = navigation.NavNode
    tree = [
        N("home", page_type="page", is_index=True),
        N("about", page_type="page", weight=90),
        N("experiences", children=[N("exp-index", page_type="page", is_index=True, title="Esperienze"),
                                   N("exp-1", page_type="experience"), N("exp-2", page_type="experience")]),
        N("browse", children=[N("browse-index", generated=True, is_index=True, title="Sfoglia"),
                              N("phase", children=[N("phase-index", generated=True, is_index=True),
                                                   N("phase-x", generated=True)])]),
        N("method", children=[N("method-index", page_type="page", is_index=True, weight=5),
                              N("phase-2", page_type="phase", weight=2), N("phase-1", page_type="phase", weight=1)]),
    ]
    pruned = navigation.prune(tree)
    assert [n.ref for n in pruned] == ["home", "method", "about", "experiences", "browse"]
    sections = {n.ref: n for n in pruned}
    assert [c.ref for c in sections["experiences"].children] == ["exp-index"]
    assert sections["experiences"].title == "Esperienze"
    assert [c.ref for c in sections["method"].children] == ["method-index", "phase-1", "phase-2"]
    assert [c.ref for c in sections["browse"].children] == ["browse-index", "phase"]
    assert [c.ref for c in sections["browse"].children[1].children] == ["phase-index"]
