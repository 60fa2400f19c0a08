"""The printable method guide: one PDF per language, accessible, complete, linked, reproducible."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin

import pikepdf
import pytest
from conftest import ROOT, run_kb
from jinja2 import Environment, FileSystemLoader
from kb.content.guide_spec import GuideSpecError, load_spec, parse_spec
from kb.content.pages import load_pages
from kb.content.paths import LANGS
from kb.generate.block import html_list
from kb.guide import contents
from kb.guide import html as guide_html
from kb.guide.contents import PageContent
from kb.guide.document import Edition, render_document
from kb.guide.pdf import css_content, render_pdf
from kb.guide.stamp import SLOT, link_text, size_label
from pypdf import PdfReader

PHASES = {
    "it": ["Conoscere", "Creare relazioni", "Cultura comune", "Costruzione di percorsi"],
    "fr": ["Connaître", "Créer des relations", "Culture commune", "Construction de parcours"],
}
FOOTER = {"it": "pagina {n} di {total}", "fr": "page {n} sur {total}"}
LINK_TEXT = {
    "it": re.compile(r"^Scarica la guida \(PDF, (\d+)\u00a0pagine, (\d+(?:,\d)?)\u00a0(kB|MB)\)$"),
    "fr": re.compile(r"^Télécharger le guide \(PDF, (\d+)\u00a0pages, (\d+(?:,\d)?)\u00a0(ko|Mo)\)$"),
}
LINKED_PAGES = ["home", "metodo-c4", "conoscere", "creare-relazioni", "cultura-comune", "costruzione-percorsi"]


@pytest.fixture(scope="session")
def guides(site) -> dict[str, Path]:
    spec = load_spec()
    return {lang: site / spec.languages[lang].file for lang in LANGS}


@pytest.fixture(scope="session")
def texts(guides) -> dict[str, list[str]]:
    """The text of each page of each guide, as a PDF reader extracts it."""
    return {lang: [page.extract_text() or "" for page in PdfReader(path).pages] for lang, path in guides.items()}


@pytest.fixture(scope="session")
def corpus():
    return load_pages(include_drafts=False)  # as the guide reads them: drafts are in no guide


def squash(text: str) -> str:
    return " ".join(text.split())


# --- the files ----------------------------------------------------------------------------------


def test_both_guides_exist_under_stable_names(guides):
    assert guides["it"].relative_to(guides["it"].parents[1]).as_posix() == "download/guida-metodo-c4-it.pdf"
    assert guides["fr"].relative_to(guides["fr"].parents[2]).as_posix() == "fr/download/guide-methode-c4-fr.pdf"
    for path in guides.values():
        assert path.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("lang", LANGS)
def test_guide_declares_its_language_title_and_author(guides, lang):
    with pikepdf.open(guides[lang]) as pdf:
        assert str(pdf.Root.Lang) == lang
        info = pdf.docinfo
        title = {"it": "Guida al metodo C4", "fr": "Guide de la méthode C4"}[lang]
        assert title in str(info.get("/Title"))
        # the site's own contributors, as in LICENSE and about.md: not the ATS, whose method it presents
        assert {"it": "Contributori del sito", "fr": "Contributeurs du site"}[lang] in str(info.get("/Author"))
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)


@pytest.mark.parametrize("lang", LANGS)
def test_guide_is_a_tagged_pdf(guides, lang):
    with pikepdf.open(guides[lang]) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert "/StructTreeRoot" in pdf.Root


@pytest.mark.parametrize("lang", LANGS)
def test_guide_passes_pdf_ua_1_validation(guides, lang):
    import page  # page-validation, a PDF/UA-1 and PDF/A checker (requirements/test.in)

    report = page.validate_pdf(str(guides[lang]), profile="ua1")
    failures = sorted({f"{f.rule_id}: {f.message}" for f in report.failures})
    assert report.is_compliant, "\n".join(failures)


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_has_alternative_text(guides, lang):
    figures = []

    def walk(node, depth=0):
        if depth > 200 or not isinstance(node, pikepdf.Dictionary):
            return
        if node.get("/S") == "/Figure":
            figures.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid, depth + 1)

    with pikepdf.open(guides[lang]) as pdf:
        walk(pdf.Root.StructTreeRoot)
    assert figures, "the C4 diagram should be a figure"
    assert all(alt.strip() for alt in figures)


@pytest.mark.parametrize("lang", LANGS)
def test_outline_has_an_entry_per_chapter(guides, lang):
    spec = load_spec()
    with pikepdf.open(guides[lang]) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    for phase in PHASES[lang]:
        assert phase in titles
    assert len(titles) >= len(spec.languages[lang].chapters)


@pytest.mark.parametrize("lang", LANGS)
def test_all_fonts_are_embedded(guides, lang):
    def fonts_of(resources, seen):
        if not isinstance(resources, pikepdf.Dictionary) or (resources.objgen in seen and resources.objgen != (0, 0)):
            return
        seen.add(resources.objgen)
        yield from (resources.get("/Font") or {}).values()
        for xobject in (resources.get("/XObject") or {}).values():
            yield from fonts_of(xobject.get("/Resources"), seen)

    with pikepdf.open(guides[lang]) as pdf:
        fonts = [font for page in pdf.pages for font in fonts_of(page.obj.get("/Resources"), set())]
        assert fonts
        for font in fonts:
            descendants = font.get("/DescendantFonts")
            described = descendants[0] if descendants is not None else font
            descriptor = described.get("/FontDescriptor")
            assert descriptor is not None, f"{font.get('/BaseFont')}: no font descriptor"
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")


# --- what a reader finds in it -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_guide_holds_the_four_phases(texts, lang):
    text = squash(" ".join(texts[lang]))
    for phase in PHASES[lang]:
        assert phase in text


@pytest.mark.parametrize("lang", LANGS)
def test_page_count_is_plausible(texts, lang):
    assert 8 <= len(texts[lang]) <= 120


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_after_the_cover_says_page_n_of_m(texts, lang):
    total = len(texts[lang])
    for n, text in enumerate(texts[lang], start=1):
        footer = FOOTER[lang].format(n=n, total=total)
        if n == 1:
            assert footer not in text, "the cover has no page number"
        else:
            assert footer in squash(text), f"page {n}: no '{footer}'"


@pytest.mark.parametrize("lang", LANGS)
def test_cover_names_the_ats_members_version_and_programme(texts, lang):
    cover = squash(texts[lang][0])
    for name in ("Reti di Welfare di Prossimità", "Coldiretti", "Confcooperative", "UE.Coop", "IreCoop",  # codespell:ignore
                 "ALCOTRA", "PITEM PRO-SOL", "We-Pro"):
        assert name in cover
    assert re.search(r"(Versione|Version) \w+ d(el|u) \d{1,2} \w+ \d{4}", cover)
    assert "CC BY 4.0" in cover and "MIT" in cover  # which licence covers the texts and the code
    # C4 as the ATS's later reordering of its actions, not a plan it followed from the start
    assert re.search(r"riordinato|remis en ordre", cover) and not re.search(r"elaborato|élaborée", cover)


@pytest.mark.parametrize("lang", LANGS)
def test_sources_of_the_included_pages_are_listed_with_their_address(texts, corpus, lang):
    flat = "".join("".join(texts[lang]).split())  # addresses break across lines
    for page_id in ("metodo-c4", "conoscere", "cultura-comune"):
        page = corpus.by_id(lang, page_id)
        for source in page.meta.get("sources") or []:
            if source.get("url"):
                assert source["url"] in flat, f"{page_id}: {source['url']}"


@pytest.mark.parametrize("lang", LANGS)
def test_links_inside_the_guide_land_on_a_destination(guides, lang):
    with pikepdf.open(guides[lang]) as pdf:
        names = set()
        dests = pdf.Root.Names.Dests
        stack = [dests]
        while stack:
            node = stack.pop()
            if "/Names" in node:
                names |= {str(node.Names[i]) for i in range(0, len(node.Names), 2)}
            stack.extend(node.get("/Kids") or [])
        internal = [str(a.Dest) for p in pdf.pages for a in p.obj.get("/Annots") or [] if "/Dest" in a]
    assert internal, "the table of contents links to the chapters"
    assert set(internal) <= names


# --- the links on the site ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_guide_is_linked_with_its_real_page_count_and_size(site, guides, corpus, lang):
    pdf = guides[lang]
    pages = len(PdfReader(pdf).pages)
    size = pdf.stat().st_size
    for page_id in LINKED_PAGES:
        page = corpus.by_id(lang, page_id)
        html_path = site / page.url / "index.html"
        text = html_path.read_text(encoding="utf-8")
        links = re.findall(r'<a class="kb-guide__link" href="([^"]+)"[^>]*>([^<]+)</a>', text)
        assert len(links) == 1, f"{page.url}: expected one download link"
        href, label = links[0]
        target = urljoin("http://x/" + page.url, href)
        assert target == "http://x/" + pdf.relative_to(site).as_posix(), f"{page.url}: {href}"
        match = LINK_TEXT[lang].match(label.replace("&nbsp;", "\u00a0"))
        assert match, f"{page.url}: {label!r}"
        assert int(match.group(1)) == pages
        number = float(match.group(2).replace(",", "."))
        unit = 1000 if match.group(3) in ("kB", "ko") else 1_000_000
        assert abs(number * unit - size) <= unit * (0.5 if unit == 1000 else 0.05)


def test_pages_without_the_link_have_no_slot_left(site, corpus):
    for lang in LANGS:
        for page_id in ("contesto", "prodotti"):
            page = corpus.by_id(lang, page_id)
            text = (site / page.url / "index.html").read_text(encoding="utf-8")
            assert "kb-guide" not in text


def test_without_pdfs_the_slot_is_an_empty_hidden_element():
    """`make html` writes no PDF: the template leaves an empty element, not a link to nothing."""
    env = Environment(loader=FileSystemLoader(ROOT / "overrides"))
    out = env.get_template("partials/kb-guide-link.html").render(kb={"guide_slot": True}).strip()
    assert out == SLOT
    assert "<a" not in out
    assert ".kb-guide:empty { display: none; }" in (ROOT / "overrides/assets/site.css").read_text(encoding="utf-8")
    assert env.get_template("partials/kb-guide-link.html").render(kb={"guide_slot": False}).strip() == ""


# --- reproducible ---------------------------------------------------------------------------------


def test_building_the_guides_again_gives_the_same_bytes(site, guides, tmp_path):
    """The HTML is reproducible (test_foundation); from the same HTML, the PDFs are too."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    shutil.copytree(contents.folder(site), contents.folder(copy))  # what the build kept for the guide
    run_kb("pdf", "--site", str(copy), check=True)
    for lang, path in guides.items():
        again = copy / path.relative_to(site)
        assert again.read_bytes() == path.read_bytes(), f"{lang}: the PDF differs between two builds"


