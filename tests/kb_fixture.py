"""A small bilingual corpus for the tests of what is generated from the metadata.

A copy of the repository (code, data, templates) whose docs/ and data/glossary/ are replaced by a
handful of known pages and terms, built with the project's own build command. The items and their
facet values are chosen so that counts, orderings and twins can be asserted exactly.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from conftest import build_site, copy_repo, run_kb

SITE_URL = "https://example.org/kb/"
SEED_IT = "Presentazione dell'ATS «Reti di Welfare di Prossimità» all'Incontro transfrontaliero Italia-Francia"
SEED_FR = "Présentation de l'ATS « Reti di Welfare di Prossimità » à la Rencontre transfrontalière Italie-France"


def page(lang: str, meta: str, body: str) -> str:
    seed = SEED_IT if lang == "it" else SEED_FR
    summary = "In breve" if lang == "it" else "En bref"
    return (
        f"---\n{meta.strip()}\nupdated: {{updated}}\nstatus: {{status}}\n"
        f'sources:\n  - {{title: "{seed}", ref: seed}}\n---\n\n'
        f'!!! abstract "{summary}"\n    {body.strip()}\n\nTesto del corpo della pagina.\n'
    )


# rel -> (front matter common to both languages, {lang: (title, description, summary)}, updated, status)
PAGES = {
    "index.md": (
        "id: home\ntype: page",
        {
            "it": ("Pagina iniziale di prova", "La pagina iniziale del piccolo sito usato dai test.", "La ATS presenta il metodo."),
            "fr": ("Page d'accueil d'essai", "La page d'accueil du petit site utilisé par les tests.", "L'ATS présente la méthode."),
        },
        "2026-01-01", "published",
    ),
    "about.md": (
        "id: chi-siamo\ntype: page\nweight: 10",
        {
            "it": ("Chi siamo, per i test", "Una pagina che non è una scheda e resta nella navigazione.", "Chi siamo."),
            "fr": ("Qui sommes-nous, pour les tests", "Une page qui n'est pas une fiche et reste dans la navigation.", "Qui sommes-nous."),
        },
        "2026-01-01", "published",
    ),
    "method/index.md": (
        "id: metodo-c4\ntype: page",
        {
            "it": ("Il metodo di prova", "La panoramica delle fasi del metodo, per i test.", "Le fasi."),
            "fr": ("La méthode d'essai", "La vue d'ensemble des phases de la méthode, pour les tests.", "Les phases."),
        },
        "2026-01-01", "published",
    ),
    "method/conoscere.md": (
        "id: conoscere\ntype: phase\ncode: conoscere\nweight: 1",
        {
            "it": ("Conoscere", "La prima fase del metodo, descritta per i test.", "Conoscere il territorio."),
            "fr": ("Connaître", "La première phase de la méthode, décrite pour les tests.", "Connaître le territoire."),
        },
        "2026-01-01", "published",
    ),
    "method/creare-relazioni.md": (
        "id: creare-relazioni\ntype: phase\ncode: creare-relazioni\nweight: 2",
        {
            "it": ("Creare relazioni", "La seconda fase del metodo, descritta per i test.", "Creare relazioni."),
            "fr": ("Créer des relations", "La deuxième phase de la méthode, décrite pour les tests.", "Créer des relations."),
        },
        "2026-01-01", "published",
    ),
    "outputs/index.md": (
        "id: prodotti\ntype: page",
        {
            "it": ("Prodotti di prova", "La sezione dei prodotti del piccolo sito di prova.", "I prodotti."),
            "fr": ("Livrables d'essai", "La section des livrables du petit site d'essai.", "Les livrables."),
        },
        "2026-01-01", "published",
    ),
    "outputs/ricerca-prova.md": (
        "id: ricerca-prova\ntype: output\nphases: [conoscere]\nkind: ricerca\norganisations: [coldiretti]\n"
        "themes: [domiciliarita]\nyear: 2021",
        {
            "it": ("Ricerca di prova", "Una ricerca inventata per i test del sito, non un fatto.", "Una ricerca."),
            "fr": ("Recherche d'essai", "Une recherche inventée pour les tests du site, pas un fait.", "Une recherche."),
        },
        "2026-02-01", "published",
    ),
    "experiences/index.md": (
        "id: esperienze\ntype: page",
        {
            "it": ("Esperienze di prova", "La sezione delle esperienze del piccolo sito di prova.", "Le esperienze."),
            "fr": ("Expériences d'essai", "La section des expériences du petit site d'essai.", "Les expériences."),
        },
        "2026-01-01", "published",
    ),
    "experiences/orti-torino.md": (
        "id: orti-torino\ntype: experience\nphases: [conoscere, creare-relazioni]\nterritories: [torino]\n"
        "organisations: [coldiretti, uecoop]\ntarget_groups: [anziani]\nthemes: [agricoltura-sociale]\n"
        'period: {start: "2022-07", end: "2023"}',
        {
            "it": ("Orti condivisi di prova",
                   "Un'esperienza della ATS inventata per i test, in provincia di Torino.", "La ATS segue gli orti."),
            "fr": ("Jardins partagés d'essai",
                   "Une expérience de l'ATS inventée pour les tests, dans la province de Turin.", "L'ATS suit les jardins."),
        },
        "2026-03-01", "published",
    ),
    "experiences/aiuto-familiari.md": (
        "id: aiuto-familiari\ntype: experience\nphases: [creare-relazioni]\nterritories: [haute-savoie, torino]\n"
        "organisations: [admr]\ntarget_groups: [caregiver]\nthemes: [domiciliarita]\n"
        'period: {start: "2021"}',
        {
            "it": ("Aiuto ai familiari, di prova", "Un'esperienza inventata per i test, tra Alta Savoia e Torino.", "Aiuto ai familiari."),
            "fr": ("Aide aux proches, d'essai",
                   "Une expérience inventée pour les tests, entre Haute-Savoie et Turin.", "Aide aux proches."),
        },
        "2026-03-01", "example",
    ),
    "glossary/index.md": (
        "id: glossario\ntype: page",
        {
            "it": ("Glossario di prova", "Il glossario del piccolo sito usato dai test.", "I termini."),
            "fr": ("Glossaire d'essai", "Le glossaire du petit site utilisé par les tests.", "Les termes."),
        },
        "2026-01-01", "published",
    ),
}

GLOSSARY = {
    "ats": """id: ats
