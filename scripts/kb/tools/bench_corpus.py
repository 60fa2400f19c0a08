"""Synthetic test corpus for `make bench`: a copy of the project with N experiences per language.

Everything here is deterministic (seeded by page number and language) and written to a temporary
folder only: the pseudo-text is test data, never content of the site. The pages follow
data/schema/page.yml and take their values from data/vocabularies.yml, so the corpus passes the
checker like real pages do.

Three trees come out of one call to `write_corpus`:
- `project/`  the project (mkdocs.yml, overrides/, data/, scripts/) with docs/it and docs/fr;
- `hugo/`     a minimal Hugo site (own baseof/single/list layouts, one contentDir per language)
              over the same Markdown, the reference for a fast static generator;
- `vanilla/`  the same docs under a vanilla Material + static-i18n configuration (no hook, the
              default navigation listing every page, the built-in search plugin).
"""
from __future__ import annotations

import datetime as _dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb.content import frontmatter, vocab
from kb.content.paths import LANGS, ROOT

# Pseudo-text vocabulary: ordinary words of each language, so that the HTML, the search index
# and the PDF see realistic word lengths, accents and a realistic (Zipf-like) word frequency.
WORDS = {
    "it": (
        "il la le lo gli un una di del della dei delle da dal dalla in nel nella con su per tra fra "
        "e o ma anche non più come quando dove che chi cosa questo questa quello quella ogni altro "
        "altra molto poco tutto tutti sempre ancora già poi prima dopo insieme durante "
        "comunità servizi servizio welfare prossimità territorio territori montagna valle valli "
        "paese paesi comune comuni famiglie famiglia persone persona anziani giovani bambini "
        "ragazzi operatori operatrici volontari associazione associazioni cooperativa cooperative "
        "rete reti progetto progetti percorso percorsi incontro incontri attività laboratorio "
        "laboratori cura assistenza domicilio casa salute benessere lavoro scuola trasporto "
        "mercato agricoltura azienda aziende prodotti cibo orto orti tempo anno anni mese mesi "
        "settimana giorno giorni ore sera mattina inverno estate primavera autunno strada strade "
        "borgo borghi frazione frazioni pianura collina alpeggio sentiero fiume lago bosco "
        "conoscere creare relazioni cultura comune costruzione ascolto fiducia dialogo bisogni "
        "risorse opportunità difficoltà sfide risposte soluzioni idee proposte esperienza "
        "esperienze metodo strumenti mappatura ricerca analisi dati risultati valutazione "
        "sportello punto centro sede spazio spazi luogo luoghi piazza biblioteca ambulatorio "
        "medico infermiere farmacia sociale sanitario sanitaria pubblico pubblica privato locale "
        "locali regionale provinciale transfrontaliero transfrontaliera italiano francese "
        "partecipare partecipazione coinvolgere coinvolgimento accompagnare accompagnamento "
        "sostenere sostegno organizzare organizzazione condividere condivisione imparare "
        "raccontare racconto storia storie memoria futuro presente passato cambiamento "
        "piccolo piccola grande grandi nuovo nuova nuovi buono buona difficile semplice lento "
        "vicino lontano isolato isolata fragile fragili solidale solidarietà accoglienza "
        "ospitalità turismo energia acqua legno pane latte formaggio vino castagne mele"
    ).split(),
    "fr": (
        "le la les un une des du de au aux en dans avec sur pour par entre et ou mais aussi ne pas "
        "plus comme quand où que qui quoi ce cette cet ces chaque autre autres très peu tout tous "
        "toujours encore déjà puis avant après ensemble pendant "
        "communauté services service action sociale proximité territoire territoires montagne "
        "vallée vallées village villages commune communes familles famille personnes personne "
        "aînés jeunes enfants adolescents professionnels bénévoles association associations "
        "coopérative coopératives réseau réseaux projet projets parcours rencontre rencontres "
        "activité activités atelier ateliers soin accompagnement domicile maison santé bien-être "
        "travail école transport marché agriculture exploitation exploitations produits "
        "nourriture potager potagers temps année années mois semaine jour jours heures soir matin "
        "hiver été printemps automne route routes bourg hameau hameaux plaine colline alpage "
        "sentier rivière lac forêt connaître créer relations culture commune construction écoute "
        "confiance dialogue besoins ressources possibilités difficultés défis réponses solutions "
        "idées propositions expérience expériences méthode outils cartographie recherche analyse "
        "données résultats évaluation guichet point centre siège espace espaces lieu lieux place "
        "bibliothèque cabinet médecin infirmière pharmacie social sanitaire public publique privé "
        "local locaux régional départemental transfrontalier transfrontalière italien français "
        "participer participation impliquer implication accompagner soutenir soutien organiser "
        "organisation partager partage apprendre raconter récit histoire histoires mémoire avenir "
        "présent passé changement petit petite grand grande nouveau nouvelle nouveaux bon bonne "
        "difficile simple lent proche lointain isolé isolée fragile fragiles solidaire solidarité "
        "accueil hospitalité tourisme énergie eau bois pain lait fromage vin châtaignes pommes"
    ).split(),
}

