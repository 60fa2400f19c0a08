"""One entry point for every chore: `python -m kb COMMAND [ARGS]` (see the Makefile).

The composition root: the only module outside kb/adapter that imports it, to register the site's
renderer (adapter/syntax.py) before a command runs.
"""
from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "build": ("kb.adapter.build", "Build the HTML site (checks first), optionally the PDF guides."),
    "serve": ("kb.adapter.serve", "Preview the site, live (make serve; --port, default 8000)."),
    "check": ("kb.check.cli", "Check every page's front matter, links and safety."),
    "new": ("kb.content.scaffold", "Create a new page in both languages."),
    "translations": ("kb.translations.records", "Report missing and outdated translations."),
    "pdf": ("kb.guide.pdf", "Build the printable guide, one PDF per language."),
    "bench": ("kb.tools.bench", "Benchmark the build against Hugo on a synthetic corpus."),
}

# The only message not in data/i18n: it says that data/ was not found.
NO_PROJECT = (
    "python -m kb: nessun progetto qui. Lanciare il comando nella cartella del repository (quella con\n"
    "  data/schema/page.yml), oppure indicarla con KB_ROOT=CARTELLA.\n"
    "python -m kb : aucun projet ici. Lancez la commande dans le dossier du dépôt (celui qui contient\n"
    "  data/schema/page.yml), ou indiquez-le avec KB_ROOT=DOSSIER.\n"
    "python -m kb: no project here ({root}). Run it in the repository's folder (the one holding\n"
    "  data/schema/page.yml), or name that folder with KB_ROOT=FOLDER."
)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"} or argv[0] not in COMMANDS:
        print("usage: python -m kb COMMAND [ARGS]\n\ncommands:")
        for name, (_module, text) in COMMANDS.items():
            print(f"  {name:<13} {text}")
        return 0 if argv and argv[0] in {"-h", "--help"} else 2
    from kb.content.paths import ROOT, is_project

    if not is_project(ROOT):  # an installed package run outside a checkout: no data/ to read messages from
        print(NO_PROJECT.format(root=ROOT), file=sys.stderr)
        return 2
    import kb.adapter.syntax  # noqa: F401  (registers the site's Markdown renderer: the composition root)

    module = importlib.import_module(COMMANDS[argv[0]][0])
    return module.main(argv[1:]) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