# --- the pieces, on small inputs --------------------------------------------------------------------


def test_every_page_listed_for_the_guide_exists_in_both_languages(corpus):
    spec = load_spec()
    for lang, guide in spec.languages.items():
        for chapter in guide.chapters:
            if chapter.page:
                assert corpus.by_id(lang, chapter.page) is not None, f"data/guide.yml: {lang}: {chapter.page}"


@pytest.mark.parametrize("lang", LANGS)
def test_a_chapter_limit_keeps_the_first_items_and_says_where_the_others_are(site, corpus, lang, tmp_path):
    """With `limit`, the printed guide stops growing with the site: the first items in the site's
    order, then 'N of M, full list on the site' with the address of the chapter's page."""
    spec = load_spec()
    chapters = tuple(
        replace(c, limit=3) if c.then == "experience" else c for c in spec.languages[lang].chapters
    )
    assert any(c.then == "experience" for c in chapters)
    total = len(corpus.of_type(lang, "experience"))
    assert total > 3
    document = render_document(site, corpus, replace(spec.languages[lang], chapters=chapters),
                               Edition(version="test", date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)))
    shown = [p.id for p in corpus.of_type(lang, "experience")][:3]
    left_out = [p.id for p in corpus.of_type(lang, "experience")][3:]
    for page_id in shown:
        assert f'id="{page_id}"' in document
    for page_id in left_out:
        assert f'id="{page_id}"' not in document and f'href="#{page_id}"' not in document
    text = squash(re.sub(r"<[^>]+>", " ", document)).replace(" .", ".")
    expected = {"it": f"Schede in questa guida: 3 su {total}. Elenco completo sul sito:",
                "fr": f"Fiches dans ce guide : 3 sur {total}. Liste complète sur le site :"}[lang]
    assert expected in text
    section_page = corpus.by_id(lang, next(c.page for c in chapters if c.then == "experience"))
    assert re.search(r'class="chapter-more">[^<]*<a class="url-shown" href="[^"]*/' + re.escape(section_page.url) + '"', document)
    if lang == "it":  # the cut chapters (and a phase's list cut to 1) still make a valid PDF/UA-1
        import page

        guide = replace(spec.languages[lang], chapters=chapters, list_limit=1)
        data, _pages, _seconds = render_pdf(site, lang, guide=guide)
        path = tmp_path / "limited.pdf"
        path.write_bytes(data)
        text = squash(" ".join(p.extract_text() or "" for p in PdfReader(path).pages))
        assert f"Schede in questa guida: 3 su {total}." in text
        assert "Schede in questa guida: 1 su" in text  # a phase page's list of experiences
        report = page.validate_pdf(str(path), profile="ua1")
        assert report.is_compliant, sorted({f"{f.rule_id}: {f.message}" for f in report.failures})


