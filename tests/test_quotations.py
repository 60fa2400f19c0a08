"""Quotations are the source's words, and each has one translation (data/quotations.yml).

- every Italian quotation of six words or more, on a page or in the glossary, is found word for
  word in the sources folder, and is an entry of data/quotations.yml;
- every entry is in its own source (the seed, or a line of the fact sheets that carries its
  address), and a page that quotes it lists that source;
- the French page of the same path (the glossary entry's French text) quotes the entry's French
  words, so that one quotation has one translation everywhere; no mark after each quotation: the
  build adds one note to the page (tested here on the generated Markdown).

The sources folder: the one in KB_SOURCES, else `../shared/sources` next to the repository (of the
main checkout, for a git worktree). Without it, the checks against the sources are skipped, with
the reason; the others still run.
"""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from kb.content import quotations as q
from kb.content import yamldata
from kb.content.pages import load_pages
from kb.content.paths import DATA, DOCS, ROOT

MIN_WORDS = 6

SEED_FILE = "000_10b41fe222cc37ba.txt"
PER_QUOTE_MARK = re.compile(r"\(\s*tradu(?:it|ite|its|ites) de l'italien\s*\)", re.IGNORECASE)


def sources_dir() -> Path | None:
    candidates = []
    if os.environ.get("KB_SOURCES"):
        candidates.append(Path(os.environ["KB_SOURCES"]))
    candidates.append(ROOT.parent / "shared" / "sources")
    try:  # a git worktree: next to the main checkout
        common = subprocess.run(["git", "rev-parse", "--path-format=absolute", "--git-common-dir"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout.strip()
        candidates.append(Path(common).parent.parent / "shared" / "sources")
    except (OSError, subprocess.CalledProcessError):
        pass
    return next((c for c in candidates if (c / SEED_FILE).is_file()), None)


SOURCES = sources_dir()
needs_sources = pytest.mark.skipif(
    SOURCES is None,
    reason="the sources folder is not here (set KB_SOURCES to it, or put it at ../shared/sources): "
           "quotations are not compared with the sources' words",
)


def flat(text: str) -> str:
    """Source text compared as quotations are: spaces, apostrophes and quotes normalised."""
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def bare(address: str) -> str:
    """An address as two writings of it compare: decoded, without its scheme or closing slash."""
    return re.sub(r"^https?://", "", unquote(address)).rstrip("/")


def source_text(source: str) -> str:
    """The seed, or the lines of the fact sheets that carry the address `source`."""
    assert SOURCES is not None
    if source == "seed":
        return flat((SOURCES / SEED_FILE).read_text(encoding="utf-8"))
    address = bare(source)
    lines = [line for name in ("facts.md", "facts-more.md") if (SOURCES / name).is_file()
             for line in (SOURCES / name).read_text(encoding="utf-8").splitlines() if address in unquote(line)]
    return flat("\n".join(lines))


def contains_words(haystack: str, words: str) -> bool:
    """`words` (normalised, without [sic]) in `haystack`, the first letter in either case."""
    needle = q.normalise(words)
    return needle in q.normalise(haystack) or needle[:1].upper() + needle[1:] in haystack


# --- what the site quotes ---------------------------------------------------------------------------

CORPUS = load_pages(DOCS)


def glossary_texts() -> dict[str, dict[str, str]]:
    """glossary/<file>#<term> -> {lang: the entry's texts in that language, joined}."""
    out = {}
    for path in sorted((DATA / "glossary").glob("*.yml")):
        data = yamldata.load(path.read_text(encoding="utf-8")) or {}
        texts = {}
        for lang in ("it", "fr"):
            block = data.get(lang) or {}
            texts[lang] = "\n".join(str(v) for k, v in block.items() if k != "term" and isinstance(v, str))
        out[f"data/glossary/{path.name}"] = texts
    return out


def italian_texts() -> list[tuple[str, str, str, list[str]]]:
    """(where, Italian text, French text of the same page or entry, the page's source keys)."""
    out = []
    for page in CORPUS.in_lang("it"):
        twin = CORPUS.by_rel("fr", page.rel)
        keys = [s.url or s.ref or "" for s in page.view.sources]
        text = page.body + "\n" + str(page.meta.get("description") or "")
        twin_text = twin.body + "\n" + str(twin.meta.get("description") or "") if twin else ""
        out.append((f"docs/it/{page.rel}", text, twin_text, keys))
    for where, texts in glossary_texts().items():
        data = yamldata.load((ROOT / where).read_text(encoding="utf-8")) or {}
        keys = [s.get("url") or s.get("ref") or "" for s in data.get("sources") or [] if isinstance(s, dict)]
        out.append((where, texts["it"], texts["fr"], keys))
    return out


TEXTS = italian_texts()
ENTRIES = q.load_quotations()
BY_ORIGINAL = q.by_original()


def quoted(text: str) -> list[str]:
    return [words for _s, _e, words in q.spans(text)]


def _id(value) -> str:
    return str(value)[:60]


def cases(rows, ids=None):
    """`rows` as pytest parameters, with their ids."""
    return [pytest.param(*row, id=ids[i] if ids else None) for i, row in enumerate(rows)]


# --- the data file ----------------------------------------------------------------------------------

def test_the_data_file_has_entries_with_an_id_a_source_and_both_languages():
    assert ENTRIES, "data/quotations.yml has no entry"
    ids = [e.id for e in ENTRIES]
    assert len(ids) == len(set(ids)), f"ids used twice: {sorted({i for i in ids if ids.count(i) > 1})}"
    for entry in ENTRIES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry.id), entry.id
        assert entry.source == "seed" or entry.source.startswith(("https://", "http://")), (entry.id, entry.source)
        assert set(entry.texts) == {"it", "fr"}, f"{entry.id}: needs `it` and `fr`"
        assert "[sic]" not in entry.texts["fr"], f"{entry.id}: [sic] belongs to the source's words, not to the translation"
    originals = [q.normalise(e.original, keep_sic=True) for e in ENTRIES]
    assert len(originals) == len(set(originals)), "two entries quote the same words"


@needs_sources
@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_each_entry_is_the_words_of_its_own_source(entry):
    text = source_text(entry.source)
    assert text, f"{entry.id}: no text for its source {entry.source} in the sources folder"
    assert contains_words(text, entry.original), (
        f"data/quotations.yml: {entry.id}: «{entry.original}» is not what {entry.source} writes; "
        "copy the source's words (a typo kept, followed by [sic]) or quote less")


USED = {q.normalise(words, keep_sic=True) for _w, text, _fr, _k in TEXTS for words in quoted(text)}


@pytest.mark.parametrize("entry", cases([(e,) for e in ENTRIES], ids=[e.id for e in ENTRIES]))
def test_each_entry_is_quoted_somewhere(entry):
    assert q.normalise(entry.original, keep_sic=True) in USED, (
        f"data/quotations.yml: no Italian page or glossary entry quotes {entry.id} («{entry.original}»): "
        "quote it exactly, or remove the entry")


# --- the pages: one case per page (or glossary entry), with every problem it has ------------------

PAGE_IDS = [where for where, _t, _f, _k in TEXTS]


def entries_quoted(text: str) -> list[q.Quotation]:
    found: dict[str, q.Quotation] = {}
    for words in quoted(text):
        entry = BY_ORIGINAL.get(q.normalise(words, keep_sic=True))
        if entry is not None:
            found.setdefault(entry.id, entry)
    return list(found.values())


@needs_sources
@pytest.mark.parametrize(("where", "text", "twin", "keys"), cases(TEXTS, ids=PAGE_IDS))
def test_long_italian_quotations_are_the_sources_words(where, text, twin, keys):
    everything = "\n".join(flat(p.read_text(encoding="utf-8")) for p in sorted(SOURCES.iterdir()) if p.is_file())
    problems = [f"{where}: «{q.normalise(words, keep_sic=True)}» is not in the sources word for word: copy the "
                "source's words (a typo kept, followed by *[sic]*) or quote less"
                for words in quoted(text) if q.word_count(words) >= MIN_WORDS and not contains_words(everything, words)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("where", "text", "twin", "keys"), cases(TEXTS, ids=PAGE_IDS))
def test_the_quotations_of_a_page_are_listed_sourced_and_translated_once(where, text, twin, keys):
    """Each long quotation is an entry; the page lists the entry's source; the French page quotes the
    entry's French words, with no «(traduit de l'italien)» after them."""
    french = where.replace("docs/it/", "docs/fr/") + ("" if where.startswith("docs/") else " (fr)")
    problems = [f"{where}: «{q.normalise(words, keep_sic=True)}» is not in data/quotations.yml: add it, with its "
                "source and its one French translation"
                for words in quoted(text)
                if q.word_count(words) >= MIN_WORDS and q.normalise(words, keep_sic=True) not in BY_ORIGINAL]
    entries = entries_quoted(text)
    problems += [f"{where}: quotes «{e.original}» ({e.id}) but does not list its source {e.source} in `sources`"
                 for e in entries if not any(bare(k) == bare(e.source) for k in keys)]
    found = {q.normalise(words, keep_sic=True) for words in quoted(twin)}
    problems += [f"{french}: {e.id} («{e.original}») is quoted in French as data/quotations.yml has it: "
                 f"« {e.texts['fr']} »"
                 for e in entries if q.normalise(e.texts["fr"], keep_sic=True) not in found]
    marks = PER_QUOTE_MARK.findall(twin)
    if marks:
        problems.append(f"{french}: {len(marks)} «(traduit de l'italien)» after quotations: the build adds one note "
                        "to the page instead; remove them")
    assert not problems, "\n".join(problems)


# --- the note the build adds -------------------------------------------------------------------------

def _write(path: Path, meta: dict, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    head = "".join(f"{key}: {value}\n" for key, value in meta.items())
    path.write_text(f"---\n{head}---\n\n{body}\n", encoding="utf-8")


def test_a_french_page_quoting_a_translation_gets_one_note_and_the_others_none(tmp_path):
    from kb.content.texts import INTERFACE
    from kb.generate.blocks import LangBuild

    entry = next(e for e in ENTRIES if e.translated)
    meta = {"type": "page", "description": "Pagina."}
    docs = tmp_path / "docs"
    _write(docs / "it/a.md", dict(meta, id="a", title="A"), f"Testo: «{entry.original}», e ancora «{entry.original}».")
    _write(docs / "fr/a.md", dict(meta, id="a", title="A"),
           f"Texte\u00a0: «\u00a0{entry.texts['fr']}\u00a0», puis encore «\u00a0{entry.texts['fr']}\u00a0».")
    _write(docs / "fr/b.md", dict(meta, id="b", title="B"), "Un « nom propre » entre guillemets, sans citation traduite.")
    corpus = load_pages(docs)
    listings = {"pages": {}, "types": {}}
    note = INTERFACE.text("fr", "quotations_translated")
    french = LangBuild(corpus, "fr", listings, terms=[])
    quoting = corpus.by_rel("fr", "a.md")
    markdown = french.page_markdown(quoting.body, quoting)
    html = french.restore(markdown, quoting.rel)
    assert html.count(note) == 1, html
    other = corpus.by_rel("fr", "b.md")
    assert note not in french.restore(french.page_markdown(other.body, other), other.rel)
    italian = LangBuild(corpus, "it", listings, terms=[])
    original = corpus.by_rel("it", "a.md")
    assert INTERFACE.text("it", "quotations_translated") not in italian.restore(
        italian.page_markdown(original.body, original), original.rel)
