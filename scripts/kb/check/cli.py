"""`python -m kb check` (`make check`)."""
from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from kb.check.format import FORMATS, format_findings
from kb.check.messages import MESSAGE_LANGS
from kb.check.runner import check_corpus
from kb.content.pages import load_pages
from kb.content.paths import DOCS, LANGS
from kb.content.strings import user_lang
from kb.content.texts import CHECKER_TERMS


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kb check",
        description="Check every page of docs/<lang>/: front matter, links, safety. Reads, never writes.",
    )
    parser.add_argument("--docs", type=Path, default=DOCS, help="folder holding it/ and fr/ (default: docs/)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="text (default), github annotations or json")
    parser.add_argument("--lang", choices=MESSAGE_LANGS, default=None, help="language of the messages (default: from LANG)")
    args = parser.parse_args(argv)
    lang = args.lang or user_lang()
    if not args.docs.is_dir() or not any((args.docs / code).is_dir() for code in LANGS):
        print(f"{parser.prog}: " + CHECKER_TERMS.text(lang, "usage_no_docs", path=args.docs), file=sys.stderr)
        return 2
    gc.disable()  # a short run over many small objects: no cyclic garbage worth collecting
    corpus = load_pages(args.docs.resolve())
    findings = check_corpus(corpus)
    try:
        print(format_findings(findings, lang=lang, fmt=args.format, pages=len(corpus.pages)))
        sys.stdout.flush()
    except BrokenPipeError:  # `make check | head`: the reader left, the verdict stands
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 1 if any(f.severity == "error" for f in findings) else 0