def test_a_long_generated_list_inside_a_chapter_is_cut_with_the_address_of_the_full_one():
    pages = [f"e{i}" for i in range(5)]
    block = html_list("item-list", pages, [f'<li><a href="../../experiences/{p}/">{p.upper()}</a> — descrizione</li>' for p in pages],
                      cls="kb-list")
    marker = "<!--kb-test-0-->"
    kept = PageContent(f"<h1>Conoscere</h1>\n<h2>Esperienze (5)</h2>\n{marker}\n\n<p>Dopo.</p>\n"
                       "<ul>\n<li>uno</li>\n<li>due</li>\n<li>tre</li>\n</ul>", [(marker, block)])
    url = "https://example.net/site/method/conoscere/"
    more = "Schede in questa guida: {shown} su {total}. Elenco completo sul sito: {url}"
    article = guide_html.parse_article(kept.html(lambda b: b.cut(2, lambda shown, total: guide_html.more_line(more, url, shown, total))))
    ctx = guide_html.LinkContext(
        page_path="method/conoscere/", page_id="conoscere", anchors={}, web_base="https://example.net/site/",
        pages=frozenset({"method/conoscere/"} | {f"experiences/e{i}/" for i in range(5)}),
    )
    _title, article = guide_html.postprocess(article, ctx)
    out = guide_html.inner_html(article)
    assert "E0" in out and "E1" in out and "E2" not in out and "E4" not in out
    assert ('<p class="chapter-more">Schede in questa guida: 2 su 5. Elenco completo sul sito: '
            '<a class="url-shown" href="https://example.net/site/method/conoscere/">'
            'https://example.net/site/method/conoscere/</a></p>') in out
    assert out.index("chapter-more") < out.index("Dopo.")
    assert "<li>tre</li>" in out  # a list written by hand is never cut