HEADINGS = {
    "it": ["Contesto", "Chi", "Dove", "Come funziona", "Che cosa è cambiato", "Difficoltà incontrate",
           "Risorse", "Legami con il metodo", "Prossimi passi", "Per saperne di più"],
    "fr": ["Contexte", "Qui", "Où", "Comment ça marche", "Ce qui a changé", "Difficultés rencontrées",
           "Ressources", "Liens avec la méthode", "Prochaines étapes", "Pour en savoir plus"],
}
SUMMARY = {"it": 'abstract "In breve"', "fr": 'abstract "En bref"'}
TITLE = {"it": "Esperienza sintetica {n}: {words}", "fr": "Expérience synthétique {n} : {words}"}
DESCRIPTION = {
    "it": "Pagina sintetica numero {n} generata per misurare le prestazioni del sito: {words}.",
    "fr": "Page synthétique numéro {n} générée pour mesurer les performances du site : {words}.",
}
SOURCE_TITLE = {"it": "Fonte sintetica {n}", "fr": "Source synthétique {n}"}
WORDS_PER_PAGE = 1230  # counted while writing; lists and links bring the body to ~1,500
PHASE_PAGES = ["conoscere", "creare-relazioni", "cultura-comune", "costruzione-percorsi"]

# The pages of CONVENTIONS.md other than experiences: (rel path, id, type, code).
BASE_PAGES = [
    ("index.md", "home", "page", None),
    ("context/index.md", "contesto", "page", None),
    ("context/alcotra.md", "alcotra", "page", None),
    ("context/pitem-pro-sol.md", "pitem-pro-sol", "page", None),
    ("context/we-pro.md", "we-pro", "page", None),
    ("context/ats.md", "ats-reti-welfare", "page", None),
    ("method/index.md", "metodo-c4", "page", None),
    *[(f"method/{code}.md", code, "phase", code) for code in PHASE_PAGES],
    ("outputs/index.md", "prodotti", "page", None),
    ("experiences/index.md", "esperienze", "page", None),
    ("glossary/index.md", "glossario", "page", None),
    ("about.md", "chi-siamo", "page", None),
    ("accessibility.md", "accessibilita", "page", None),
    ("privacy.md", "privacy", "page", None),
    ("contribute.md", "contribuire", "page", None),
]
SEED_SOURCE = {
    "it": "Presentazione dell'ATS «Reti di Welfare di Prossimità» all'Incontro transfrontaliero Italia-Francia",
    "fr": "Présentation de l'ATS « Reti di Welfare di Prossimità » à la Rencontre transfrontalière Italie-France",
}
PROJECT_PARTS = ["mkdocs.yml", "overrides", "data", "scripts", "Makefile", "package.json"]
UPDATED = _dt.date(2026, 11, 1)


@dataclass
class Corpus:
    root: Path
    project: Path
    hugo: Path
    vanilla: Path
    base: str  # 'real' or 'minimal'
    pages_per_lang: int


def synth_id(n: int) -> str:
    return f"synth-{n:04d}"


def _zipf_words(rng: random.Random, lang: str, count: int) -> list[str]:
    words = WORDS[lang]
    # Zipf-like: low indexes (function words) much more frequent than the long tail.
    weights = _weights(len(words))
    return rng.choices(words, cum_weights=weights, k=count)


_WEIGHT_CACHE: dict[int, list[float]] = {}


def _weights(size: int) -> list[float]:
    if size not in _WEIGHT_CACHE:
        total, cum = 0.0, []
        for rank in range(1, size + 1):
            total += 1.0 / rank ** 0.8
            cum.append(total)
        _WEIGHT_CACHE[size] = cum
    return _WEIGHT_CACHE[size]


def _sentence(rng: random.Random, lang: str) -> str:
    words = _zipf_words(rng, lang, rng.randint(8, 22))
    text = " ".join(words)
    if rng.random() < 0.25:  # some emphasis, as writers do
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**"
        text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, lang: str, target: int) -> str:
    out, count = [], 0
    while count < target:
        sentence = _sentence(rng, lang)
        out.append(sentence)
        count += sentence.count(" ") + 1
    return " ".join(out)