abbr: ATS
it: {term: "ATS (Associazione temporanea di scopo)", definition: "Più organizzazioni unite per uno scopo."}
fr: {term: "ATS", definition: "Groupement temporaire : plusieurs organisations unies pour un but.", note: "Sigle italien."}
sources:
  - {title: "Fonte di prova", url: "https://example.org/fonte"}
""",
    "eta": """id: eta
it: {term: "Età anziana", definition: "Termine di prova."}
fr: {term: "Âge avancé", definition: "Terme d'essai."}
sources: [{title: "Seed", ref: seed}]
""",
    "zona": """id: zona
it: {term: "Zona montana", definition: "Termine di prova."}
fr: {term: "Zone de montagne", definition: "Terme d'essai."}
sources: [{title: "Seed", ref: seed}]
""",
}

ITEMS = ["orti-torino", "aiuto-familiari", "ricerca-prova"]


def write_corpus(repo: Path) -> None:
    shutil.rmtree(repo / "docs")
    for lang in ("it", "fr"):
        for rel, (meta, texts, updated, status) in PAGES.items():
            title, description, summary = texts[lang]
            front = f'{meta}\ntitle: "{title}"\ndescription: "{description}"'
            text = page(lang, front, summary).replace("{updated}", updated).replace("{status}", status)
            path = repo / "docs" / lang / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    glossary = repo / "data" / "glossary"
    shutil.rmtree(glossary, ignore_errors=True)
    glossary.mkdir(parents=True)
    for name, text in GLOSSARY.items():
        (glossary / f"{name}.yml").write_text(text, encoding="utf-8")
    stamp_translation(repo, "experiences/orti-torino.md")


def stamp_translation(repo: Path, rel: str) -> None:
    """Mark the French page as a translation of the Italian one, with the current fingerprint."""
    from kb.content.pages import load_pages
    from kb.content.translation import fingerprint

    value = fingerprint(load_pages(repo / "docs").by_rel("it", rel))
    path = repo / "docs" / "fr" / rel
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nupdated:", f"\ntranslation: {{from: it, hash: \"{value}\"}}\nupdated:", 1)
    path.write_text(text, encoding="utf-8")


def build_fixture_site(folder: Path) -> Path:
    repo = copy_repo(folder / "repo")
    write_corpus(repo)
    return build_site(folder / "site", SITE_URL, root=repo)


# --- a draft pair, made as a partner makes one (tests/test_drafts.py, test_serve.py) ----------------

DRAFT_ID = "bozza-prova"
DRAFT_TITLES = {"it": "Bozza segreta di prova", "fr": "Brouillon secret d'essai"}
# Values that only the draft has in the small corpus (a territory, a theme): pages would exist for them.
FACETS = {"phases": "[conoscere]", "territories": "[cuneo]", "organisations": "[admr]", "themes": "[educazione]",
          "target_groups": "[anziani]"}


def build_env() -> dict:
    return dict(os.environ, SOURCE_DATE_EPOCH="1767225600", NO_MKDOCS_2_WARNING="1")


def add_draft(repo: Path) -> None:
    """A draft pair made as a partner makes it: `make new`, then a title and facet values."""
    run_kb("new", "experience", DRAFT_ID, cwd=repo, env=build_env(), check=True)
    for lang, title in DRAFT_TITLES.items():
        path = repo / "docs" / lang / "experiences" / f"{DRAFT_ID}.md"
        text = path.read_text(encoding="utf-8")
        assert re.search(r"^status: draft$", text, re.M)
        text = re.sub(r"^title: .*$", f'title: "{title}"', text, count=1, flags=re.M)
        for name, value in FACETS.items():
            text = re.sub(rf"^{name}: \[\]$", f"{name}: {value}", text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