def test_guide_limits_must_be_whole_numbers():
    good = {"it": {"file": "a.pdf", "chapters": [{"page": "x", "then": "experience", "as": "short", "limit": 2}]},
            "fr": {"file": "b.pdf", "chapters": ["x"]}, "list_limit": 7}
    assert parse_spec(good).languages["it"].chapters[0].limit == 2
    assert parse_spec(good).languages["fr"].list_limit == 7
    with pytest.raises(GuideSpecError):
        parse_spec({**good, "list_limit": 0})
    for bad in (0, -1, "3", True, 1.5):
        data = {**good, "it": {"file": "a.pdf", "chapters": [{"page": "x", "then": "experience", "as": "short", "limit": bad}]}}
        with pytest.raises(GuideSpecError):
            parse_spec(data)


def test_sizes_and_link_text_in_each_language():
    assert size_label(1_234_567, "it") == "1,2\u00a0MB"
    assert size_label(1_234_567, "fr") == "1,2\u00a0Mo"
    assert size_label(187_600, "it") == "188\u00a0kB"
    assert size_label(187_600, "fr") == "188\u00a0ko"
    assert link_text("it", 24, 1_200_000) == "Scarica la guida (PDF, 24\u00a0pagine, 1,2\u00a0MB)"
    assert link_text("fr", 24, 1_200_000) == "Télécharger le guide (PDF, 24\u00a0pages, 1,2\u00a0Mo)"