def facts(n: int) -> dict:
    """The language-independent front matter of synthetic experience n (x-facts fields)."""
    rng = random.Random(f"facts-{n}")
    vocabularies = vocab.load_vocabularies(ROOT / "data" / "vocabularies.yml")

    def pick(name: str, low: int, high: int) -> list[str]:
        keys = list(vocabularies[name])
        return sorted(rng.sample(keys, rng.randint(low, min(high, len(keys)))), key=keys.index)

    start_year = 2016 + n % 7
    return {
        "status": "example" if n % 10 == 0 else "published",
        "phases": pick("phases", 1, 3),
        "territories": pick("territories", 1, 2),
        "organisations": pick("organisations", 1, 4),
        "target_groups": pick("target_groups", 1, 3),
        "themes": pick("themes", 1, 3),
        "period": {"start": f"{start_year}-{1 + n % 12:02d}"},
    }


def experience(n: int, lang: str, total: int) -> str:
    """Markdown of synthetic experience n in `lang`: front matter and a ~1,500-word body."""
    rng = random.Random(f"{lang}-{n}")
    fact = facts(n)
    title_words = " ".join(random.Random(f"title-{lang}-{n}").sample(WORDS[lang][60:], 3))
    meta = {
        "id": synth_id(n),
        "type": "experience",
        "title": TITLE[lang].format(n=n, words=title_words),
        "description": DESCRIPTION[lang].format(n=n, words=title_words),
        "updated": UPDATED,
        "status": fact["status"],
        "phases": fact["phases"],
        "territories": fact["territories"],
        "organisations": fact["organisations"],
        "target_groups": fact["target_groups"],
        "themes": fact["themes"],
        "period": fact["period"],
        "sources": [
            {"title": SOURCE_TITLE[lang].format(n=n), "url": f"https://example.org/bench/{lang}/{n:04d}"},
            {"title": SEED_SOURCE[lang], "ref": "seed"},
        ],
    }
    body: list[str] = [f"!!! {SUMMARY[lang]}", "    " + _paragraph(rng, lang, 50), ""]
    words = 50
    headings = HEADINGS[lang]
    section = 0
    while words < WORDS_PER_PAGE:
        body += [f"## {headings[section % len(headings)]}", ""]
        section += 1
        for _ in range(rng.randint(2, 3)):
            target = rng.randint(70, 130)
            body += [_paragraph(rng, lang, target), ""]
            words += target
        if section % 3 == 1:  # a list
            for _ in range(rng.randint(3, 5)):
                body.append("- " + _sentence(rng, lang))
                words += 12
            body.append("")
        if section % 4 == 2:  # internal links: a phase page and a neighbour experience
            phase = fact["phases"][0]
            other = synth_id(1 + (n % total))
            body += [
                f"[{vocab.label('phases', phase, lang)}](../method/{phase}.md) · "
                f"[{other}]({other}.md)",
                "",
            ]
    return "---\n" + _front_matter(meta) + "---\n\n" + "\n".join(body)


def _front_matter(meta: dict) -> str:
    """YAML as writers write it: one key a line, lists and sources in flow style."""
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None)


def _minimal_page(rel: str, page_id: str, page_type: str, code: str | None, lang: str) -> str:
    rng = random.Random(f"base-{lang}-{rel}")
    titles = {"it": "Pagina", "fr": "Page"}
    meta = {
        "id": page_id,
        "type": page_type,
        "title": f"{titles[lang]} {page_id}",
        "description": DESCRIPTION[lang].format(n=0, words=page_id),
        "updated": UPDATED,
        "status": "published",
        "sources": [{"title": SEED_SOURCE[lang], "ref": "seed"}],
    }
    if code:
        meta["code"] = code
        meta["weight"] = PHASE_PAGES.index(code) + 1
    body = [f"!!! {SUMMARY[lang]}", "    " + _paragraph(rng, lang, 40), ""]
    for heading in HEADINGS[lang][:4]:
        body += [f"## {heading}", "", _paragraph(rng, lang, 110), ""]
    return "---\n" + _front_matter(meta) + "---\n\n" + "\n".join(body)


def _real_base_ok(docs: Path) -> bool:
    """True when docs/ has every CONVENTIONS page in both languages (then the bench uses them)."""
    return all((docs / lang / rel).is_file() for lang in LANGS for rel, *_ in BASE_PAGES)


def _stamp_translation(text: str, original: str) -> str:
    """Add `translation: {from: it, hash}` like `make translations` does, when the tool exists."""
    try:
        from kb.content import translation as translations
    except ImportError:
        return text
    fingerprint = getattr(translations, "fingerprint_text", None) or getattr(translations, "fingerprint", None)
    if fingerprint is None:
        return text
    try:
        value = fingerprint(original)
    except Exception:  # the helper takes something else: leave the page unstamped
        return text
    if not isinstance(value, str):
        return text
    head, sep, rest = text.partition("\nsources:")
    return head + f"\ntranslation: {{from: it, hash: {value}}}" + sep + rest


