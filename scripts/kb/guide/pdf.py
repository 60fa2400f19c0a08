"""Build the printable guide, one PDF per language, from the built site; then link it from the pages.

`python -m kb pdf [--site DIR] [--lang it] [--html DIR]` (run by `make site` after the HTML).

Order: HTML site (MkDocs, which also keeps the pages' contents next to it: guide/contents.py) ->
one HTML document per language (scripts/kb/guide/document.py) ->
PDF/UA-1 with WeasyPrint -> page count and size written into the pages that link the PDF
(scripts/kb/guide/stamp.py). Dates come from SOURCE_DATE_EPOCH, so two builds of the same commit
give the same bytes.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kb.content.guide_spec import load_spec
from kb.content.pages import Corpus, load_pages
from kb.content.paths import DOCS, LANGS, ROOT, SITE
from kb.content.strings import load_strings
from kb.guide import contents
from kb.guide.document import edition, render_document
from kb.guide.stamp import stamp_pages

GUIDE_CSS = ROOT / "overrides" / "assets" / "guide.css"
PDF_OPTIONS = {
    "pdf_variant": "pdf/ua-1",  # tagged PDF, /Lang, title shown, fonts embedded
    "pdf_identifier": True,  # /ID from a hash of the content: stable across builds
}


@dataclass
class GuidePdf:
    lang: str
    path: Path
    pages: int
    size: int
    seconds: float


def _css_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def css_content(template: str, placeholders: dict[str, str]) -> str:
    """'pagina {page} di {pages}' -> '"pagina " counter(page) " di " counter(pages)'."""
    parts = []
    for piece in re.split(r"(\{\w+\})", template):
        if not piece:
            continue
        parts.append(placeholders[piece[1:-1]] if re.fullmatch(r"\{\w+\}", piece) else _css_text(piece))
    return " ".join(parts)


def language_css(lang: str) -> str:
    """The page footer in the guide's language: 'pagina 3 di 24' / 'page 3 sur 24'.

    (Page numbers after cross-references in the text would be nice on paper, but every forward
    reference makes WeasyPrint lay its page out again: +40 % build time. The table of contents
    has the page numbers, and the links work in the PDF.)"""
    footer = css_content(load_strings(lang)["guide_page_of"], {"page": "counter(page)", "pages": "counter(pages)"})
    return f"@page {{ @bottom-center {{ content: {footer}; }} }}"


# The pages, read once per run before the languages' processes fork (they inherit it).
_corpus: Corpus | None = None


def _pages() -> Corpus:
    global _corpus  # noqa: PLW0603 - a cache filled once per run, before the processes fork
    if _corpus is None:
        _corpus = load_pages(DOCS, include_drafts=False)  # drafts are in no guide
    return _corpus


def render_pdf(site: Path, lang: str, html_dir: Path | None = None, guide=None) -> tuple[bytes, int, float]:
    """One language's guide as PDF bytes, with its page count and the seconds it took; `guide`
    (a LanguageGuide) replaces what data/guide.yml says for `lang`. The pages' front matter is
    parsed once per process (`_pages`)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    start = time.perf_counter()
    html = render_document(site, _pages(), guide or load_spec().languages[lang], edition())
    if html_dir is not None:
        html_dir.mkdir(parents=True, exist_ok=True)
        (html_dir / f"guide-{lang}.html").write_text(html, encoding="utf-8")
    fonts = FontConfiguration()
    fetcher = URLFetcher(allowed_protocols={"file", "data"})  # the guide never reaches the network
    stylesheets = [
        CSS(filename=str(GUIDE_CSS), font_config=fonts, url_fetcher=fetcher),
        CSS(string=language_css(lang), font_config=fonts),
    ]
    document = HTML(string=html, base_url=site.resolve().as_uri() + "/", url_fetcher=fetcher).render(
        font_config=fonts, stylesheets=stylesheets, **PDF_OPTIONS
    )
    data = document.write_pdf(**PDF_OPTIONS)
    return data, len(document.pages), time.perf_counter() - start


def build_guides(
    site: Path, langs: tuple[str, ...] = LANGS, html_dir: Path | None = None, jobs: int | None = None
) -> list[GuidePdf]:
    """Write every language's PDF, then the download links. Languages are laid out side by side
    (one process each, `jobs` at most); the bytes do not depend on it."""
    import weasyprint  # noqa: F401  (imported once, before the worker processes fork)

    corpus = _pages()  # parsed once, before the worker processes fork

    jobs = max(1, min(len(langs), jobs or os.cpu_count() or 1))
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            rendered = list(pool.map(render_pdf, [site] * len(langs), langs, [html_dir] * len(langs)))
    else:
        rendered = [render_pdf(site, lang, html_dir) for lang in langs]
    spec = load_spec()
    results = []
    for lang, (data, pages, seconds) in zip(langs, rendered, strict=True):
        target = site / spec.languages[lang].file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        stamp_pages(site, corpus, spec, lang, pages, len(data))
        results.append(GuidePdf(lang, target, pages, len(data), seconds))
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb pdf")
    parser.add_argument("--site", type=Path, default=SITE, help="the built site (default: site/)")
    parser.add_argument("--lang", action="append", choices=LANGS, help="only this language (repeatable)")
    parser.add_argument("--html", type=Path, help="also keep the intermediate HTML documents in this folder")
    parser.add_argument("--jobs", type=int, help="languages laid out at once (default: one per core)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"{args.site}: no built site here; run `make html` first", file=sys.stderr)
        return 1
    missing = [lang for lang in args.lang or LANGS if not (contents.folder(args.site) / f"{lang}.json").exists()]
    if missing:
        print(f"{contents.folder(args.site)}: the build kept no page contents for {', '.join(missing)}; "
              "run `make html` again", file=sys.stderr)
        return 1
    for result in build_guides(args.site, tuple(args.lang or LANGS), args.html, args.jobs):
        print(
            f"guide ({result.lang}): {result.path.relative_to(args.site)}, {result.pages} pages, "
            f"{result.size / 1000:.0f} kB, {result.seconds:.1f} s",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