def test_footer_words_become_css_content():
    assert css_content("pagina {page} di {pages}", {"page": "counter(page)", "pages": "counter(pages)"}) == (
        '"pagina " counter(page) " di " counter(pages)'
    )


def test_a_page_becomes_a_chapter_with_unique_ids_and_working_links():
    article = guide_html.parse_article(
        '<h1>Conoscere</h1><h2 id="fatto">Fatto</h2>'
        '<p><a href="#fatto">qui</a> <a href="../cultura-comune/#come">dopo</a> '
        '<a href="../../context/">contesto</a> <a href="https://example.org/a">https://example.org/a</a></p>'
        '<p>Sfoglia per: <a href="../../browse/phase/">Fasi</a> · <a href="../../browse/theme/">Temi</a></p>'
        '<dl><dt>Temi</dt><dd><a href="../../browse/theme/x/">Domiciliarità</a></dd></dl>'
        '<figure><svg viewBox="0 0 10 10" aria-label="Schema"><defs><marker id="m"></marker></defs>'
        '<path marker-end="url(#m)" d="M0 0h5"/><a href="../cultura-comune/"><rect/></a></svg></figure>'
        '<div class="kb-page-end"><a href="https://github.com/x/edit">Modifica</a></div>'
        '<nav>menu</nav><button>copy</button>'
    )
    ctx = guide_html.LinkContext(
        page_path="method/conoscere/",
        page_id="conoscere",
        anchors={"method/cultura-comune/": ("cultura-comune", True)},
        web_base="https://example.net/site/",
        pages=frozenset({"method/conoscere/", "method/cultura-comune/", "context/"}),
    )
    title, article = guide_html.postprocess(article, ctx)
    out = guide_html.inner_html(article)
    assert title == "Conoscere"
    assert "<h1" not in out and "Modifica" not in out and "menu" not in out and "copy" not in out
    assert 'id="conoscere--fatto"' in out and 'href="#conoscere--fatto"' in out
    assert 'href="#cultura-comune--come"' in out
    assert 'href="https://example.net/site/context/"' in out
    assert re.search(r'<a (?=[^>]*class="url-shown")[^>]*href="https://example.org/a"', out)
    assert 'id="conoscere--m"' in out and 'marker-end="url(#conoscere--m)"' in out
    assert "<title>Schema</title>" in out
    assert "Sfoglia per" not in out, "a line of links to generated index pages is left out"
    assert "<dd><span class=\"nav-link\">Domiciliarità</span></dd>" in out, "other links to index pages become text"
    assert '<a href="#cultura-comune"><rect' in out


@pytest.mark.parametrize("lang", LANGS)
def test_the_phase_chapters_say_the_experiences_link_to_a_phase_is_the_sites_reading(texts, lang):
    from kb.content.texts import INTERFACE

    sentence = squash(INTERFACE.text(lang, "phase_link_caveat"))
    whole = squash(" ".join(texts[lang]))
    assert sentence in whole, f"the {lang} guide does not print: {sentence}"