def write_docs(docs: Path, n_pages: int, base: str = "auto", source_docs: Path = ROOT / "docs") -> str:
    """Write docs/<lang>/ with the base pages and n_pages synthetic experiences per language."""
    if base == "auto":
        base = "real" if _real_base_ok(source_docs) else "minimal"
    for lang in LANGS:
        if base == "real":
            for src in sorted((source_docs / lang).rglob("*")):
                rel = src.relative_to(source_docs / lang)
                if src.is_dir():
                    continue  # the real pages stay (other pages link to them): synthetic ones are added
                dest = docs / lang / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)
        else:
            for base_rel, page_id, page_type, code in BASE_PAGES:
                dest = docs / lang / base_rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(_minimal_page(base_rel, page_id, page_type, code, lang), encoding="utf-8")
    for n in range(1, n_pages + 1):
        italian = experience(n, "it", n_pages)
        (docs / "it" / "experiences" / f"{synth_id(n)}.md").write_text(italian, encoding="utf-8")
        french = _stamp_translation(experience(n, "fr", n_pages), italian)
        (docs / "fr" / "experiences" / f"{synth_id(n)}.md").write_text(french, encoding="utf-8")
    return base


def write_project(dest: Path) -> None:
    """A copy of the project's build inputs (no docs, no site, no venv)."""
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=ignore)
        elif src.is_file():
            shutil.copyfile(src, dest / part)


# --- Hugo reference -------------------------------------------------------------------------------

HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Bench"
defaultContentLanguage = "it"
defaultContentLanguageInSubdir = false
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = false
[markup.goldmark.renderer]
unsafe = true
[languages.it]
contentDir = "content/it"
label = "Italiano"
weight = 1
[languages.fr]
contentDir = "content/fr"
label = "Français"
weight = 2
"""
HUGO_BASEOF = """\
<!doctype html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ .Title }} - {{ .Site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Home.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>
{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.Label }}</a>{{ end }}
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""
HUGO_SINGLE = """\
{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ .Content }}
{{ with .Params.sources }}<ul>{{ range . }}<li>{{ with .url }}<a href="{{ . }}">{{ end }}{{ .title }}{{ if .url -}}
</a>{{ end }}</li>{{ end }}</ul>{{ end }}
</article>{{ end }}
"""
HUGO_LIST = """\
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def write_hugo(dest: Path, docs: Path) -> None:
    """A minimal Hugo site over the same Markdown (index.md becomes _index.md, Hugo's section page)."""
    (dest / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (dest / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (dest / "layouts" / "_default" / "baseof.html").write_text(HUGO_BASEOF, encoding="utf-8")
    (dest / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (dest / "layouts" / "_default" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (dest / "static").mkdir(exist_ok=True)
    (dest / "static" / "style.css").write_text("body{font-family:system-ui;max-width:50rem;margin:auto}\n")
    for lang in LANGS:
        for src in sorted((docs / lang).rglob("*.md")):
            rel = src.relative_to(docs / lang)
            if rel.name == "index.md":
                rel = rel.with_name("_index.md")
            target = dest / "content" / lang / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            # Hugo reads `type` as the layout type: keep the value under another key.
            text = src.read_text(encoding="utf-8").replace("\ntype: ", "\nkind_of_page: ", 1)
            target.write_text(text, encoding="utf-8")


# --- vanilla Material + static-i18n ---------------------------------------------------------------

def write_vanilla(dest: Path, docs: Path) -> None:
    """The stack as shipped: Material + static-i18n, default navigation and built-in search."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "docs").symlink_to(docs, target_is_directory=True)
    project = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    config = {
        "site_name": "Bench",
        "site_url": "https://example.org/",
        "docs_dir": "docs",
        "theme": {"name": "material", "language": "it", "font": False,
                  "features": ["navigation.sections", "navigation.indexes"]},
        "plugins": [
            "search",
            {"i18n": {"docs_structure": "folder", "languages": [
                {"locale": "it", "name": "Italiano", "default": True, "build": True},
                {"locale": "fr", "name": "Français", "build": True},
            ]}},
        ],
        "markdown_extensions": project.get("markdown_extensions", []),
    }
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_corpus(root: Path, n_pages: int, base: str = "auto") -> Corpus:
    """Write the three trees for n_pages experiences per language below `root`."""
    write_project(root / "project")
    docs = root / "project" / "docs"
    used = write_docs(docs, n_pages, base)
    write_hugo(root / "hugo", docs)
    write_vanilla(root / "vanilla", docs)
    return Corpus(root, root / "project", root / "hugo", root / "vanilla", used, n_pages)


def word_count(text: str) -> int:
    """Words in a page's body (the front matter is left out)."""
    _fm, body, _line = frontmatter.split(text)
    return len(body.split())
